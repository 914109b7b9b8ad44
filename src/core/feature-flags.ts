import * as cxapi from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';

/**
 * The feature flags that change what aws-cdk-lib synthesizes for the resources a pattern creates,
 * each pinned to one value inside the pattern's scope, so that the pattern's template is the same
 * whatever flags the user's app sets (found by synthesizing every pattern with each flag of
 * aws-cdk-lib 2.257 flipped; `test/feature-flags.test.ts` keeps that true). One effect cannot be
 * pinned: aws-cdk-lib sorts the actions and resources inside IAM statements when it renders the
 * whole stack, by the stack's `@aws-cdk/aws-iam:minimizePolicies`; the permissions are the same.
 */
export const PINNED_FEATURE_FLAGS: { readonly [flag: string]: boolean } = {
  // Statements of one policy merged where they can be: smaller policies, far from IAM's size limits.
  [cxapi.IAM_MINIMIZE_POLICIES]: true,
  // Server access logs delivered under a bucket policy for logging.s3.amazonaws.com, not the
  // LogDeliveryWrite ACL (which needs ACLs enabled on the log bucket; cfn-lint W3045).
  [cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY]: true,
  // A new API Gateway deployment whenever the authorizer changes, so a change reaches the stage.
  [cxapi.APIGATEWAY_AUTHORIZER_CHANGE_DEPLOYMENT_LOGICAL_ID]: true,
  // A function's grants go to its role's default policy, the one its DependsOn names.
  [cxapi.LAMBDA_CREATE_NEW_POLICIES_WITH_ADDTOROLEPOLICY]: false,
};

/**
 * Sets the pinned flags as context on `scope`, which must have no children yet: context set on a
 * construct applies to it and everything below it, and nothing outside.
 */
export function pinFeatureFlags(scope: IConstruct): void {
  for (const [flag, value] of Object.entries(PINNED_FEATURE_FLAGS)) {
    scope.node.setContext(flag, value);
  }
}
