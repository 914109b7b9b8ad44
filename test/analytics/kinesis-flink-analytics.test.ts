import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  FlinkCode, FlinkLogLevel, FlinkMetricsLevel, FlinkRuntime, KinesisFlinkAnalytics, KinesisFlinkAnalyticsProps,
} from '../../src';
import { expectNoNagFindings, nagFindings } from '../nag-harness';
import { permissionsOf } from '../policy-grants';

type Json = Record<string, any>;
const PLACEHOLDER = path.join(__dirname, '../../integ/assets/flink-placeholder');

function build(props: Partial<KinesisFlinkAnalyticsProps> = {}, stack = new Stack()) {
  const pattern = new KinesisFlinkAnalytics(stack, 'Analytics', { code: FlinkCode.fromAsset(PLACEHOLDER), ...props });
  return { stack, pattern, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

function application(template: Template): Json {
  const apps = Object.values(template.findResources('AWS::KinesisAnalyticsV2::Application'));
  expect(apps).toHaveLength(1);
  return apps[0];
}

function flinkConfiguration(template: Template): Json {
  return application(template).Properties.ApplicationConfiguration.FlinkApplicationConfiguration;
}

/** The statements of the application role's policy (the starter function has a role of its own). */
function statements(template: Template): Json[] {
  const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('AnalyticsApplicationRole'));
  expect(policies).toHaveLength(1);
  return policies[0][1].Properties.PolicyDocument.Statement;
}

function statement(template: Template, sid: string): Json | undefined {
  return statements(template).find((s) => s.Sid === sid);
}

function alarm(template: Template, metricName: string): Json {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties)
    .filter((p) => p.MetricName === metricName || (p.Metrics ?? []).some((m: Json) => m.MetricStat?.Metric.MetricName === metricName));
  expect(alarms).toHaveLength(1);
  return alarms[0];
}

function alarmById(template: Template, id: string): Json {
  const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([logical]) => logical.startsWith(`Analytics${id}`));
  expect(alarms).toHaveLength(1);
  return alarms[0][1].Properties;
}

function patternGroup(template: Template): Json {
  const groups = application(template).Properties.ApplicationConfiguration.EnvironmentProperties.PropertyGroups;
  return groups.find((g: Json) => g.PropertyGroupId === 'StreamingDataPatterns').PropertyMap;
}

describe('KinesisFlinkAnalytics defaults', () => {
  const { stack, pattern, template } = build();
  const appId = stack.getLogicalId(pattern.application);
  const streamId = logicalId(stack, pattern.stream as kinesis.Stream);
  const bucketId = logicalId(stack, pattern.bucket as s3.Bucket);

  test('creates its own ON_DEMAND stream encrypted with the AWS managed key', () => {
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
  });

  test('runs Flink 1.20 from the code asset, with no physical name', () => {
    const properties = application(template).Properties;
    expect(properties.RuntimeEnvironment).toBe('FLINK-1_20');
    expect(properties.ApplicationName).toBeUndefined();
    expect(properties.ServiceExecutionRole).toEqual({ 'Fn::GetAtt': [logicalId(stack, pattern.applicationRole as never), 'Arn'] });
    const code = properties.ApplicationConfiguration.ApplicationCodeConfiguration;
    expect(code.CodeContentType).toBe('ZIPFILE');
    expect(code.CodeContent.S3ContentLocation.FileKey).toMatch(/^[0-9a-f]{64}\.zip$/);
  });

  test('autoscaling on, parallelism 1, 1 per KPU', () => {
    expect(flinkConfiguration(template).ParallelismConfiguration).toEqual({
      ConfigurationType: 'CUSTOM', AutoScalingEnabled: true, Parallelism: 1, ParallelismPerKPU: 1,
    });
  });

  test('checkpoints every 60 s with a 5 s minimum pause', () => {
    expect(flinkConfiguration(template).CheckpointConfiguration).toEqual({
      ConfigurationType: 'CUSTOM', CheckpointingEnabled: true, CheckpointInterval: 60000, MinPauseBetweenCheckpoints: 5000,
    });
  });

  test('INFO logs and application-level metrics', () => {
    expect(flinkConfiguration(template).MonitoringConfiguration).toEqual({ ConfigurationType: 'CUSTOM', LogLevel: 'INFO', MetricsLevel: 'APPLICATION' });
  });

  test('snapshots on, system rollback on, state encrypted with a key owned by AWS, no VPC, the service\'s restore defaults', () => {
    const configuration = application(template).Properties.ApplicationConfiguration;
    expect(configuration.ApplicationSnapshotConfiguration).toEqual({ SnapshotsEnabled: true });
    expect(configuration.ApplicationSystemRollbackConfiguration).toEqual({ RollbackEnabled: true });
    expect(application(template).Properties.RunConfiguration).toBeUndefined();
    expect(configuration.ApplicationEncryptionConfiguration).toBeUndefined();
    expect(configuration.VpcConfigurations).toBeUndefined();
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
  });

  test('gives the application its stream, bucket, prefix, region and failure queue as runtime properties', () => {
    expect(patternGroup(template)).toEqual({
      InputStreamName: { Ref: streamId },
      InputStreamArn: { 'Fn::GetAtt': [streamId, 'Arn'] },
      Region: { Ref: 'AWS::Region' },
      OutputBucketName: { Ref: bucketId },
      OutputPrefix: 'output/',
      FailureQueueUrl: { Ref: logicalId(stack, pattern.failureQueue as never) },
    });
    expect(application(template).Properties.ApplicationConfiguration.EnvironmentProperties.PropertyGroups).toHaveLength(1);
  });

  test('logs to its own log stream in its own log group, kept one year', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    const logging = Object.values(template.findResources('AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption'));
    expect(logging).toHaveLength(1);
    expect(logging[0].Properties.ApplicationName).toEqual({ Ref: appId });
    expect(JSON.stringify(logging[0].Properties.CloudWatchLoggingOption.LogStreamARN))
      .toContain(`{"Ref":"${logicalId(stack, pattern.logGroup as logs.LogGroup)}"},":log-stream:",{"Ref":"${logicalId(stack, pattern.logStream as logs.LogStream)}"}`);
  });

  test('an encrypted, TLS-only, private, versioned output bucket with access logs and a lifecycle', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack, pattern.serverAccessLogsBucket as s3.Bucket) } },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({ Id: 'IntelligentTiering', Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 0 }] }),
          Match.objectLike({ Id: 'AbortIncompleteMultipartUploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
          Match.objectLike({ Id: 'ExpireNoncurrentVersions', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
        ],
      },
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the role is assumed by the service for this account only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'kinesisanalytics.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }],
      },
    });
  });

  test('the role reads that stream, reads the code object, writes under the prefix, sends to the queue and writes its logs', () => {
    expect(statement(template, 'ReadInputStream')).toEqual(expect.objectContaining({
      Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
      Resource: { 'Fn::GetAtt': [streamId, 'Arn'] },
    }));
    expect(statement(template, 'ReadApplicationCode')?.Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    expect(statement(template, 'WriteOutput')?.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/output/*']] });
    expect(statement(template, 'ListOutput')).toEqual(expect.objectContaining({ Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['output/*'] } } }));
    // s3:prefix is no condition key of ListBucketMultipartUploads: its grant has no condition.
    expect(statement(template, 'ListOutputUploads')).toEqual({
      Sid: 'ListOutputUploads', Action: 's3:ListBucketMultipartUploads', Effect: 'Allow', Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] },
    });
    expect(statements(template)).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(stack, pattern.failureQueue as never), 'Arn'] } }),
    ]));
    expect(statement(template, 'WriteLogs')?.Action).toBe('logs:PutLogEvents');
    expect(statement(template, 'DescribeNetwork')).toBeUndefined();
  });

  test('the application and its logging wait for the role policy', () => {
    const policyId = Object.keys(template.findResources('AWS::IAM::Policy')).find((id) => id.startsWith('AnalyticsApplicationRole'));
    expect(application(template).DependsOn).toContain(policyId);
    expect(Object.values(template.findResources('AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption'))[0].DependsOn).toContain(policyId);
  });

  test('alarms on downtime, failed checkpoints, lag, CPU and heap of the application, and on the failure queue', () => {
    const downtime = alarm(template, 'downtime');
    expect(downtime).toEqual(expect.objectContaining({
      Namespace: 'AWS/KinesisAnalytics',
      Dimensions: [{ Name: 'Application', Value: { Ref: appId } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    }));
    const checkpoints = alarm(template, 'numberOfFailedCheckpoints');
    expect(checkpoints.Metrics[0].Expression).toBe('RATE(m)');
    expect(checkpoints.Threshold).toBe(0);
    const lag = alarm(template, 'millisBehindLatest');
    expect(lag.Threshold).toBe(60000);
    expect(lag.Dimensions).toEqual(expect.arrayContaining([
      { Name: 'Application', Value: { Ref: appId } },
      { Name: 'Flow', Value: 'Input' },
      { Name: 'Id', Value: { Ref: streamId } },
    ]));
    // With autoscaling, which acts at 75 % for 15 minutes, the CPU alarm waits for it to fail.
    expect(alarmById(template, 'CpuAlarm')).toEqual(expect.objectContaining({
      MetricName: 'containerCPUUtilization', Threshold: 90, EvaluationPeriods: 6, Period: 300, TreatMissingData: 'notBreaching',
    }));
    expect(alarm(template, 'heapMemoryUtilization')).toEqual(expect.objectContaining({ Threshold: 90, EvaluationPeriods: 3, Period: 300 }));
    for (const properties of Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties)) {
      expect(properties.AlarmActions).toBeUndefined();
    }
    expect(pattern.alarms.map((each) => each.node.id)).toEqual([
      'DepthAlarm', 'AgeAlarm', 'NotRunningAlarm', 'StalledConsumerAlarm', 'DowntimeAlarm', 'FailedCheckpointsAlarm', 'MillisBehindLatestAlarm',
      'CpuAlarm', 'HeapAlarm',
    ]);
  });

  test('not-running alarm: no application metrics for 15 minutes (the service reports none unless it runs)', () => {
    expect(alarmById(template, 'NotRunningAlarm')).toEqual(expect.objectContaining({
      Namespace: 'AWS/KinesisAnalytics',
      MetricName: 'containerCPUUtilization',
      Dimensions: [{ Name: 'Application', Value: { Ref: appId } }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: 0,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    }));
  });

  test('stalled-consumer alarm: records arrive on the stream and the application reads none for 15 minutes', () => {
    const stalled = alarmById(template, 'StalledConsumerAlarm');
    expect(stalled).toEqual(expect.objectContaining({ EvaluationPeriods: 3, Threshold: 1, TreatMissingData: 'notBreaching' }));
    expect(stalled.Metrics).toEqual(expect.arrayContaining([
      expect.objectContaining({ Expression: 'IF(FILL(incoming, 0) > 0 AND FILL(read, 0) == 0, 1, 0)' }),
      expect.objectContaining({ Id: 'incoming', MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'IncomingRecords' }) }) }),
      expect.objectContaining({
        Id: 'read',
        MetricStat: {
          Metric: { Namespace: 'AWS/KinesisAnalytics', MetricName: 'numRecordsInPerSecond', Dimensions: [{ Name: 'Application', Value: { Ref: appId } }] },
          Period: 300,
          Stat: 'Maximum',
        },
      }),
    ]));
  });

  test('starts the application on deploy: a custom resource after the application and its logging, run by a function of its own', () => {
    const starts = Object.values(template.findResources('Custom::FlinkApplicationStart'));
    expect(starts).toHaveLength(1);
    const [start] = starts;
    expect(start.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^AnalyticsStarterFunction/), 'Arn'] },
      ApplicationName: { Ref: appId },
      CodeBucketArn: expect.anything(),
      CodeKey: expect.stringMatching(/\.zip$/),
      CodeObjectVersion: '',
      AllowNonRestoredState: 'false',
      LogGroupName: { Ref: logicalId(stack, pattern.logGroup as logs.LogGroup) },
      StopOnStackDeletion: 'true',
      // CloudFormation waits 20 minutes for an answer, not an hour: the function answers within its 15.
      ServiceTimeout: '1200',
    });
    // After the application (the Ref of ApplicationName) and its logging option; the function waits for its role.
    expect(start.DependsOn).toEqual([expect.stringMatching(/^AnalyticsLogging/)]);
    const [functionId] = Object.keys(template.findResources('AWS::Lambda::Function'));
    expect(template.toJSON().Resources[functionId].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^AnalyticsStarterRoleDefaultPolicy/)]));
    expect(start.DeletionPolicy).toBe('Delete');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 900,
      MemorySize: 256,
    });
  });

  test('the start function may only describe, list the snapshots of, start and stop this application, read its stack and write its own log group', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('AnalyticsStarterRole'));
    expect(policies).toHaveLength(1);
    expect(policies[0][1].Properties.PolicyDocument.Statement).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AnalyticsStarterLogGroup/), 'Arn'] },
      },
      {
        Action: [
          'kinesisanalytics:DescribeApplication',
          'kinesisanalytics:ListApplicationSnapshots',
          'kinesisanalytics:StartApplication',
          'kinesisanalytics:StopApplication',
        ],
        Effect: 'Allow',
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kinesisanalytics:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':application/', { Ref: appId }]],
        },
      },
      { Action: 'cloudformation:DescribeStacks', Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } },
    ]);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('a dashboard with the stream, application, checkpoint, CPU and KPU widgets', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const text of ['Stream incoming records', 'uptime', 'numRecordsInPerSecond', 'millisBehindLatest', 'lastCheckpointDuration', 'KPUs', 'Failure queue']) {
      expect(body).toContain(text);
    }
  });

  test('no unacknowledged cdk-nag findings (KDA3 included)', () => {
    expectNoNagFindings(build().stack);
  });
});

describe('KinesisFlinkAnalytics props', () => {
  test('FlinkCode.fromBucket reads that object only, decrypting with the bucket key', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'CodeKey', { enableKeyRotation: true });
    const codeBucket = new s3.Bucket(stack, 'CodeBucket', { encryptionKey: key });
    const { template } = build({ code: FlinkCode.fromBucket(codeBucket, 'apps/app.jar', 'v1') }, stack);
    const location = application(template).Properties.ApplicationConfiguration.ApplicationCodeConfiguration.CodeContent.S3ContentLocation;
    expect(location).toEqual({ BucketARN: { 'Fn::GetAtt': [logicalId(stack, codeBucket), 'Arn'] }, FileKey: 'apps/app.jar', ObjectVersion: 'v1' });
    expect(statement(template, 'ReadApplicationCode')?.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, codeBucket), 'Arn'] }, '/apps/app.jar']] });
    expect(statements(template)).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] } }),
    ]));
  });

  test('Flink 2.2 alarms on restarts (numRestarts) instead of the deprecated downtime', () => {
    const { pattern, template } = build({ runtime: FlinkRuntime.FLINK_2_2 });
    expect(application(template).Properties.RuntimeEnvironment).toBe('FLINK-2_2');
    const restarts = alarm(template, 'numRestarts');
    expect(restarts.Metrics[0].Expression).toBe('RATE(m)');
    const body = JSON.stringify(template.toJSON());
    for (const removed of ['downtime', 'uptime', 'fullRestarts']) {
      expect(body).not.toContain(`"MetricName":"${removed}"`);
      expect(body).not.toContain(`\\"${removed}\\"`);
    }
    expect(pattern.alarms).toHaveLength(9);
  });

  test('parallelism, autoscaling, checkpointing, snapshots, rollback, log and metrics levels', () => {
    const { template } = build({
      parallelism: 4,
      parallelismPerKpu: 2,
      autoScalingEnabled: false,
      checkpointInterval: Duration.seconds(30),
      minPauseBetweenCheckpoints: Duration.seconds(10),
      snapshotsEnabled: false,
      systemRollbackEnabled: false,
      logLevel: FlinkLogLevel.WARN,
      metricsLevel: FlinkMetricsLevel.OPERATOR,
      logGroupProps: { retention: logs.RetentionDays.ONE_WEEK },
    });
    const flink = flinkConfiguration(template);
    expect(flink.ParallelismConfiguration).toEqual({ ConfigurationType: 'CUSTOM', AutoScalingEnabled: false, Parallelism: 4, ParallelismPerKPU: 2 });
    expect(flink.CheckpointConfiguration).toEqual({ ConfigurationType: 'CUSTOM', CheckpointingEnabled: true, CheckpointInterval: 30000, MinPauseBetweenCheckpoints: 10000 });
    expect(flink.MonitoringConfiguration).toEqual({ ConfigurationType: 'CUSTOM', LogLevel: 'WARN', MetricsLevel: 'OPERATOR' });
    const configuration = application(template).Properties.ApplicationConfiguration;
    expect(configuration.ApplicationSnapshotConfiguration).toEqual({ SnapshotsEnabled: false });
    expect(configuration.ApplicationSystemRollbackConfiguration).toEqual({ RollbackEnabled: false });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    // Without autoscaling, the CPU alarm asks for more parallelism after 15 minutes at 80 %.
    expect(alarmById(template, 'CpuAlarm')).toEqual(expect.objectContaining({ Threshold: 80, EvaluationPeriods: 3 }));
  });

  test('with a state key, the start function gets the operator permissions AWS documents, through the service only', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'StateKey', { enableKeyRotation: true });
    const { template } = build({ applicationEncryptionKey: key }, stack);
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('AnalyticsStarterRole'));
    const kmsStatements = (policies[0][1].Properties.PolicyDocument.Statement as Json[]).filter((each) => JSON.stringify(each.Action).includes('kms:'));
    const keyArn = { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] };
    const viaFlink = { 'kms:ViaService': { 'Fn::Join': ['', ['kinesisanalytics.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } };
    const context = { 'kms:EncryptionContext:aws:kinesisanalytics:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kinesisanalytics:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':application/*']] } };
    expect(kmsStatements).toEqual([
      { Action: 'kms:DescribeKey', Effect: 'Allow', Resource: keyArn, Condition: { StringEquals: viaFlink } },
      { Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'], Effect: 'Allow', Resource: keyArn, Condition: { StringEquals: viaFlink, StringLike: context } },
      {
        Action: 'kms:CreateGrant',
        Effect: 'Allow',
        Resource: keyArn,
        Condition: {
          'StringEquals': { ...viaFlink, 'kms:GrantConstraintType': 'EncryptionContextSubset' },
          'StringLike': context,
          'ForAllValues:StringEquals': { 'kms:GrantOperations': 'Decrypt' },
        },
      },
    ]);
  });

  test('a retained application is not stopped when the stack is deleted', () => {
    const stack = new Stack();
    const pattern = new KinesisFlinkAnalytics(stack, 'Analytics', { code: FlinkCode.fromAsset(PLACEHOLDER) });
    pattern.application.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const start = Object.values(Template.fromStack(stack).findResources('Custom::FlinkApplicationStart'))[0];
    expect(start.Properties.StopOnStackDeletion).toBe('false');
  });

  test('startApplication false: no custom resource, no function', () => {
    const { template } = build({ startApplication: false });
    template.resourceCountIs('Custom::FlinkApplicationStart', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::IAM::Role', 1);
  });

  test('allowNonRestoredState: the start and the restarts of updates may skip state the code no longer has', () => {
    const { template } = build({ allowNonRestoredState: true });
    expect(application(template).Properties.RunConfiguration).toEqual({ FlinkRunConfiguration: { AllowNonRestoredState: true } });
    expect(Object.values(template.findResources('Custom::FlinkApplicationStart'))[0].Properties.AllowNonRestoredState).toBe('true');
  });

  test('FlinkCode.fromBucket with a version: a new version makes the starter run again', () => {
    const stack = new Stack();
    const codeBucket = new s3.Bucket(stack, 'CodeBucket');
    const { template } = build({ code: FlinkCode.fromBucket(codeBucket, 'apps/app.jar', 'v2') }, stack);
    expect(Object.values(template.findResources('Custom::FlinkApplicationStart'))[0].Properties).toEqual(expect.objectContaining({
      CodeBucketArn: { 'Fn::GetAtt': [logicalId(stack, codeBucket), 'Arn'] },
      CodeKey: 'apps/app.jar',
      CodeObjectVersion: 'v2',
    }));
  });

  test('checkpointing off: no interval, a warning that says what it costs, and the KDA3 check of the nag harness reports it', () => {
    const { stack, template } = build({ checkpointingEnabled: false });
    expect(flinkConfiguration(template).CheckpointConfiguration).toEqual({ ConfigurationType: 'CUSTOM', CheckpointingEnabled: false });
    Annotations.fromStack(stack).hasWarning('/Default/Analytics',
      Match.stringLikeRegexp('checkpointingEnabled is false: a restart .* loses the application state .*\\[ack: cdk-streaming-data-patterns:checkpointingDisabled\\]'));
    const nagged = new Stack();
    new KinesisFlinkAnalytics(nagged, 'Analytics', { code: FlinkCode.fromAsset(PLACEHOLDER), checkpointingEnabled: false });
    expect(nagFindings(nagged)).toEqual([expect.stringMatching(/^\/Default\/Analytics\/Application: KDA3 \(checkpointing\)/)]);
  });

  test('checkpointing on by default: no warning', () => {
    const { stack } = build({});
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('user property groups follow the pattern group', () => {
    const { template } = build({ propertyGroups: { Business: { Threshold: '10' }, Other: {} } });
    const groups = application(template).Properties.ApplicationConfiguration.EnvironmentProperties.PropertyGroups;
    expect(groups.map((g: Json) => g.PropertyGroupId)).toEqual(['StreamingDataPatterns', 'Business', 'Other']);
    expect(groups[1].PropertyMap).toEqual({ Threshold: '10' });
  });

  test('outputPrefix moves the write permission and the runtime property', () => {
    const { template } = build({ outputPrefix: 'flink/results/' });
    expect(patternGroup(template).OutputPrefix).toBe('flink/results/');
    expect(JSON.stringify(statement(template, 'WriteOutput')?.Resource)).toContain('/flink/results/*');
    expect(statement(template, 'ListOutput')?.Condition).toEqual({ StringLike: { 's3:prefix': ['flink/results/*'] } });
  });

  test('an existing stream with a customer key: read and decrypt, no new stream', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'StreamKey', { enableKeyRotation: true });
    const existingStream = new kinesis.Stream(stack, 'Existing', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
    const { template } = build({ existingStream }, stack);
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    expect(patternGroup(template).InputStreamName).toEqual({ Ref: logicalId(stack, existingStream) });
    expect(statements(template)).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] } }),
    ]));
  });

  test('an existing bucket with a customer key: no new buckets, write under the prefix with that key', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'BucketKey', { enableKeyRotation: true });
    const existingBucket = new s3.Bucket(stack, 'Out', { encryptionKey: key });
    const { pattern, template } = build({ existingBucket }, stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(pattern.serverAccessLogsBucket).toBeUndefined();
    expect(patternGroup(template).OutputBucketName).toEqual({ Ref: logicalId(stack, existingBucket) });
    const keyArn = { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] };
    expect(permissionsOf(statements(template) as Parameters<typeof permissionsOf>[0])).toEqual(expect.arrayContaining([
      { action: 'kms:GenerateDataKey', resource: keyArn },
      { action: 'kms:Decrypt', resource: keyArn },
    ]));
  });

  test('bucketProps are merged over the bucket defaults', () => {
    const { template } = build({ bucketProps: { versioned: false, lifecycleRules: [{ expiration: Duration.days(30) }] } });
    const buckets = Object.values(template.findResources('AWS::S3::Bucket')).map((b) => b.Properties).filter((p) => p.LoggingConfiguration);
    expect(buckets).toHaveLength(1);
    expect(buckets[0].VersioningConfiguration).toBeUndefined();
    expect(buckets[0].LifecycleConfiguration.Rules).toEqual([{ ExpirationInDays: 30, Status: 'Enabled' }]);
    expect(buckets[0].BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
  });

  test('a customer key for the application state, statement by statement as AWS documents the key policy, for this account\'s applications', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'StateKey', { enableKeyRotation: true });
    const { template } = build({ applicationEncryptionKey: key }, stack);
    expect(application(template).Properties.ApplicationConfiguration.ApplicationEncryptionConfiguration)
      .toEqual({ KeyType: 'CUSTOMER_MANAGED_KEY', KeyId: { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] } });
    const keyStatements = template.toJSON().Resources[logicalId(stack, key)].Properties.KeyPolicy.Statement.filter((each: Json) => each.Sid);
    const flink = { Service: 'kinesisanalytics.amazonaws.com' };
    const infrastructure = { Service: 'infrastructure.kinesisanalytics.amazonaws.com' };
    const applications = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kinesisanalytics:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':application/*']] };
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': applications } };
    const context = { StringLike: { 'kms:EncryptionContext:aws:kinesisanalytics:arn': applications } };
    const keyStatement = (Sid: string, Principal: Json, Action: string | string[], Condition: Json) => ({ Sid, Effect: 'Allow', Principal, Action, Resource: '*', Condition });
    expect(keyStatements).toEqual([
      keyStatement('AllowManagedFlinkToDescribeTheStateKey', { Service: [flink.Service, infrastructure.Service] }, 'kms:DescribeKey', fromThisAccount),
      keyStatement('AllowManagedFlinkToGenerateDurableStateKeys', flink, 'kms:GenerateDataKey', { ...fromThisAccount, ...context }),
      keyStatement('AllowManagedFlinkToDecryptDurableState', flink, 'kms:Decrypt', context),
      keyStatement('AllowManagedFlinkToUseRunningStateStorage', infrastructure, ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'], context),
      keyStatement('AllowManagedFlinkToGrantRunningStateStorage', infrastructure, 'kms:CreateGrant', {
        ...context,
        'StringEquals': { 'kms:GrantConstraintType': 'EncryptionContextSubset' },
        'ForAllValues:StringEquals': { 'kms:GrantOperations': 'Decrypt' },
      }),
    ]);
  });

  test('an imported state key: synth warns that its policy must be changed', () => {
    const stack = new Stack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const { pattern } = build({ applicationEncryptionKey: key }, stack);
    const warnings = pattern.node.metadata.filter((entry) => entry.type === 'aws:cdk:warning').map((entry) => String(entry.data));
    expect(warnings.some((text) => text.includes('cannot be changed here'))).toBe(true);
  });

  test('a VPC: private subnets, a new security group and the network interface permissions', () => {
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const { pattern, template } = build({ vpc }, stack);
    const vpcConfigurations = application(template).Properties.ApplicationConfiguration.VpcConfigurations;
    expect(vpcConfigurations).toHaveLength(1);
    expect(vpcConfigurations[0].SubnetIds).toEqual(vpc.privateSubnets.map((subnet) => ({ Ref: logicalId(stack, subnet as never) })));
    expect(vpcConfigurations[0].SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [logicalId(stack, pattern.securityGroups![0] as never), 'GroupId'] }]);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: Match.absent() });
    expect(statement(template, 'DescribeNetwork')?.Resource).toBe('*');
    expect(statement(template, 'CreateNetworkInterfaces')?.Action).toBe('ec2:CreateNetworkInterface');
    expect(JSON.stringify(statement(template, 'ManageNetworkInterfaces')?.Resource)).toContain(':network-interface/*');
  });

  test('vpcSubnets and securityGroups are used as given', () => {
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const { template } = build({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, securityGroups: [securityGroup] }, stack);
    const configuration = application(template).Properties.ApplicationConfiguration.VpcConfigurations[0];
    expect(configuration.SubnetIds).toEqual(vpc.publicSubnets.map((subnet) => ({ Ref: logicalId(stack, subnet as never) })));
    expect(configuration.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [logicalId(stack, securityGroup), 'GroupId'] }]);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
  });

  test('millisBehindLatestAlarmThreshold, alarm actions and no dashboard', () => {
    const stack = new Stack();
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
    const { template } = build({
      millisBehindLatestAlarmThreshold: Duration.minutes(5),
      alarmActions: [new cloudwatchActions.SnsAction(topic)],
      createDashboard: false,
    }, stack);
    expect(alarm(template, 'millisBehindLatest').Threshold).toBe(300000);
    for (const properties of Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties)) {
      expect(properties.AlarmActions).toEqual([{ Ref: logicalId(stack, topic) }]);
    }
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('an imported stream\'s name is the Id dimension of the lag alarm, unchanged', () => {
    const stack = new Stack();
    const existingStream = kinesis.Stream.fromStreamArn(stack, 'Imported', 'arn:aws:kinesis:us-east-1:111122223333:stream/click-stream.v1');
    const { template } = build({ existingStream }, stack);
    expect(alarm(template, 'millisBehindLatest').Dimensions).toEqual(expect.arrayContaining([{ Name: 'Id', Value: 'click-stream.v1' }]));
  });

  test('failureQueueProps reach the failure queue', () => {
    const { template } = build({ failureQueueProps: { retentionPeriod: Duration.days(4), ageOfOldestMessageAlarmThreshold: Duration.days(2) } });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 345600 });
  });

  test('two instances in one stack', () => {
    const stack = new Stack();
    new KinesisFlinkAnalytics(stack, 'One', { code: FlinkCode.fromAsset(PLACEHOLDER) });
    new KinesisFlinkAnalytics(stack, 'Two', { code: FlinkCode.fromAsset(PLACEHOLDER), runtime: FlinkRuntime.FLINK_2_2 });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KinesisAnalyticsV2::Application', 2);
    template.resourceCountIs('AWS::Kinesis::Stream', 2);
    for (const type of ['AWS::KinesisAnalyticsV2::Application', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::IAM::Role', 'AWS::CloudWatch::Dashboard']) {
      for (const resource of Object.values(template.findResources(type))) {
        const names = ['ApplicationName', 'BucketName', 'LogGroupName', 'RoleName', 'DashboardName'].map((name) => resource.Properties?.[name]);
        expect(names.filter((name) => name !== undefined)).toEqual([]);
      }
    }
  });

  test('a fully configured pattern has no unacknowledged cdk-nag findings', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new ec2.FlowLog(stack, 'FlowLog', { resourceType: ec2.FlowLogResourceType.fromVpc(vpc) });
    new KinesisFlinkAnalytics(stack, 'Analytics', {
      code: FlinkCode.fromAsset(PLACEHOLDER),
      runtime: FlinkRuntime.FLINK_2_2,
      streamProps: { encryptionKey: key },
      applicationEncryptionKey: key,
      vpc,
      systemRollbackEnabled: true,
      failureQueueProps: { encryptionKey: key },
      propertyGroups: { Business: { Threshold: '10' } },
    });
    expectNoNagFindings(stack);
  });
});
