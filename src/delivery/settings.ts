// The settings of the delivery pattern, resolved from its props with their defaults (the AWS
// solution's where it had one) and checked against Firehose's limits at synth time.
import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import { KinesisFirehoseDeliveryProps } from './kinesis-firehose-delivery-props';
import {
  DEFAULT_DATA_OUTPUT_PREFIX,
  DEFAULT_ERROR_OUTPUT_PREFIX,
  defaultPartitionedPrefix,
  fixedFolder,
  validatePrefixes,
} from './prefixes';
import { PropsValidator } from '../core/validation';

/** The defaults of `KinesisFirehoseDeliveryProps`. */
export const DELIVERY_DEFAULTS = {
  bufferingInterval: Duration.seconds(300),
  bufferingSize: Size.mebibytes(5),
  /** Buffering size with dynamic partitioning: Firehose needs at least 64 MiB. */
  partitionedBufferingSize: Size.mebibytes(64),
  /** Buffering size when records are converted to Parquet (Firehose needs at least 64 MiB). */
  parquetBufferingSize: Size.mebibytes(128),
  compression: firehose.Compression.GZIP,
  retryDuration: Duration.seconds(300),
  dataFreshnessAlarmThreshold: Duration.seconds(900),
  millisBehindLatestAlarmThreshold: Duration.minutes(5),
};

const MIN_BUFFER_MIB = 1;
const MAX_BUFFER_MIB = 128;
/** With dynamic partitioning or Parquet conversion, Firehose refuses smaller buffers. */
const MIN_LARGE_BUFFER_MIB = 64;
const MIN_PARTITIONED_BUFFER_SECONDS = 60;
/** With dynamic partitioning, delivery can take 1.5 times the buffering interval (multi-stage buffering). */
const PARTITIONED_DELAY_FACTOR = 1.5;
const MAX_BUFFER_SECONDS = 900;
const MAX_RETRY_SECONDS = 7200;
const MIN_FRESHNESS_SECONDS = 60;
const COMPRESSIONS = [
  firehose.Compression.GZIP,
  firehose.Compression.HADOOP_SNAPPY,
  firehose.Compression.SNAPPY,
  firehose.Compression.ZIP,
  firehose.Compression.UNCOMPRESSED,
].map((compression) => compression.value);

/** The resolved settings, in the units CloudFormation takes. */
export interface DeliverySettings {
  readonly intervalInSeconds: number;
  readonly sizeInMBs: number;
  readonly compressionFormat: string;
  readonly dataOutputPrefix: string;
  readonly errorOutputPrefix: string;
  /** The fixed folder under which failed records land: the filter of the failure notification. */
  readonly errorFolder: string;
  /** The fixed folder under which delivered records land ('' when the data prefix is a token). */
  readonly dataFolder: string;
  /** Partition key name to jq expression; undefined without dynamic partitioning. */
  readonly partitionKeys?: { [key: string]: string };
  readonly retryDurationInSeconds?: number;
  readonly newlineDelimiter: boolean;
  readonly dataFreshnessAlarmThreshold: Duration;
  readonly millisBehindLatestAlarmThreshold: Duration;
}

/** Applies the defaults and throws a message naming the prop and the allowed values on bad input. */
export function resolveDeliverySettings(validator: PropsValidator, props: KinesisFirehoseDeliveryProps): DeliverySettings {
  validator.exclusive('existingBucket', props.existingBucket, 'bucketProps', props.bucketProps, 'bucketProps only describes a bucket the pattern creates.');
  validator.check(props.bucketProps?.encryption === undefined && props.bucketProps?.encryptionKey === undefined,
    'bucketProps.encryption and bucketProps.encryptionKey cannot be set: the bucket is always KMS encrypted; '
    + 'give a customer managed key in encryptionKey (Firehose encrypts with it too).');
  const parquet = props.parquetConversion !== undefined;
  const partitionKeys = props.dynamicPartitioningKeys;
  const keyNames = partitionKeys ? Object.keys(partitionKeys) : undefined;
  if (partitionKeys && keyNames) {
    validatePartitionKeys(validator, partitionKeys, keyNames);
  }

  const partitioned = keyNames !== undefined;
  const bufferingSize = props.bufferingSize ?? defaultBufferingSize(parquet, partitioned);
  const sizeInMBs = validateBufferingSize(validator, bufferingSize, parquet, partitioned);
  const bufferingInterval = props.bufferingInterval ?? DELIVERY_DEFAULTS.bufferingInterval;
  validator.duration('bufferingInterval', bufferingInterval, 'seconds', { min: 0, max: MAX_BUFFER_SECONDS, whole: true });
  const intervalSeconds = bufferingInterval.isUnresolved() ? undefined : bufferingInterval.toSeconds({ integral: false });
  validator.check(!partitioned || intervalSeconds === undefined || intervalSeconds >= MIN_PARTITIONED_BUFFER_SECONDS,
    `bufferingInterval must be at least ${MIN_PARTITIONED_BUFFER_SECONDS} seconds with dynamicPartitioningKeys: Firehose refuses a shorter buffer for dynamic `
    + `partitioning (got ${intervalSeconds} seconds).`);
  const intervalInSeconds = bufferingInterval.toSeconds();
  validator.check(!(parquet && props.newlineDelimiter === true),
    'newlineDelimiter only applies without parquetConversion: Parquet files hold records in columns, not lines (got newlineDelimiter true).');

  const compressionFormat = validateCompression(validator, props.compression, parquet);

  validator.onlyWith('retryDuration', props.retryDuration, keyNames !== undefined,
    'with dynamicPartitioningKeys: it is how long Firehose retries a partitioned delivery to S3 (got no dynamicPartitioningKeys)');
  validator.duration('retryDuration', props.retryDuration, 'seconds', { min: 0, max: MAX_RETRY_SECONDS, whole: true });
  const retryDurationInSeconds = keyNames ? (props.retryDuration ?? DELIVERY_DEFAULTS.retryDuration).toSeconds() : undefined;

  const dataFreshnessAlarmThreshold = props.dataFreshnessAlarmThreshold ?? defaultFreshnessThreshold(intervalInSeconds);
  validateFreshness(validator, dataFreshnessAlarmThreshold, intervalInSeconds, partitioned);
  const millisBehindLatestAlarmThreshold = props.millisBehindLatestAlarmThreshold ?? DELIVERY_DEFAULTS.millisBehindLatestAlarmThreshold;
  validator.duration('millisBehindLatestAlarmThreshold', millisBehindLatestAlarmThreshold, 'milliseconds', { min: 0, minExclusive: true, whole: true });

  const dataOutputPrefix = props.dataOutputPrefix ?? (keyNames ? defaultPartitionedPrefix(keyNames) : DEFAULT_DATA_OUTPUT_PREFIX);
  const errorOutputPrefix = props.errorOutputPrefix ?? DEFAULT_ERROR_OUTPUT_PREFIX;
  validator.check(!Token.isUnresolved(errorOutputPrefix),
    'errorOutputPrefix must be a literal string, not a token: the folder the failure notification watches is taken from it at synth time.');
  const dataPrefixResolved = !Token.isUnresolved(dataOutputPrefix);
  if (dataPrefixResolved) {
    validatePrefixes(validator, dataOutputPrefix, errorOutputPrefix, keyNames);
  }

  return {
    intervalInSeconds,
    sizeInMBs,
    compressionFormat,
    dataOutputPrefix,
    errorOutputPrefix,
    errorFolder: fixedFolder(validator, 'errorOutputPrefix', errorOutputPrefix),
    dataFolder: dataPrefixResolved ? fixedFolder(validator, 'dataOutputPrefix', dataOutputPrefix) : '',
    partitionKeys,
    retryDurationInSeconds,
    newlineDelimiter: props.newlineDelimiter ?? !parquet,
    dataFreshnessAlarmThreshold,
    millisBehindLatestAlarmThreshold,
  };
}

/** 5 MiB (the AWS solution's), or the least Firehose takes with dynamic partitioning, or 128 MiB for Parquet files. */
function defaultBufferingSize(parquet: boolean, partitioned: boolean): Size {
  if (parquet) {
    return DELIVERY_DEFAULTS.parquetBufferingSize;
  }
  return partitioned ? DELIVERY_DEFAULTS.partitionedBufferingSize : DELIVERY_DEFAULTS.bufferingSize;
}

function validatePartitionKeys(validator: PropsValidator, keys: { [key: string]: string }, names: string[]): void {
  validator.check(names.length > 0, 'dynamicPartitioningKeys must have at least one key, such as { customer_id: \'.customer_id\' } (got none).');
  for (const name of names) {
    const expression = keys[name];
    validator.check(/^[A-Za-z0-9_-]+$/.test(name), `dynamicPartitioningKeys names must be letters, digits, _ or - (got '${name}').`);
    validator.check(Token.isUnresolved(expression) || expression.trim().length > 0,
      `dynamicPartitioningKeys.${name} must be a jq expression, such as '.${name}' (got an empty string).`);
  }
}

function validateBufferingSize(validator: PropsValidator, size: Size, parquet: boolean, partitioned: boolean): number {
  if (size.isUnresolved()) {
    return size.toMebibytes();
  }
  const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  validator.number('bufferingSize', mib, { min: MIN_BUFFER_MIB, max: MAX_BUFFER_MIB, whole: true }, 'MiB');
  validator.check(!parquet || mib >= MIN_LARGE_BUFFER_MIB,
    `bufferingSize must be at least ${MIN_LARGE_BUFFER_MIB} MiB with parquetConversion: Firehose needs it to write Parquet files (got ${mib} MiB).`);
  validator.check(!partitioned || mib >= MIN_LARGE_BUFFER_MIB,
    `bufferingSize must be at least ${MIN_LARGE_BUFFER_MIB} MiB with dynamicPartitioningKeys: Firehose refuses a smaller buffer for dynamic partitioning `
    + `(got ${mib} MiB).`);
  return mib;
}

function validateCompression(validator: PropsValidator, compression: firehose.Compression | undefined, parquet: boolean): string {
  if (parquet) {
    validator.check(!compression || compression.value === firehose.Compression.UNCOMPRESSED.value,
      `compression must be left unset or UNCOMPRESSED with parquetConversion: Parquet files are compressed inside (parquetConversion.outputFormat) (got ${compression?.value}).`);
    return firehose.Compression.UNCOMPRESSED.value;
  }
  const value = (compression ?? DELIVERY_DEFAULTS.compression).value;
  validator.check(Token.isUnresolved(value) || COMPRESSIONS.includes(value), `compression must be one of ${COMPRESSIONS.join(', ')} (got ${value}).`);
  return value;
}

/** 900 s (the AWS solution's threshold), or twice the buffering interval when longer: records wait in the buffer by design. */
function defaultFreshnessThreshold(intervalInSeconds: number): Duration {
  const solutionDefault = DELIVERY_DEFAULTS.dataFreshnessAlarmThreshold;
  return Token.isUnresolved(intervalInSeconds) || 2 * intervalInSeconds <= solutionDefault.toSeconds()
    ? solutionDefault
    : Duration.seconds(2 * intervalInSeconds);
}

function validateFreshness(validator: PropsValidator, threshold: Duration, intervalInSeconds: number, partitioned: boolean): void {
  if (threshold.isUnresolved() || Token.isUnresolved(intervalInSeconds)) {
    return;
  }
  const seconds = threshold.toSeconds({ integral: false });
  if (partitioned) {
    const expectedDelay = PARTITIONED_DELAY_FACTOR * intervalInSeconds;
    validator.check(seconds >= MIN_FRESHNESS_SECONDS && seconds > expectedDelay,
      `dataFreshnessAlarmThreshold must be at least ${MIN_FRESHNESS_SECONDS} seconds and longer than 1.5 times bufferingInterval (${expectedDelay} seconds) `
      + `with dynamicPartitioningKeys, or the alarm fires while records wait in Firehose's buffers as they should (got ${seconds} seconds).`);
    return;
  }
  validator.check(seconds >= MIN_FRESHNESS_SECONDS && seconds > intervalInSeconds,
    `dataFreshnessAlarmThreshold must be at least ${MIN_FRESHNESS_SECONDS} seconds and longer than bufferingInterval (${intervalInSeconds} seconds), `
    + `or the alarm fires while records wait in the buffer as they should (got ${seconds} seconds).`);
}
