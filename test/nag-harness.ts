import { Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

const NAG_FINDING = Match.stringLikeRegexp('^(AwsSolutions|Serverless)-');

/**
 * Runs the cdk-nag AwsSolutions and Serverless packs over `stack` and returns every
 * unacknowledged finding (errors and warnings) as `path: message`. Call it on a stack that has
 * not been synthesized yet: aspects added after synthesis do not run.
 */
export function nagFindings(stack: Stack): string[] {
  Aspects.of(stack).add(new AwsSolutionsChecks());
  Aspects.of(stack).add(new ServerlessChecks());
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', NAG_FINDING),
    ...annotations.findWarning('*', NAG_FINDING),
  ].map((finding) => `${finding.id}: ${String(finding.entry.data)}`);
}

/** Fails the test, listing them, when cdk-nag reports any unacknowledged finding on `stack`. */
export function expectNoNagFindings(stack: Stack): void {
  expect(nagFindings(stack)).toEqual([]);
}
