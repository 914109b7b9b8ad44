// How many records to send in which second, in which batches: a pure function of the options, so
// the numbers can be checked without sending anything.

/** PutRecords takes at most 500 records per call (the pattern's model refuses more). */
export const MAX_BATCH_SIZE = 500;

export interface RatePlanOptions {
  /** Records per second. */
  readonly rate: number;
  /** Records per PutRecords request, 1 to 500. */
  readonly batchSize: number;
  /** Run this many seconds (`rate` records each)... */
  readonly durationSeconds?: number;
  /** ...or until this many records are sent (`rate` per second, the rest in the last second). */
  readonly count?: number;
}

/** The records of one second: the sizes of its PutRecords requests. */
export interface PlannedSecond {
  /** 0 for the first second. */
  readonly second: number;
  readonly batchSizes: number[];
}

/** The number of records the plan sends in all. */
export function plannedRecordCount(options: RatePlanOptions): number {
  return options.count ?? options.rate * (options.durationSeconds ?? 0);
}

/**
 * The seconds of the run, lazily (a long run at a high rate is a long list): each second's
 * records split into full batches of `batchSize` and one smaller batch for the rest.
 */
export function* planSeconds(options: RatePlanOptions): Generator<PlannedSecond> {
  if ((options.count === undefined) === (options.durationSeconds === undefined)) {
    throw new Error('A rate plan needs either durationSeconds or count.');
  }
  let remaining = plannedRecordCount(options);
  for (let second = 0; remaining > 0; second++) {
    const records = Math.min(options.rate, remaining);
    remaining -= records;
    yield { second, batchSizes: splitIntoBatches(records, options.batchSize) };
  }
}

/** `records` as full batches of `batchSize` and the rest: 1,100 by 500 is [500, 500, 100]. */
export function splitIntoBatches(records: number, batchSize: number): number[] {
  const sizes: number[] = [];
  for (let left = records; left > 0; left -= batchSize) {
    sizes.push(Math.min(batchSize, left));
  }
  return sizes;
}
