import { Duration, Token } from 'aws-cdk-lib';

/** The event source mapping settings that have a Lambda limit, as the user gave them. */
export interface EventSourceLimitsInput {
  readonly batchSize?: number;
  readonly maxBatchingWindow?: Duration;
  readonly parallelizationFactor?: number;
  readonly retryAttempts?: number;
  readonly maxRecordAge?: Duration;
  readonly tumblingWindow?: Duration;
}

/**
 * Checks every event source mapping setting against the limits of a Kinesis event source mapping
 * (AWS Lambda documentation), so a bad value fails at synth time with the prop's name.
 */
export function validateEventSourceLimits(props: EventSourceLimitsInput): void {
  checkWholeNumber('batchSize', props.batchSize, 1, 10_000);
  checkWholeNumber('parallelizationFactor', props.parallelizationFactor, 1, 10);
  if (props.retryAttempts !== undefined && !Token.isUnresolved(props.retryAttempts)
    && (!Number.isInteger(props.retryAttempts) || props.retryAttempts < -1 || props.retryAttempts > 10_000)) {
    throw new Error(`retryAttempts must be a whole number from -1 (retry until the record expires) to 10000 (got ${props.retryAttempts}).`);
  }
  checkSeconds('maxBatchingWindow', props.maxBatchingWindow, 0, 300);
  checkSeconds('maxRecordAge', props.maxRecordAge, 60, 604_800);
  checkSeconds('tumblingWindow', props.tumblingWindow, 0, 900);
}

function checkWholeNumber(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${value}).`);
  }
}

function checkSeconds(name: string, value: Duration | undefined, min: number, max: number): void {
  if (value === undefined || value.isUnresolved()) {
    return;
  }
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new Error(`${name} must be whole seconds from ${min} to ${max} (got ${seconds} seconds).`);
  }
}
