import { CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FailureDestinationType, KinesisLambdaProcessor, KinesisLambdaProcessorProps } from '../../src';

const functionProps: lambda.FunctionProps = {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
};

function build(props: Partial<KinesisLambdaProcessorProps>, stack = new Stack()): () => KinesisLambdaProcessor {
  return () => new KinesisLambdaProcessor(stack, 'Processor', { functionProps, ...props });
}

/** The whole message a bad prop raises: the pattern's path and class, then what to fix. */
function error(message: string): Error {
  return new Error(`Default/Processor (KinesisLambdaProcessor): ${message}`);
}

describe('event source mapping limits', () => {
  test.each([
    [{ batchSize: 0 }, 'batchSize must be a whole number from 1 to 10000 (got 0).'],
    [{ batchSize: 10_001 }, 'batchSize must be a whole number from 1 to 10000 (got 10001).'],
    [{ batchSize: 1.5 }, 'batchSize must be a whole number from 1 to 10000 (got 1.5).'],
    [{ parallelizationFactor: 11 }, 'parallelizationFactor must be a whole number from 1 to 10 (got 11).'],
    [{ parallelizationFactor: 0 }, 'parallelizationFactor must be a whole number from 1 to 10 (got 0).'],
    [{ retryAttempts: -2 }, 'retryAttempts must be a whole number from -1 to 10000 (-1 retries until the record expires) (got -2).'],
    [{ retryAttempts: 10_001 }, 'retryAttempts must be a whole number from -1 to 10000 (-1 retries until the record expires) (got 10001).'],
    [{ maxBatchingWindow: Duration.seconds(301) }, 'maxBatchingWindow must be whole seconds from 0 to 300 (got 301 seconds).'],
    [{ maxRecordAge: Duration.seconds(59) }, 'maxRecordAge must be whole seconds from 60 to 604800 (got 59 seconds).'],
    [{ maxRecordAge: Duration.days(8) }, 'maxRecordAge must be whole seconds from 60 to 604800 (got 691200 seconds).'],
    [{ tumblingWindow: Duration.seconds(901) }, 'tumblingWindow must be whole seconds from 0 to 900 (got 901 seconds).'],
    [{ iteratorAgeAlarmThreshold: Duration.seconds(0) }, 'iteratorAgeAlarmThreshold must be more than 0 milliseconds (got 0 milliseconds).'],
  ] as Array<[Partial<KinesisLambdaProcessorProps>, string]>)('%p', (props, message) => {
    expect(build(props)).toThrow(error(message));
  });

  test('unresolved tokens are not checked', () => {
    const stack = new Stack();
    const batchSize = new CfnParameter(stack, 'BatchSize', { type: 'Number' }).valueAsNumber;
    expect(build({ batchSize, parallelizationFactor: batchSize, retryAttempts: batchSize }, stack)).not.toThrow();
  });
});

describe('the function', () => {
  test('existingFunction and functionProps', () => {
    const stack = new Stack();
    const fn = new lambda.Function(stack, 'Mine', functionProps);
    expect(build({ existingFunction: fn }, stack))
      .toThrow(error('Provide either existingFunction or functionProps, not both: functionProps only describes a function the pattern creates.'));
  });

  test('neither existingFunction nor functionProps', () => {
    expect(() => new KinesisLambdaProcessor(new Stack(), 'Processor', {}))
      .toThrow(error('Provide existingFunction or functionProps: the pattern needs a function to process the records '
        + '(SampleProcessor.functionProps() gives the sample one).'));
  });

  test('logGroupProps with existingFunction', () => {
    const stack = new Stack();
    const fn = new lambda.Function(stack, 'Mine', functionProps);
    expect(() => new KinesisLambdaProcessor(stack, 'Processor', { existingFunction: fn, logGroupProps: { retention: logs.RetentionDays.ONE_DAY } }))
      .toThrow(error('logGroupProps only applies to the log group the pattern creates for a function built from functionProps; '
        + 'an existingFunction or a functionProps.logGroup has its own settings.'));
  });

  test('logGroupProps with functionProps.logGroup', () => {
    const stack = new Stack();
    const logGroup = new logs.LogGroup(stack, 'Mine');
    expect(build({ functionProps: { ...functionProps, logGroup }, logGroupProps: { retention: logs.RetentionDays.ONE_DAY } }, stack))
      .toThrow(error('logGroupProps only applies to the log group the pattern creates for a function built from functionProps; '
        + 'an existingFunction or a functionProps.logGroup has its own settings.'));
  });
});

describe('existing and new resources', () => {
  test('existingStream and streamProps', () => {
    const stack = new Stack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'E', 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
    expect(build({ existingStream: stream, streamProps: {} }, stack))
      .toThrow(error('Provide either existingStream or streamProps, not both: streamProps only describes a stream the pattern creates.'));
  });

  test('failureBucketProps without the S3 destination', () => {
    expect(build({ failureBucketProps: {} }))
      .toThrow(error('failureBucketProps only applies with failureDestination FailureDestinationType.S3.'));
  });

  test('failureBucketProps.expiration not whole days', () => {
    expect(build({ failureDestination: FailureDestinationType.S3, failureBucketProps: { expiration: Duration.hours(36) } }))
      .toThrow(error('failureBucketProps.expiration must be whole days, at least 1 (got 1.5 days).'));
  });

  test('failureBucketProps.autoDeleteObjects without removalPolicy DESTROY', () => {
    expect(build({ failureDestination: FailureDestinationType.S3, failureBucketProps: { autoDeleteObjects: true } }))
      .toThrow(error('failureBucketProps.autoDeleteObjects only applies with removalPolicy RemovalPolicy.DESTROY: a kept bucket keeps its objects '
        + '(got removalPolicy retain).'));
  });

  test('removalPolicy SNAPSHOT', () => {
    expect(build({ removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(error('removalPolicy must be RemovalPolicy.RETAIN, DESTROY or RETAIN_ON_UPDATE_OR_DELETE (got snapshot): none of the pattern\'s resources has snapshots.'));
  });
});

test('a metric that only exists with the S3 destination says so', () => {
  expect(() => build({})().metricFailureNoticeFailedInvocations())
    .toThrow(error('metricFailureNoticeFailedInvocations() only applies with failureDestination FailureDestinationType.S3: '
      + 'with SQS, Lambda puts failed batches on the failure queue itself.'));
});

describe('failure records that point at records the stream still holds', () => {
  test('maxRecordAge as long as the retention of the stream the pattern creates', () => {
    expect(build({ maxRecordAge: Duration.hours(24) }))
      .toThrow(error('maxRecordAge must be shorter than the stream\'s retention (1 day): a failure record must point at records the stream still holds '
        + 'when someone reads it (got 1 day).'));
  });

  test('an existing stream with a maxRecordAge of a day or more: a warning to check its retention', () => {
    const stack = new Stack();
    build({ existingStream: new kinesis.Stream(stack, 'Existing'), maxRecordAge: Duration.hours(30) }, stack)();
    Annotations.fromStack(stack).hasWarning('/Default/Processor', Match.stringLikeRegexp('maxRecordAge is 1 day 6 hours: make sure the existing stream keeps records longer'));
  });

  test('iteratorAgeAlarmThreshold within maxBatchingWindow', () => {
    expect(build({ maxBatchingWindow: Duration.seconds(120), iteratorAgeAlarmThreshold: Duration.seconds(90) }))
      .toThrow(error('iteratorAgeAlarmThreshold must be longer than maxBatchingWindow (120 seconds), which records wait by design, '
        + 'or the alarm fires at every batch (got 1 minute 30 seconds).'));
  });

  test('AT_TIMESTAMP without its timestamp', () => {
    expect(build({ startingPosition: lambda.StartingPosition.AT_TIMESTAMP }))
      .toThrow(error('startingPosition AT_TIMESTAMP needs startingPositionTimestamp, the time to start reading from in Unix seconds (got none).'));
  });

  test('a timestamp without AT_TIMESTAMP', () => {
    expect(build({ startingPositionTimestamp: 1_795_000_000 }))
      .toThrow(error('startingPositionTimestamp only applies with startingPosition AT_TIMESTAMP (got startingPosition TRIM_HORIZON).'));
  });
});
