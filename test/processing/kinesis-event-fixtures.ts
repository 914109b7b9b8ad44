/**
 * Builders for realistic Lambda Kinesis events (the shape Lambda's event source mapping delivers).
 */
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

export const REGION = 'us-east-1';
export const STREAM_ARN = `arn:aws:kinesis:${REGION}:123456789012:stream/sample-stream`;

export interface RecordSpec {
  /** Shard the record was read from. @default shardId-000000000000 */
  readonly shardId?: string;
  /** Sequence number (a decimal string, as Kinesis gives it). */
  readonly sequenceNumber: string;
  /** JSON-serialized into the data; ignored when `rawData` or `base64Data` is given. */
  readonly json?: unknown;
  /** Raw bytes or text of the data (base64-encoded here). */
  readonly rawData?: Buffer | string;
  /** The `kinesis.data` field verbatim (to build malformed base64). */
  readonly base64Data?: string;
  readonly partitionKey?: string;
  readonly eventSourceARN?: string;
  /** Arrival time in epoch seconds (with milliseconds as the fraction, like Lambda). */
  readonly approximateArrivalTimestamp?: number;
}

export function encodeData(spec: Pick<RecordSpec, 'json' | 'rawData' | 'base64Data'>): string {
  if (spec.base64Data !== undefined) {
    return spec.base64Data;
  }
  if (spec.rawData !== undefined) {
    return Buffer.from(spec.rawData).toString('base64');
  }
  return Buffer.from(JSON.stringify(spec.json), 'utf8').toString('base64');
}

export function kinesisRecord(spec: RecordSpec): KinesisStreamRecord {
  const shardId = spec.shardId ?? 'shardId-000000000000';
  const eventSourceARN = spec.eventSourceARN ?? STREAM_ARN;
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: spec.partitionKey ?? `pk-${spec.sequenceNumber}`,
      sequenceNumber: spec.sequenceNumber,
      data: encodeData(spec),
      approximateArrivalTimestamp: spec.approximateArrivalTimestamp ?? 1_795_000_000.123,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${spec.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/sample-processor-role',
    awsRegion: REGION,
    eventSourceARN,
  };
}

export function kinesisEvent(records: RecordSpec[]): KinesisStreamEvent {
  return { Records: records.map(kinesisRecord) };
}

/** A realistic 56-digit sequence number, increasing with `n`. */
export function sequenceNumber(n: number, shardIndex = 0): string {
  const base = 49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_588_898n;
  return (base + BigInt(shardIndex) * 10n ** 30n + BigInt(n) * 1000n).toString();
}

/** A valid sample event. */
export function goodEvent(n: number): { id: string; type: string; amount: number } {
  return { id: `order-${n}`, type: 'order.created', amount: n * 10 };
}
