import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addSolutionStacks, SOLUTION_STACKS } from '../../examples/solution/solution-app';
import { FlinkCode } from '../../src';
import { nagFindings } from '../nag-harness';

const PLACEHOLDER_CODE = path.join(__dirname, '..', '..', 'integ', 'assets', 'flink-placeholder');

function solution(context: Record<string, unknown> = {}): Record<keyof typeof SOLUTION_STACKS, Stack> {
  const app = new App({ context });
  addSolutionStacks(app, { flinkCode: FlinkCode.fromAsset(PLACEHOLDER_CODE) });
  const stack = (id: string) => app.node.findChild(id) as Stack;
  return {
    apiToLambda: stack(SOLUTION_STACKS.apiToLambda),
    flinkToS3: stack(SOLUTION_STACKS.flinkToS3),
    firehoseToS3: stack(SOLUTION_STACKS.firehoseToS3),
    allPatterns: stack(SOLUTION_STACKS.allPatterns),
  };
}

describe('reference solution', () => {
  const stacks = solution();
  const templates = {
    apiToLambda: Template.fromStack(stacks.apiToLambda),
    flinkToS3: Template.fromStack(stacks.flinkToS3),
    firehoseToS3: Template.fromStack(stacks.firehoseToS3),
    allPatterns: Template.fromStack(stacks.allPatterns),
  };

  test.each(Object.keys(templates) as Array<keyof typeof templates>)('%s: one stream with the seed\'s settings: provisioned, 2 shards, 24 h', (name) => {
    templates[name].resourceCountIs('AWS::Kinesis::Stream', 1);
    templates[name].hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 2,
      RetentionPeriodHours: 24,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
    });
  });

  test.each(Object.keys(templates) as Array<keyof typeof templates>)('%s: one dashboard and two customer managed keys (alarm topic, failure queues)', (name) => {
    const template = templates[name];
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::KMS::Key', 2);
    const queueKeys = new Set(Object.values(template.findResources('AWS::SQS::Queue'))
      .filter((q) => q.Properties.KmsMasterKeyId)
      .map((q) => JSON.stringify(q.Properties.KmsMasterKeyId)));
    const [stackKey] = Object.keys(template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('^Encrypts the failure queues of ') } }));
    expect([...queueKeys]).toEqual([JSON.stringify({ 'Fn::GetAtt': [stackKey, 'Arn'] })]);
  });

  test.each(Object.keys(templates) as Array<keyof typeof templates>)('%s: the output StreamName names the stack\'s one stream', (name) => {
    const [streamId] = Object.keys(templates[name].findResources('AWS::Kinesis::Stream'));
    templates[name].hasOutput('StreamName', { Value: { Ref: streamId } });
  });

  test.each(Object.keys(templates) as Array<keyof typeof templates>)('%s: by default the stateful resources are retained and no bucket is emptied', (name) => {
    const template = templates[name];
    // The alarm topic's key protects notifications in flight, not data at rest: it goes with the stack.
    const topicKeys = Object.values(template.findResources('AWS::SNS::Topic')).map((t) => t.Properties.KmsMasterKeyId['Fn::GetAtt'][0]);
    for (const type of ['AWS::Kinesis::Stream', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::Cognito::UserPool']) {
      for (const [id, resource] of Object.entries(template.findResources(type))) {
        if (!topicKeys.includes(id)) expect([id, resource.DeletionPolicy]).toEqual([id, 'Retain']);
      }
    }
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test.each(Object.keys(templates) as Array<keyof typeof templates>)('%s: every alarm notifies the stack\'s encrypted alarm topic', (name) => {
    const template = templates[name];
    const topics = template.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toHaveLength(1);
    const [topicId] = Object.keys(topics);
    expect(topics[topicId].Properties.KmsMasterKeyId).toBeDefined();
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  test.each(Object.keys(templates) as Array<keyof typeof templates>)('%s: the alarm topic is an AlarmTopic: CloudWatch may publish to it and use its key', (name) => {
    templates[name].hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublish', Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
    templates[name].hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublish', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
  });

  test('option 1: the API writes and the sample processor reads the same stream with the seed\'s mapping', () => {
    const template = templates.apiToLambda;
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 })]),
    });
    const [streamId] = Object.keys(template.findResources('AWS::Kinesis::Stream'));
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [streamId, 'Arn'] },
      BatchSize: 100,
      ParallelizationFactor: 1,
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasOutput('ApiUrl', {});
    template.hasOutput('UserPoolClientId', {});
  });

  test('option 2: Managed Flink with the seed\'s parallelism, autoscaling, and the reference application\'s properties', () => {
    templates.flinkToS3.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationConfiguration: Match.objectLike({
        FlinkApplicationConfiguration: Match.objectLike({
          ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: 1, ParallelismPerKPU: 1, AutoScalingEnabled: true },
        }),
        EnvironmentProperties: {
          PropertyGroups: Match.arrayWith([
            { PropertyGroupId: 'Aggregation', PropertyMap: { KeyField: 'ticker', ValueField: 'price', TimestampField: 'event_time', WindowSizeSeconds: '60' } },
            { PropertyGroupId: 'KinesisSource', PropertyMap: { InitialPosition: 'TRIM_HORIZON' } },
          ]),
        },
      }),
    });
  });

  test('option 3: Firehose with the seed\'s interval and GZIP, the least partitioned buffer (64 MiB), partitioned by ticker', () => {
    templates.firehoseToS3.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 64 },
        CompressionFormat: 'GZIP',
        DynamicPartitioningConfiguration: Match.objectLike({ Enabled: true }),
        Prefix: Match.stringLikeRegexp('partitionKeyFromQuery:ticker'),
      }),
    });
  });

  test('option 4: the three consumers read the stream the ingest API writes', () => {
    const template = templates.allPatterns;
    const [streamId] = Object.keys(template.findResources('AWS::Kinesis::Stream'));
    const streamArn = { 'Fn::GetAtt': [streamId, 'Arn'] };
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: streamArn });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      KinesisStreamSourceConfiguration: Match.objectLike({ KinesisStreamARN: streamArn }),
    });
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationConfiguration: Match.objectLike({
        EnvironmentProperties: {
          PropertyGroups: Match.arrayWith([Match.objectLike({
            PropertyGroupId: 'StreamingDataPatterns',
            PropertyMap: Match.objectLike({ InputStreamArn: streamArn, InputStreamName: { Ref: streamId } }),
          })]),
        },
      }),
    });
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    template.resourceCountIs('AWS::KinesisAnalyticsV2::Application', 1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1); // one for the stack, a section per pattern
  });

  test.each(Object.keys(stacks) as Array<keyof typeof stacks>)('%s: cdk-nag AwsSolutions and Serverless find nothing unacknowledged', (name) => {
    // A fresh app: the aspects must be added before the stack is synthesized.
    expect(nagFindings(solution()[name])).toEqual([]);
  });
});

describe('reference solution knobs reach the templates', () => {
  test('stream, mapping, throttling, buffering and Flink knobs', () => {
    const stacks = solution({
      shardCount: '4',
      retentionHours: '48',
      enhancedMonitoring: 'true',
      batchSize: '500',
      parallelizationFactor: '4',
      retryAttempts: '10',
      bisectBatchOnError: 'false',
      throttlingRateLimit: '200',
      throttlingBurstLimit: '80',
      bufferingIntervalSeconds: '60',
      bufferingSizeMiB: '64',
      compression: 'SNAPPY',
      dynamicPartitioning: 'false',
      flinkParallelism: '4',
      flinkParallelismPerKpu: '2',
      flinkAutoScaling: 'false',
    });
    const all = Template.fromStack(stacks.allPatterns);
    all.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 4,
      RetentionPeriodHours: 48,
      DesiredShardLevelMetrics: ['ALL'],
    });
    all.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 500, ParallelizationFactor: 4, MaximumRetryAttempts: 10, BisectBatchOnFunctionError: false,
    });
    all.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 80 })]),
    });
    const firehose = Object.values(all.findResources('AWS::KinesisFirehose::DeliveryStream'))[0].Properties.ExtendedS3DestinationConfiguration;
    expect(firehose.BufferingHints).toEqual({ IntervalInSeconds: 60, SizeInMBs: 64 });
    expect(firehose.CompressionFormat).toBe('Snappy');
    expect(firehose.DynamicPartitioningConfiguration).toBeUndefined();
    all.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationConfiguration: Match.objectLike({
        FlinkApplicationConfiguration: Match.objectLike({
          ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: 4, ParallelismPerKPU: 2, AutoScalingEnabled: false },
        }),
      }),
    });
  });

  test('ON_DEMAND streams and an alarm e-mail', () => {
    const stacks = solution({ streamMode: 'ON_DEMAND', alarmEmail: 'ops@example.com' });
    const template = Template.fromStack(stacks.firehoseToS3);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: Match.absent(),
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  test('removalPolicy DESTROY: cdk destroy deletes every stream, bucket (emptied first), key, queue, log group and user pool', () => {
    const stacks = solution({ removalPolicy: 'DESTROY' });
    for (const stack of Object.values(stacks)) {
      const template = Template.fromStack(stack);
      const kept = Object.entries(template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>)
        .filter(([, r]) => r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'RetainExceptOnCreate')
        // The account's API Gateway CloudWatch Logs role and setting stay: other APIs of the account may rely on them.
        .filter(([, r]) => !['AWS::ApiGateway::Account', 'AWS::IAM::Role'].includes(r.Type))
        .map(([id, r]) => `${id} (${r.Type})`);
      expect([stack.stackName, kept]).toEqual([stack.stackName, []]);
      const buckets = Object.keys(template.findResources('AWS::S3::Bucket'));
      const emptied = Object.values(template.findResources('Custom::S3AutoDeleteObjects')).map((r) => r.Properties.BucketName.Ref);
      expect(emptied.sort()).toEqual(buckets.sort());
    }
    Template.fromStack(stacks.apiToLambda).hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
  });

  test('a pattern refuses a knob out of its range, naming the prop', () => {
    expect(() => solution({ batchSize: '20000' })).toThrow(/batchSize/);
  });
});
