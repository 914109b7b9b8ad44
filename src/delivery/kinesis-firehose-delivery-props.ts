import { Duration, Size } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FailureQueueProps } from '../core/failure-queue-props';
import { StreamingPatternProps } from '../core/pattern-props';

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
   * @default - a new bucket: SSE-KMS with a bucket key, TLS 1.2 or later only, public access
   * blocked, ACLs disabled, versioned, server access logs to a second bucket, Intelligent-Tiering
   * from day 0, incomplete multipart uploads aborted after 7 days, noncurrent versions deleted
   * after 90 days with their delete markers, kept or deleted with the stack as `removalPolicy` says
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
   * How long Firehose buffers records before writing an object: 0 to 900 seconds (at least 60
   * with `dynamicPartitioningKeys`, where delivery can take 1.5 times this interval).
   *
   * @default Duration.seconds(300)
   * @see https://docs.aws.amazon.com/firehose/latest/dev/buffering.html
   */
  readonly bufferingInterval?: Duration;

  /**
   * How much data Firehose buffers before writing an object: 1 to 128 MiB (at least 64 MiB with
   * `dynamicPartitioningKeys` or `parquetConversion`: Firehose refuses less).
   *
   * @default Size.mebibytes(5), Size.mebibytes(64) with `dynamicPartitioningKeys`, Size.mebibytes(128)
   * with `parquetConversion`
   * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html
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
   * @default 'data/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/' (Hive-style partitions, by
   * the time records reached Firehose, UTC), or with `dynamicPartitioningKeys`
   * 'data/<key>=!{partitionKeyFromQuery:<key>}/.../dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/'
   * @see https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html
   */
  readonly dataOutputPrefix?: string;

  /**
   * The S3 key prefix of records Firehose could not deliver or process. Must start with a fixed
   * folder that `dataOutputPrefix` does not start with (the failure notification watches that
   * folder) and contain `!{firehose:error-output-type}`. A literal string, not a token.
   *
   * @default 'errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/'
   * @see https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html
   */
  readonly errorOutputPrefix?: string;

  /**
   * Append a newline to every record, so that objects hold one record per line (JSON Lines, which
   * Athena, Glue and Spark read; without it objects read `{...}{...}`). Not with `parquetConversion`.
   *
   * @default - true, or false with `parquetConversion`
   * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_Processor.html
   */
  readonly newlineDelimiter?: boolean;

  /**
   * Dynamic partitioning: partition key names mapped to the jq (1.6) expressions that read them
   * from each JSON record, for example `{ customer_id: '.customer_id' }`. Use the keys in
   * `dataOutputPrefix` as `!{partitionKeyFromQuery:<key>}`. Records that cannot be partitioned
   * go to the errors prefix. Turning partitioning on or off replaces the delivery stream (Firehose
   * refuses to change it on an existing one; the new one does not take over the old one's position
   * in the stream): deploy that change when the stream is quiet.
   *
   * @default - no dynamic partitioning
   * @see https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-enable.html
   */
  readonly dynamicPartitioningKeys?: { [key: string]: string };

  /**
   * How long Firehose retries delivering a dynamically partitioned object to S3 before it writes
   * the records under the errors prefix: 0 to 7,200 seconds. Only with `dynamicPartitioningKeys`.
   *
   * @default Duration.seconds(300)
   * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_RetryOptions.html
   */
  readonly retryDuration?: Duration;

  /**
   * Convert records to Apache Parquet against a Glue table. Needs `bufferingSize` of 64 MiB or
   * more. Records that fail conversion go to the errors prefix.
   *
   * @default - records are written as they arrive
   * @see https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html
   */
  readonly parquetConversion?: ParquetConversionProps;

  /**
   * The age of the oldest undelivered record (`metricDeliveryToS3DataFreshness()`:
   * `DeliveryToS3.DataFreshness`) at which the freshness alarm fires: at least 60 seconds and
   * longer than `bufferingInterval`, or 1.5 times it with `dynamicPartitioningKeys` (records wait
   * that long in the buffers by design).
   *
   * @default Duration.seconds(900) (as in the AWS solution Streaming Data Solution for Amazon
   * Kinesis), or twice `bufferingInterval` when that is longer
   */
  readonly dataFreshnessAlarmThreshold?: Duration;

  /**
   * How far behind the newest record of the stream Firehose may read (`metricKinesisMillisBehindLatest()`,
   * maximum over 5 minutes, three periods in a row) before the lag alarm fires.
   *
   * @default Duration.minutes(5)
   */
  readonly millisBehindLatestAlarmThreshold?: Duration;

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
