import { CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One cdk-nag rule acknowledged on one resource, with the reason it cannot be fixed there. */
export interface NagAcknowledgement {
  /** The full rule id, such as `AwsSolutions-IAM5`. */
  readonly ruleId: string;
  /** Why the finding is acceptable on this resource (cdk-nag requires 10 characters or more). */
  readonly reason: string;
  /**
   * The findings of a multi-finding rule (IAM4, IAM5) that are acknowledged, such as
   * `Resource::*`; only these, never the whole rule.
   *
   * @default - the rule as a whole (for single-finding rules)
   */
  readonly appliesTo?: string[];
}

const CDK_NAG_METADATA_KEY = 'cdk_nag';

interface CdkNagRuleSuppression {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: string[];
}

/**
 * Acknowledges one rule on one CloudFormation resource, so that users who run cdk-nag get a
 * clean report. Written twice: as the `cdk_nag` resource metadata that cdk-nag 2 reads, and as
 * the acknowledged-rules record of aws-cdk-lib's `Validations`, which cdk-nag 3 reads. Never used on a
 * scope with children: an acknowledgement there would hide findings on resources it did not
 * look at.
 *
 * @param construct the L1 resource, or an L2 whose default child is the L1 resource
 */
export function acknowledgeNagRule(construct: IConstruct, ack: NagAcknowledgement): void {
  const resource = cfnResourceOf(construct);
  if (ack.reason.trim().length < 10) {
    throw new Error(`The reason for acknowledging ${ack.ruleId} on ${resource.node.path} must be at least 10 characters.`);
  }

  const existing = resource.getMetadata(CDK_NAG_METADATA_KEY) as { rules_to_suppress?: CdkNagRuleSuppression[] } | undefined;
  const suppression: CdkNagRuleSuppression = {
    id: ack.ruleId,
    reason: ack.reason,
    ...(ack.appliesTo ? { applies_to: ack.appliesTo } : {}),
  };
  resource.addMetadata(CDK_NAG_METADATA_KEY, {
    ...existing,
    rules_to_suppress: [...(existing?.rules_to_suppress ?? []), suppression],
  });

  // cdk-nag 3 names a finding of a multi-finding rule `Rule[finding]`.
  const ids = ack.appliesTo ? ack.appliesTo.map((finding) => `${ack.ruleId}[${finding}]`) : [ack.ruleId];
  recordValidationAcknowledgements(resource, ids, ack.reason);
}

/**
 * Writes the record that `Validations.of(resource).acknowledge()` writes, and cdk-nag 3 reads.
 * Written directly because `acknowledge()` rejects ids that contain `::`, as IAM5 findings such
 * as `Resource::arn:<AWS::Partition>:s3:::bucket/*` do.
 */
function recordValidationAcknowledgements(resource: CfnResource, ids: string[], reason: string): void {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const previous = resource.node.metadata.filter((entry) => entry.type === key).at(-1)?.data as Record<string, string> | undefined;
  const acknowledged = { ...previous };
  for (const id of ids) {
    acknowledged[`annotation::${id}`] = reason;
  }
  resource.node.addMetadata(key, acknowledged);
}

function cfnResourceOf(construct: IConstruct): CfnResource {
  if (CfnResource.isCfnResource(construct)) {
    return construct;
  }
  const child = construct.node.defaultChild;
  if (child && CfnResource.isCfnResource(child)) {
    return child;
  }
  throw new Error(`Cannot acknowledge a cdk-nag rule on ${construct.node.path}: it is not a CloudFormation resource and has no default child resource.`);
}
