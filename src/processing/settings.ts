// The settings of the processor, resolved from its props with their defaults and checked against
// the limits of a Kinesis event source mapping at synth time.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import { FailureDestinationType, KinesisLambdaProcessorProps } from './kinesis-lambda-processor-props';
import { PropsValidator } from '../core/validation';

/** The defaults of `KinesisLambdaProcessorProps`, chosen to hold under faults. */
export const PROCESSOR_DEFAULTS = {
  batchSize: 100,
  parallelizationFactor: 1,
  retryAttempts: 3,
  maxRecordAge: Duration.hours(24),
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
  validator.duration('maxRecordAge', props.maxRecordAge, 'seconds', { min: 60, max: 604_800, whole: true });
  validator.duration('tumblingWindow', props.tumblingWindow, 'seconds', { min: 0, max: 900, whole: true });
  validator.duration('iteratorAgeAlarmThreshold', props.iteratorAgeAlarmThreshold, 'milliseconds', { min: 0, minExclusive: true });

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
      maxRecordAge: props.maxRecordAge ?? PROCESSOR_DEFAULTS.maxRecordAge,
      bisectBatchOnError: props.bisectBatchOnError ?? PROCESSOR_DEFAULTS.bisectBatchOnError,
      reportBatchItemFailures: props.reportBatchItemFailures ?? PROCESSOR_DEFAULTS.reportBatchItemFailures,
      startingPosition: props.startingPosition ?? PROCESSOR_DEFAULTS.startingPosition,
      tumblingWindow: props.tumblingWindow,
      filters: props.filters,
    },
    failureDestination,
    iteratorAgeAlarmThreshold: props.iteratorAgeAlarmThreshold ?? PROCESSOR_DEFAULTS.iteratorAgeAlarmThreshold,
  };
}
