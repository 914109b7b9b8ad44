import './powertools-test-env';
import type { KinesisStreamRecord } from 'aws-lambda';
import { runMapping } from './event-source-mapping-model';
import { goodEvent, kinesisRecord, sequenceNumber } from './kinesis-event-fixtures';
import { createKinesisHandler, JsonObject, processRecord } from '../../src/processing/sample-processor.lambda';
import { PROCESSOR_DEFAULTS } from '../../src/processing/settings';

// What reaches the on-failure destination for poison records, with the pattern's defaults and the
// sample handler, through a model of the event source mapping's retries and splits
// (./event-source-mapping-model.ts).

const DEFAULTS = {
  batchSize: PROCESSOR_DEFAULTS.batchSize,
  retryAttempts: PROCESSOR_DEFAULTS.retryAttempts,
  bisectBatchOnError: PROCESSOR_DEFAULTS.bisectBatchOnError,
};

function shard(size: number, poisonAt: number[]) {
  return Array.from({ length: size }, (_, n) => kinesisRecord({
    sequenceNumber: sequenceNumber(n),
    json: poisonAt.includes(n) ? { id: '', type: 'poison' } : goodEvent(n),
  }));
}

/** The sample handler, recording the records its business logic processed. */
function sample(failOnBatchHeadFailure?: boolean) {
  const processed: string[] = [];
  const handler = createKinesisHandler({
    failOnBatchHeadFailure,
    processRecord: (payload: JsonObject, record: KinesisStreamRecord) => {
      const result = processRecord(payload, record);
      processed.push(record.kinesis.sequenceNumber);
      return result;
    },
  });
  return { handler, processed };
}

test.each([0, 1, 50, 99])('one poison record at position %i of a batch of 100: only it reaches the failure destination; every other is processed', async (position) => {
  const { handler, processed } = sample();
  const records = shard(100, [position]);
  const run = await runMapping(records, handler, DEFAULTS);
  expect(run.sentToDestination).toEqual([[sequenceNumber(position)]]);
  const good = records.map((record) => record.kinesis.sequenceNumber).filter((each) => each !== sequenceNumber(position));
  expect([...new Set(processed)].sort()).toEqual(good.sort());
});

test('two poison records: each alone', async () => {
  const { handler } = sample();
  const run = await runMapping(shard(250, [3, 160]), handler, DEFAULTS);
  expect(run.sentToDestination).toEqual([[sequenceNumber(3)], [sequenceNumber(160)]]);
});

test('a partial response alone (the handler before this change): a failing first record takes the whole batch of 100 with it', async () => {
  const { handler } = sample(false);
  const run = await runMapping(shard(100, [0]), handler, DEFAULTS);
  expect(run.sentToDestination.map((batch) => batch.length)).toEqual([100]);
});

test('without bisection, the rest of the batch goes with the failing record, unprocessed', async () => {
  const { handler, processed } = sample(false);
  const run = await runMapping(shard(100, [50]), handler, { ...DEFAULTS, bisectBatchOnError: false });
  expect(run.sentToDestination.map((batch) => batch.length)).toEqual([50]);
  expect(new Set(processed).size).toBe(50);
});
