// One handler throughput case in a fresh process, so its peak memory is its own:
//   handler-worker <sample|baseline> <records> <poison: 0|1>
// Writes {"recordsPerSecond": n, "invocations": n, "batchItemFailures": n} to BENCH_RESULT_FILE
// (stdout carries the handler's own logs and EMF metrics, as in Lambda).
import { writeFileSync } from 'fs';
import { join } from 'path';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

const RECORD_BYTES = 1024;
const MIN_SECONDS = 1;
const MIN_INVOCATIONS = 5;

type Handler = (event: KinesisStreamEvent) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;

/** A realistic event: records of about 1 KiB of JSON, one shard, sequential sequence numbers. */
function kinesisEvent(count: number, poison: boolean): KinesisStreamEvent {
  const padding = 'x'.repeat(RECORD_BYTES - 80);
  const records: KinesisStreamRecord[] = [];
  for (let i = 0; i < count; i++) {
    const sequenceNumber = String(49590338271490256608559692538361571095921575989136588898n + BigInt(i));
    const body = poison && i === Math.floor(count / 2) ? '{not json' : JSON.stringify({ id: `id-${i}`, type: 'click', padding });
    records.push({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: `key-${i % 16}`,
        sequenceNumber,
        data: Buffer.from(body).toString('base64'),
        approximateArrivalTimestamp: 1764230400 + i / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::111122223333:role/bench',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:111122223333:stream/bench',
    });
  }
  return { Records: records };
}

/** Powertools' batch processor used directly, with the same per-record work as the sample. */
function baseline(): Handler {
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  const recordHandler = async (record: KinesisStreamRecord): Promise<void> => {
    const payload = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf-8')) as { id?: unknown; type?: unknown };
    if (typeof payload.id !== 'string' || typeof payload.type !== 'string') {
      throw new Error('invalid record');
    }
  };
  return (event) => processPartialResponse(event, recordHandler, processor, { throwOnFullBatchFailure: false });
}

function sample(): Handler {
  // The bundle the library ships, as Lambda loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(__dirname, '..', 'assets', 'processing', 'sample-processor.lambda', 'index.js')) as { handler: Handler }).handler;
}

async function main(): Promise<void> {
  const [impl, countArg, poisonArg] = process.argv.slice(2);
  const handler = impl === 'baseline' ? baseline() : sample();
  const event = kinesisEvent(Number(countArg), poisonArg === '1');
  let failures = (await handler(event)).batchItemFailures.length; // warm-up
  let invocations = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MIN_SECONDS || invocations < MIN_INVOCATIONS) {
    failures = (await handler(event)).batchItemFailures.length;
    invocations++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const recordsPerSecond = (invocations * event.Records.length) / elapsed;
  writeFileSync(process.env.BENCH_RESULT_FILE!, JSON.stringify({ recordsPerSecond, invocations, batchItemFailures: failures }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
