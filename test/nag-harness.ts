import { Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as flink from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

const NAG_FINDING = Match.stringLikeRegexp('^(AwsSolutions|Serverless)-');

/**
 * Runs the cdk-nag AwsSolutions and Serverless packs over `stack` and returns every
 * unacknowledged finding (errors and warnings) as `path: message`, plus the library's own
 * checkpointing check (see `flinkCheckpointingFindings`). Call it on a stack that has not been
 * synthesized yet: aspects added after synthesis do not run.
 */
export function nagFindings(stack: Stack): string[] {
  Aspects.of(stack).add(new AwsSolutionsChecks());
  Aspects.of(stack).add(new ServerlessChecks());
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', NAG_FINDING),
    ...annotations.findWarning('*', NAG_FINDING),
  ].map((finding) => `${finding.id}: ${String(finding.entry.data)}`).concat(flinkCheckpointingFindings(stack));
}

/**
 * cdk-nag's AwsSolutions-KDA3 (a Flink application must checkpoint) only inspects
 * `aws_kinesisanalytics.CfnApplicationV2`, which aws-cdk-lib deprecates; the library uses
 * `aws_kinesisanalyticsv2.CfnApplication` for the same resource type. This check keeps the rule's
 * intent for that class: a finding for every application whose checkpointing is off.
 */
export function flinkCheckpointingFindings(stack: Stack): string[] {
  return stack.node.findAll()
    .filter((construct): construct is flink.CfnApplication => construct instanceof flink.CfnApplication)
    .filter((application) => {
      const configuration = stack.resolve(application.applicationConfiguration) as Record<string, any> | undefined;
      const checkpoints = configuration?.flinkApplicationConfiguration?.checkpointConfiguration;
      return checkpoints !== undefined && checkpoints.configurationType !== 'DEFAULT' && checkpoints.checkpointingEnabled !== true;
    })
    .map((application) => `/${application.node.path}: KDA3 (checkpointing) The Flink application does not checkpoint its state.`);
}

/** Fails the test, listing them, when cdk-nag reports any unacknowledged finding on `stack`. */
export function expectNoNagFindings(stack: Stack): void {
  expect(nagFindings(stack)).toEqual([]);
}
