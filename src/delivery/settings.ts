// The delivery settings of the pattern: defaults from the seed solution, resolved from the props
// and validated against Firehose's limits at synth time. Unresolved tokens are not validated.
import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import {
  DEFAULT_DATA_OUTPUT_PREFIX,
  DEFAULT_ERROR_OUTPUT_PREFIX,
  defaultPartitionedPrefix,
  errorFolder,
  validatePrefixes,
} from './prefixes';

/** Defaults of the pattern (the seed solution's where it had one). */
export const DELIVERY_DEFAULTS = {
  bufferingInterval: Duration.seconds(300),
  bufferingSize: Size.mebibytes(5),
  /** Buffering size when records are converted to Parquet (Firehose needs at least 64 MiB). */
  parquetBufferingSize: Size.mebibytes(128),
  compression: firehose.Compression.GZIP,
  retryDuration: Duration.seconds(300),
  dataFreshnessThreshold: Duration.seconds(900),
};

const MIN_BUFFER_MIB = 1;
const MAX_BUFFER_MIB = 128;
const MIN_PARQUET_BUFFER_MIB = 64;
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

/** What the user asked for, as far as the delivery settings go. */
export interface DeliverySettingsInput {
  readonly bufferingInterval?: Duration;
  readonly bufferingSize?: Size;
  readonly compression?: firehose.Compression;
  readonly dataOutputPrefix?: string;
  readonly errorOutputPrefix?: string;
  readonly dynamicPartitioningKeys?: { [key: string]: string };
  readonly retryDuration?: Duration;
  readonly parquet: boolean;
  readonly dataFreshnessThreshold?: Duration;
}

/** The resolved settings, in the units CloudFormation takes. */
export interface DeliverySettings {
  readonly intervalInSeconds: number;
  readonly sizeInMBs: number;
  readonly compressionFormat: string;
  readonly dataOutputPrefix: string;
  readonly errorOutputPrefix: string;
  /** The fixed folder under which failed records land: the filter of the failure notification. */
  readonly errorFolder: string;
  /** Partition key name to jq expression; undefined without dynamic partitioning. */
  readonly partitionKeys?: { [key: string]: string };
  readonly retryDurationInSeconds?: number;
  readonly dataFreshnessThreshold: Duration;
}

/** Applies the defaults and throws a message naming the prop and the allowed values on bad input. */
export function resolveDeliverySettings(input: DeliverySettingsInput): DeliverySettings {
  const partitionKeys = input.dynamicPartitioningKeys;
  const keyNames = partitionKeys ? Object.keys(partitionKeys) : undefined;
  if (keyNames) {
    validatePartitionKeys(partitionKeys!, keyNames);
  }

  const bufferingSize = input.bufferingSize ?? (input.parquet ? DELIVERY_DEFAULTS.parquetBufferingSize : DELIVERY_DEFAULTS.bufferingSize);
  const sizeInMBs = validateBufferingSize(bufferingSize, input.parquet);
  const bufferingInterval = input.bufferingInterval ?? DELIVERY_DEFAULTS.bufferingInterval;
  const intervalInSeconds = validateBufferingInterval(bufferingInterval, keyNames !== undefined);

  const compressionFormat = validateCompression(input.compression, input.parquet);

  if (input.retryDuration && !keyNames) {
    throw new Error('retryDuration only applies with dynamicPartitioningKeys: it is how long Firehose retries a partitioned delivery to S3 (got no dynamicPartitioningKeys).');
  }
  const retryDurationInSeconds = keyNames
    ? validateRetryDuration(input.retryDuration ?? DELIVERY_DEFAULTS.retryDuration)
    : undefined;

  const dataFreshnessThreshold = input.dataFreshnessThreshold ?? defaultFreshnessThreshold(intervalInSeconds);
  validateFreshness(dataFreshnessThreshold, intervalInSeconds);

  const dataOutputPrefix = input.dataOutputPrefix ?? (keyNames ? defaultPartitionedPrefix(keyNames) : DEFAULT_DATA_OUTPUT_PREFIX);
  const errorOutputPrefix = input.errorOutputPrefix ?? DEFAULT_ERROR_OUTPUT_PREFIX;
  if (Token.isUnresolved(errorOutputPrefix)) {
    throw new Error('errorOutputPrefix must be a literal string, not a token: the folder the failure notification watches is taken from it at synth time.');
  }
  if (!Token.isUnresolved(dataOutputPrefix)) {
    validatePrefixes(dataOutputPrefix, errorOutputPrefix, keyNames);
  }

  return {
    intervalInSeconds,
    sizeInMBs,
    compressionFormat,
    dataOutputPrefix,
    errorOutputPrefix,
    errorFolder: errorFolder(errorOutputPrefix),
    partitionKeys,
    retryDurationInSeconds,
    dataFreshnessThreshold,
  };
}

function validatePartitionKeys(keys: { [key: string]: string }, names: string[]): void {
  if (names.length === 0) {
    throw new Error('dynamicPartitioningKeys must have at least one key, such as { customer_id: \'.customer_id\' } (got none).');
  }
  for (const name of names) {
    const expression = keys[name];
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      throw new Error(`dynamicPartitioningKeys names must be letters, digits, _ or - (got '${name}').`);
    }
    if (!Token.isUnresolved(expression) && expression.trim().length === 0) {
      throw new Error(`dynamicPartitioningKeys.${name} must be a jq expression, such as '.${name}' (got an empty string).`);
    }
  }
}

function validateBufferingSize(size: Size, parquet: boolean): number {
  if (size.isUnresolved()) {
    return size.toMebibytes();
  }
  const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(mib) || mib < MIN_BUFFER_MIB || mib > MAX_BUFFER_MIB) {
    throw new Error(`bufferingSize must be from ${MIN_BUFFER_MIB} to ${MAX_BUFFER_MIB} MiB in whole MiB (got ${mib} MiB).`);
  }
  if (parquet && mib < MIN_PARQUET_BUFFER_MIB) {
    throw new Error(`bufferingSize must be at least ${MIN_PARQUET_BUFFER_MIB} MiB with parquetConversion: Firehose needs it to write Parquet files (got ${mib} MiB).`);
  }
  return mib;
}

function validateBufferingInterval(interval: Duration, dynamicPartitioning: boolean): number {
  if (interval.isUnresolved()) {
    return interval.toSeconds();
  }
  const seconds = interval.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_BUFFER_SECONDS) {
    throw new Error(`bufferingInterval must be from 0 to ${MAX_BUFFER_SECONDS} seconds in whole seconds (got ${seconds} seconds).`);
  }
  if (dynamicPartitioning && seconds === 0) {
    throw new Error('bufferingInterval must be greater than 0 seconds with dynamicPartitioningKeys: Firehose has no zero buffering for dynamic partitioning (got 0 seconds).');
  }
  return seconds;
}

function validateCompression(compression: firehose.Compression | undefined, parquet: boolean): string {
  if (parquet) {
    if (compression && compression.value !== firehose.Compression.UNCOMPRESSED.value) {
      throw new Error(`compression must be left unset or UNCOMPRESSED with parquetConversion: Parquet files are compressed inside (parquetConversion.outputFormat) (got ${compression.value}).`);
    }
    return firehose.Compression.UNCOMPRESSED.value;
  }
  const value = (compression ?? DELIVERY_DEFAULTS.compression).value;
  if (!Token.isUnresolved(value) && !COMPRESSIONS.includes(value)) {
    throw new Error(`compression must be one of ${COMPRESSIONS.join(', ')} (got ${value}).`);
  }
  return value;
}

function validateRetryDuration(retryDuration: Duration): number {
  if (retryDuration.isUnresolved()) {
    return retryDuration.toSeconds();
  }
  const seconds = retryDuration.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_RETRY_SECONDS) {
    throw new Error(`retryDuration must be from 0 to ${MAX_RETRY_SECONDS} seconds in whole seconds (got ${seconds} seconds).`);
  }
  return seconds;
}

/** 900 s (the seed's threshold), or twice the buffering interval when longer: records wait in the buffer by design. */
function defaultFreshnessThreshold(intervalInSeconds: number): Duration {
  const seed = DELIVERY_DEFAULTS.dataFreshnessThreshold;
  return Token.isUnresolved(intervalInSeconds) || 2 * intervalInSeconds <= seed.toSeconds() ? seed : Duration.seconds(2 * intervalInSeconds);
}

function validateFreshness(threshold: Duration, intervalInSeconds: number): void {
  if (threshold.isUnresolved() || Token.isUnresolved(intervalInSeconds)) {
    return;
  }
  const seconds = threshold.toSeconds({ integral: false });
  if (seconds < MIN_FRESHNESS_SECONDS || seconds <= intervalInSeconds) {
    throw new Error(`dataFreshnessThreshold must be at least ${MIN_FRESHNESS_SECONDS} seconds and longer than bufferingInterval (${intervalInSeconds} seconds), `
      + `or the alarm fires while records wait in the buffer as they should (got ${seconds} seconds).`);
  }
}
