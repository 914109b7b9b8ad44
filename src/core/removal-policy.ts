import { RemovalPolicy } from 'aws-cdk-lib';
import { StreamingPatternProps } from './pattern-props';
import { PropsValidator } from './validation';

/** What a pattern does with its stateful resources when they leave the stack, unless told otherwise. */
export const DEFAULT_REMOVAL_POLICY = RemovalPolicy.RETAIN;

const ALLOWED = [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE];

/** The pattern's `removalPolicy`, checked: no resource it creates has snapshots. */
export function resolveRemovalPolicy(validator: PropsValidator, props: StreamingPatternProps): RemovalPolicy {
  const policy = props.removalPolicy ?? DEFAULT_REMOVAL_POLICY;
  validator.check(ALLOWED.includes(policy),
    `removalPolicy must be RemovalPolicy.RETAIN, DESTROY or RETAIN_ON_UPDATE_OR_DELETE (got ${policy}): none of the pattern's resources has snapshots.`);
  return policy;
}
