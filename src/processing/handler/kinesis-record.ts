/**
 * Pure helpers for the sample Kinesis processor handler (`../sample-processor.lambda.ts`).
 *
 * Runtime code bundled into the Lambda asset, not part of the library's public API: never export
 * this module from `src/index.ts`. It imports nothing at runtime but Node.js built-ins, so it can be
 * unit tested on its own and stays small in the bundle.
 */
import type { KinesisStreamRecord } from 'aws-lambda';

/** A parsed JSON object: the only payload shape the processor hands to the business logic. */
export interface JsonObject {
  readonly [key: string]: unknown;
}

/**
 * The record can never succeed as it is (a poison record): its data is not base64, not UTF-8, not
 * JSON, not a JSON object, or does not have the shape the business logic expects.
 *
 * Messages never quote the payload, so they are safe to log.
 */
export class InvalidRecordError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidRecordError';
  }
}

/**
 * The record was not attempted because an earlier record of the same shard failed in this batch.
 *
 * Lambda retries a Kinesis batch from the lowest reported sequence number, so processing later
 * records of that shard now would process them twice, and out of order.
 */
export class ShardShortCircuitError extends Error {
  public constructor(public readonly shardId: string, public readonly failedSequenceNumber: string) {
    super(`Not attempted: an earlier record of ${shardId} (sequence number ${failedSequenceNumber}) failed in this batch`);
    this.name = 'ShardShortCircuitError';
  }
}

/** The shard a record was read from. */
export interface ShardRef {
  /** Unique across streams: the stream ARN and the shard id. */
  readonly key: string;
  /** `shardId-000000000000`, or `unknown` when the event id does not carry one. */
  readonly shardId: string;
}

const UNKNOWN_SHARD = 'unknown';

/**
 * The shard of a record, from its `eventID` (`shardId-000000000000:<sequence number>`) and
 * `eventSourceARN`.
 *
 * Records whose shard cannot be told all share one `unknown` shard, so an ordering guarantee is
 * never lost through a malformed event id (at worst, more records are retried).
 */
export function shardOf(record: KinesisStreamRecord): ShardRef {
  const eventId = typeof record.eventID === 'string' ? record.eventID : '';
  const separator = eventId.indexOf(':');
  const shardId = separator > 0 ? eventId.slice(0, separator) : UNKNOWN_SHARD;
  const stream = typeof record.eventSourceARN === 'string' ? record.eventSourceARN : '';
  return { key: `${stream}|${shardId}`, shardId };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decode a record's data (base64 of UTF-8 JSON) into a JSON object.
 *
 * @throws InvalidRecordError when the data is not strict base64, not UTF-8, not JSON, or a JSON
 * value other than an object (array, string, number, boolean, null).
 */
export function decodeJsonRecord(record: KinesisStreamRecord): JsonObject {
  const data: unknown = record.kinesis?.data;
  if (typeof data !== 'string') {
    throw new InvalidRecordError('kinesis.data is missing');
  }
  // Buffer.from() silently skips characters that are not base64; a round trip rejects them, a
  // missing padding and base64url.
  const bytes = Buffer.from(data, 'base64');
  if (bytes.toString('base64') !== data) {
    throw new InvalidRecordError('kinesis.data is not valid base64');
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new InvalidRecordError('data is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse's own message quotes the input: report the position only.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    throw new InvalidRecordError(`data is not valid JSON${position === undefined ? '' : ` (at position ${position})`}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRecordError(`data is a JSON ${describeJsonType(value)}, expected a JSON object`);
  }
  return value as JsonObject;
}

function describeJsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}
