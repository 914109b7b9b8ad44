import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { KinesisFirehoseDelivery, KinesisFirehoseDeliveryProps } from '../../src';
import { expectNoNagFindings } from '../nag-harness';

type Json = Record<string, any>;

function build(props: KinesisFirehoseDeliveryProps = {}, stack = new Stack()) {
  const pattern = new KinesisFirehoseDelivery(stack, 'Delivery', props);
  return { stack, pattern, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

function deliveryStream(template: Template): Json {
  const streams = Object.values(template.findResources('AWS::KinesisFirehose::DeliveryStream'));
  expect(streams).toHaveLength(1);
  return streams[0];
}

function destination(template: Template): Json {
  return deliveryStream(template).Properties.ExtendedS3DestinationConfiguration;
}

/** The statements of every policy attached to `role`. */
function roleStatements(stack: Stack, template: Template, role: iam.IRole): Json[] {
  const roleRef = { Ref: logicalId(stack, role as iam.Role) };
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([roleRef]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The statements the pattern added to a role (its default policy). */
function defaultPolicyStatements(stack: Stack, template: Template, role: iam.IRole): Json[] {
  return policyStatements(stack, template, (role as iam.Role).node.findChild('DefaultPolicy'));
}

/** The statements of one policy construct. */
function policyStatements(stack: Stack, template: Template, policy: IConstruct): Json[] {
  return template.toJSON().Resources[logicalId(stack, policy)].Properties.PolicyDocument.Statement;
}

/** Resources that depend on themselves through Ref, Fn::GetAtt or DependsOn (CloudFormation rejects the template). */
function dependencyCycles(template: Template): string[] {
  const resources = template.toJSON().Resources as Record<string, Json>;
  const edges = new Map<string, Set<string>>();
  const collect = (node: unknown, into: Set<string>): void => {
    if (Array.isArray(node)) {
      node.forEach((item) => collect(item, into));
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as Json)) {
        if (key === 'Ref' && typeof value === 'string' && value in resources) {
          into.add(value);
        } else if (key === 'Fn::GetAtt' && Array.isArray(value) && value[0] in resources) {
          into.add(value[0]);
        } else {
          collect(value, into);
        }
      }
    }
  };
  for (const [id, resource] of Object.entries(resources)) {
    const targets = new Set<string>([...(resource.DependsOn ?? [])]);
    collect(resource.Properties, targets);
    edges.set(id, targets);
  }
  const cyclic: string[] = [];
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => [...(edges.get(from) ?? [])]
    .some((next) => next === to || (!seen.has(next) && (seen.add(next), reaches(next, to, seen))));
  for (const id of edges.keys()) {
    if (reaches(id, id)) {
      cyclic.push(id);
    }
  }
  return cyclic;
}

function alarm(template: Template, metricName: string): Json {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }));
  expect(alarms).toHaveLength(1);
  return alarms[0].Properties;
}

/** The EventBridge rule that announces failed-record objects on the failure queue. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function noticeRule(template: Template): any {
  const rules = Object.values(template.findResources('AWS::Events::Rule'));
  expect(rules).toHaveLength(1);
  return rules[0].Properties;
}

describe('KinesisFirehoseDelivery defaults', () => {
  const { stack, pattern, template } = build();
  const deliveryStreamId = stack.getLogicalId(pattern.deliveryStream);
  const streamId = logicalId(stack, pattern.stream as kinesis.Stream);
  const bucketId = logicalId(stack, pattern.bucket as s3.Bucket);
  const queueArn = { 'Fn::GetAtt': [logicalId(stack, pattern.failureQueue as never), 'Arn'] };

  test('creates its own ON_DEMAND stream encrypted with the AWS managed key', () => {
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
  });

  test('reads the stream as its source, with a source role of its own', () => {
    const properties = deliveryStream(template).Properties;
    expect(properties.DeliveryStreamType).toBe('KinesisStreamAsSource');
    expect(properties.KinesisStreamSourceConfiguration).toEqual({
      KinesisStreamARN: { 'Fn::GetAtt': [streamId, 'Arn'] },
      RoleARN: { 'Fn::GetAtt': [logicalId(stack, pattern.sourceRole as never), 'Arn'] },
    });
    // Firehose rejects server-side encryption on a Kinesis-sourced delivery stream.
    expect(properties.DeliveryStreamEncryptionConfigurationInput).toBeUndefined();
  });

  test('both roles are trusted by Firehose for this account\'s delivery streams only (sts:ExternalId); the source role may only read that stream', () => {
    const trust = {
      Statement: [{
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'firehose.amazonaws.com' },
        Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'AWS::AccountId' } } },
      }],
    };
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: Match.objectLike(trust), Description: 'Lets Firehose read its source Kinesis stream' });
    const deliveryRole = template.toJSON().Resources[logicalId(stack, pattern.deliveryRole as never)];
    expect(deliveryRole.Properties.AssumeRolePolicyDocument).toEqual(expect.objectContaining(trust));
    expect(roleStatements(stack, template, pattern.sourceRole)).toEqual([{
      Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [streamId, 'Arn'] },
    }]);
  });

  test('buffers 5 MiB / 300 s and compresses with GZIP (the seed defaults)', () => {
    expect(destination(template).BufferingHints).toEqual({ IntervalInSeconds: 300, SizeInMBs: 5 });
    expect(destination(template).CompressionFormat).toBe('GZIP');
  });

  test('partitions data Hive-style by date and hour, and errors by error type, date and hour', () => {
    expect(destination(template).Prefix).toBe('data/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/');
    expect(destination(template).ErrorOutputPrefix).toBe('errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/');
  });

  test('encrypts delivered objects with the AWS managed key alias/aws/s3', () => {
    expect(stack.resolve(destination(template).EncryptionConfiguration)).toEqual({
      KMSEncryptionConfig: {
        AWSKMSKeyARN: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alias/aws/s3']] },
      },
    });
  });

  test('one record per line (JSON Lines), no dynamic partitioning, no format conversion', () => {
    const config = destination(template);
    expect(config.ProcessingConfiguration).toEqual({ Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] });
    expect(config.DynamicPartitioningConfiguration).toBeUndefined();
    expect(config.DataFormatConversionConfiguration).toBeUndefined();
  });

  test('logs delivery errors to its own log group, kept one year', () => {
    const logGroupId = logicalId(stack, pattern.logGroup as logs.LogGroup);
    expect(destination(template).CloudWatchLoggingOptions).toEqual({
      Enabled: true,
      LogGroupName: { Ref: logGroupId },
      LogStreamName: { Ref: expect.stringMatching(/firehoselogstream/) },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('writes to a new bucket: KMS, bucket key, public access blocked, versioned, access logs, retained', () => {
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack, pattern.serverAccessLogsBucket as s3.Bucket) } },
      },
      DeletionPolicy: 'Retain',
    });
    expect(destination(template).BucketARN).toEqual({ 'Fn::GetAtt': [bucketId, 'Arn'] });
  });

  test('the bucket moves objects to Intelligent-Tiering, aborts incomplete uploads after 7 days, expires old versions and their delete markers', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          { Id: 'IntelligentTiering', Status: 'Enabled', Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 0 }] },
          { Id: 'AbortIncompleteMultipartUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
          { Id: 'ExpireNoncurrentVersions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 }, ExpiredObjectDeleteMarker: true },
        ],
      },
    });
  });

  test('the bucket denies requests without TLS or below TLS 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('the delivery role may write to that bucket and to its log stream only', () => {
    const solutionPolicy = pattern.node.findChild('Delivery').node.findChild('KinesisFirehosePolicy');
    const statements = policyStatements(stack, template, solutionPolicy);
    expect(statements).toEqual([
      {
        Action: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
        Effect: 'Allow',
        Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }],
      },
      expect.objectContaining({ Action: 'logs:PutLogEvents', Effect: 'Allow' }),
    ]);
    // No other policy is attached to the delivery role by default.
    expect(roleStatements(stack, template, pattern.deliveryRole)).toEqual(statements);
  });

  test('the delivery stream is created after the policies of both roles', () => {
    const dependsOn: string[] = deliveryStream(template).DependsOn;
    expect(dependsOn.some((id) => id.includes('KinesisFirehosePolicy'))).toBe(true);
    expect(dependsOn.some((id) => id.includes('SourceRoleDefaultPolicy'))).toBe(true);
    // Not on the roles themselves: their ARNs are referenced already (cfn-lint W3005).
    expect(dependsOn).not.toContain(logicalId(stack, pattern.sourceRole as never));
    expect(dependsOn).not.toContain(logicalId(stack, pattern.deliveryRole as never));
  });

  test('objects under errors/ are announced to the failure queue through EventBridge, with no custom resource', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    expect(noticeRule(template)).toEqual(expect.objectContaining({
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: [{ Ref: bucketId }] }, object: { key: [{ prefix: 'errors/' }] } },
      },
      Targets: [expect.objectContaining({ Arn: queueArn })],
    }));
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('EventBridge may send to the failure queue for this rule only, and use its key (without a source condition, as AWS documents it)', () => {
    const conditions = { ArnEquals: { 'aws:SourceArn': Match.objectLike({ 'Fn::Join': Match.anyValue() }) } };
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'sqs:SendMessage', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Resource: queueArn, Condition: conditions,
        })]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Resource: '*', Condition: Match.absent(),
        })]),
      },
    });
  });

  test('DataFreshness alarm at 900 s, dimensioned by the delivery stream NAME, not its ARN', () => {
    const freshness = alarm(template, 'DeliveryToS3.DataFreshness');
    expect(freshness).toEqual(expect.objectContaining({
      Namespace: 'AWS/Firehose',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: deliveryStreamId } }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 900,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      EvaluationPeriods: 1,
    }));
    // Ref of AWS::KinesisFirehose::DeliveryStream returns the name; the seed solution used GetAtt Arn.
    expect(JSON.stringify(freshness.Dimensions)).not.toContain('Arn');
    expect(stack.resolve(pattern.deliveryStreamName)).toEqual({ Ref: deliveryStreamId });
  });

  test('DeliveryToS3.Success alarm below 1 on the same name', () => {
    expect(alarm(template, 'DeliveryToS3.Success')).toEqual(expect.objectContaining({
      Namespace: 'AWS/Firehose',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: deliveryStreamId } }],
      Statistic: 'Minimum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'notBreaching',
    }));
  });

  test('ThrottledGetRecords alarm on 3 consecutive 5-minute periods', () => {
    expect(alarm(template, 'ThrottledGetRecords')).toEqual(expect.objectContaining({
      Namespace: 'AWS/Firehose',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: deliveryStreamId } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    }));
  });

  test('KinesisMillisBehindLatest alarm: 5 minutes behind the stream for 3 consecutive 5-minute periods', () => {
    expect(alarm(template, 'KinesisMillisBehindLatest')).toEqual(expect.objectContaining({
      Namespace: 'AWS/Firehose',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: deliveryStreamId } }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 300000,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    }));
  });

  test('stalled-consumer alarm: records arrive on the stream and Firehose reads none for 15 minutes', () => {
    const stalled = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((each) => each.Properties)
      .filter((properties) => properties.Metrics !== undefined);
    expect(stalled).toHaveLength(1);
    expect(stalled[0]).toEqual(expect.objectContaining({
      EvaluationPeriods: 3,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    }));
    const metrics = stalled[0].Metrics as Json[];
    expect(metrics.find((metric) => metric.Expression)?.Expression).toBe('IF(FILL(incoming, 0) > 0 AND FILL(read, 0) == 0, 1, 0)');
    expect(metrics.find((metric) => metric.Id === 'incoming')?.MetricStat).toEqual({
      Metric: { Namespace: 'AWS/Kinesis', MetricName: 'IncomingRecords', Dimensions: [{ Name: 'StreamName', Value: { Ref: streamId } }] },
      Period: 300,
      Stat: 'Sum',
    });
    expect(metrics.find((metric) => metric.Id === 'read')?.MetricStat).toEqual({
      Metric: {
        Namespace: 'AWS/Firehose',
        MetricName: 'DataReadFromKinesisStream.Records',
        Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: deliveryStreamId } }],
      },
      Period: 300,
      Stat: 'Sum',
    });
  });

  test('failure queue depth alarm, and every alarm listed in order, without actions', () => {
    expect(alarm(template, 'ApproximateNumberOfMessagesVisible').Threshold).toBe(1);
    expect(pattern.alarms).toHaveLength(8);
    expect(pattern.alarms.map((a) => a.node.id)).toEqual([
      'DataFreshnessAlarm', 'DeliverySuccessAlarm', 'MillisBehindLatestAlarm', 'ThrottledGetRecordsAlarm', 'StalledConsumerAlarm',
      'DepthAlarm', 'AgeAlarm', 'DeliveryFailedAlarm',
    ]);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 8);
    expect(alarm(template, 'FailedInvocations')).toEqual(expect.objectContaining({
      Namespace: 'AWS/Events',
      Dimensions: [{ Name: 'RuleName', Value: expect.stringMatching(/^DeliveryFailureNotices/) }],
    }));
    for (const each of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(each.Properties.AlarmActions).toBeUndefined();
    }
  });

  test('a dashboard with stream, delivery, S3 and failure queue widgets', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(pattern.dashboard).toBeDefined();
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const [metric, dimension] of [
      ['IncomingRecords', 'StreamName'],
      ['DataReadFromKinesisStream.Records', 'DeliveryStreamName'],
      ['DeliveryToS3.Records', 'DeliveryStreamName'],
      ['DeliveryToS3.DataFreshness', 'DeliveryStreamName'],
      ['KinesisMillisBehindLatest', 'DeliveryStreamName'],
      ['DeliveryToS3.Success', 'DeliveryStreamName'],
      ['ThrottledGetRecords', 'DeliveryStreamName'],
      ['DeliveryToS3.Bytes', 'DeliveryStreamName'],
      ['NumberOfObjects', 'BucketName'],
      ['BucketSizeBytes', 'BucketName'],
      ['ApproximateNumberOfMessagesVisible', 'QueueName'],
    ]) {
      expect(body).toContain(`"${metric}\\",\\"${dimension}\\"`);
    }
    expect(body).not.toContain('PartitionCount');
  });

  test('acknowledges KDF1 on the delivery stream alone, saying where encryption happens', () => {
    expect(deliveryStream(template).Metadata.cdk_nag.rules_to_suppress).toEqual([
      { id: 'AwsSolutions-KDF1', reason: expect.stringMatching(/cannot use server-side encryption.*Kinesis stream.*SSE-KMS/) },
    ]);
    const acknowledgedKdf1 = Object.values(template.toJSON().Resources as Record<string, Json>)
      .filter((resource) => JSON.stringify(resource.Metadata?.cdk_nag ?? {}).includes('KDF1'));
    expect(acknowledgedKdf1).toHaveLength(1);
  });

  test('acknowledges IAM5 only for the objects of its bucket, and S1 only on the access log bucket', () => {
    const policies = template.findResources('AWS::IAM::Policy', { Metadata: { cdk_nag: Match.anyValue() } });
    expect(Object.values(policies).map((policy) => policy.Metadata.cdk_nag.rules_to_suppress)).toEqual([[
      { id: 'AwsSolutions-IAM5', reason: expect.any(String), applies_to: [`Resource::<${bucketId}.Arn>/*`] },
    ]]);
    const loggingBucket = template.toJSON().Resources[logicalId(stack, pattern.serverAccessLogsBucket as s3.Bucket)];
    expect(loggingBucket.Metadata.cdk_nag.rules_to_suppress).toEqual([{ id: 'AwsSolutions-S1', reason: expect.stringMatching(/server access logs/) }]);
  });

  test('creates nothing account-wide and leaves every name to CloudFormation', () => {
    const resources = template.toJSON().Resources as Record<string, Json>;
    const types = new Set(Object.values(resources).map((resource) => resource.Type));
    for (const accountWide of ['AWS::ApiGateway::Account', 'AWS::Glue::DataCatalogEncryptionSettings']) {
      expect(types.has(accountWide)).toBe(false);
    }
    expect(deliveryStream(template).Properties.DeliveryStreamName).toBeUndefined();
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: Match.absent() });
  });

  test('has no dependency cycle', () => {
    expect(dependencyCycles(template)).toEqual([]);
  });

  test('exposes its resources', () => {
    expect(pattern.bucket).toBeDefined();
    expect(pattern.serverAccessLogsBucket).toBeDefined();
    expect(pattern.encryptionKey).toBeUndefined();
    expect(pattern.logGroup).toBeDefined();
    expect(pattern.deliveryRole).not.toBe(pattern.sourceRole);
  });
});

describe('KinesisFirehoseDelivery delivery props', () => {
  test('bufferingInterval and bufferingSize', () => {
    const { template } = build({ bufferingInterval: Duration.seconds(60), bufferingSize: Size.mebibytes(128) });
    expect(destination(template).BufferingHints).toEqual({ IntervalInSeconds: 60, SizeInMBs: 128 });
  });

  test('bufferingInterval of 0 (zero buffering) and the limits', () => {
    expect(destination(build({ bufferingInterval: Duration.seconds(0) }).template).BufferingHints.IntervalInSeconds).toBe(0);
    expect(destination(build({ bufferingInterval: Duration.minutes(15), bufferingSize: Size.mebibytes(1) }).template).BufferingHints)
      .toEqual({ IntervalInSeconds: 900, SizeInMBs: 1 });
  });

  test.each([
    [firehose.Compression.SNAPPY, 'Snappy'],
    [firehose.Compression.HADOOP_SNAPPY, 'HADOOP_SNAPPY'],
    [firehose.Compression.ZIP, 'ZIP'],
    [firehose.Compression.UNCOMPRESSED, 'UNCOMPRESSED'],
  ])('compression %p', (compression, format) => {
    expect(destination(build({ compression }).template).CompressionFormat).toBe(format);
  });

  test('dataOutputPrefix and errorOutputPrefix; the failure notification follows the error folder', () => {
    const { template } = build({
      dataOutputPrefix: 'clicks/!{timestamp:yyyy-MM-dd}/!{firehose:random-string}/',
      errorOutputPrefix: 'failed/clicks/!{firehose:error-output-type}/',
    });
    expect(destination(template).Prefix).toBe('clicks/!{timestamp:yyyy-MM-dd}/!{firehose:random-string}/');
    expect(destination(template).ErrorOutputPrefix).toBe('failed/clicks/!{firehose:error-output-type}/');
    expect(noticeRule(template).EventPattern.detail.object).toEqual({ key: [{ prefix: 'failed/clicks/' }] });
  });

  test('newlineDelimiter false writes records back to back, with no processing', () => {
    expect(destination(build({ newlineDelimiter: false }).template).ProcessingConfiguration).toBeUndefined();
  });

  test('dynamicPartitioningKeys: jq extraction, one record per line, 64 MiB / 300 s buffer, 300 s retries, one Hive-style folder per key', () => {
    const config = destination(build({ dynamicPartitioningKeys: { customer_id: '.customer.id', region: '.region' } }).template);
    expect(config.ProcessingConfiguration).toEqual({
      Enabled: true,
      Processors: [{
        Type: 'MetadataExtraction',
        Parameters: [
          { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{"customer_id":.customer.id,"region":.region}' },
          { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
        ],
      }, { Type: 'AppendDelimiterToRecord' }],
    });
    expect(config.BufferingHints).toEqual({ IntervalInSeconds: 300, SizeInMBs: 64 });
    expect(config.DynamicPartitioningConfiguration).toEqual({ Enabled: true, RetryOptions: { DurationInSeconds: 300 } });
    expect(config.Prefix).toBe('data/customer_id=!{partitionKeyFromQuery:customer_id}/region=!{partitionKeyFromQuery:region}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/');
  });

  test('dynamicPartitioningKeys with retryDuration, no newline, the least buffer Firehose takes and a custom prefix', () => {
    const config = destination(build({
      dynamicPartitioningKeys: { tenant: '.tenant' },
      retryDuration: Duration.minutes(10),
      newlineDelimiter: false,
      bufferingInterval: Duration.seconds(60),
      bufferingSize: Size.mebibytes(64),
      dataOutputPrefix: 'tenants/!{partitionKeyFromQuery:tenant}/',
    }).template);
    expect(config.DynamicPartitioningConfiguration).toEqual({ Enabled: true, RetryOptions: { DurationInSeconds: 600 } });
    expect(config.ProcessingConfiguration.Processors.map((processor: Json) => processor.Type)).toEqual(['MetadataExtraction']);
    expect(config.BufferingHints).toEqual({ IntervalInSeconds: 60, SizeInMBs: 64 });
    expect(config.Prefix).toBe('tenants/!{partitionKeyFromQuery:tenant}/');
  });

  test('dynamicPartitioningKeys give the delivery stream its own logical id: turning partitioning on or off replaces it', () => {
    const plain = build();
    const partitioned = build({ dynamicPartitioningKeys: { tenant: '.tenant' } });
    const plainId = plain.stack.getLogicalId(plain.pattern.deliveryStream);
    expect(Object.keys(partitioned.template.findResources('AWS::KinesisFirehose::DeliveryStream'))).toEqual([`${plainId}Partitioned`]);
    expect(partitioned.stack.resolve(partitioned.pattern.deliveryStreamName)).toEqual({ Ref: `${plainId}Partitioned` });
    expect(deliveryStream(partitioned.template).Properties.DeliveryStreamName).toBeUndefined();
  });

  test('dynamicPartitioningKeys add the partition alarms and a partitions row to the dashboard', () => {
    const { pattern, template } = build({ dynamicPartitioningKeys: { tenant: '.tenant' } });
    expect(pattern.alarms.map((each) => each.node.id)).toEqual([
      'DataFreshnessAlarm', 'DeliverySuccessAlarm', 'MillisBehindLatestAlarm', 'ThrottledGetRecordsAlarm', 'PartitionCountExceededAlarm',
      'SmallObjectsAlarm', 'StalledConsumerAlarm', 'DepthAlarm', 'AgeAlarm', 'DeliveryFailedAlarm',
    ]);
    const deliveryStreamRef = { Ref: Object.keys(template.findResources('AWS::KinesisFirehose::DeliveryStream'))[0] };
    expect(alarm(template, 'PartitionCountExceeded')).toEqual(expect.objectContaining({
      Namespace: 'AWS/Firehose',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: deliveryStreamRef }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }));
    const smallObjects = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((each) => each.Properties)
      .find((properties) => (properties.Metrics as Json[] | undefined)?.some((metric) => metric.Id === 'objects'));
    expect(smallObjects?.Metrics).toEqual(expect.arrayContaining([
      expect.objectContaining({ Expression: 'IF(objects >= 1000 AND bytes / objects < 1048576, 1, 0)' }),
      expect.objectContaining({ Id: 'objects', MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'DeliveryToS3.ObjectCount' }), Period: 3600, Stat: 'Sum' }) }),
      expect.objectContaining({ Id: 'bytes', MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'DeliveryToS3.Bytes' }), Period: 3600, Stat: 'Sum' }) }),
    ]));
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('\\"PartitionCount\\"');
    expect(body).toContain('\\"DeliveryToS3.ObjectCount\\"');
  });

  test('parquetConversion: OpenX JSON to Parquet against the Glue table, 128 MiB buffer, uncompressed at the S3 level', () => {
    const { stack, pattern, template } = build({ parquetConversion: { databaseName: 'analytics', tableName: 'clicks' } });
    const config = destination(template);
    expect(config.BufferingHints).toEqual({ IntervalInSeconds: 300, SizeInMBs: 128 });
    expect(config.CompressionFormat).toBe('UNCOMPRESSED');
    expect(config.DataFormatConversionConfiguration).toEqual({
      Enabled: true,
      InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: {} } },
      SchemaConfiguration: {
        CatalogId: { Ref: 'AWS::AccountId' },
        Region: { Ref: 'AWS::Region' },
        DatabaseName: 'analytics',
        TableName: 'clicks',
        VersionId: 'LATEST',
        RoleARN: { 'Fn::GetAtt': [logicalId(stack, pattern.deliveryRole as never), 'Arn'] },
      },
    });
    const glueArn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]] });
    expect(defaultPolicyStatements(stack, template, pattern.deliveryRole)).toEqual([{
      Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      Effect: 'Allow',
      Resource: [glueArn('catalog'), glueArn('database/analytics'), glueArn('table/analytics/clicks')],
    }]);
  });

  test('parquetConversion with catalog, region, version, formats and buffering', () => {
    const { template } = build({
      bufferingSize: Size.mebibytes(64),
      compression: firehose.Compression.UNCOMPRESSED,
      parquetConversion: {
        databaseName: 'db',
        tableName: 'tbl',
        catalogId: '111122223333',
        region: 'eu-west-1',
        versionId: '3',
        inputFormat: firehose.InputFormat.HIVE_JSON,
        outputFormat: new firehose.ParquetOutputFormat({ compression: firehose.ParquetCompression.GZIP }),
      },
    });
    const config = destination(template);
    expect(config.BufferingHints.SizeInMBs).toBe(64);
    expect(config.DataFormatConversionConfiguration).toEqual(expect.objectContaining({
      InputFormatConfiguration: { Deserializer: { HiveJsonSerDe: {} } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'GZIP' } } },
      SchemaConfiguration: expect.objectContaining({ CatalogId: '111122223333', Region: 'eu-west-1', VersionId: '3' }),
    }));
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111122223333:catalog']] }]) })] },
    });
  });

  test('millisBehindLatestAlarmThreshold', () => {
    expect(alarm(build({ millisBehindLatestAlarmThreshold: Duration.minutes(30) }).template, 'KinesisMillisBehindLatest').Threshold).toBe(1800000);
  });

  test('dataFreshnessAlarmThreshold', () => {
    expect(alarm(build({ dataFreshnessAlarmThreshold: Duration.minutes(30) }).template, 'DeliveryToS3.DataFreshness').Threshold).toBe(1800);
  });

  test('the default freshness threshold is twice a bufferingInterval longer than 450 s', () => {
    expect(alarm(build({ bufferingInterval: Duration.seconds(600) }).template, 'DeliveryToS3.DataFreshness').Threshold).toBe(1200);
    expect(alarm(build({ bufferingInterval: Duration.seconds(450) }).template, 'DeliveryToS3.DataFreshness').Threshold).toBe(900);
  });
});

describe('KinesisFirehoseDelivery bucket and key props', () => {
  test('encryptionKey encrypts the bucket and the delivered objects; the delivery role may use it through S3 only', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'DataKey', { enableKeyRotation: true });
    const { pattern, template } = build({ encryptionKey: key }, stack);
    const keyArn = { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] };
    expect(pattern.encryptionKey).toBe(key);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
    });
    expect(destination(template).EncryptionConfiguration).toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: keyArn } });
    expect(defaultPolicyStatements(stack, template, pattern.deliveryRole)).toEqual([{
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Effect: 'Allow',
      Resource: keyArn,
      Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
    }]);
  });

  test('existingBucket: delivers to it, creates no bucket, and uses the bucket\'s own key', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'BucketKey', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'Mine', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true });
    const { pattern, template } = build({ existingBucket: bucket }, stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(pattern.bucket).toBe(bucket);
    expect(pattern.serverAccessLogsBucket).toBeUndefined();
    expect(pattern.encryptionKey).toBe(key);
    expect(destination(template).BucketARN).toEqual({ 'Fn::GetAtt': [logicalId(stack, bucket), 'Arn'] });
    expect(destination(template).EncryptionConfiguration).toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] } } });
    expect(noticeRule(template).EventPattern.detail.bucket).toEqual({ name: [{ Ref: logicalId(stack, bucket) }] });
    template.hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
  });

  test('an imported existingBucket: a warning to turn on its EventBridge notifications, and the IAM5 acknowledgement for its ARN', () => {
    const stack = new Stack();
    const { template } = build({ existingBucket: s3.Bucket.fromBucketName(stack, 'Imported', 'clickstream-archive') }, stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(noticeRule(template).EventPattern.detail.bucket).toEqual({ name: ['clickstream-archive'] });
    Annotations.fromStack(stack).hasWarning('/Default/Delivery/FailureNotices', Match.stringLikeRegexp('Turn on Amazon EventBridge notifications on bucket clickstream-archive'));
    const policies = template.findResources('AWS::IAM::Policy', { Metadata: { cdk_nag: Match.anyValue() } });
    expect(Object.values(policies)[0].Metadata.cdk_nag.rules_to_suppress[0].applies_to).toEqual(['Resource::arn:<AWS::Partition>:s3:::clickstream-archive/*']);
  });

  test('bucketProps are merged over the defaults; the access log bucket follows the removal policy', () => {
    const { template } = build({ bucketProps: { removalPolicy: RemovalPolicy.DESTROY, lifecycleRules: [{ expiration: Duration.days(30) }] } });
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
    expect(buckets.map((bucket) => bucket.DeletionPolicy)).toEqual(['Delete', 'Delete']);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 30, Status: 'Enabled' }] },
      BucketEncryption: Match.objectLike({ ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } })] }),
    });
  });

  test('logGroupProps', () => {
    build({ logGroupProps: { retention: logs.RetentionDays.ONE_MONTH } }).template
      .hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('failureQueueProps', () => {
    const { template } = build({ failureQueueProps: { retentionPeriod: Duration.days(4), ageOfOldestMessageAlarmThreshold: Duration.days(1) } });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 345600 });
    expect(alarm(template, 'ApproximateAgeOfOldestMessage').Threshold).toBe(86400);
  });

  test('one key for the bucket and the failure queue: no dependency cycle', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'SharedKey', { enableKeyRotation: true });
    const { template } = build({ encryptionKey: key, failureQueueProps: { encryptionKey: key } }, stack);
    expect(dependencyCycles(template)).toEqual([]);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })]) },
    });
  });

  test('failureQueueProps.encryptionKey: the key policy gets the EventBridge statement', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'QueueKey', { enableKeyRotation: true });
    const { template } = build({ failureQueueProps: { encryptionKey: key } }, stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] })]) },
    });
  });

  test('an imported failure queue key gets a warning with the statement to add to its policy', () => {
    const stack = new Stack();
    const key = kms.Key.fromKeyArn(stack, 'ImportedKey', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    build({ failureQueueProps: { encryptionKey: key } }, stack);
    Annotations.fromStack(stack).hasWarning('/Default/ImportedKey', Match.stringLikeRegexp('EventBridge cannot send to the failure queue'));
  });
});

describe('KinesisFirehoseDelivery shared props', () => {
  test('existingStream: no stream is created; the source role reads that stream and decrypts with its key', () => {
    const stack = new Stack();
    const key = kms.Key.fromKeyArn(stack, 'StreamKey', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const existing = kinesis.Stream.fromStreamAttributes(stack, 'Existing', {
      streamArn: 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks',
      encryptionKey: key,
    });
    const { pattern, template } = build({ existingStream: existing }, stack);
    template.resourceCountIs('AWS::Kinesis::Stream', 0);
    expect(pattern.stream).toBe(existing);
    expect(roleStatements(stack, template, pattern.sourceRole)).toEqual([
      expect.objectContaining({ Resource: 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks' }),
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    ]);
    expect(deliveryStream(template).Properties.KinesisStreamSourceConfiguration.KinesisStreamARN).toBe('arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
  });

  test('streamProps and enhancedMonitoring configure the stream it creates', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'StreamKey', { enableKeyRotation: true });
    const { pattern, template } = build({
      streamProps: { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 4, encryptionKey: key },
      enhancedMonitoring: true,
    }, stack);
    template.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 4, DesiredShardLevelMetrics: ['ALL'] });
    expect(roleStatements(stack, template, pattern.sourceRole)).toContainEqual(
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] } });
  });

  test('alarmActions are attached to every alarm', () => {
    const stack = new Stack();
    const topic = new sns.Topic(stack, 'Topic');
    const { template } = build({ alarmActions: [new cloudwatchActions.SnsAction(topic)] }, stack);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(8);
    for (const each of alarms) {
      expect(each.Properties.AlarmActions).toEqual([{ Ref: logicalId(stack, topic) }]);
    }
  });

  test('createDashboard false', () => {
    const { pattern, template } = build({ createDashboard: false });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(pattern.dashboard).toBeUndefined();
    expect(pattern.alarms).toHaveLength(8);
  });

  test('two instances in one stack do not collide', () => {
    const stack = new Stack();
    const first = new KinesisFirehoseDelivery(stack, 'First');
    const second = new KinesisFirehoseDelivery(stack, 'Second', { existingStream: first.stream });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 2);
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.resourceCountIs('AWS::S3::Bucket', 4);
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 2);
    expect(stack.resolve(first.deliveryStreamName)).not.toEqual(stack.resolve(second.deliveryStreamName));
  });

  test('leaves no Solutions Constructs override warning setting behind', () => {
    const before = process.env.overrideWarningsEnabled;
    build({ bufferingSize: Size.mebibytes(10) });
    expect(process.env.overrideWarningsEnabled).toBe(before);
  });
});

describe('cdk-nag AwsSolutions and Serverless', () => {
  test('the default pattern has no unacknowledged finding', () => {
    const stack = new Stack();
    new KinesisFirehoseDelivery(stack, 'Delivery');
    expectNoNagFindings(stack);
  });

  test('two patterns on one stream in one stack have no unacknowledged finding', () => {
    const stack = new Stack();
    const first = new KinesisFirehoseDelivery(stack, 'First');
    new KinesisFirehoseDelivery(stack, 'Second', { existingStream: first.stream });
    expectNoNagFindings(stack);
  });

  test('a fully configured pattern has no unacknowledged finding', () => {
    const app = new App();
    const stack = new Stack(app, 'Full', { env: { account: '111122223333', region: 'eu-west-1' } });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true });
    new KinesisFirehoseDelivery(stack, 'Delivery', {
      streamProps: { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 2, encryptionKey: key },
      enhancedMonitoring: true,
      alarmActions: [new cloudwatchActions.SnsAction(topic)],
      encryptionKey: key,
      bucketProps: { removalPolicy: RemovalPolicy.DESTROY },
      bufferingInterval: Duration.seconds(120),
      bufferingSize: Size.mebibytes(64),
      dynamicPartitioningKeys: { customer_id: '.customer_id' },
      retryDuration: Duration.minutes(5),
      millisBehindLatestAlarmThreshold: Duration.minutes(2),
      parquetConversion: { databaseName: 'analytics', tableName: 'clicks' },
      dataFreshnessAlarmThreshold: Duration.minutes(10),
      logGroupProps: { retention: logs.RetentionDays.THREE_MONTHS },
      failureQueueProps: { encryptionKey: key, retentionPeriod: Duration.days(7), ageOfOldestMessageAlarmThreshold: Duration.days(3) },
    });
    expectNoNagFindings(stack);
    expect(dependencyCycles(Template.fromStack(stack))).toEqual([]);
  });
});
