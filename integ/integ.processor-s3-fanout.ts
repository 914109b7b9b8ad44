// KinesisLambdaProcessor with failed batches (and their payload) kept in S3, reading through an
// enhanced fan-out consumer, on a provisioned stream. Everything the pattern creates is deleted with
// the test stack (removalPolicy DESTROY; the failure bucket only when it is empty).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { createIntegApp } from './integ-app';
import { FailureDestinationType, KinesisLambdaProcessor, SampleProcessor } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'ProcessorS3FanOut');

new KinesisLambdaProcessor(stack, 'Processor', {
  functionProps: SampleProcessor.functionProps(),
  streamProps: { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 2 },
  enhancedFanOut: true,
  failureDestination: FailureDestinationType.S3,
  batchSize: 500,
  parallelizationFactor: 2,
  maxBatchingWindow: Duration.seconds(5),
  removalPolicy: RemovalPolicy.DESTROY,
});

new IntegTest(app, 'ProcessorS3FanOutTest', { testCases: [stack] });
