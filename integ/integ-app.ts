import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/** Set by scripts/synth-integ-apps.ts: apply cdk-nag's AwsSolutions and Serverless packs. */
export const NAG_ENV = 'CDK_STREAMING_PATTERNS_NAG';

/**
 * The App every integ test uses. Creation stack traces are off so snapshots hold no absolute
 * paths (they would differ in CI's clone). cdk-nag only runs when asked: its findings would
 * otherwise land in the snapshot's manifest.
 */
/** Every App createIntegApp made in this process, so that a test can synthesize an integ app it imported. */
export const INTEG_APPS: App[] = [];

export function createIntegApp(): App {
  const app = new App({
    context: {
      'aws:cdk:disable-creation-stack-traces': true,
      'aws:cdk:disable-stack-trace': true,
    },
  });
  if (process.env[NAG_ENV] === '1') {
    Aspects.of(app).add(new AwsSolutionsChecks());
    Aspects.of(app).add(new ServerlessChecks());
  }
  INTEG_APPS.push(app);
  return app;
}

/**
 * aws-cdk-lib's provider behind `autoDeleteObjects` gives its handler a DependsOn on its role,
 * which the handler's GetAtt of the role already enforces (cfn-lint W3005, a failure in CI). The
 * integ apps that delete buckets with their objects drop it; the order is unchanged.
 */
export function dropRedundantAutoDeleteDependsOn(stack: Stack): void {
  const provider = stack.node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
  const handler = provider?.node.tryFindChild('Handler');
  const role = provider?.node.tryFindChild('Role');
  if (!(handler instanceof CfnResource) || !(role instanceof CfnResource)) {
    throw new Error(`${stack.stackName} has no auto-delete-objects provider with a Handler and a Role`);
  }
  handler.removeDependency(role);
}
