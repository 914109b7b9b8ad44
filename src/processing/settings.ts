// The settings of the processor, resolved from its props with their defaults and checked against
// the limits of a Kinesis event source mapping at synth time.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import { FailureDestinationType, KinesisLambdaProcessorProps } from './kinesis-lambda-processor-props';
import { FailureQueueProps } from '../core/failure-queue-props';
import { PropsValidator } from '../core/validation';

/** The defaults of `KinesisLambdaProcessorProps`, chosen to hold under faults. */
export const PROCESSOR_DEFAULTS = {
  batchSize: 100,
  parallelizationFactor: 1,
  retryAttempts: 3,
  /** With `existingStream`: half the shortest retention a stream can have (24 hours). */
  maxRecordAge: Duration.hours(12),
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  startingPosition: lambda.StartingPosition.TRIM_HORIZON,
  failureDestination: FailureDestinationType.SQS,
  iteratorAgeAlarmThreshold: Duration.seconds(60),
};

/** The resolved settings. */
export interface ProcessorSettings {
  /** The event source mapping, but for its on-failure destination. */
  readonly eventSource: Omit<eventSources.KinesisEventSourceProps, 'onFailure'>;
  readonly failureDestination: FailureDestinationType;
  readonly iteratorAgeAlarmThreshold: Duration;
  /**
   * The failure queue's settings with the defaults that follow the stream's retention: with the
   * SQS destination a message only points at records, so it is kept as long as they are, and its
   * age alarm fires halfway through the time left to act.
   */
  readonly failureQueue: FailureQueueProps;
}

/** Applies the defaults and throws a message naming the prop and the allowed values on bad input. */
export function resolveProcessorSettings(validator: PropsValidator, props: KinesisLambdaProcessorProps): ProcessorSettings {
  validator.exclusive('existingFunction', props.existingFunction, 'functionProps', props.functionProps,
    'functionProps only describes a function the pattern creates.');
  validator.check(props.existingFunction !== undefined || props.functionProps !== undefined,
    'Provide existingFunction or functionProps: the pattern needs a function to process the records (SampleProcessor.functionProps() gives the sample one).');
  validator.onlyWith('logGroupProps', props.logGroupProps, props.functionProps !== undefined && props.functionProps.logGroup === undefined,
    'to the log group the pattern creates for a function built from functionProps; an existingFunction or a functionProps.logGroup has its own settings');

  validator.wholeNumber('batchSize', props.batchSize, 1, 10_000);
  validator.wholeNumber('parallelizationFactor', props.parallelizationFactor, 1, 10);
  validator.wholeNumber('retryAttempts', props.retryAttempts, -1, 10_000, '-1 retries until the record expires');
  validator.duration('maxBatchingWindow', props.maxBatchingWindow, 'seconds', { min: 0, max: 300, whole: true });
  validator.duration('maxRecordAge', props.maxRecordAge, 'seconds', { min: 60, max: MAX_RECORD_AGE_SECONDS, whole: true });
  validator.duration('tumblingWindow', props.tumblingWindow, 'seconds', { min: 0, max: 900, whole: true });
  validator.duration('iteratorAgeAlarmThreshold', props.iteratorAgeAlarmThreshold, 'milliseconds', { min: 0, minExclusive: true });
  const startingPosition = props.startingPosition ?? PROCESSOR_DEFAULTS.startingPosition;
  const atTimestamp = startingPosition === lambda.StartingPosition.AT_TIMESTAMP;
  validator.check(!atTimestamp || props.startingPositionTimestamp !== undefined,
    'startingPosition AT_TIMESTAMP needs startingPositionTimestamp, the time to start reading from in Unix seconds (got none).');
  validator.onlyWith('startingPositionTimestamp', props.startingPositionTimestamp, atTimestamp,
    `with startingPosition AT_TIMESTAMP (got startingPosition ${startingPosition})`);

  const retention = streamRetention(props);
  const maxRecordAge = props.maxRecordAge
    ?? (retention ? Duration.seconds(Math.min(Math.floor(retention.toSeconds() / 2), MAX_RECORD_AGE_SECONDS)) : PROCESSOR_DEFAULTS.maxRecordAge);
  if (retention && props.maxRecordAge && !props.maxRecordAge.isUnresolved()) {
    validator.check(props.maxRecordAge.toSeconds({ integral: false }) < retention.toSeconds(),
      `maxRecordAge must be shorter than the stream's retention (${retention.toHumanString()}): a failure record must point at records the stream `
      + `still holds when someone reads it (got ${props.maxRecordAge.toHumanString()}).`);
  }
  if (props.existingStream && props.maxRecordAge && !props.maxRecordAge.isUnresolved() && props.maxRecordAge.toHours({ integral: false }) >= 24) {
    validator.warn('cdk-streaming-data-patterns:maxRecordAgeVsRetention',
      `maxRecordAge is ${props.maxRecordAge.toHumanString()}: make sure the existing stream keeps records longer, or a failure record points at `
      + 'records already deleted. Acknowledge this warning if it does.');
  }
  // IteratorAge is the age of the last record of a batch: with a batching window, a sparse stream's
  // records wait the whole window by design.
  const waitByDesign = props.maxBatchingWindow?.toSeconds() ?? 0;
  const iteratorAgeAlarmThreshold = props.iteratorAgeAlarmThreshold
    ?? Duration.seconds(waitByDesign + PROCESSOR_DEFAULTS.iteratorAgeAlarmThreshold.toSeconds());
  if (props.iteratorAgeAlarmThreshold && !props.iteratorAgeAlarmThreshold.isUnresolved() && waitByDesign > 0) {
    validator.check(props.iteratorAgeAlarmThreshold.toSeconds({ integral: false }) > waitByDesign,
      `iteratorAgeAlarmThreshold must be longer than maxBatchingWindow (${waitByDesign} seconds), which records wait by design, `
      + `or the alarm fires at every batch (got ${props.iteratorAgeAlarmThreshold.toHumanString()}).`);
  }

  const failureDestination = props.failureDestination ?? PROCESSOR_DEFAULTS.failureDestination;
  validator.onlyWith('failureBucketProps', props.failureBucketProps, failureDestination === FailureDestinationType.S3,
    'with failureDestination FailureDestinationType.S3');
  validator.duration('failureBucketProps.expiration', props.failureBucketProps?.expiration, 'days', { min: 1, whole: true });
  validator.check(!props.failureBucketProps?.autoDeleteObjects || props.removalPolicy === RemovalPolicy.DESTROY,
    `failureBucketProps.autoDeleteObjects only applies with removalPolicy RemovalPolicy.DESTROY: a kept bucket keeps its objects (got removalPolicy ${props.removalPolicy ?? RemovalPolicy.RETAIN}).`);

  return {
    eventSource: {
      batchSize: props.batchSize ?? PROCESSOR_DEFAULTS.batchSize,
      maxBatchingWindow: props.maxBatchingWindow,
      parallelizationFactor: props.parallelizationFactor ?? PROCESSOR_DEFAULTS.parallelizationFactor,
      retryAttempts: props.retryAttempts ?? PROCESSOR_DEFAULTS.retryAttempts,
      maxRecordAge,
      bisectBatchOnError: props.bisectBatchOnError ?? PROCESSOR_DEFAULTS.bisectBatchOnError,
      reportBatchItemFailures: props.reportBatchItemFailures ?? PROCESSOR_DEFAULTS.reportBatchItemFailures,
      startingPosition,
      startingPositionTimestamp: props.startingPositionTimestamp,
      tumblingWindow: props.tumblingWindow,
      filters: props.filters,
    },
    failureDestination,
    iteratorAgeAlarmThreshold,
    failureQueue: failureQueueSettings(props, failureDestination, retention, maxRecordAge),
  };
}

/** Lambda's largest maximum record age. */
const MAX_RECORD_AGE_SECONDS = 604_800;
/** Every Kinesis stream keeps records at least this long. */
const MIN_STREAM_RETENTION = Duration.hours(24);
/** SQS keeps messages at most this long. */
const MAX_QUEUE_RETENTION = Duration.days(14);

/** The retention of the stream the pattern creates; undefined with `existingStream` (unknown). */
function streamRetention(props: KinesisLambdaProcessorProps): Duration | undefined {
  if (props.existingStream) {
    return undefined;
  }
  const retention = props.streamProps?.retentionPeriod ?? MIN_STREAM_RETENTION;
  return retention.isUnresolved() ? undefined : retention;
}

/**
 * With the SQS destination, the failure queue keeps a message as long as the stream keeps the
 * records it points at (up to SQS's 14 days; 14 days for an existing stream, whose retention is
 * unknown here), and its age alarm fires halfway through the time left to act (the retention
 * less `maxRecordAge`; at least 24 hours of retention for an existing stream). With S3, the
 * objects hold the records: the queue's own defaults apply.
 */
function failureQueueSettings(
  props: KinesisLambdaProcessorProps,
  destination: FailureDestinationType,
  retention: Duration | undefined,
  maxRecordAge: Duration,
): FailureQueueProps {
  const given = props.failureQueueProps ?? {};
  if (destination !== FailureDestinationType.SQS || maxRecordAge.isUnresolved() || (!retention && !props.existingStream)) {
    return given;
  }
  const retentionSeconds = Math.min((retention ?? MAX_QUEUE_RETENTION).toSeconds(), MAX_QUEUE_RETENTION.toSeconds());
  const timeToAct = Math.max((retention ?? MIN_STREAM_RETENTION).toSeconds() - maxRecordAge.toSeconds(), 600);
  const queueRetention = given.retentionPeriod?.toSeconds() ?? retentionSeconds;
  return {
    ...given,
    retentionPeriod: given.retentionPeriod ?? Duration.seconds(retentionSeconds),
    // Halfway through the time left, and always before the queue drops the message.
    ageOfOldestMessageAlarmThreshold: given.ageOfOldestMessageAlarmThreshold ?? Duration.seconds(Math.floor(Math.min(timeToAct, queueRetention) / 2)),
  };
}

