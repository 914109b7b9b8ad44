// KinesisLambdaProcessor with failed batches (and their payload) kept in S3, reading through an
// enhanced fan-out consumer, on a provisioned stream. Everything the pattern creates is deleted with
// the test stack (removalPolicy DESTROY; the failure bucket with its objects, which the assertions
// create, through autoDeleteObjects).
// Deployed, the assertions follow good records and a poison record through it (data-path/processor-data-path.ts).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { assertProcessorDataPath } from './data-path/processor-data-path';
import { createIntegApp, dropRedundantAutoDeleteDependsOn } from './integ-app';
import { FailureDestinationType, KinesisLambdaProcessor, SampleProcessor } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'ProcessorS3FanOut');

const processor = new KinesisLambdaProcessor(stack, 'Processor', {
  functionProps: SampleProcessor.functionProps(),
  streamProps: { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 2 },
  enhancedFanOut: true,
  failureDestination: FailureDestinationType.S3,
  failureBucketProps: { autoDeleteObjects: true },
  batchSize: 500,
  parallelizationFactor: 2,
  maxBatchingWindow: Duration.seconds(5),
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'ProcessorS3FanOutTest', { testCases: [stack] });
assertProcessorDataPath(integ, processor);

dropRedundantAutoDeleteDependsOn(stack);
