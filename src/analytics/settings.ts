// The settings of the analytics pattern, resolved from its props with their defaults and checked
// against the limits of Managed Service for Apache Flink at synth time.
import { Duration, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FlinkLogLevel, FlinkMetricsLevel, FlinkRuntime, KinesisFlinkAnalyticsProps } from './kinesis-flink-analytics-props';
import { PATTERN_PROPERTY_GROUP } from './property-groups';
import { PropsValidator } from '../core/validation';

/** The defaults of `KinesisFlinkAnalyticsProps`. */
export const ANALYTICS_DEFAULTS = {
  runtime: FlinkRuntime.FLINK_1_20,
  parallelism: 1,
  parallelismPerKpu: 1,
  autoScalingEnabled: true,
  checkpointingEnabled: true,
  checkpointInterval: Duration.seconds(60),
  minPauseBetweenCheckpoints: Duration.seconds(5),
  snapshotsEnabled: true,
  systemRollbackEnabled: true,
  startApplication: true,
  allowNonRestoredState: false,
  logLevel: FlinkLogLevel.INFO,
  metricsLevel: FlinkMetricsLevel.APPLICATION,
  logRetention: logs.RetentionDays.ONE_YEAR,
  outputPrefix: 'output/',
  millisBehindLatestAlarmThreshold: Duration.seconds(60),
};

const PROPERTY_GROUP_ID = /^[a-zA-Z0-9_.-]{1,50}$/;
const MAX_PROPERTIES_PER_GROUP = 50;

/** The resolved settings. */
export interface AnalyticsSettings {
  readonly runtime: FlinkRuntime;
  readonly checkpointingEnabled: boolean;
  readonly autoScalingEnabled: boolean;
  readonly snapshotsEnabled: boolean;
  readonly startApplication: boolean;
  readonly allowNonRestoredState: boolean;
  readonly outputPrefix: string;
  readonly millisBehindLatestAlarmThreshold: Duration;
}

/** Applies the defaults and throws a message naming the prop and the allowed values on bad input. */
export function resolveAnalyticsSettings(validator: PropsValidator, props: KinesisFlinkAnalyticsProps): AnalyticsSettings {
  validator.check(props.code !== undefined,
    'code is required: give the application code with FlinkCode.fromAsset(path) or FlinkCode.fromBucket(bucket, key).');
  validator.wholeNumber('parallelism', props.parallelism, 1, 256);
  validator.wholeNumber('parallelismPerKpu', props.parallelismPerKpu, 1, 8);

  const checkpointingEnabled = props.checkpointingEnabled ?? ANALYTICS_DEFAULTS.checkpointingEnabled;
  for (const name of ['checkpointInterval', 'minPauseBetweenCheckpoints'] as const) {
    validator.onlyWith(name, props[name], checkpointingEnabled, 'with checkpointing: remove it or set checkpointingEnabled to true (got checkpointingEnabled false)');
  }
  validator.duration('checkpointInterval', props.checkpointInterval, 'milliseconds', { min: 0, minExclusive: true, whole: true });
  validator.duration('minPauseBetweenCheckpoints', props.minPauseBetweenCheckpoints, 'milliseconds', { min: 0, whole: true });
  validator.duration('millisBehindLatestAlarmThreshold', props.millisBehindLatestAlarmThreshold, 'milliseconds', { min: 0, minExclusive: true, whole: true });

  const snapshotsEnabled = props.snapshotsEnabled ?? ANALYTICS_DEFAULTS.snapshotsEnabled;
  validator.onlyWith('allowNonRestoredState', props.allowNonRestoredState, snapshotsEnabled,
    'with snapshots: it lets a start from a snapshot skip state the code no longer has (got snapshotsEnabled false)');

  for (const name of ['vpcSubnets', 'securityGroups'] as const) {
    validator.onlyWith(name, props[name], props.vpc !== undefined, `with vpc: give the vpc the application runs in, or remove ${name}`);
  }

  validator.exclusive('existingBucket', props.existingBucket, 'bucketProps', props.bucketProps, 'bucketProps only describes a bucket the pattern creates.');
  validator.check(props.bucketProps?.encryption === undefined && props.bucketProps?.encryptionKey === undefined,
    'bucketProps.encryption and bucketProps.encryptionKey cannot be set: the output bucket is always encrypted with SSE-KMS; '
    + 'bring a bucket encrypted with your own key as existingBucket.');
  const outputPrefix = props.outputPrefix ?? ANALYTICS_DEFAULTS.outputPrefix;
  validateOutputPrefix(validator, outputPrefix);
  validatePropertyGroups(validator, props.propertyGroups);

  return {
    runtime: props.runtime ?? ANALYTICS_DEFAULTS.runtime,
    checkpointingEnabled,
    autoScalingEnabled: props.autoScalingEnabled ?? ANALYTICS_DEFAULTS.autoScalingEnabled,
    snapshotsEnabled,
    startApplication: props.startApplication ?? ANALYTICS_DEFAULTS.startApplication,
    allowNonRestoredState: props.allowNonRestoredState ?? ANALYTICS_DEFAULTS.allowNonRestoredState,
    outputPrefix,
    millisBehindLatestAlarmThreshold: props.millisBehindLatestAlarmThreshold ?? ANALYTICS_DEFAULTS.millisBehindLatestAlarmThreshold,
  };
}

function validateOutputPrefix(validator: PropsValidator, prefix: string): void {
  if (Token.isUnresolved(prefix)) {
    return;
  }
  validator.check(prefix.length > 0 && !prefix.startsWith('/') && prefix.endsWith('/') && !prefix.includes('*'),
    `outputPrefix must be a folder such as 'output/': not empty, no leading '/', no '*', ending with '/' (got '${prefix}').`);
}

function validatePropertyGroups(validator: PropsValidator, groups: { [groupId: string]: { [key: string]: string } } | undefined): void {
  for (const [groupId, properties] of Object.entries(groups ?? {})) {
    validator.check(groupId !== PATTERN_PROPERTY_GROUP,
      `propertyGroups cannot contain the group ${PATTERN_PROPERTY_GROUP}: the pattern fills it with the stream, bucket and queue of the application.`);
    validator.check(PROPERTY_GROUP_ID.test(groupId), `propertyGroups ids must be 1 to 50 letters, digits, '_', '.' or '-' (got '${groupId}').`);
    const count = Object.keys(properties).length;
    validator.check(count <= MAX_PROPERTIES_PER_GROUP, `propertyGroups.${groupId} may hold at most ${MAX_PROPERTIES_PER_GROUP} properties (got ${count}).`);
  }
}
