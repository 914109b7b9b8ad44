import { KinesisFirehoseToS3 } from '@aws-solutions-constructs/aws-kinesisfirehose-s3';
import { Aws, Duration, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addDeliveryAlarms, addDeliveryWidgets, DeliveryStreamMetrics } from './delivery-monitoring';
import { DeliverySettings, resolveDeliverySettings } from './settings';
import { FailureQueue } from '../core/failure-queue';
import { FailureQueueProps } from '../core/failure-queue-props';
import { PatternMonitoring } from '../core/monitoring';
import { acknowledgeNagRule } from '../core/nag';
import { wildcardResourceFinding } from '../core/nag-findings';
import { ObjectCreatedNotices } from '../core/object-created-notices';
import { StreamingPatternProps } from '../core/pattern-props';
import { withoutOverrideWarnings } from '../core/solutions-constructs';
import { createOrUseStream } from '../core/stream';
import { addStreamWidgets } from '../core/stream-monitoring';

/**
 * Converts records (JSON) to Apache Parquet against the schema of an AWS Glue table before they
 * are written to S3.
 */
export interface ParquetConversionProps {
  /** The Glue database that holds the table. */
  readonly databaseName: string;

  /** The Glue table whose columns are the Parquet schema. */
  readonly tableName: string;

  /**
   * The id of the Glue Data Catalog (the account that owns it).
   *
   * @default - the account of the stack
   */
  readonly catalogId?: string;

  /**
   * The region of the Glue Data Catalog.
   *
   * @default - the region of the stack
   */
  readonly region?: string;

  /**
   * The version of the table schema to use.
   *
   * @default 'LATEST'
   */
  readonly versionId?: string;

  /**
   * How the incoming JSON records are read.
   *
   * @default InputFormat.OPENX_JSON
   */
  readonly inputFormat?: firehose.IInputFormat;

  /**
   * How the Parquet files are written, for example their compression.
   *
   * @default OutputFormat.PARQUET (Snappy compression)
   */
  readonly outputFormat?: firehose.ParquetOutputFormat;
}

/**
 * Props of `KinesisFirehoseDelivery`.
 */
export interface KinesisFirehoseDeliveryProps extends StreamingPatternProps {
  /**
   * A bucket to deliver to instead of creating one. Objects under its errors prefix are announced
   * on the failure queue through EventBridge: the pattern turns the bucket's EventBridge
   * notifications on when the bucket is defined in the same app; an imported bucket must have them
   * on already (synth warns). Cannot be combined with `bucketProps`.
   *
   * @default - a new bucket: KMS encrypted, TLS only, public access blocked, versioned, server
   * access logs to a second bucket, Intelligent-Tiering from day 0, incomplete multipart uploads
   * aborted after 7 days, retained when the stack is deleted
   */
  readonly existingBucket?: s3.IBucket;

  /**
   * Settings of the bucket the pattern creates, merged over its defaults (a given
   * `lifecycleRules` replaces the default rules). Set the KMS key with `encryptionKey`, not here.
   * Cannot be combined with `existingBucket`.
   *
   * @default - see `existingBucket`
   */
  readonly bucketProps?: s3.BucketProps;

  /**
   * A customer managed KMS key that Firehose encrypts the delivered objects with, and the default
   * encryption key of the bucket the pattern creates. Firehose's role is granted
   * `kms:GenerateDataKey` and `kms:Decrypt` on it, through S3 only (the key policy must let the
   * account's IAM policies grant it, as a key created with aws-cdk-lib does).
   *
   * @default - the `encryptionKey` of `existingBucket` when it has one, otherwise the AWS managed
   * key `alias/aws/s3`
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long Firehose buffers records before writing an object: 0 to 900 seconds
   * (more than 0 with `dynamicPartitioningKeys`).
   *
   * @default Duration.seconds(300)
   */
  readonly bufferingInterval?: Duration;

  /**
   * How much data Firehose buffers before writing an object: 1 to 128 MiB
   * (at least 64 MiB with `parquetConversion`).
   *
   * @default Size.mebibytes(5), or Size.mebibytes(128) with `parquetConversion`
   */
  readonly bufferingSize?: Size;

  /**
   * How objects are compressed: GZIP, HADOOP_SNAPPY, SNAPPY, ZIP or UNCOMPRESSED.
   * With `parquetConversion` only UNCOMPRESSED (Parquet compresses inside the file).
   *
   * @default Compression.GZIP, or Compression.UNCOMPRESSED with `parquetConversion`
   */
  readonly compression?: firehose.Compression;

  /**
   * The S3 key prefix of delivered objects. May use `!{timestamp:<format>}`,
   * `!{firehose:random-string}` and, with `dynamicPartitioningKeys`,
   * `!{partitionKeyFromQuery:<key>}` (at least one is then required).
   *
   * @default 'data/!{timestamp:yyyy/MM/dd/HH}/', or with `dynamicPartitioningKeys`
   * 'data/<key>=!{partitionKeyFromQuery:<key>}/.../!{timestamp:yyyy/MM/dd/HH}/'
   */
  readonly dataOutputPrefix?: string;

  /**
   * The S3 key prefix of records Firehose could not deliver or process. Must start with a fixed
   * folder that `dataOutputPrefix` does not start with (the failure notification watches that
   * folder) and contain `!{firehose:error-output-type}`. A literal string, not a token.
   *
   * @default 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/'
   */
  readonly errorOutputPrefix?: string;

  /**
   * Append a newline to every record, so that objects hold one record per line (for Athena and
   * other line-based readers).
   *
   * @default false
   */
  readonly newlineDelimiter?: boolean;

  /**
   * Dynamic partitioning: partition key names mapped to the jq (1.6) expressions that read them
   * from each JSON record, for example `{ customer_id: '.customer_id' }`. Use the keys in
   * `dataOutputPrefix` as `!{partitionKeyFromQuery:<key>}`. Records that cannot be partitioned
   * go to the errors prefix.
   *
   * @default - no dynamic partitioning
   */
  readonly dynamicPartitioningKeys?: { [key: string]: string };

  /**
   * How long Firehose retries delivering a dynamically partitioned object to S3 before it writes
   * the records under the errors prefix: 0 to 7,200 seconds. Only with `dynamicPartitioningKeys`.
   *
   * @default Duration.seconds(300)
   */
  readonly retryDuration?: Duration;

  /**
   * Convert records to Apache Parquet against a Glue table. Needs `bufferingSize` of 64 MiB or
   * more. Records that fail conversion go to the errors prefix.
   *
   * @default - records are written as they arrive
   */
  readonly parquetConversion?: ParquetConversionProps;

  /**
   * The age of the oldest undelivered record (`DeliveryToS3.DataFreshness`) at which the
   * freshness alarm fires: at least 60 seconds and longer than `bufferingInterval` (records
   * wait that long in the buffer by design).
   *
   * @default Duration.seconds(900) (the seed solution's threshold), or twice `bufferingInterval`
   * when that is longer
   */
  readonly dataFreshnessThreshold?: Duration;

  /**
   * Settings of the log group Firehose writes its delivery errors to.
   *
   * @default - a new log group, events kept one year, encrypted by CloudWatch Logs
   */
  readonly logGroupProps?: logs.LogGroupProps;

  /**
   * Settings of the failure queue, which receives a notice (an EventBridge `Object Created`
   * event) for every object written under the errors prefix.
   *
   * @default - see `FailureQueueProps`
   */
  readonly failureQueueProps?: FailureQueueProps;
}

const FIREHOSE_PRINCIPAL = 'firehose.amazonaws.com';
const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
const SOURCE_STREAM_ACTIONS = [
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:GetShardIterator',
  'kinesis:GetRecords',
  'kinesis:ListShards',
];

/**
 * Kinesis Data Streams -> Amazon Data Firehose -> S3 (KMS): delivers every record of the stream
 * to an encrypted bucket, compressed and partitioned by hour (optionally by jq keys, optionally
 * converted to Parquet). Failed deliveries land under the errors prefix and announce themselves
 * on an SQS failure queue; alarms watch freshness, S3 success, throttled reads and the queue.
 *
 * Built on `KinesisFirehoseToS3` from AWS Solutions Constructs, with the stream as source.
 */
export class KinesisFirehoseDelivery extends Construct {
  /** The source stream. */
  public readonly stream: kinesis.IStream;
  /** The destination bucket (created or `existingBucket`). */
  public readonly bucket: s3.IBucket;
  /** The bucket that receives the destination bucket's server access logs, when the pattern created it. */
  public readonly loggingBucket?: s3.IBucket;
  /** The customer managed key delivered objects are encrypted with; undefined means the AWS managed `alias/aws/s3`. */
  public readonly encryptionKey?: kms.IKey;
  /** The Firehose delivery stream. */
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
  /** Fires when records wait `dataFreshnessThreshold` or more to be delivered. */
  public readonly dataFreshnessAlarm: cloudwatch.Alarm;
  /** Fires when any S3 put fails (`DeliveryToS3.Success` below 1). */
  public readonly deliverySuccessAlarm: cloudwatch.Alarm;
  /** Fires when Kinesis throttles Firehose reads for 15 minutes. */
  public readonly throttledGetRecordsAlarm: cloudwatch.Alarm;
  /** Every alarm of the pattern, the failure queue's included. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The pattern's dashboard, unless `createDashboard` is false. */
  public readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: KinesisFirehoseDeliveryProps = {}) {
    super(scope, id);
    validateBucketProps(props);
    const encryptionKey = props.encryptionKey ?? props.existingBucket?.encryptionKey;
    const settings = resolveDeliverySettings({
      ...props,
      parquet: props.parquetConversion !== undefined,
    });
    const monitoring = new PatternMonitoring(props.alarmActions);

    this.stream = createOrUseStream(this, 'Stream', props);
    const sourceRole = new iam.Role(this, 'SourceRole', {
      assumedBy: new iam.ServicePrincipal(FIREHOSE_PRINCIPAL),
      description: 'Lets Firehose read its source Kinesis stream',
    });
    this.stream.grant(sourceRole, ...SOURCE_STREAM_ACTIONS);
    this.stream.encryptionKey?.grantDecrypt(sourceRole);
    this.sourceRole = sourceRole;

    const solution = withoutOverrideWarnings(() => new KinesisFirehoseToS3(this, 'Delivery', {
      existingBucketObj: props.existingBucket,
      bucketProps: props.existingBucket ? undefined : defaultBucketProps(props.bucketProps, encryptionKey),
      logGroupProps: { retention: DEFAULT_LOG_RETENTION, ...props.logGroupProps },
      kinesisFirehoseProps: deliveryStreamProps(this.stream, sourceRole, settings, props.newlineDelimiter === true, encryptionKey),
    }));
    this.bucket = solution.s3BucketInterface;
    this.loggingBucket = solution.s3LoggingBucket;
    this.logGroup = solution.kinesisFirehoseLogGroup;
    this.deliveryRole = solution.kinesisFirehoseRole;
    this.deliveryStream = solution.kinesisFirehose;
    // The Solutions Construct names the delivery stream after its construct path. A fixed name
    // makes every change that replaces the delivery stream (another source stream, for one) fail,
    // so the name is left to CloudFormation, like every other name in the library. Its Ref is the name.
    this.deliveryStream.deliveryStreamName = undefined;
    this.deliveryStreamName = this.deliveryStream.ref;
    const solutionPolicy = solution.node.findChild('KinesisFirehosePolicy') as iam.Policy;

    this.encryptionKey = encryptionKey;
    if (encryptionKey) {
      solution.kinesisFirehoseRole.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
      }));
    }
    if (props.parquetConversion) {
      addParquetConversion(this.deliveryStream, solution.kinesisFirehoseRole, props.parquetConversion);
    }
    // Firehose checks its roles when the delivery stream is created: their policies come first
    // (the roles themselves are referenced already).
    for (const policy of [solutionPolicy, sourceRole.node.tryFindChild('DefaultPolicy'), solution.kinesisFirehoseRole.node.tryFindChild('DefaultPolicy')]) {
      if (policy) {
        this.deliveryStream.node.addDependency(policy);
      }
    }

    acknowledgeNagRule(this.deliveryStream, {
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
    if (solution.s3LoggingBucket) {
      acknowledgeNagRule(solution.s3LoggingBucket, {
        ruleId: 'AwsSolutions-S1',
        reason: 'This bucket receives the server access logs of the delivery bucket; logging its own accesses would log the log writes.',
      });
    }

    const metrics = new DeliveryStreamMetrics(this.deliveryStreamName);
    const deliveryAlarms = addDeliveryAlarms(monitoring, this, metrics, settings.dataFreshnessThreshold);
    this.dataFreshnessAlarm = deliveryAlarms.dataFreshness;
    this.deliverySuccessAlarm = deliveryAlarms.deliverySuccess;
    this.throttledGetRecordsAlarm = deliveryAlarms.throttledGetRecords;
    addStreamWidgets(monitoring, this.stream);
    addDeliveryWidgets(monitoring, metrics, this.bucket);

    const failureQueue = new FailureQueue(this, 'FailureQueue', monitoring, props.failureQueueProps);
    this.failureQueue = failureQueue.queue;
    new ObjectCreatedNotices(this, 'FailureNotices', { bucket: this.bucket, keyPrefix: settings.errorFolder, failureQueue, monitoring });

    this.alarms = monitoring.alarms;
    if (props.createDashboard !== false) {
      this.dashboard = monitoring.createDashboard(this, 'Dashboard', `Kinesis -> Firehose -> S3: ${this.node.path}`);
    }
  }
}

function validateBucketProps(props: KinesisFirehoseDeliveryProps): void {
  if (props.existingBucket && props.bucketProps) {
    throw new Error('Provide either existingBucket or bucketProps, not both: bucketProps only describes a bucket the pattern creates.');
  }
  if (props.bucketProps?.encryption !== undefined || props.bucketProps?.encryptionKey !== undefined) {
    throw new Error('bucketProps.encryption and bucketProps.encryptionKey cannot be set: the bucket is always KMS encrypted; '
      + 'give a customer managed key in encryptionKey (Firehose encrypts with it too).');
  }
}

/** The pattern's bucket defaults, passed to the Solutions Construct, which adds its own (versioning, access logs, RETAIN). */
function defaultBucketProps(bucketProps: s3.BucketProps | undefined, encryptionKey: kms.IKey | undefined): s3.BucketProps {
  return {
    encryption: encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.KMS_MANAGED,
    ...(encryptionKey ? { encryptionKey } : {}),
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    lifecycleRules: [
      { id: 'IntelligentTiering', transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(0) }] },
      { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      // The Solutions Construct's own default rule, kept because a given list replaces it.
      { id: 'NoncurrentVersionsToGlacier', noncurrentVersionTransitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] },
    ],
    ...bucketProps,
  };
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
  newlineDelimiter: boolean,
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
  if (newlineDelimiter) {
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
