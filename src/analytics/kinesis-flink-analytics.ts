import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as flink from 'aws-cdk-lib/aws-kinesisanalytics';
import * as flinkv2 from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createApplicationRole, FLINK_PRINCIPAL } from './application-role';
import { FlinkLogLevel, FlinkMetricsLevel, FlinkRuntime, KinesisFlinkAnalyticsProps } from './flink-analytics-props';
import { addFlinkAlarms, addFlinkWidgets, FLINK_ALARM_DEFAULTS, FlinkMetrics } from './flink-monitoring';
import { createOrUseOutputBucket } from './output-bucket';
import { propertyGroups } from './property-groups';
import { validateFlinkAnalyticsProps } from './validation';
import { FailureQueue } from '../core/failure-queue';
import { PatternMonitoring } from '../core/monitoring';
import { createOrUseStream } from '../core/stream';
import { addStreamWidgets } from '../core/stream-monitoring';

/** The defaults of `KinesisFlinkAnalyticsProps`. */
const DEFAULTS = {
  runtime: FlinkRuntime.FLINK_1_20,
  parallelism: 1,
  parallelismPerKpu: 1,
  autoScalingEnabled: true,
  checkpointingEnabled: true,
  checkpointIntervalMillis: 60_000,
  minPauseBetweenCheckpointsMillis: 5_000,
  snapshotsEnabled: true,
  systemRollbackEnabled: false,
  logLevel: FlinkLogLevel.INFO,
  metricsLevel: FlinkMetricsLevel.APPLICATION,
  logRetention: logs.RetentionDays.ONE_YEAR,
  outputPrefix: 'output/',
};

/** The service principals that use a customer managed key for the application state. */
const STATE_KEY_PRINCIPALS = [FLINK_PRINCIPAL, 'infrastructure.kinesisanalytics.amazonaws.com'];

/**
 * Kinesis Data Streams -> Managed Service for Apache Flink -> S3: a Flink application (stable L1
 * `AWS::KinesisAnalyticsV2::Application`) that reads the stream, writes under a prefix of an
 * encrypted bucket and sends the records it rejects to an SQS failure queue. Autoscaling,
 * checkpointing and snapshots are on; it logs to its own log group; alarms and a dashboard watch
 * it. Its settings reach the application as runtime properties (group `StreamingDataPatterns`).
 */
export class KinesisFlinkAnalytics extends Construct {
  /** The input stream. */
  public readonly stream: kinesis.IStream;
  /** The Flink application. */
  public readonly application: flink.CfnApplicationV2;
  /** The name of the application (the `Application` dimension of its metrics). */
  public readonly applicationName: string;
  /** The role the application runs with. */
  public readonly role: iam.IRole;
  /** The output bucket (created or `existingBucket`). */
  public readonly bucket: s3.IBucket;
  /** The server access log bucket of the output bucket, when the pattern created it. */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The key prefix the application writes under. */
  public readonly outputPrefix: string;
  /** The queue for the records the application rejects. */
  public readonly failureQueue: sqs.IQueue;
  /** The log group of the application. */
  public readonly logGroup: logs.ILogGroup;
  /** The log stream the application writes to. */
  public readonly logStream: logs.ILogStream;
  /** The security groups of the application, with `vpc`. */
  public readonly securityGroups?: ec2.ISecurityGroup[];
  /** Every alarm the pattern created. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The dashboard, unless `createDashboard` is false. */
  public readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: KinesisFlinkAnalyticsProps) {
    super(scope, id);
    validateFlinkAnalyticsProps(props);
    const stack = Stack.of(this);
    const runtime = props.runtime ?? DEFAULTS.runtime;
    const checkpointingEnabled = props.checkpointingEnabled ?? DEFAULTS.checkpointingEnabled;
    this.outputPrefix = props.outputPrefix ?? DEFAULTS.outputPrefix;
    const monitoring = new PatternMonitoring(props.alarmActions);

    this.stream = createOrUseStream(this, 'Stream', props);
    const code = props.code.bind(this);
    const output = createOrUseOutputBucket(this, props.existingBucket, props.bucketProps);
    this.bucket = output.bucket;
    this.accessLogsBucket = output.accessLogsBucket;
    const failureQueue = new FailureQueue(this, 'FailureQueue', monitoring, props.failureQueueProps);
    this.failureQueue = failureQueue.queue;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention ?? DEFAULTS.logRetention });
    this.logStream = new logs.LogStream(this, 'LogStream', { logGroup: this.logGroup });
    const logStreamArn = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${this.logGroup.logGroupName}:log-stream:${this.logStream.logStreamName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    let vpcConfiguration: flink.CfnApplicationV2.VpcConfigurationProperty | undefined;
    let vpc: { subnets: ec2.ISubnet[]; securityGroups: ec2.ISecurityGroup[] } | undefined;
    if (props.vpc) {
      const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets;
      this.securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: `The Flink application of ${this.node.path}: no inbound rules`,
        allowAllOutbound: true,
      })];
      vpc = { subnets, securityGroups: this.securityGroups };
      vpcConfiguration = {
        subnetIds: subnets.map((subnet) => subnet.subnetId),
        securityGroupIds: this.securityGroups.map((group) => group.securityGroupId),
      };
    }

    const role = createApplicationRole(this, {
      stream: this.stream,
      code,
      bucket: this.bucket,
      outputPrefix: this.outputPrefix,
      failureQueue,
      logGroup: this.logGroup,
      logStreamArn,
      vpc,
    });
    this.role = role;
    if (props.applicationEncryptionKey) {
      allowServiceToUseStateKey(this, props.applicationEncryptionKey);
    }

    this.application = new flink.CfnApplicationV2(this, 'Application', {
      runtimeEnvironment: runtime,
      serviceExecutionRole: role.roleArn,
      applicationDescription: `Kinesis -> Flink -> S3: ${this.node.path}`,
      applicationConfiguration: {
        applicationCodeConfiguration: {
          codeContentType: 'ZIPFILE',
          codeContent: { s3ContentLocation: { bucketArn: code.bucket.bucketArn, fileKey: code.key, objectVersion: code.objectVersion } },
        },
        environmentProperties: {
          propertyGroups: propertyGroups({
            inputStreamName: this.stream.streamName,
            inputStreamArn: this.stream.streamArn,
            region: stack.region,
            outputBucketName: this.bucket.bucketName,
            outputPrefix: this.outputPrefix,
            failureQueueUrl: this.failureQueue.queueUrl,
          }, props.propertyGroups),
        },
        flinkApplicationConfiguration: {
          checkpointConfiguration: {
            configurationType: 'CUSTOM',
            checkpointingEnabled,
            ...(checkpointingEnabled ? {
              checkpointInterval: props.checkpointInterval?.toMilliseconds() ?? DEFAULTS.checkpointIntervalMillis,
              minPauseBetweenCheckpoints: props.minPauseBetweenCheckpoints?.toMilliseconds() ?? DEFAULTS.minPauseBetweenCheckpointsMillis,
            } : {}),
          },
          parallelismConfiguration: {
            configurationType: 'CUSTOM',
            autoScalingEnabled: props.autoScalingEnabled ?? DEFAULTS.autoScalingEnabled,
            parallelism: props.parallelism ?? DEFAULTS.parallelism,
            parallelismPerKpu: props.parallelismPerKpu ?? DEFAULTS.parallelismPerKpu,
          },
          monitoringConfiguration: {
            configurationType: 'CUSTOM',
            logLevel: props.logLevel ?? DEFAULTS.logLevel,
            metricsLevel: props.metricsLevel ?? DEFAULTS.metricsLevel,
          },
        },
        applicationSnapshotConfiguration: { snapshotsEnabled: props.snapshotsEnabled ?? DEFAULTS.snapshotsEnabled },
        applicationSystemRollbackConfiguration: { rollbackEnabled: props.systemRollbackEnabled ?? DEFAULTS.systemRollbackEnabled },
        ...(props.applicationEncryptionKey ? {
          applicationEncryptionConfiguration: { keyType: 'CUSTOMER_MANAGED_KEY', keyId: props.applicationEncryptionKey.keyArn },
        } : {}),
        ...(vpcConfiguration ? { vpcConfigurations: [vpcConfiguration] } : {}),
      },
    });
    // The service checks the role when the application is created: its policy comes first.
    this.application.node.addDependency(role.node.findChild('DefaultPolicy'));
    this.applicationName = this.application.ref;

    // The logging option has no cdk-nag rule: it uses the L1 aws-cdk-lib has not deprecated.
    const logging = new flinkv2.CfnApplicationCloudWatchLoggingOption(this, 'Logging', {
      applicationName: this.applicationName,
      cloudWatchLoggingOption: { logStreamArn },
    });
    logging.node.addDependency(role.node.findChild('DefaultPolicy'));

    const metrics = new FlinkMetrics(this.applicationName, this.stream.streamName, runtime);
    addFlinkAlarms(monitoring, this, metrics, props.millisBehindLatestThreshold ?? FLINK_ALARM_DEFAULTS.millisBehindLatest);
    addStreamWidgets(monitoring, this.stream);
    addFlinkWidgets(monitoring, metrics);
    // The failure queue's alarms and row were added when it was created.
    this.alarms = monitoring.alarms;
    if (props.createDashboard ?? true) {
      this.dashboard = monitoring.createDashboard(this, 'Dashboard', `Kinesis -> Flink -> S3: ${this.node.path}`);
    }
  }
}

/**
 * Lets Managed Service for Apache Flink use the customer managed key for the application state,
 * for applications of this account only (its documented key policy: describe the key, encrypt
 * and decrypt the state, create grants). An imported key's policy cannot be changed: synth warns.
 */
function allowServiceToUseStateKey(scope: Construct, key: kms.IKey): void {
  const statement = new iam.PolicyStatement({
    sid: 'AllowManagedFlinkApplicationState',
    actions: ['kms:DescribeKey', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:CreateGrant'],
    principals: STATE_KEY_PRINCIPALS.map((principal) => new iam.ServicePrincipal(principal)),
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
  });
  if (!key.addToResourcePolicy(statement, true).statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-streaming-data-patterns:applicationKeyPolicy',
      `The policy of this imported key cannot be changed here: add ${JSON.stringify(statement.toStatementJson())} to it, or the Flink application cannot use it.`);
  }
}
