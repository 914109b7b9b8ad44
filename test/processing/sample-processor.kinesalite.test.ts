/**
 * The sample handler against records that went through a Kinesis API (kinesalite, a local
 * emulator started by this file on 127.0.0.1): put with the AWS SDK, read back per shard, turned
 * into the event Lambda's event source mapping delivers, processed. Every record put is either
 * processed exactly once or reported in batchItemFailures, in shard order. No AWS account is used.
 */
import './powertools-test-env';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  _Record as KinesisApiRecord,
  Shard,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { goodEvent, REGION } from './kinesis-event-fixtures';
import { createKinesisHandler, JsonObject, processRecord } from '../../src/processing/sample-processor.lambda';
import { EMULATOR_START_TIMEOUT_MS, Emulator, startKinesalite, stopKinesalite } from '../kinesalite';

const STREAM_NAME = 'sample-processor-test';
let emulator: Emulator | undefined;
let kinesis: KinesisClient | undefined;

beforeAll(async () => {
  emulator = await startKinesalite();
  kinesis = new KinesisClient({
    endpoint: `http://127.0.0.1:${emulator.port}`,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // kinesalite speaks HTTP/1.1 only; the SDK would use HTTP/2 for some operations.
    requestHandler: new NodeHttpHandler(),
  });
}, EMULATOR_START_TIMEOUT_MS + 5_000);

afterAll(async () => {
  kinesis?.destroy();
  await stopKinesalite(emulator?.child);
});

function client(): KinesisClient {
  if (!kinesis) {
    throw new Error('kinesalite did not start');
  }
  return kinesis;
}

// ---------------------------------------------------------------------------------------------
// Stream set-up and reading
// ---------------------------------------------------------------------------------------------

interface PlannedRecord {
  readonly shard: 0 | 1;
  readonly data: Buffer;
  /** The JSON object the business logic should receive, when the record is valid. */
  readonly expected?: JsonObject;
}

interface PutRecordResult extends PlannedRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const valid = (shard: 0 | 1, n: number): PlannedRecord => ({ shard, data: json(goodEvent(n)), expected: goodEvent(n) });

/** Interleaved across two shards; shard 0 has a poison record in the middle, shard 1 one near the end. */
const PLAN: PlannedRecord[] = [
  valid(0, 1),
  valid(1, 101),
  valid(0, 2),
  valid(1, 102),
  { shard: 0, data: Buffer.from('{"id": "order-3", "type": ') }, // truncated JSON
  valid(1, 103),
  valid(0, 4),
  valid(1, 104),
  { shard: 0, data: json([goodEvent(5)]) }, // a JSON array (after the first failure: not attempted)
  { shard: 1, data: json({ type: 'order.created' }) }, // no "id"
  valid(0, 6),
  valid(1, 106),
  { shard: 1, data: Buffer.from([0xff, 0xfe, 0x00]) }, // not UTF-8
];

async function createStream(): Promise<{ streamArn: string; shards: Shard[] }> {
  await client().send(new CreateStreamCommand({ StreamName: STREAM_NAME, ShardCount: 2 }));
  // createStreamMs 0: ACTIVE on the next tick. Poll by round trips, not by time.
  for (let attempt = 0; ; attempt++) {
    const { StreamDescriptionSummary: summary } = await client().send(new DescribeStreamSummaryCommand({ StreamName: STREAM_NAME }));
    if (summary?.StreamStatus === 'ACTIVE' && summary.StreamARN) {
      const { Shards: shards = [] } = await client().send(new ListShardsCommand({ StreamName: STREAM_NAME }));
      return { streamArn: summary.StreamARN, shards };
    }
    if (attempt >= 1_000) {
      throw new Error(`stream still ${summary?.StreamStatus}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function putRecords(shards: Shard[]): Promise<PutRecordResult[]> {
  const response = await client().send(new PutRecordsCommand({
    StreamName: STREAM_NAME,
    Records: PLAN.map((record, index) => ({
      Data: record.data,
      PartitionKey: `pk-${index}`,
      // Pin each record to its planned shard.
      ExplicitHashKey: shards[record.shard].HashKeyRange!.StartingHashKey,
    })),
  }));
  expect(response.FailedRecordCount ?? 0).toBe(0);
  return PLAN.map((record, index) => {
    const result = response.Records![index];
    return { ...record, shardId: result.ShardId!, sequenceNumber: result.SequenceNumber! };
  });
}

async function readShard(shardId: string, expectedCount: number): Promise<KinesisApiRecord[]> {
  const { ShardIterator: first } = await client().send(new GetShardIteratorCommand({
    StreamName: STREAM_NAME,
    ShardId: shardId,
    ShardIteratorType: 'TRIM_HORIZON',
  }));
  const records: KinesisApiRecord[] = [];
  let iterator = first;
  // Every record was acknowledged before reading: bounded by reads, never by time.
  for (let reads = 0; iterator && records.length < expectedCount && reads < 100; reads++) {
    const page = await client().send(new GetRecordsCommand({ ShardIterator: iterator }));
    records.push(...(page.Records ?? []));
    iterator = page.NextShardIterator;
  }
  return records;
}

/** What Lambda's event source mapping builds from GetRecords output. */
function toLambdaRecord(record: KinesisApiRecord, shardId: string, streamArn: string): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey!,
      sequenceNumber: record.SequenceNumber!,
      data: Buffer.from(record.Data!).toString('base64'),
      approximateArrivalTimestamp: record.ApproximateArrivalTimestamp!.getTime() / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${record.SequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::000000000000:role/sample-processor-role',
    awsRegion: REGION,
    eventSourceARN: streamArn,
  };
}

// ---------------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------------

function recordingHandler() {
  const processed: Array<{ shardId: string; sequenceNumber: string; payload: JsonObject }> = [];
  const run = createKinesisHandler({
    processRecord: (payload, record) => {
      const result = processRecord(payload, record);
      // Recorded only once the sample logic accepted the record.
      processed.push({ shardId: record.eventID.split(':')[0], sequenceNumber: record.kinesis.sequenceNumber, payload });
      return result;
    },
  });
  return { run, processed };
}

function compareSequenceNumbers(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}

describe('sample processor with records from kinesalite', () => {
  let put: PutRecordResult[];
  let events: Map<string, KinesisStreamEvent>;

  beforeAll(async () => {
    const { streamArn, shards } = await createStream();
    expect(shards).toHaveLength(2);
    put = await putRecords(shards);
    events = new Map();
    for (const shard of shards) {
      const expected = put.filter((record) => record.shardId === shard.ShardId);
      const read = await readShard(shard.ShardId!, expected.length);
      events.set(shard.ShardId!, { Records: read.map((record) => toLambdaRecord(record, shard.ShardId!, streamArn)) });
    }
  }, 30_000);

  test('the records read back are the records put, per shard, in order', () => {
    for (const [shardId, event] of events) {
      const expected = put.filter((record) => record.shardId === shardId);
      expect(event.Records.map((record) => record.kinesis.sequenceNumber)).toEqual(expected.map((record) => record.sequenceNumber));
      expect(event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64'))).toEqual(expected.map((record) => record.data));
      for (const record of event.Records) {
        // Lambda gives seconds (with a fraction), not milliseconds.
        expect(record.kinesis.approximateArrivalTimestamp).toBeLessThan(1e11);
      }
    }
  });

  test.each([
    ['one invocation per shard (as the event source mapping does)', false],
    ['both shards interleaved in one invocation', true],
  ])('every record is processed once or reported, none lost, shard order kept: %s', async (_name, combined) => {
    const { run, processed } = recordingHandler();
    const failed: string[] = [];
    const invocations: KinesisStreamEvent[] = combined
      ? [{ Records: interleave([...events.values()].map((event) => event.Records)) }]
      : [...events.values()];
    for (const event of invocations) {
      const response = await run(event);
      failed.push(...response.batchItemFailures.map((failure) => failure.itemIdentifier));
    }

    const processedSequenceNumbers = processed.map((record) => record.sequenceNumber);
    // None processed twice, none both processed and failed, none reported twice, none lost.
    expect(new Set(processedSequenceNumbers).size).toBe(processedSequenceNumbers.length);
    expect(new Set(failed).size).toBe(failed.length);
    expect(processedSequenceNumbers.filter((sequenceNumber) => failed.includes(sequenceNumber))).toEqual([]);
    expect([...processedSequenceNumbers, ...failed].sort(compareSequenceNumbers))
      .toEqual(put.map((record) => record.sequenceNumber).sort(compareSequenceNumbers));

    for (const shardId of new Set(put.map((record) => record.shardId))) {
      const shardRecords = put.filter((record) => record.shardId === shardId);
      const firstPoison = shardRecords.findIndex((record) => record.expected === undefined);
      const cut = firstPoison === -1 ? shardRecords.length : firstPoison;
      // Processed: the records before the shard's first poison record, in order, with their payloads.
      expect(processed.filter((record) => record.shardId === shardId))
        .toEqual(shardRecords.slice(0, cut).map((record) => ({ shardId, sequenceNumber: record.sequenceNumber, payload: record.expected })));
      // Reported: that poison record and everything after it in the shard (Lambda retries from there).
      expect(failed.filter((sequenceNumber) => shardRecords.some((record) => record.sequenceNumber === sequenceNumber)))
        .toEqual(shardRecords.slice(cut).map((record) => record.sequenceNumber));
    }
    // The plan has a poison record in each shard, and valid records before it.
    expect(processed.length).toBe(6);
    expect(failed.length).toBe(7);
  });
});

function interleave<T>(lists: T[][]): T[] {
  const result: T[] = [];
  for (let index = 0; result.length < lists.reduce((sum, list) => sum + list.length, 0); index++) {
    for (const list of lists) {
      if (index < list.length) {
        result.push(list[index]);
      }
    }
  }
  return result;
}
