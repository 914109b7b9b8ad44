import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlinkCode } from './flink-code';
import { FailureQueueProps } from '../core/failure-queue-props';
import { StreamingPatternProps } from '../core/pattern-props';

/** The Apache Flink runtime of the application (`RuntimeEnvironment` in CloudFormation). */
export enum FlinkRuntime {
  /** Apache Flink 1.20. */
  FLINK_1_20 = 'FLINK-1_20',
  /**
   * Apache Flink 2.2. Its metrics differ from 1.x: `fullRestarts` is removed and `uptime` and
   * `downtime` are deprecated, so the pattern alarms on `numRestarts` instead of `downtime`.
   */
  FLINK_2_2 = 'FLINK-2_2',
}

/** How much the application logs to CloudWatch Logs. */
export enum FlinkLogLevel {
  /** Everything, for troubleshooting: costly in CloudWatch Logs at volume. */
  DEBUG = 'DEBUG',
  /** Job lifecycle and checkpoints, and warnings and errors. */
  INFO = 'INFO',
  /** Warnings and errors only. */
  WARN = 'WARN',
  /** Errors only. */
  ERROR = 'ERROR',
}

/** The granularity of the metrics the application reports to CloudWatch. */
export enum FlinkMetricsLevel {
  /** Application-level metrics only. */
  APPLICATION = 'APPLICATION',
  /** Also per task. */
  TASK = 'TASK',
  /** Also per operator. */
  OPERATOR = 'OPERATOR',
  /** Also per parallel subtask: costly above a parallelism of 64. */
  PARALLELISM = 'PARALLELISM',
}

/** Where the application code is, as returned by `FlinkCode.bind()`. */
export interface FlinkCodeConfig {
  /** The bucket that holds the JAR or ZIP file. */
  readonly bucket: s3.IBucket;
  /** The key of the JAR or ZIP file in `bucket`. */
  readonly key: string;
  /**
   * The version of the object.
   *
   * @default - the latest version
   */
  readonly objectVersion?: string;
}

/**
 * Props of `KinesisFlinkAnalytics`.
 */
export interface KinesisFlinkAnalyticsProps extends StreamingPatternProps {
  /**
   * The application code: a JAR (Java) or ZIP (Python) file, from `FlinkCode.fromAsset()` or
   * `FlinkCode.fromBucket()`. The application reads its settings from the runtime properties
   * described in the README (property group `StreamingDataPatterns`).
   */
  readonly code: FlinkCode;

  /**
   * The Apache Flink runtime.
   *
   * @default FlinkRuntime.FLINK_1_20
   */
  readonly runtime?: FlinkRuntime;

  /**
   * The initial number of parallel tasks, 1 to 256. With `autoScalingEnabled` the service
   * changes it with the load.
   *
   * @default 1
   * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_ParallelismConfiguration.html
   */
  readonly parallelism?: number;

  /**
   * Parallel tasks per Kinesis Processing Unit (1 vCPU, 4 GB), 1 to 8.
   *
   * @default 1
   * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_ParallelismConfiguration.html
   */
  readonly parallelismPerKpu?: number;

  /**
   * Let the service scale the parallelism: it doubles after 15 minutes of CPU at 75 % or more and
   * halves after 6 hours below 10 %.
   *
   * @default true
   * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-scaling-auto.html
   */
  readonly autoScalingEnabled?: boolean;

  /**
   * Checkpoint the application state, so that a restart resumes where it stopped. Turning it off
   * means a restart (a failure, an autoscaling step, a service update) loses the state and starts
   * reading again from the source's start position; synth says so with a warning
   * (`cdk-streaming-data-patterns:checkpointingDisabled`), which you can acknowledge with
   * `Annotations.of(pattern).acknowledgeWarning(...)`.
   *
   * @default true
   * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-fault.html
   */
  readonly checkpointingEnabled?: boolean;

  /**
   * The time between checkpoints, whole milliseconds more than 0; only with checkpointing.
   *
   * @default Duration.seconds(60)
   * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_CheckpointConfiguration.html
   */
  readonly checkpointInterval?: Duration;

  /**
   * The minimum time between the end of one checkpoint and the start of the next, whole
   * milliseconds, 0 or more; only with checkpointing.
   *
   * @default Duration.seconds(5)
   * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_CheckpointConfiguration.html
   */
  readonly minPauseBetweenCheckpoints?: Duration;

  /**
   * Take a snapshot when the application stops or is updated, and restore from it on start.
   *
   * @default true
   */
  readonly snapshotsEnabled?: boolean;

  /**
   * Let the service roll the application back to its previous version (and the state of its
   * latest snapshot) when an update or a scaling step leaves it unable to run, instead of leaving
   * it stopped. Turn it off only to debug a failing update in place.
   *
   * @default true
   * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-system-rollbacks.html
   */
  readonly systemRollbackEnabled?: boolean;

  /**
   * Start the application when it is created, and start it again when a deploy changes its code
   * (or `allowNonRestoredState`) while it is stopped, restoring the latest snapshot (when
   * `snapshotsEnabled` and one exists). A function of the pattern (a CloudFormation custom
   * resource) calls `StartApplication` and waits until the application runs the deployed code:
   * the deploy fails, naming the log group to read, if it cannot start or the service rolled the
   * update back. The function also stops the application before the stack deletes it. `false`
   * leaves the application as CloudFormation creates it, READY, not running, and the not-running
   * alarm fires until you start it.
   *
   * @default true
   * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_StartApplication.html
   */
  readonly startApplication?: boolean;

  /**
   * When the application starts from a snapshot (on deploy, or when an update restarts it), let it
   * skip the state of operators the new code no longer has, instead of failing to start. Needed
   * once after removing a stateful operator; otherwise leave it off, as it drops that state.
   *
   * @default false
   * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_FlinkRunConfiguration.html
   */
  readonly allowNonRestoredState?: boolean;

  /**
   * The level of the application logs.
   *
   * @default FlinkLogLevel.INFO
   */
  readonly logLevel?: FlinkLogLevel;

  /**
   * The granularity of the metrics. The alarms use application-level metrics, present at every level.
   *
   * @default FlinkMetricsLevel.APPLICATION
   */
  readonly metricsLevel?: FlinkMetricsLevel;

  /**
   * Settings of the log group the pattern creates for the application's logs.
   *
   * @default - events kept one year, encrypted at rest by CloudWatch Logs
   */
  readonly logGroupProps?: logs.LogGroupProps;

  /**
   * Run the application in this VPC, for example to reach resources that are only in the VPC.
   * The subnets need a route to Kinesis, S3, SQS and CloudWatch Logs (NAT or VPC endpoints).
   *
   * @default - the application runs outside any VPC of yours
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of the application, with `vpc` only.
   *
   * @default - the private subnets with egress of `vpc`
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the application, with `vpc` only.
   *
   * @default - a new security group with no inbound rules and all outbound traffic allowed
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * A customer managed KMS key that encrypts the application state (checkpoints, snapshots and
   * running application storage). The pattern adds to its key policy what Managed Service for
   * Apache Flink needs, for this account only.
   *
   * @default - state encrypted with a key owned by AWS
   */
  readonly applicationEncryptionKey?: kms.IKey;

  /**
   * A bucket for the application's output instead of a new one. The application may only write
   * under `outputPrefix`. Cannot be combined with `bucketProps`.
   *
   * @default - a new bucket: SSE-KMS with a bucket key, TLS 1.2 or later only, public access
   * blocked, ACLs disabled, versioned, server access logs to a second bucket,
   * Intelligent-Tiering from day 0, incomplete multipart uploads aborted after 7 days,
   * noncurrent versions expired after 90 days, kept or deleted with the stack as `removalPolicy` says
   */
  readonly existingBucket?: s3.IBucket;

  /**
   * Settings of the bucket the pattern creates, merged over its defaults (a given
   * `lifecycleRules` replaces the default rules); not `encryption` or `encryptionKey`.
   * Cannot be combined with `existingBucket`.
   *
   * @default - see `existingBucket`
   */
  readonly bucketProps?: s3.BucketProps;

  /**
   * The key prefix under which the application writes; a folder such as `output/`: not empty,
   * no leading `/`, ending with `/`.
   *
   * @default 'output/'
   */
  readonly outputPrefix?: string;

  /**
   * More runtime properties for the application: property group id (1 to 50 of `a-zA-Z0-9_.-`) to
   * at most 50 keys and values. The group `StreamingDataPatterns` is the pattern's own and cannot
   * be given here.
   *
   * @default - only the `StreamingDataPatterns` group
   * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_PropertyGroup.html
   */
  readonly propertyGroups?: { [groupId: string]: { [key: string]: string } };

  /**
   * Settings of the failure queue, where the application sends the records it rejects.
   *
   * @default - see `FailureQueueProps`
   */
  readonly failureQueueProps?: FailureQueueProps;

  /**
   * How far behind the newest record of the stream the application may read
   * (`metricMillisBehindLatest()`, maximum over a minute) before the lag alarm fires.
   *
   * @default Duration.seconds(60)
   */
  readonly millisBehindLatestAlarmThreshold?: Duration;
}
