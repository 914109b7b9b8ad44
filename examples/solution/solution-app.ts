import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { readKnobs } from './knobs';
import { FlinkCode } from '../../src';
import { AllPatternsStack, ApiToLambdaStack, FirehoseToS3Stack, FlinkToS3Stack } from './stacks/solution-stacks';

/** The stack ids, one per deployment option, in the seed's order. */
export const SOLUTION_STACKS = {
  apiToLambda: 'StreamingData-ApiToLambda',
  flinkToS3: 'StreamingData-FlinkToS3',
  firehoseToS3: 'StreamingData-FirehoseToS3',
  allPatterns: 'StreamingData-AllPatterns',
} as const;

export interface SolutionAppOptions {
  /** The Flink application code used by the two stacks that run Flink. */
  readonly flinkCode: FlinkCode;
  /** Apply cdk-nag's AwsSolutions and Serverless packs (findings become synth errors/warnings). */
  readonly nag?: boolean;
}

/** Adds the four solution stacks to `app`, configured from its context (see knobs.ts). */
export function addSolutionStacks(app: App, options: SolutionAppOptions): void {
  const knobs = readKnobs(app.node);
  new ApiToLambdaStack(app, SOLUTION_STACKS.apiToLambda, {
    knobs,
    description: 'Streaming data solution, option 1: API Gateway + Cognito -> Kinesis -> Lambda (cdk-streaming-data-patterns)',
  });
  new FlinkToS3Stack(app, SOLUTION_STACKS.flinkToS3, {
    knobs,
    flinkCode: options.flinkCode,
    description: 'Streaming data solution, option 2: Kinesis -> Managed Service for Apache Flink -> S3 (cdk-streaming-data-patterns)',
  });
  new FirehoseToS3Stack(app, SOLUTION_STACKS.firehoseToS3, {
    knobs,
    description: 'Streaming data solution, option 3: Kinesis -> Firehose -> S3 (cdk-streaming-data-patterns)',
  });
  new AllPatternsStack(app, SOLUTION_STACKS.allPatterns, {
    knobs,
    flinkCode: options.flinkCode,
    description: 'Streaming data solution, option 4: all four patterns on one stream (cdk-streaming-data-patterns)',
  });
  if (options.nag) {
    Aspects.of(app).add(new AwsSolutionsChecks());
    Aspects.of(app).add(new ServerlessChecks());
  }
}
