import { KinesisFirehoseToS3 } from '@aws-solutions-constructs/aws-kinesisfirehose-s3';
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addDeliveryAlarms, addDeliveryWidgets } from './delivery-monitoring';
import { KinesisFirehoseDeliveryProps, ParquetConversionProps } from './kinesis-firehose-delivery-props';
import { DeliverySettings, resolveDeliverySettings } from './settings';
import { FailureQueue } from '../core/failure-queue';
import { checkDashboardProps, PatternMonitoring } from '../core/monitoring';
import { acknowledgeNagRule } from '../core/nag';
import { wildcardResourceFinding } from '../core/nag-findings';
import { ObjectCreatedNotices } from '../core/object-created-notices';
import { resolveRemovalPolicy } from '../core/removal-policy';
import { createSecureBucket } from '../core/secure-bucket';
import { withoutOverrideWarnings } from '../core/solutions-constructs';
import { createOrUseStream } from '../core/stream';
import { addStreamWidgets } from '../core/stream-monitoring';
import { StreamingPattern } from '../core/streaming-pattern';
import { PropsValidator } from '../core/validation';

const FIREHOSE_PRINCIPAL = 'firehose.amazonaws.com';
/**
 * Firehose may assume the roles for delivery streams of this account only (the confused-deputy
 * condition AWS documents for Firehose roles).
 * https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html
 */
const FIREHOSE_TRUST_CONDITIONS = { StringEquals: { 'sts:ExternalId': Aws.ACCOUNT_ID } };
const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
const FIVE_MINUTES = Duration.minutes(5);
const SOURCE_STREAM_ACTIONS = [
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:GetRecords',
  'kinesis:GetShardIterator',
  'kinesis:ListShards',
];
/** The destination bucket's lifecycle, unless `bucketProps.lifecycleRules` replaces it. */
const DELIVERY_BUCKET_LIFECYCLE: s3.LifecycleRule[] = [
  // Objects under 128 KB stay in the frequent-access tier, without the monitoring charge.
  { id: 'IntelligentTiering', transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(0) }] },
  { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
  // Versioning guards against a mistaken delete or overwrite for 90 days, then stops costing.
  { id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: Duration.days(90), expiredObjectDeleteMarker: true },
];

/**
 * Kinesis Data Streams -> Amazon Data Firehose -> S3 (KMS): delivers every record of the stream
 * to an encrypted bucket, compressed and partitioned by hour (optionally by jq keys, optionally
 * converted to Parquet). Failed deliveries land under the errors prefix and announce themselves
 * on an SQS failure queue; alarms watch freshness, S3 success, throttled reads and the queue.
 *
 * Built on `KinesisFirehoseToS3` from AWS Solutions Constructs, with the stream as source and the
 * pattern's bucket.
 */
export class KinesisFirehoseDelivery extends StreamingPattern {
  public readonly stream: kinesis.IStream;
  /** The destination bucket (created, or `existingBucket`). */
  public readonly bucket: s3.IBucket;
  /** The bucket the destination bucket's server access logs go to, when the pattern created it. */
  public readonly serverAccessLogsBucket?: s3.IBucket;
  /** The customer managed key delivered objects are encrypted with; undefined means the AWS managed `alias/aws/s3`. */
  public readonly encryptionKey?: kms.IKey;
  /**
   * The Firehose delivery stream: the L1 resource the pattern builds it from (a Kinesis-sourced
   * delivery stream with the Solutions Construct), so every property of the service stays reachable.
   */
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The name of the delivery stream (the dimension of its metrics). */
  public readonly deliveryStreamName: string;
  /** The role Firehose reads the stream with: read actions on that stream (and decrypt with its key) only. */
  public readonly sourceRole: iam.IRole;
  /** The role Firehose writes to S3 and CloudWatch Logs with. */
  public readonly deliveryRole: iam.IRole;
  /** The log group of Firehose's delivery errors. */
  public readonly logGroup: logs.ILogGroup;
  /** The queue that receives a notice (EventBridge `Object Created` event) for every object under the errors prefix. */
  public readonly failureQueue: sqs.IQueue;
  public readonly alarms: cloudwatch.Alarm[];
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly failures: FailureQueue;
  private readonly notices: ObjectCreatedNotices;
  private readonly settings: DeliverySettings;

  constructor(scope: Construct, id: string, props: KinesisFirehoseDeliveryProps = {}) {
    super(scope, id);
    const validator = new PropsValidator(this);
    const settings = resolveDeliverySettings(validator, props);
    this.settings = settings;
    const removalPolicy = resolveRemovalPolicy(validator, props);
    const encryptionKey = props.encryptionKey ?? props.existingBucket?.encryptionKey;
    this.encryptionKey = encryptionKey;
    const monitoring = new PatternMonitoring(props.alarmActions);
    checkDashboardProps(this, validator, props);

    this.stream = createOrUseStream(this, validator, props, removalPolicy);
    const sourceRole = new iam.Role(this, 'SourceRole', {
      assumedBy: new iam.ServicePrincipal(FIREHOSE_PRINCIPAL, { conditions: FIREHOSE_TRUST_CONDITIONS }),
      description: 'Lets Firehose read its source Kinesis stream',
    });
    this.stream.grant(sourceRole, ...SOURCE_STREAM_ACTIONS);
    this.stream.encryptionKey?.grantDecrypt(sourceRole);
    this.sourceRole = sourceRole;

    const destination = props.existingBucket
      ? { bucket: props.existingBucket, serverAccessLogsBucket: undefined }
      : createSecureBucket(this, {
        bucketId: 'Bucket',
        serverAccessLogsBucketId: 'AccessLogs',
        purpose: 'delivery',
        encryptionKey,
        versioned: true,
        lifecycleRules: DELIVERY_BUCKET_LIFECYCLE,
        removalPolicy,
        bucketProps: props.bucketProps,
      });
    this.bucket = destination.bucket;
    this.serverAccessLogsBucket = destination.serverAccessLogsBucket;

    const solution = withoutOverrideWarnings(() => new KinesisFirehoseToS3(this, 'Delivery', {
      existingBucketObj: this.bucket,
      logGroupProps: { retention: DEFAULT_LOG_RETENTION, removalPolicy, ...props.logGroupProps },
      kinesisFirehoseProps: deliveryStreamProps(this.stream, sourceRole, settings, encryptionKey),
    }));
    this.logGroup = solution.kinesisFirehoseLogGroup;
    // The Solutions Construct's log stream in that group has no removal policy prop.
    solution.node.findAll().filter((child): child is logs.LogStream => child instanceof logs.LogStream)
      .forEach((logStream) => logStream.applyRemovalPolicy(removalPolicy));
    this.deliveryRole = solution.kinesisFirehoseRole;
    // The Solutions Construct's role trusts Firehose for any account's delivery streams.
    (solution.kinesisFirehoseRole.node.defaultChild as iam.CfnRole).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition', FIREHOSE_TRUST_CONDITIONS);
    const cfnDeliveryStream = solution.kinesisFirehose;
    this.deliveryStream = cfnDeliveryStream;
    // The Solutions Construct names the delivery stream after its construct path. A fixed name
    // makes every change that replaces the delivery stream (another source stream, for one) fail,
    // so the name is left to CloudFormation, like every other name in the library. Its Ref is the name.
    cfnDeliveryStream.deliveryStreamName = undefined;
    if (settings.partitionKeys) {
      // Firehose refuses to turn dynamic partitioning on for an existing delivery stream: a
      // partitioned one has its own logical id, so turning partitioning on (or off) replaces it.
      cfnDeliveryStream.overrideLogicalId(`${Stack.of(this).getLogicalId(cfnDeliveryStream)}Partitioned`);
    }
    this.deliveryStreamName = cfnDeliveryStream.ref;
    const solutionPolicy = solution.node.findChild('KinesisFirehosePolicy') as iam.Policy;

    if (encryptionKey) {
      solution.kinesisFirehoseRole.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
      }));
    }
    if (props.parquetConversion) {
      addParquetConversion(cfnDeliveryStream, solution.kinesisFirehoseRole, props.parquetConversion);
    }
    // Firehose checks its roles when the delivery stream is created: their policies come first
    // (the roles themselves are referenced already).
    for (const policy of [solutionPolicy, sourceRole.node.tryFindChild('DefaultPolicy'), solution.kinesisFirehoseRole.node.tryFindChild('DefaultPolicy')]) {
      if (policy) {
        cfnDeliveryStream.node.addDependency(policy);
      }
    }

    acknowledgeNagRule(cfnDeliveryStream, {
      ruleId: 'AwsSolutions-KDF1',
      reason: 'Firehose cannot use server-side encryption on a delivery stream whose source is a Kinesis stream; '
        + 'the records are encrypted at rest in the source stream (KMS) and in S3 (SSE-KMS, encryptionConfiguration of the destination).',
    });
    acknowledgeNagRule(solutionPolicy, {
      ruleId: 'AwsSolutions-IAM5',
      reason: 'Firehose writes objects under keys it generates (prefix, time, random suffix), so it needs the objects of its one destination bucket; '
        + 'the actions are the S3 destination actions Firehose documents, no wildcard.',
      appliesTo: [wildcardResourceFinding(this, `${this.bucket.bucketArn}/*`)],
    });

    addDeliveryAlarms(monitoring, this, settings);
    addStreamWidgets(monitoring, this);
    addDeliveryWidgets(monitoring, this, settings.partitionKeys !== undefined);

    this.failures = new FailureQueue(this, 'FailureQueue', { settings: props.failureQueueProps, monitoring, validator, removalPolicy });
    this.failureQueue = this.failures.queue;
    this.notices = new ObjectCreatedNotices(this, 'FailureNotices', {
      bucket: this.bucket,
      keyPrefix: settings.errorFolder,
      failureQueue: this.failures,
      monitoring,
    });

    this.alarms = monitoring.alarms;
    this.dashboard = monitoring.dashboardFor(this, 'Dashboard', validator, props, `Kinesis -> Firehose -> S3: ${this.node.path}`);
  }

  /**
   * A metric of the delivery stream (namespace `AWS/Firehose`, dimension `DeliveryStreamName`).
   *
   * @param metricName a metric Firehose reports, such as `DeliveryToS3.ObjectCount`
   * @default - average over 5 minutes
   * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Firehose',
      metricName,
      statistic: cloudwatch.Stats.AVERAGE,
      period: FIVE_MINUTES,
      ...props,
      dimensionsMap: { DeliveryStreamName: this.deliveryStreamName, ...props?.dimensionsMap },
    });
  }

  /**
   * How far behind the newest record of the stream Firehose reads (`KinesisMillisBehindLatest`, ms).
   *
   * @default - maximum over 5 minutes
   */
  public metricKinesisMillisBehindLatest(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('KinesisMillisBehindLatest', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Active partitions of the delivery buffer (`PartitionCount`), with `dynamicPartitioningKeys`.
   *
   * @default - maximum over 5 minutes
   */
  public metricPartitionCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PartitionCount', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * 1 while the active partitions exceed the delivery stream's limit (`PartitionCountExceeded`): the
   * records of new partitions then go to the errors prefix (`activePartitionExceeded`).
   *
   * @default - maximum over 5 minutes
   */
  public metricPartitionCountExceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PartitionCountExceeded', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Objects written to S3 (`DeliveryToS3.ObjectCount`), with `dynamicPartitioningKeys`: many
   * objects for few bytes means small files, costly to query.
   *
   * @default - sum over 5 minutes
   */
  public metricDeliveryToS3ObjectCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.ObjectCount', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Age in seconds of the oldest record not yet delivered to S3 (`DeliveryToS3.DataFreshness`).
   *
   * @default - maximum over 5 minutes
   */
  public metricDeliveryToS3DataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.DataFreshness', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Share of successful S3 puts, 1 when all succeeded (`DeliveryToS3.Success`).
   *
   * @default - minimum over 5 minutes
   */
  public metricDeliveryToS3Success(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.Success', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * Records delivered to S3 (`DeliveryToS3.Records`).
   *
   * @default - sum over 5 minutes
   */
  public metricDeliveryToS3Records(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.Records', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Bytes delivered to S3 (`DeliveryToS3.Bytes`).
   *
   * @default - sum over 5 minutes
   */
  public metricDeliveryToS3Bytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.Bytes', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Records Firehose read from the source stream (`DataReadFromKinesisStream.Records`).
   *
   * @default - sum over 5 minutes
   */
  public metricDataReadFromKinesisStreamRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DataReadFromKinesisStream.Records', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * GetRecords calls of Firehose on the source stream that Kinesis throttled (`ThrottledGetRecords`).
   *
   * @default - sum over 5 minutes
   */
  public metricThrottledGetRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ThrottledGetRecords', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Objects in the destination bucket (`NumberOfObjects` of S3, storage type `AllStorageTypes`),
   * reported by S3 once a day.
   *
   * @default - average over 1 day
   */
  public metricBucketNumberOfObjects(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.bucketStorageMetric('NumberOfObjects', 'AllStorageTypes', props);
  }

  /**
   * Bytes stored in the destination bucket in one storage class (`BucketSizeBytes` of S3),
   * reported by S3 once a day.
   *
   * @param storageType the S3 storage type, such as `StandardStorage` or `IntelligentTieringFAStorage`
   * @default - average over 1 day
   */
  public metricBucketSizeBytes(storageType: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.bucketStorageMetric('BucketSizeBytes', storageType, props);
  }

  /**
   * Notices of objects under the errors prefix waiting in the failure queue (`ApproximateNumberOfMessagesVisible`).
   *
   * @default - maximum over 5 minutes
   */
  public metricFailureQueueMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.failures.metricMessagesVisible(props);
  }

  /**
   * Age in seconds of the oldest notice waiting in the failure queue (`ApproximateAgeOfOldestMessage`).
   *
   * @default - maximum over 5 minutes
   */
  public metricFailureQueueAgeOfOldestMessage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.failures.metricAgeOfOldestMessage(props);
  }

  /**
   * Notices of objects under the errors prefix that EventBridge could not put on the failure
   * queue (`FailedInvocations` of the notice rule).
   *
   * @default - sum over 5 minutes
   */
  public metricFailureNoticeFailedInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.notices.metricFailedInvocations(props);
  }

  /**
   * Lets `grantee` read the delivered records: the objects under the fixed folder `dataOutputPrefix`
   * starts with (`data/` by default; the whole bucket, errors included, when it starts with an
   * expression), decrypted with the key Firehose encrypts them with.
   */
  public grantReadOutput(grantee: iam.IGrantable): iam.Grant {
    return this.grantReadObjects(grantee, this.settings.dataFolder);
  }

  /**
   * Lets `grantee` take what Firehose could not deliver: receive and delete the failure queue's
   * notices and read the objects under the errors prefix, with their keys.
   */
  public grantConsumeFailures(grantee: iam.IGrantable): iam.Grant {
    return this.failureQueue.grantConsumeMessages(grantee).combine(this.grantReadObjects(grantee, this.settings.errorFolder));
  }

  /** Read the objects under `folder`, with the bucket's key and the key Firehose writes with (they may differ). */
  private grantReadObjects(grantee: iam.IGrantable, folder: string): iam.Grant {
    const grant = this.bucket.grantRead(grantee, `${folder}*`);
    return this.encryptionKey && this.encryptionKey !== this.bucket.encryptionKey
      ? grant.combine(this.encryptionKey.grantDecrypt(grantee))
      : grant;
  }

  private bucketStorageMetric(metricName: string, storageType: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName,
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.days(1),
      ...props,
      dimensionsMap: { BucketName: this.bucket.bucketName, StorageType: storageType, ...props?.dimensionsMap },
    });
  }
}

/** The destination settings the pattern sets; the Solutions Construct sets the bucket, role and logging. */
type SolutionDestinationProps = Omit<firehose.CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty, 'bucketArn' | 'roleArn'>;

/** What `kinesisFirehoseProps` of the Solutions Construct gets from the pattern. */
interface SolutionDeliveryStreamProps {
  readonly deliveryStreamType: 'KinesisStreamAsSource';
  readonly kinesisStreamSourceConfiguration: firehose.CfnDeliveryStream.KinesisStreamSourceConfigurationProperty;
  readonly extendedS3DestinationConfiguration: SolutionDestinationProps;
}

/**
 * The delivery stream settings handed to the Solutions Construct, which merges them over its
 * defaults (the bucket, its role, the log group and stream, GZIP, 5 MiB / 300 s, SSE-KMS with
 * `alias/aws/s3`). `deliveryStreamType: KinesisStreamAsSource` keeps it from turning on
 * server-side encryption, which Firehose rejects for a Kinesis source.
 */
function deliveryStreamProps(
  stream: kinesis.IStream,
  sourceRole: iam.IRole,
  settings: DeliverySettings,
  encryptionKey: kms.IKey | undefined,
): SolutionDeliveryStreamProps {
  const processors: firehose.CfnDeliveryStream.ProcessorProperty[] = [];
  if (settings.partitionKeys) {
    const query = Object.entries(settings.partitionKeys).map(([key, expression]) => `${JSON.stringify(key)}:${expression}`).join(',');
    processors.push({
      type: 'MetadataExtraction',
      parameters: [
        { parameterName: 'MetadataExtractionQuery', parameterValue: `{${query}}` },
        { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
      ],
    });
  }
  if (settings.newlineDelimiter) {
    // Without parameters the delimiter is a newline.
    processors.push({ type: 'AppendDelimiterToRecord' });
  }
  const destination: SolutionDestinationProps = {
    bufferingHints: { intervalInSeconds: settings.intervalInSeconds, sizeInMBs: settings.sizeInMBs },
    compressionFormat: settings.compressionFormat,
    prefix: settings.dataOutputPrefix,
    errorOutputPrefix: settings.errorOutputPrefix,
    ...(encryptionKey ? { encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: encryptionKey.keyArn } } } : {}),
    ...(processors.length > 0 ? { processingConfiguration: { enabled: true, processors } } : {}),
    ...(settings.partitionKeys ? {
      dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: settings.retryDurationInSeconds } },
    } : {}),
  };
  return {
    deliveryStreamType: 'KinesisStreamAsSource',
    kinesisStreamSourceConfiguration: { kinesisStreamArn: stream.streamArn, roleArn: sourceRole.roleArn },
    extendedS3DestinationConfiguration: destination,
  };
}

/**
 * Adds the Parquet conversion to the delivery stream (an L1 change after the Solutions
 * Construct, because the schema configuration names the role the construct creates) and lets
 * that role read the table's schema: only the catalog, database and table, not the
 * `glue:GetSchemaVersion` on `*` that aws-cdk-lib's `SchemaConfiguration` adds for schema
 * registries.
 */
function addParquetConversion(deliveryStream: firehose.CfnDeliveryStream, role: iam.IRole, parquet: ParquetConversionProps): void {
  const stack = Stack.of(deliveryStream);
  const region = parquet.region ?? stack.region;
  const catalogId = parquet.catalogId ?? stack.account;
  const arn = (resource: string, resourceName?: string) => stack.formatArn({ service: 'glue', resource, resourceName, region, account: catalogId });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
    resources: [arn('catalog'), arn('database', parquet.databaseName), arn('table', `${parquet.databaseName}/${parquet.tableName}`)],
  }));
  const destination = deliveryStream.extendedS3DestinationConfiguration as firehose.CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty;
  deliveryStream.extendedS3DestinationConfiguration = {
    ...destination,
    dataFormatConversionConfiguration: {
      enabled: true,
      inputFormatConfiguration: (parquet.inputFormat ?? firehose.InputFormat.OPENX_JSON).createInputFormatConfig(),
      outputFormatConfiguration: (parquet.outputFormat ?? firehose.OutputFormat.PARQUET).createOutputFormatConfig(),
      schemaConfiguration: {
        roleArn: role.roleArn,
        catalogId,
        region,
        databaseName: parquet.databaseName,
        tableName: parquet.tableName,
        versionId: parquet.versionId ?? 'LATEST',
      },
    },
  };
}
