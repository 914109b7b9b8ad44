import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FailureDestinationType, KinesisLambdaProcessor, KinesisLambdaProcessorProps, SampleProcessor } from '../../src';
import { expectNoNagFindings } from '../nag-harness';

const functionProps: lambda.FunctionProps = {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
  memorySize: 256,
  timeout: Duration.seconds(30),
};

function build(props: Partial<KinesisLambdaProcessorProps> = {}) {
  const stack = new Stack();
  const processor = new KinesisLambdaProcessor(stack, 'Processor', { functionProps: functionProps, ...props });
  return { stack, processor, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

function mapping(template: Template): Record<string, unknown> {
  const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
  expect(mappings).toHaveLength(1);
  return mappings[0].Properties;
}

function rolePolicyStatements(template: Template): Array<{ Action: string | string[]; Resource: unknown }> {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('KinesisLambdaProcessor defaults', () => {
  const { stack, processor, template } = build();
  const streamId = logicalId(stack, processor.stream as kinesis.Stream);
  const queueId = logicalId(stack, processor.failureQueue);

  test('creates its own ON_DEMAND encrypted stream', () => {
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
  });

  test('the mapping has the defaults that hold under faults', () => {
    expect(mapping(template)).toEqual({
      EventSourceArn: { 'Fn::GetAtt': [streamId, 'Arn'] },
      FunctionName: { Ref: logicalId(stack, processor.lambdaFunction as lambda.Function) },
      BatchSize: 100,
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      // Half the stream's 24-hour retention: a failure record points at records that are still there.
      MaximumRecordAgeInSeconds: 43200,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  test('the function tells cfn-lint that its DependsOn on the role is aws-cdk-lib\'s, on that resource only', () => {
    const fn = template.findResources('AWS::Lambda::Function');
    expect(Object.values(fn)[0].Metadata['cfn-lint']).toEqual({ config: { ignore_checks: ['W3005'] } });
  });

  test('the function is traced and logs to its own log group kept one month', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ProcessorLogGroup') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('the role may only write its logs, trace, read this stream and send to this queue', () => {
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    const statements = rolePolicyStatements(template);
    const byAction = (action: string) => statements.filter((s) => ([] as string[]).concat(s.Action).includes(action));
    const logGroupId = logicalId(stack, processor.logGroup as logs.LogGroup);
    const queueKeyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];

    expect(byAction('logs:PutLogEvents')).toEqual([expect.objectContaining({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
    })]);
    expect(byAction('kinesis:GetRecords')).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [streamId, 'Arn'] } })]);
    expect(byAction('sqs:SendMessage')).toEqual([expect.objectContaining({
      Action: 'sqs:SendMessage',
      Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
    })]);
    expect(byAction('kms:GenerateDataKey')).toEqual([expect.objectContaining({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: { 'Fn::GetAtt': [queueKeyId, 'Arn'] },
    })]);
    const actions = statements.flatMap((s) => ([] as string[]).concat(s.Action));
    expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual(['sqs:SendMessage']);
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    // Only X-Ray, which has no resource-level permissions, is granted on every resource.
    expect(statements.filter((s) => s.Resource === '*')).toEqual([
      expect.objectContaining({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] }),
    ]);
  });

  test('alarms: iterator age 60 s, errors, throttles, destination delivery failures, a stalled mapping, queue depth and age', () => {
    expect(processor.alarms.map((each) => each.node.id)).toEqual([
      'DepthAlarm', 'AgeAlarm', 'IteratorAgeAlarm', 'ErrorsAlarm', 'ThrottlesAlarm', 'DestinationDeliveryFailuresAlarm', 'StalledConsumerAlarm',
    ]);
    const functionDimension = [{ Name: 'FunctionName', Value: { Ref: logicalId(stack, processor.lambdaFunction as lambda.Function) } }];
    for (const [metricName, threshold, statistic] of [
      ['IteratorAge', 60000, 'Maximum'],
      ['Errors', 1, 'Sum'],
      ['Throttles', 1, 'Sum'],
      ['DestinationDeliveryFailures', 1, 'Sum'],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: functionDimension,
        Statistic: statistic,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' });
    // A failure message points at records kept 24 hours, 12 of which are left when the oldest arrives:
    // the queue keeps messages as long and its age alarm fires halfway through the time left.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 21600 });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 86400 });
  });

  test('a stalled mapping alarms: records arrive on the stream and the function is not invoked for 15 minutes', () => {
    const stalled = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((each) => each.Properties)
      .find((properties) => properties.Metrics !== undefined);
    expect(stalled?.Metrics).toEqual(expect.arrayContaining([
      expect.objectContaining({ Expression: 'IF(FILL(incoming, 0) > 0 AND FILL(read, 0) == 0, 1, 0)' }),
      expect.objectContaining({
        Id: 'read',
        MetricStat: {
          Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack, processor.lambdaFunction as lambda.Function) } }] },
          Period: 300,
          Stat: 'Sum',
        },
      }),
    ]));
    expect(stalled?.EvaluationPeriods).toBe(3);
  });

  test('a dashboard with stream, mapping and function widgets', () => {
    expect(processor.dashboard).toBeDefined();
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of ['IncomingRecords', 'IteratorAge', 'Invocations', 'Errors', 'Throttles', 'Duration', 'ApproximateNumberOfMessagesVisible']) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
  });

  test('the mapping is made by the Solutions Construct, without its own queue or alarms', () => {
    expect(processor.node.tryFindChild('StreamToLambda')).toBeDefined();
    template.resourceCountIs('AWS::SQS::Queue', 1);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) => id.includes('StreamToLambda'))).toEqual([]);
  });

  test('prints no Solutions Constructs override warning', () => {
    // The Solutions Constructs write their warnings with npmlog, straight to stderr.
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      build({ retryAttempts: 7 });
      expect(stderr.mock.calls.flat().join('')).not.toMatch(/AWS_SOLUTIONS_CONSTRUCTS_WARNING/);
    } finally {
      stderr.mockRestore();
    }
  });

  test('no enhanced fan-out consumer and no failure bucket', () => {
    template.resourceCountIs('AWS::Kinesis::StreamConsumer', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(processor.streamConsumer).toBeUndefined();
    expect(processor.failureBucket).toBeUndefined();
  });
});

describe('KinesisLambdaProcessor event source props', () => {
  test('parallelizationFactor and retryAttempts land in their own fields', () => {
    const props = mapping(build({ parallelizationFactor: 7, retryAttempts: 42 }).template);
    expect(props.ParallelizationFactor).toBe(7);
    expect(props.MaximumRetryAttempts).toBe(42);
  });

  test.each([
    ['batchSize', { batchSize: 10_000 }, { BatchSize: 10000 }],
    ['maxBatchingWindow', { maxBatchingWindow: Duration.seconds(300) }, { MaximumBatchingWindowInSeconds: 300 }],
    ['maxRecordAge', { maxRecordAge: Duration.seconds(60) }, { MaximumRecordAgeInSeconds: 60 }],
    ['retryAttempts -1', { retryAttempts: -1 }, { MaximumRetryAttempts: -1 }],
    ['bisectBatchOnError', { bisectBatchOnError: false }, { BisectBatchOnFunctionError: false }],
    ['startingPosition', { startingPosition: lambda.StartingPosition.LATEST }, { StartingPosition: 'LATEST' }],
    ['tumblingWindow', { tumblingWindow: Duration.seconds(900) }, { TumblingWindowInSeconds: 900 }],
    ['filters', { filters: [lambda.FilterCriteria.filter({ data: { type: lambda.FilterRule.isEqual('order') } })] },
      { FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["order"]}}' }] } }],
  ] as Array<[string, Partial<KinesisLambdaProcessorProps>, Record<string, unknown>]>)('%s', (_name, props, expected) => {
    expect(mapping(build(props).template)).toEqual(expect.objectContaining(expected));
  });

  test('reportBatchItemFailures false', () => {
    expect(mapping(build({ reportBatchItemFailures: false }).template).FunctionResponseTypes).toBeUndefined();
  });

  test('enhancedFanOut reads through a dedicated consumer of this stream', () => {
    const { stack, processor, template } = build({ enhancedFanOut: true });
    template.resourceCountIs('AWS::Kinesis::StreamConsumer', 1);
    template.hasResourceProperties('AWS::Kinesis::StreamConsumer', {
      StreamARN: { 'Fn::GetAtt': [logicalId(stack, processor.stream as kinesis.Stream), 'Arn'] },
    });
    expect(mapping(template).EventSourceArn).toEqual({ 'Fn::GetAtt': [logicalId(stack, processor.streamConsumer!), 'ConsumerARN'] });
    const actions = rolePolicyStatements(template).flatMap((s) => [].concat(s.Action as never));
    expect(actions).toContain('kinesis:SubscribeToShard');
  });

  test('enhancedFanOut: the dashboard graphs the consumer\'s SubscribeToShardEvent.MillisBehindLatest (GetRecords metrics stay empty for it)', () => {
    const body = (template: Template) => JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    const { stack, processor, template } = build({ enhancedFanOut: true });
    expect(body(template)).toContain('\\"SubscribeToShardEvent.MillisBehindLatest\\",\\"ConsumerName\\"');
    expect(stack.resolve(processor.streamConsumer!.streamConsumerName)).toBeDefined();
    expect(body(build().template)).not.toContain('SubscribeToShardEvent');
  });
});

describe('KinesisLambdaProcessor failure records point at records the stream still holds', () => {
  const ageAlarm = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .find((each) => each.Properties.MetricName === 'ApproximateAgeOfOldestMessage')!.Properties.Threshold;
  const queueRetention = (template: Template) => Object.values(template.findResources('AWS::SQS::Queue'))[0].Properties.MessageRetentionPeriod;

  test.each([
    // Records sent after half the retention (3.5 days), the queue keeps messages 7 days, its age alarm at 1.75 days.
    [7, { maxRecordAge: 302400, queueRetention: 604800, ageAlarm: 151200 }],
    // maxRecordAge capped at Lambda's 7 days; the queue's age alarm fires before it drops a message.
    [30, { maxRecordAge: 604800, queueRetention: 1209600, ageAlarm: 604800 }],
  ])('a stream kept %i days: record age, queue retention and age alarm in seconds', (days, expected) => {
    const { template } = build({ streamProps: { retentionPeriod: Duration.days(days) } });
    expect({
      maxRecordAge: mapping(template).MaximumRecordAgeInSeconds,
      queueRetention: queueRetention(template),
      ageAlarm: ageAlarm(template),
    }).toEqual(expected);
  });

  test('an existing stream (its retention unknown, 24 hours at least): 12 hours, the queue\'s 14 days, its age alarm at 6 hours', () => {
    const stack = new Stack();
    const existingStream = new kinesis.Stream(stack, 'Existing');
    const processor = new KinesisLambdaProcessor(stack, 'Processor', { functionProps, existingStream });
    const template = Template.fromStack(stack);
    expect(mapping(template).MaximumRecordAgeInSeconds).toBe(43200);
    expect(queueRetention(template)).toBe(1209600);
    expect(ageAlarm(template)).toBe(21600);
    expect(processor.alarms).toHaveLength(7);
  });

  test('failureQueueProps still win', () => {
    const { template } = build({ failureQueueProps: { retentionPeriod: Duration.days(4), ageOfOldestMessageAlarmThreshold: Duration.hours(2) } });
    expect(queueRetention(template)).toBe(345600);
    expect(ageAlarm(template)).toBe(7200);
  });

  test('with the S3 destination the objects hold the records: the queue keeps its own defaults', () => {
    const { template } = build({ failureDestination: FailureDestinationType.S3 });
    expect(queueRetention(template)).toBe(1209600);
    expect(ageAlarm(template)).toBe(604800);
  });

  test('startingPosition AT_TIMESTAMP with its timestamp', () => {
    const { template } = build({ startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: 1_795_000_000 });
    expect(mapping(template)).toEqual(expect.objectContaining({ StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1_795_000_000 }));
  });

  test('a batching window moves the iterator age threshold: a sparse stream\'s records wait that long by design', () => {
    const { template } = build({ maxBatchingWindow: Duration.seconds(150) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 210000 });
  });

  test('the function it builds is told whether the mapping splits batches (the sample fails an invocation only then)', () => {
    const variables = (template: Template) => Object.values(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;
    expect(variables(build().template)).toEqual(expect.objectContaining({ STREAMING_DATA_PATTERNS_BISECT_BATCH_ON_ERROR: 'true' }));
    expect(variables(build({ bisectBatchOnError: false }).template)).toEqual(expect.objectContaining({ STREAMING_DATA_PATTERNS_BISECT_BATCH_ON_ERROR: 'false' }));
    const own = build({ functionProps: { ...functionProps, environment: { STREAMING_DATA_PATTERNS_BISECT_BATCH_ON_ERROR: 'false', OTHER: 'x' } } });
    expect(variables(own.template)).toEqual({ STREAMING_DATA_PATTERNS_BISECT_BATCH_ON_ERROR: 'false', OTHER: 'x' });
  });

  test('with filters, no stalled-mapping alarm: records that match no filter invoke nothing by design', () => {
    const { processor } = build({ filters: [lambda.FilterCriteria.filter({ data: { type: lambda.FilterRule.isEqual('order') } })] });
    expect(processor.alarms.map((each) => each.node.id)).not.toContain('StalledConsumerAlarm');
  });
});

describe('KinesisLambdaProcessor failure capture', () => {
  test('S3 destination: a KMS, TLS-only, private bucket with access logs and lifecycle', () => {
    const { stack, processor, template } = build({ failureDestination: FailureDestinationType.S3 });
    const bucketId = logicalId(stack, processor.failureBucket!);
    expect(mapping(template).DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [bucketId, 'Arn'] } } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^ProcessorFailureBucketAccessLogs') } },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })] },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('S3 destination: the role may only list the bucket, put objects in it and make a data key', () => {
    const { stack, processor, template } = build({ failureDestination: FailureDestinationType.S3 });
    const bucketId = logicalId(stack, processor.failureBucket!);
    const statements = rolePolicyStatements(template);
    const s3Statements = statements.filter((s) => [].concat(s.Action as never).some((a: string) => a.startsWith('s3:')));
    expect(s3Statements).toEqual([
      expect.objectContaining({ Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] } }),
      expect.objectContaining({ Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] } }),
    ]);
    expect(statements.flatMap((s) => [].concat(s.Action as never)).filter((a: string) => a.startsWith('sqs:'))).toEqual([]);
  });

  test('S3 destination: every stored batch is announced on the failure queue through EventBridge', () => {
    const { stack, processor, template } = build({ failureDestination: FailureDestinationType.S3 });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: [{ Ref: logicalId(stack, processor.failureBucket!) }] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(stack, processor.failureQueue), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'sqs:SendMessage',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':rule/ProcessorFailureBucketNotices')])] } } },
        })]),
      },
    });
    expect(processor.alarms).toHaveLength(8);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'FailedInvocations',
      Dimensions: [{ Name: 'RuleName', Value: Match.stringLikeRegexp('^ProcessorFailureBucketNotices') }],
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test('failureBucketProps: customer key and expiration', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'BucketKey', { enableKeyRotation: true });
    new KinesisLambdaProcessor(stack, 'Processor', {
      functionProps: functionProps,
      failureDestination: FailureDestinationType.S3,
      failureBucketProps: { encryptionKey: key, expiration: Duration.days(30) },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [Match.objectLike({
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BucketKey'), 'Arn'] } },
        })],
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30 })] },
    });
  });

  test('failureQueueProps reach the failure queue', () => {
    build({ failureQueueProps: { retentionPeriod: Duration.days(4), ageOfOldestMessageAlarmThreshold: Duration.days(1) } })
      .template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 345600 });
  });
});

describe('the function built from functionProps', () => {
  test('what the props leave out: 30 s timeout, 256 MiB, ARM64, so cdk-nag\'s Serverless defaults rules pass', () => {
    const stack = new Stack();
    new KinesisLambdaProcessor(stack, 'Processor', { functionProps: SampleProcessor.functionProps() });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 30,
      MemorySize: 256,
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
    });
    expectNoNagFindings(stack);
  });

  test('props that say undefined get the defaults too', () => {
    const stack = new Stack();
    new KinesisLambdaProcessor(stack, 'Processor', { functionProps: { ...SampleProcessor.functionProps(), timeout: undefined, memorySize: undefined } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Timeout: 30, MemorySize: 256, Architectures: ['arm64'] });
  });

  test('what the props say wins', () => {
    const stack = new Stack();
    new KinesisLambdaProcessor(stack, 'Processor', {
      functionProps: SampleProcessor.functionProps({ timeout: Duration.minutes(2), memorySize: 1024, architecture: lambda.Architecture.X86_64 }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Timeout: 120, MemorySize: 1024, Architectures: ['x86_64'] });
  });

  test('an existing function is left as it is', () => {
    const stack = new Stack();
    const fn = new lambda.Function(stack, 'Mine', { ...functionProps, timeout: undefined, memorySize: undefined });
    new KinesisLambdaProcessor(stack, 'Processor', { existingFunction: fn });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Timeout: Match.absent(), MemorySize: Match.absent(), Architectures: Match.absent() });
  });
});

describe('KinesisLambdaProcessor other props', () => {
  test('existingStream: the mapping reads it and no stream is created', () => {
    const stack = new Stack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Existing', 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
    new KinesisLambdaProcessor(stack, 'Processor', { functionProps: functionProps, existingStream: stream });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Kinesis::Stream', 0);
    expect(mapping(template).EventSourceArn).toBe('arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
  });

  test('streamProps and enhancedMonitoring reach the stream', () => {
    build({ streamProps: { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 4 }, enhancedMonitoring: true })
      .template.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 4, DesiredShardLevelMetrics: ['ALL'] });
  });

  test('existingFunction: used as it is, no role or log group created', () => {
    const stack = new Stack();
    const fn = new lambda.Function(stack, 'Mine', functionProps);
    const processor = new KinesisLambdaProcessor(stack, 'Processor', { existingFunction: fn });
    const template = Template.fromStack(stack);
    expect(processor.lambdaFunction).toBe(fn);
    expect(processor.functionRole).toBe(fn.role);
    expect(processor.logGroup).toBeUndefined();
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
  });

  test('logGroupProps', () => {
    build({ logGroupProps: { retention: logs.RetentionDays.ONE_YEAR } }).template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('functionProps can turn tracing off', () => {
    const { template } = build({ functionProps: { ...functionProps, tracing: lambda.Tracing.DISABLED } });
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
    const actions = rolePolicyStatements(template).flatMap((s) => ([] as string[]).concat(s.Action));
    expect(actions.filter((a) => a.startsWith('xray:'))).toEqual([]);
  });

  test('functionProps.role is used instead of a new role', () => {
    const stack = new Stack();
    const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const processor = new KinesisLambdaProcessor(stack, 'Processor', { functionProps: { ...functionProps, role } });
    expect(processor.functionRole).toBe(role);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 1);
  });

  test('iteratorAgeAlarmThreshold', () => {
    build({ iteratorAgeAlarmThreshold: Duration.minutes(5) }).template
      .hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 300000 });
  });

  test('alarmActions are attached to every alarm', () => {
    const stack = new Stack();
    const topic = new sns.Topic(stack, 'Topic');
    const processor = new KinesisLambdaProcessor(stack, 'Processor', {
      functionProps: functionProps,
      alarmActions: [new cloudwatchActions.SnsAction(topic)],
    });
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(processor.alarms.length);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: logicalId(stack, topic) }]);
    }
  });

  test('createDashboard false', () => {
    const { processor, template } = build({ createDashboard: false });
    expect(processor.dashboard).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('two processors in one stack', () => {
    const stack = new Stack();
    new KinesisLambdaProcessor(stack, 'A', { functionProps: functionProps });
    new KinesisLambdaProcessor(stack, 'B', { functionProps: functionProps, enhancedFanOut: true });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Kinesis::Stream', 2);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
  });
});

describe('KinesisLambdaProcessor and cdk-nag', () => {
  test('defaults: no unacknowledged finding', () => {
    const stack = new Stack();
    new KinesisLambdaProcessor(stack, 'Processor', { functionProps: functionProps });
    expectNoNagFindings(stack);
  });

  test('S3 destination, enhanced fan-out, customer key: no unacknowledged finding', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'StreamKey', { enableKeyRotation: true });
    new KinesisLambdaProcessor(stack, 'Processor', {
      functionProps: functionProps,
      streamProps: { encryptionKey: key },
      enhancedFanOut: true,
      failureDestination: FailureDestinationType.S3,
    });
    expectNoNagFindings(stack);
  });
});
