/**
 * A model of how a Kinesis event source mapping handles the failures of one shard, as Lambda
 * documents it, to run a handler through retries, bisection and the on-failure destination:
 *
 * - A batch is up to `batchSize` records from the checkpoint.
 * - No `batchItemFailures`: the batch succeeded; the checkpoint moves past it.
 * - A partial response: the checkpoint moves to the lowest failed sequence number, and the batch
 *   counts as failed. With bisection on, the batch "is bisected at the returned sequence number and
 *   Lambda retries only the remaining records" (services-kinesis-batchfailurereporting).
 * - A function error: with bisection on, "split the batch in two and retry" (with-kinesis); the
 *   first half is retried, the second half follows it.
 * - `retryAttempts` counts the failed attempts of the records from the checkpoint: a partial
 *   response, or a function error that cannot split (one record, or bisection off). "Splitting
 *   batches doesn't consume the retry quota" (kinesis-on-failure-destination).
 * - Retries exhausted: the batch being retried goes to the on-failure destination (one entry per
 *   batch, pointing at its first and last sequence numbers) and the checkpoint moves past it.
 *
 * Record age (`maxRecordAge`) is not modelled: every record here is young.
 */
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

export interface MappingSettings {
  readonly batchSize: number;
  readonly retryAttempts: number;
  readonly bisectBatchOnError: boolean;
}

export interface MappingRun {
  /** The batches sent to the on-failure destination, as the sequence numbers they point at. */
  readonly sentToDestination: string[][];
  /** Every batch the function was invoked with. */
  readonly invocations: string[][];
}

type Handler = (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse | void>;

/** Runs every record of one shard through `handler` as the mapping would, to the end of the shard. */
export async function runMapping(records: KinesisStreamRecord[], handler: Handler, settings: MappingSettings): Promise<MappingRun> {
  const sentToDestination: string[][] = [];
  const invocations: string[][] = [];
  let checkpoint = 0;
  /** Batches a split or a partial response decided, retried before the mapping reads on. */
  const pending: KinesisStreamRecord[][] = [];
  let failedAttempts = 0;
  const sequenceNumber = (record: KinesisStreamRecord) => record.kinesis.sequenceNumber;

  while (checkpoint < records.length) {
    const batch = pending.shift() ?? records.slice(checkpoint, checkpoint + settings.batchSize);
    invocations.push(batch.map(sequenceNumber));
    let failedFrom: number | undefined;
    let functionError = false;
    try {
      const response = await handler({ Records: batch });
      const failed = (response?.batchItemFailures ?? [])
        .map((failure) => batch.findIndex((record) => sequenceNumber(record) === failure.itemIdentifier));
      if (failed.length > 0) {
        failedFrom = Math.min(...failed);
      }
    } catch {
      functionError = true;
    }

    if (!functionError && failedFrom === undefined) {
      checkpoint += batch.length;
      if (pending.length === 0) {
        failedAttempts = 0;
      }
      continue;
    }
    // The records before the failed one succeeded: the checkpoint moves to it.
    const remaining = functionError ? batch : batch.slice(failedFrom);
    checkpoint += batch.length - remaining.length;
    const cannotSplit = !settings.bisectBatchOnError || !functionError || remaining.length === 1;
    if (cannotSplit && failedAttempts >= settings.retryAttempts) {
      sentToDestination.push(remaining.map(sequenceNumber));
      checkpoint += remaining.length;
      failedAttempts = 0;
      continue;
    }
    if (settings.bisectBatchOnError && functionError && remaining.length > 1) {
      // A split is free: it does not consume the retry quota.
      const half = Math.ceil(remaining.length / 2);
      pending.unshift(remaining.slice(0, half), remaining.slice(half));
      continue;
    }
    failedAttempts += 1;
    if (settings.bisectBatchOnError) {
      pending.unshift(remaining);
    }
  }
  return { sentToDestination, invocations };
}
