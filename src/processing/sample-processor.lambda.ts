/**
 * Sample Kinesis Data Streams processor: the handler `KinesisLambdaProcessor` deploys by default,
 * and a starting point for your own.
 *
 * - Reads a batch of Kinesis records, decodes each one as base64 UTF-8 JSON and hands the object to
 *   {@link processRecord}, the business logic you replace.
 * - Reports partial batch failures (`ReportBatchItemFailures`): every record either succeeds or is
 *   returned in `batchItemFailures`. Lambda retries from the lowest failed sequence number, so once
 *   a record fails, the later records of its shard in the batch are not attempted and are reported
 *   too (processing them now would let them overtake it). A batch from the event source mapping
 *   holds the records of one shard; the handler keeps shards apart anyway, for events of other
 *   origins. Records are processed one at a time, in order.
 * - With a tumbling window, returns the window's `state` too (Lambda requires one): the count of
 *   records processed in the window, logged when the window closes.
 * - When the first record of the batch fails, throws {@link BatchHeadFailedError} instead (unless
 *   `STREAMING_DATA_PATTERNS_BISECT_BATCH_ON_ERROR` is `false`): Lambda then splits the batch in two
 *   (`BisectBatchOnFunctionError`; splits do not consume the retries) and again, until the failing
 *   record is alone, so that only it reaches the failure destination when the retries run out.
 * - A poison record (not base64, not UTF-8, not JSON, not a JSON object, or not the expected shape)
 *   is reported, logged with its sequence number and the error (never its payload), and counted.
 *
 * Environment (all optional):
 * - `POWERTOOLS_SERVICE_NAME`: `service` log key and metric dimension (default `kinesis-lambda-processor`).
 * - `POWERTOOLS_METRICS_NAMESPACE`: CloudWatch namespace of the metrics (default `StreamingDataPatterns`).
 * - `POWERTOOLS_LOG_LEVEL`: DEBUG, INFO (default), WARN, ERROR, SILENT.
 * - `POWERTOOLS_METRICS_DISABLED`: `true` to emit no metrics.
 *
 * Metrics (EMF, unit Count, one value each per invocation, dimension `service`):
 * `RecordsProcessed` (succeeded), `RecordsFailed` (reported in `batchItemFailures`), of which
 * `RecordsInvalid` (poison records) and `RecordsSkipped` (not attempted after an earlier failure in
 * the same shard).
 *
 * Bundled by projen into the library's Lambda asset: it must stay within 150 KB minified and 50 ms
 * to load (see DESIGN.md), which is why JSON is validated here by hand rather than with zod.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type {
  Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord, KinesisStreamStateResponse, KinesisStreamTumblingWindowEvent,
} from 'aws-lambda';
import { BISECT_ENVIRONMENT } from './handler/bisect-environment';
import { decodeJsonRecord, InvalidRecordError, JsonObject, ShardShortCircuitError, shardOf } from './handler/kinesis-record';

export { InvalidRecordError } from './handler/kinesis-record';
export type { JsonObject } from './handler/kinesis-record';

/** Default `service` of logs and metrics when `POWERTOOLS_SERVICE_NAME` is not set. */
export const DEFAULT_SERVICE_NAME = 'kinesis-lambda-processor';
/** Default metrics namespace when `POWERTOOLS_METRICS_NAMESPACE` is not set. */
export const DEFAULT_METRICS_NAMESPACE = 'StreamingDataPatterns';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || DEFAULT_SERVICE_NAME,
});

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || DEFAULT_SERVICE_NAME,
});

// ---------------------------------------------------------------------------------------------
// Business logic: replace this function.
// ---------------------------------------------------------------------------------------------

/** The shape the sample expects in every record: `{"id": "...", "type": "...", ...}`. */
export interface SampleEvent {
  readonly id: string;
  readonly type: string;
}

/**
 * Process one record. Replace the body with your own logic (write to a table, call an API...).
 *
 * - `payload` is the record's data, already decoded and parsed: always a JSON object.
 * - `record` is the Kinesis record itself (sequence number, partition key, arrival time...).
 * - Return (or resolve) to mark the record processed. Throw to mark it failed: it and the later
 *   records of its shard in this batch are retried by Lambda. Throw an {@link InvalidRecordError}
 *   when the input itself is wrong (it is counted in `RecordsInvalid`).
 * - Records arrive one at a time, in shard order. Make the logic idempotent: Lambda delivers a
 *   record again when its batch is retried (at least once delivery).
 */
export function processRecord(payload: JsonObject, record: KinesisStreamRecord): SampleEvent {
  const { id, type } = payload;
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidRecordError('"id" must be a non-empty string');
  }
  if (typeof type !== 'string' || type.length === 0) {
    throw new InvalidRecordError('"type" must be a non-empty string');
  }
  logger.debug('Record processed', { sequenceNumber: record.kinesis.sequenceNumber, id, type });
  return { id, type };
}

// ---------------------------------------------------------------------------------------------
// Batch machinery: usually kept as is.
// ---------------------------------------------------------------------------------------------

/** The per-record business logic the handler calls (see {@link processRecord}). */
export type RecordProcessor = (payload: JsonObject, record: KinesisStreamRecord) => unknown;

type BatchRecord = Parameters<BatchProcessor['processRecord']>[0];
type BatchRecordResult = Awaited<ReturnType<BatchProcessor['processRecord']>>;

/**
 * Powertools' `BatchProcessor` for Kinesis, made order-preserving per shard: records are processed
 * sequentially, and after the first failure in a shard the remaining records of that shard are
 * reported as failed ({@link ShardShortCircuitError}) without being attempted. Powertools does the
 * same for SQS FIFO (`SqsFifoPartialProcessor`) but has no Kinesis equivalent.
 */
export class KinesisShardOrderedProcessor extends BatchProcessor {
  /** Shard key to the sequence number of the first record that failed in it. */
  private failedShards = new Map<string, string>();

  public constructor() {
    super(EventType.KinesisDataStreams);
  }

  public override prepare(): void {
    super.prepare();
    this.failedShards = new Map<string, string>();
  }

  public override async process(): Promise<BatchRecordResult[]> {
    // Ordering is the point of this processor: never in parallel, whatever the options say.
    this.options = { ...this.options, processInParallel: false };
    return super.process();
  }

  public override async processRecord(record: BatchRecord): Promise<BatchRecordResult> {
    const kinesisRecord = record as KinesisStreamRecord;
    const shard = shardOf(kinesisRecord);
    const failedSequenceNumber = this.failedShards.get(shard.key);
    if (failedSequenceNumber !== undefined) {
      return this.failureHandler(kinesisRecord, new ShardShortCircuitError(shard.shardId, failedSequenceNumber));
    }
    const result = await super.processRecord(record);
    if (result[0] === 'fail') {
      this.failedShards.set(shard.key, kinesisRecord.kinesis?.sequenceNumber ?? 'unknown');
    }
    return result;
  }
}

/** What the handler is built from; tests and users can swap each part. */
export interface KinesisHandlerOptions {
  /** The per-record business logic. */
  readonly processRecord: RecordProcessor;
  /** @default the module's `logger` */
  readonly logger?: Logger;
  /** @default the module's `metrics` */
  readonly metrics?: Metrics;
  /**
   * Fail the invocation when the first record of the batch fails, so that the mapping splits the
   * batch. Only useful when it does (`bisectBatchOnError`): otherwise it only adds errors.
   *
   * @default true, unless the environment variable STREAMING_DATA_PATTERNS_BISECT_BATCH_ON_ERROR
   * (which KinesisLambdaProcessor sets on a function it builds) is `false`
   */
  readonly failOnBatchHeadFailure?: boolean;
}

/**
 * Thrown when the first record of a batch fails: the invocation fails, so that the event source
 * mapping bisects the batch (with `BisectBatchOnFunctionError`) rather than retry it whole. The
 * failed records were logged and counted before.
 */
export class BatchHeadFailedError extends Error {
  public constructor(sequenceNumber: string, failed: number) {
    super(`The first record of the batch (${sequenceNumber}) failed, and with it ${failed} record(s): failing the invocation so that Lambda `
      + 'splits the batch until the failing record is alone (BisectBatchOnFunctionError).');
    this.name = 'BatchHeadFailedError';
  }
}

/**
 * A Lambda handler for Kinesis events with partial batch responses; with a tumbling window
 * (`KinesisLambdaProcessorProps.tumblingWindow`) the response also carries the window's `state`.
 */
export type KinesisHandler = (event: KinesisStreamEvent | KinesisStreamTumblingWindowEvent, context?: Context)
=> Promise<KinesisStreamBatchResponse & Partial<Pick<KinesisStreamStateResponse, 'state'>>>;

/** The state the sample keeps across the invocations of one tumbling window. */
export interface SampleWindowState {
  /** Records processed in the window so far. */
  readonly recordsProcessed: number;
}

/** Build a Kinesis handler around a per-record function. */
export function createKinesisHandler(options: KinesisHandlerOptions): KinesisHandler {
  const log = options.logger ?? logger;
  const metricsSink = options.metrics ?? metrics;
  const failOnBatchHeadFailure = options.failOnBatchHeadFailure ?? process.env[BISECT_ENVIRONMENT] !== 'false';
  const recordHandler = async (record: KinesisStreamRecord): Promise<unknown> => {
    try {
      return await options.processRecord(decodeJsonRecord(record), record);
    } catch (error) {
      // Powertools reads `error.message`: keep a thrown non-Error from failing the whole batch.
      throw error instanceof Error ? error : new Error(`processRecord threw a non-Error value (${typeof error})`);
    }
  };

  return async (event, context) => {
    if (context) {
      log.addContext(context);
    }
    // One processor per invocation: no state survives between batches.
    const processor = new KinesisShardOrderedProcessor();
    // A full batch failure is reported like any other (every sequence number in batchItemFailures)
    // rather than thrown: one contract, and Lambda retries the batch either way.
    const response = await processPartialResponse(event, recordHandler, processor, {
      context,
      throwOnFullBatchFailure: false,
    });

    const counts = reportFailures(log, processor.failureMessages as KinesisStreamRecord[], processor.errors);
    const processed = processor.successMessages.length;
    const failed = processor.failureMessages.length;
    metricsSink.addMetric('RecordsProcessed', MetricUnit.Count, processed);
    metricsSink.addMetric('RecordsFailed', MetricUnit.Count, failed);
    metricsSink.addMetric('RecordsInvalid', MetricUnit.Count, counts.invalid);
    metricsSink.addMetric('RecordsSkipped', MetricUnit.Count, counts.skipped);
    metricsSink.publishStoredMetrics();

    const summary = { records: event.Records.length, processed, failed, invalid: counts.invalid, skipped: counts.skipped };
    if (failed > 0) {
      log.warn('Batch processed with failures', summary);
    } else {
      log.debug('Batch processed', summary);
    }
    const batchItemFailures = response.batchItemFailures.map(({ itemIdentifier }) => ({ itemIdentifier }));
    const first = event.Records[0]?.kinesis?.sequenceNumber;
    if (failOnBatchHeadFailure && first !== undefined && batchItemFailures.some(({ itemIdentifier }) => itemIdentifier === first)) {
      // Nothing of this batch succeeded: a partial response would make Lambda retry the same
      // records whole, and send all of them to the failure destination once the retries run out.
      // A function error makes it split the batch instead (BisectBatchOnFunctionError), until the
      // failing record is alone.
      throw new BatchHeadFailedError(first, failed);
    }
    if ('window' in event && event.window) {
      // Lambda fails every invocation of a tumbling window whose response has no state.
      const state: SampleWindowState = { recordsProcessed: Number(event.state?.recordsProcessed ?? 0) + processed };
      if (event.isFinalInvokeForWindow) {
        log.info('Tumbling window closed', { window: event.window, terminatedEarly: event.isWindowTerminatedEarly, ...state });
      }
      return { batchItemFailures, state };
    }
    return { batchItemFailures };
  };
}

/**
 * Log each failed record (sequence number, shard, partition key and error; never the payload), and
 * one line per shard for the records skipped after it. `errors[i]` belongs to `records[i]`.
 */
function reportFailures(log: Logger, records: KinesisStreamRecord[], errors: unknown[]): { invalid: number; skipped: number } {
  let invalid = 0;
  const skippedByShard = new Map<string, { shardId: string; eventSourceARN?: string; count: number; first: string; last: string }>();
  records.forEach((record, index) => {
    const error = errors[index];
    const sequenceNumber = record.kinesis?.sequenceNumber;
    if (error instanceof ShardShortCircuitError) {
      const shard = shardOf(record);
      const skipped = skippedByShard.get(shard.key);
      if (skipped) {
        skipped.count += 1;
        skipped.last = sequenceNumber;
      } else {
        skippedByShard.set(shard.key, {
          shardId: shard.shardId,
          eventSourceARN: record.eventSourceARN,
          count: 1,
          first: sequenceNumber,
          last: sequenceNumber,
        });
      }
      return;
    }
    const poison = error instanceof InvalidRecordError;
    if (poison) {
      invalid += 1;
    }
    log.error(poison ? 'Invalid record' : 'Record processing failed', {
      sequenceNumber,
      shardId: shardOf(record).shardId,
      partitionKey: record.kinesis?.partitionKey,
      eventSourceARN: record.eventSourceARN,
      approximateArrivalTimestamp: record.kinesis?.approximateArrivalTimestamp,
      dataBase64Length: record.kinesis?.data?.length,
      error,
    });
  });
  let skipped = 0;
  for (const shard of skippedByShard.values()) {
    skipped += shard.count;
    log.warn('Records not attempted after an earlier failure in their shard; reported for retry', {
      shardId: shard.shardId,
      eventSourceARN: shard.eventSourceARN,
      count: shard.count,
      firstSequenceNumber: shard.first,
      lastSequenceNumber: shard.last,
    });
  }
  return { invalid, skipped };
}

/** The Lambda entry point: the sample {@link processRecord} behind the batch machinery. */
export const handler: KinesisHandler = createKinesisHandler({ processRecord });
