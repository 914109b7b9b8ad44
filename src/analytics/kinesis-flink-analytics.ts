import { Annotations, ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as flink from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createApplicationRole } from './application-role';
import { ApplicationStarter } from './application-starter';
import { FlinkMetricFactory } from './flink-metrics';
import { addFlinkAlarms, addFlinkWidgets } from './flink-monitoring';
import { FlinkCodeConfig, KinesisFlinkAnalyticsProps } from './kinesis-flink-analytics-props';
import { createOrUseOutputBucket } from './output-bucket';
import { propertyGroups } from './property-groups';
import { ANALYTICS_DEFAULTS, AnalyticsSettings, resolveAnalyticsSettings } from './settings';
import { allowServiceToUseStateKey } from './state-key-policy';
import { FailureQueue } from '../core/failure-queue';
import { checkDashboardProps, PatternMonitoring } from '../core/monitoring';
import { resolveRemovalPolicy } from '../core/removal-policy';
import { createOrUseStream } from '../core/stream';
import { addStreamWidgets } from '../core/stream-monitoring';
import { StreamingPattern } from '../core/streaming-pattern';
import { PropsValidator } from '../core/validation';

const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/**
 * Kinesis Data Streams -> Managed Service for Apache Flink -> S3: a Flink application (the L1
 * `AWS::KinesisAnalyticsV2::Application`, so every runtime and option of the service is there)
 * that reads the stream, writes under a prefix of an encrypted bucket and sends the records it
 * rejects to an SQS failure queue. Autoscaling, checkpointing and snapshots are on; it logs to its
 * own log group; alarms and a dashboard watch it. Its settings reach the application as runtime
 * properties (group `StreamingDataPatterns`).
 */
export class KinesisFlinkAnalytics extends StreamingPattern {
  public readonly stream: kinesis.IStream;
  /** The Flink application (started on deploy unless `startApplication` is false). */
  public readonly application: flink.CfnApplication;
  /** The name of the application (the `Application` dimension of its metrics). */
  public readonly applicationName: string;
  /** The role the application runs with. */
  public readonly applicationRole: iam.IRole;
  /** The output bucket (created, or `existingBucket`). */
  public readonly bucket: s3.IBucket;
  /** The bucket the output bucket's server access logs go to, when the pattern created it. */
  public readonly serverAccessLogsBucket?: s3.IBucket;
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
  public readonly alarms: cloudwatch.Alarm[];
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly failures: FailureQueue;
  private readonly metrics: FlinkMetricFactory;

  constructor(scope: Construct, id: string, props: KinesisFlinkAnalyticsProps) {
    super(scope, id);
    const validator = new PropsValidator(this);
    const settings = resolveAnalyticsSettings(validator, props);
    const removalPolicy = resolveRemovalPolicy(validator, props);
    this.outputPrefix = settings.outputPrefix;
    const monitoring = new PatternMonitoring(props.alarmActions);
    checkDashboardProps(this, validator, props);

    this.stream = createOrUseStream(this, validator, props, removalPolicy);
    const code = props.code.bind(this);
    const output = createOrUseOutputBucket(this, props.existingBucket, props.bucketProps, removalPolicy);
    this.bucket = output.bucket;
    this.serverAccessLogsBucket = output.serverAccessLogsBucket;
    this.failures = new FailureQueue(this, 'FailureQueue', { settings: props.failureQueueProps, monitoring, validator, removalPolicy });
    this.failureQueue = this.failures.queue;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: ANALYTICS_DEFAULTS.logRetention, removalPolicy, ...props.logGroupProps });
    this.logStream = new logs.LogStream(this, 'LogStream', { logGroup: this.logGroup, removalPolicy });
    const logStreamArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${this.logGroup.logGroupName}:log-stream:${this.logStream.logStreamName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const vpc = placeInVpc(this, props);
    this.securityGroups = vpc?.securityGroups;
    const role = createApplicationRole(this, {
      stream: this.stream,
      code,
      bucket: this.bucket,
      outputPrefix: this.outputPrefix,
      failureQueue: this.failures,
      logGroup: this.logGroup,
      logStreamArn,
      vpc,
    });
    this.applicationRole = role;
    if (props.applicationEncryptionKey) {
      allowServiceToUseStateKey(this, props.applicationEncryptionKey);
    }

    this.application = new flink.CfnApplication(this, 'Application', {
      runtimeEnvironment: settings.runtime,
      serviceExecutionRole: role.roleArn,
      applicationDescription: `Kinesis -> Flink -> S3: ${this.node.path}`,
      applicationConfiguration: this.applicationConfiguration(props, settings, code, vpc),
      // How the service restarts a running application that an update changes (it restores the
      // latest snapshot by default); only set when it differs from the service's default.
      ...(settings.allowNonRestoredState ? { runConfiguration: { flinkRunConfiguration: { allowNonRestoredState: true } } } : {}),
    });
    // The service checks the role when the application is created: its policy comes first.
    this.application.node.addDependency(role.node.findChild('DefaultPolicy'));
    this.applicationName = this.application.ref;
    if (!settings.checkpointingEnabled) {
      Annotations.of(this).addWarningV2('cdk-streaming-data-patterns:checkpointingDisabled',
        'checkpointingEnabled is false: a restart (a failure, an autoscaling step, a service update) loses the application state and reads '
        + 'the stream again from its start position. Acknowledge this warning if that is intended.');
    }

    const logging = new flink.CfnApplicationCloudWatchLoggingOption(this, 'Logging', {
      applicationName: this.applicationName,
      cloudWatchLoggingOption: { logStreamArn },
    });
    logging.node.addDependency(role.node.findChild('DefaultPolicy'));
    if (settings.startApplication) {
      new ApplicationStarter(this, 'Starter', {
        application: this.application,
        applicationEncryptionKey: props.applicationEncryptionKey,
        applicationName: this.applicationName,
        code,
        allowNonRestoredState: settings.allowNonRestoredState,
        applicationLogGroup: this.logGroup,
        startAfter: [logging],
        removalPolicy,
      });
    }

    this.metrics = new FlinkMetricFactory(this.applicationName, this.stream.streamName);
    addFlinkAlarms(monitoring, this, settings);
    addStreamWidgets(monitoring, this);
    addFlinkWidgets(monitoring, this, settings.runtime);
    // The failure queue's alarms and row were added when it was created.
    this.alarms = monitoring.alarms;
    this.dashboard = monitoring.dashboardFor(this, 'Dashboard', validator, props, `Kinesis -> Flink -> S3: ${this.node.path}`);
  }

  /**
   * A metric of the application (namespace `AWS/KinesisAnalytics`, dimension `Application`).
   *
   * @param metricName a metric Managed Service for Apache Flink reports, such as `lastCheckpointSize`
   * @default - average over 1 minute
   * @see https://docs.aws.amazon.com/managed-flink/latest/java/metrics-dimensions.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric(metricName, cloudwatch.Stats.AVERAGE, MINUTE, props);
  }

  /**
   * Time the job has been down during the period (`downtime`, ms): above 0 while it fails and
   * restarts. Deprecated on Flink 2.2, where the pattern alarms on `metricNumRestartsRate()`.
   *
   * @default - maximum over 1 minute
   */
  public metricDowntime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric('downtime', cloudwatch.Stats.MAXIMUM, MINUTE, props);
  }

  /**
   * Time the job has been running without interruption (`uptime`, ms). Deprecated on Flink 2.2.
   *
   * @default - maximum over 1 minute
   */
  public metricUptime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric('uptime', cloudwatch.Stats.MAXIMUM, MINUTE, props);
  }

  /**
   * Restarts per second: `RATE()` of the `numRestarts` counter (average), above 0 while the job restarts.
   *
   * @default - over 1 minute
   */
  public metricNumRestartsRate(props?: cloudwatch.MetricOptions): cloudwatch.MathExpression {
    return this.metrics.rate('numRestarts', 'Restarts per second', props);
  }

  /**
   * Failed checkpoints per second: `RATE()` of the `numberOfFailedCheckpoints` counter (average),
   * above 0 while checkpoints fail.
   *
   * @default - over 1 minute
   */
  public metricNumberOfFailedCheckpointsRate(props?: cloudwatch.MetricOptions): cloudwatch.MathExpression {
    return this.metrics.rate('numberOfFailedCheckpoints', 'Failed checkpoints per second', props);
  }

  /**
   * How far the application's Kinesis source reads behind the newest record of the stream
   * (`millisBehindLatest`, ms), with the dimensions `Flow=Input` and `Id=<stream name>` that the
   * source registers (the reference application's does).
   *
   * @default - maximum over 1 minute
   */
  public metricMillisBehindLatest(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.millisBehindLatest(props);
  }

  /**
   * CPU used by the application's containers (`containerCPUUtilization`, %).
   *
   * @default - maximum over 5 minutes
   */
  public metricContainerCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric('containerCPUUtilization', cloudwatch.Stats.MAXIMUM, FIVE_MINUTES, props);
  }

  /**
   * Heap used by the application (`heapMemoryUtilization`, %).
   *
   * @default - maximum over 5 minutes
   */
  public metricHeapMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric('heapMemoryUtilization', cloudwatch.Stats.MAXIMUM, FIVE_MINUTES, props);
  }

  /**
   * Records the application reads per second (`numRecordsInPerSecond`).
   *
   * @default - average over 1 minute
   */
  public metricNumRecordsInPerSecond(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('numRecordsInPerSecond', props);
  }

  /**
   * Records the application emits per second (`numRecordsOutPerSecond`).
   *
   * @default - average over 1 minute
   */
  public metricNumRecordsOutPerSecond(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('numRecordsOutPerSecond', props);
  }

  /**
   * How long the last checkpoint took (`lastCheckpointDuration`, ms).
   *
   * @default - maximum over 1 minute
   */
  public metricLastCheckpointDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric('lastCheckpointDuration', cloudwatch.Stats.MAXIMUM, MINUTE, props);
  }

  /**
   * Kinesis Processing Units in use (`KPUs`), the unit the application is billed by. The service
   * reports one sample per billing hour, so shorter periods show gaps.
   *
   * @default - maximum over 1 hour
   */
  public metricKpus(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric('KPUs', cloudwatch.Stats.MAXIMUM, Duration.hours(1), props);
  }

  /**
   * Rejected records waiting in the failure queue (`ApproximateNumberOfMessagesVisible`).
   *
   * @default - maximum over 5 minutes
   */
  public metricFailureQueueMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.failures.metricMessagesVisible(props);
  }

  /**
   * Age in seconds of the oldest rejected record waiting in the failure queue (`ApproximateAgeOfOldestMessage`).
   *
   * @default - maximum over 5 minutes
   */
  public metricFailureQueueAgeOfOldestMessage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.failures.metricAgeOfOldestMessage(props);
  }

  /** Lets `grantee` read the application's output: the objects under `outputPrefix` (and decrypt them). */
  public grantReadOutput(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantRead(grantee, `${this.outputPrefix}*`);
  }

  /** Lets `grantee` read and delete the records the application rejected: consume the failure queue (and decrypt it). */
  public grantConsumeFailures(grantee: iam.IGrantable): iam.Grant {
    return this.failureQueue.grantConsumeMessages(grantee);
  }

  private applicationConfiguration(
    props: KinesisFlinkAnalyticsProps,
    settings: AnalyticsSettings,
    code: FlinkCodeConfig,
    vpc: ApplicationVpc | undefined,
  ): flink.CfnApplication.ApplicationConfigurationProperty {
    const checkpointingEnabled = settings.checkpointingEnabled;
    return {
      applicationCodeConfiguration: {
        codeContentType: 'ZIPFILE',
        codeContent: { s3ContentLocation: { bucketArn: code.bucket.bucketArn, fileKey: code.key, objectVersion: code.objectVersion } },
      },
      environmentProperties: {
        propertyGroups: propertyGroups({
          inputStreamName: this.stream.streamName,
          inputStreamArn: this.stream.streamArn,
          region: Stack.of(this).region,
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
            checkpointInterval: (props.checkpointInterval ?? ANALYTICS_DEFAULTS.checkpointInterval).toMilliseconds(),
            minPauseBetweenCheckpoints: (props.minPauseBetweenCheckpoints ?? ANALYTICS_DEFAULTS.minPauseBetweenCheckpoints).toMilliseconds(),
          } : {}),
        },
        parallelismConfiguration: {
          configurationType: 'CUSTOM',
          autoScalingEnabled: settings.autoScalingEnabled,
          parallelism: props.parallelism ?? ANALYTICS_DEFAULTS.parallelism,
          parallelismPerKpu: props.parallelismPerKpu ?? ANALYTICS_DEFAULTS.parallelismPerKpu,
        },
        monitoringConfiguration: {
          configurationType: 'CUSTOM',
          logLevel: props.logLevel ?? ANALYTICS_DEFAULTS.logLevel,
          metricsLevel: props.metricsLevel ?? ANALYTICS_DEFAULTS.metricsLevel,
        },
      },
      applicationSnapshotConfiguration: { snapshotsEnabled: settings.snapshotsEnabled },
      applicationSystemRollbackConfiguration: { rollbackEnabled: props.systemRollbackEnabled ?? ANALYTICS_DEFAULTS.systemRollbackEnabled },
      ...(props.applicationEncryptionKey ? {
        applicationEncryptionConfiguration: { keyType: 'CUSTOMER_MANAGED_KEY', keyId: props.applicationEncryptionKey.keyArn },
      } : {}),
      ...(vpc ? {
        vpcConfigurations: [{
          subnetIds: vpc.subnets.map((subnet) => subnet.subnetId),
          securityGroupIds: vpc.securityGroups.map((group) => group.securityGroupId),
        }],
      } : {}),
    };
  }
}

/** Where the application runs with `vpc`. */
interface ApplicationVpc {
  readonly subnets: ec2.ISubnet[];
  readonly securityGroups: ec2.ISecurityGroup[];
}

/** The subnets and security groups of the application with `vpc` (a new security group when none is given). */
function placeInVpc(scope: Construct, props: KinesisFlinkAnalyticsProps): ApplicationVpc | undefined {
  if (!props.vpc) {
    return undefined;
  }
  const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets;
  const securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: props.vpc,
    description: `The Flink application of ${scope.node.path}: no inbound rules`,
    allowAllOutbound: true,
  })];
  return { subnets, securityGroups };
}
