// Synth-time checks of KinesisFlinkAnalyticsProps: each message names the prop and the allowed
// values. Unresolved tokens are not checked.
import { Duration, Token } from 'aws-cdk-lib';
import { KinesisFlinkAnalyticsProps } from './flink-analytics-props';
import { PATTERN_PROPERTY_GROUP } from './property-groups';

const PROPERTY_GROUP_ID = /^[a-zA-Z0-9_.-]{1,50}$/;
const MAX_PROPERTIES_PER_GROUP = 50;

/** Throws on the first prop outside what Managed Service for Apache Flink and the pattern accept. */
export function validateFlinkAnalyticsProps(props: KinesisFlinkAnalyticsProps): void {
  if (!props.code) {
    throw new Error('code is required: give the application code with FlinkCode.fromAsset(path) or FlinkCode.fromBucket(bucket, key).');
  }
  checkWholeNumber('parallelism', props.parallelism, 1, 256);
  checkWholeNumber('parallelismPerKpu', props.parallelismPerKpu, 1, 8);

  if (props.checkpointingEnabled === false) {
    for (const name of ['checkpointInterval', 'minPauseBetweenCheckpoints'] as const) {
      if (props[name] !== undefined) {
        throw new Error(`${name} only applies with checkpointing: remove it or set checkpointingEnabled to true (got checkpointingEnabled false).`);
      }
    }
  }
  checkMillis('checkpointInterval', props.checkpointInterval, 1);
  checkMillis('minPauseBetweenCheckpoints', props.minPauseBetweenCheckpoints, 0);
  checkMillis('millisBehindLatestThreshold', props.millisBehindLatestThreshold, 1);

  if (!props.vpc) {
    for (const name of ['vpcSubnets', 'securityGroups'] as const) {
      if (props[name] !== undefined) {
        throw new Error(`${name} only applies with vpc: give the vpc the application runs in, or remove ${name}.`);
      }
    }
  }

  if (props.existingBucket && props.bucketProps) {
    throw new Error('Provide either existingBucket or bucketProps, not both: bucketProps only describes a bucket the pattern creates.');
  }
  if (props.bucketProps?.encryption !== undefined || props.bucketProps?.encryptionKey !== undefined) {
    throw new Error('bucketProps.encryption and bucketProps.encryptionKey cannot be set: the output bucket is always encrypted with SSE-KMS; '
      + 'bring a bucket encrypted with your own key as existingBucket.');
  }
  validateOutputPrefix(props.outputPrefix);
  validatePropertyGroups(props.propertyGroups);
}

function validateOutputPrefix(prefix: string | undefined): void {
  if (prefix === undefined || Token.isUnresolved(prefix)) {
    return;
  }
  if (prefix.length === 0 || prefix.startsWith('/') || !prefix.endsWith('/') || prefix.includes('*')) {
    throw new Error(`outputPrefix must be a folder such as 'output/': not empty, no leading '/', no '*', ending with '/' (got '${prefix}').`);
  }
}

function validatePropertyGroups(groups: { [groupId: string]: { [key: string]: string } } | undefined): void {
  for (const [groupId, properties] of Object.entries(groups ?? {})) {
    if (groupId === PATTERN_PROPERTY_GROUP) {
      throw new Error(`propertyGroups cannot contain the group ${PATTERN_PROPERTY_GROUP}: the pattern fills it with the stream, bucket and queue of the application.`);
    }
    if (!PROPERTY_GROUP_ID.test(groupId)) {
      throw new Error(`propertyGroups ids must be 1 to 50 letters, digits, '_', '.' or '-' (got '${groupId}').`);
    }
    const count = Object.keys(properties).length;
    if (count > MAX_PROPERTIES_PER_GROUP) {
      throw new Error(`propertyGroups.${groupId} may hold at most ${MAX_PROPERTIES_PER_GROUP} properties (got ${count}).`);
    }
  }
}

function checkWholeNumber(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${value}).`);
  }
}

function checkMillis(name: string, value: Duration | undefined, min: number): void {
  if (value === undefined || value.isUnresolved()) {
    return;
  }
  const millis = value.toMilliseconds({ integral: false });
  if (!Number.isInteger(millis) || millis < min) {
    throw new Error(`${name} must be whole milliseconds, ${min === 0 ? '0 or more' : 'more than 0'} (got ${millis} milliseconds).`);
  }
}
