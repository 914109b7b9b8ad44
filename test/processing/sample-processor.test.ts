import './powertools-test-env';
import type { Context, KinesisStreamRecord } from 'aws-lambda';
import { goodEvent, kinesisEvent, RecordSpec, sequenceNumber, STREAM_ARN } from './kinesis-event-fixtures';
import {
  BatchHeadFailedError,
  createKinesisHandler,
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  handler,
  InvalidRecordError,
  JsonObject,
  logger,
  metrics,
  processRecord,
} from '../../src/processing/sample-processor.lambda';

const SHARD_A = 'shardId-000000000000';
const SHARD_B = 'shardId-000000000001';

/** A handler around the sample business logic, recording every record it is given. */
function harness(inner: (payload: JsonObject, record: KinesisStreamRecord) => unknown = processRecord) {
  const attempted: string[] = [];
  const businessLogic = jest.fn((payload: JsonObject, record: KinesisStreamRecord) => {
    attempted.push(record.kinesis.sequenceNumber);
    return inner(payload, record);
  });
  const addMetric = jest.spyOn(metrics, 'addMetric');
  const errorLog = jest.spyOn(logger, 'error');
  const warnLog = jest.spyOn(logger, 'warn');
  return {
    run: createKinesisHandler({ processRecord: businessLogic }),
    businessLogic,
    /** Sequence numbers handed to the business logic, in call order. */
    attempted,
    errorLog,
    warnLog,
    /** The metric values of the last invocation. */
    metricValues: () => Object.fromEntries(addMetric.mock.calls.map(([name, , value]) => [name, value])),
  };
}

function good(n: number, shardId = SHARD_A, shardIndex = 0): RecordSpec {
  return { shardId, sequenceNumber: sequenceNumber(n, shardIndex), json: goodEvent(n) };
}

function failuresOf(specs: RecordSpec[]): Array<{ itemIdentifier: string }> {
  return specs.map((spec) => ({ itemIdentifier: spec.sequenceNumber }));
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('good batch', () => {
  test('processes every record once, in order, and reports no failure', async () => {
    const specs = [1, 2, 3, 4, 5].map((n) => good(n));
    const h = harness();

    await expect(h.run(kinesisEvent(specs))).resolves.toEqual({ batchItemFailures: [] });

    expect(h.attempted).toEqual(specs.map((spec) => spec.sequenceNumber));
    expect(h.businessLogic.mock.calls.map(([payload]) => payload)).toEqual([1, 2, 3, 4, 5].map(goodEvent));
    expect(h.metricValues()).toEqual({ RecordsProcessed: 5, RecordsFailed: 0, RecordsInvalid: 0, RecordsSkipped: 0 });
    expect(h.errorLog).not.toHaveBeenCalled();
  });

  test('the shipped handler accepts the sample shape', async () => {
    const specs = [1, 2, 3].map((n) => good(n));
    await expect(handler(kinesisEvent(specs))).resolves.toEqual({ batchItemFailures: [] });
  });

  test('records are processed one at a time, even with asynchronous business logic', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const h = harness(async (payload, record) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Later records resolve sooner: only sequential processing keeps the order.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return processRecord(payload, record);
    });
    const specs = [1, 2, 3, 4].map((n) => good(n));

    await expect(h.run(kinesisEvent(specs))).resolves.toEqual({ batchItemFailures: [] });
    expect(maxInFlight).toBe(1);
    expect(h.attempted).toEqual(specs.map((spec) => spec.sequenceNumber));
  });

  test('adds the Lambda context to the logs when given one', async () => {
    const addContext = jest.spyOn(logger, 'addContext');
    const context = { functionName: 'sample', awsRequestId: 'request-1' } as Context;
    await handler(kinesisEvent([good(1)]), context);
    expect(addContext).toHaveBeenCalledWith(context);
  });
});

describe('one poison record in the middle', () => {
  const poison: RecordSpec = { sequenceNumber: sequenceNumber(3), rawData: '{"id": "order-3", "card": "4111-SECRET' };
  const specs = [good(1), good(2), poison, good(4), good(5)];

  test('reports it and the later records of its shard; earlier records are processed once', async () => {
    const h = harness();

    const response = await h.run(kinesisEvent(specs));

    expect(response).toEqual({ batchItemFailures: failuresOf(specs.slice(2)) });
    expect(h.attempted).toEqual([specs[0].sequenceNumber, specs[1].sequenceNumber]);
    expect(h.metricValues()).toEqual({ RecordsProcessed: 2, RecordsFailed: 3, RecordsInvalid: 1, RecordsSkipped: 2 });
  });

  test('logs the sequence number and the error, never the payload', async () => {
    const h = harness();

    await h.run(kinesisEvent(specs));

    expect(h.errorLog).toHaveBeenCalledTimes(1);
    expect(h.errorLog).toHaveBeenCalledWith('Invalid record', expect.objectContaining({
      sequenceNumber: poison.sequenceNumber,
      shardId: SHARD_A,
      partitionKey: `pk-${poison.sequenceNumber}`,
      eventSourceARN: STREAM_ARN,
      error: expect.any(InvalidRecordError),
    }));
    expect(h.warnLog).toHaveBeenCalledWith(
      'Records not attempted after an earlier failure in their shard; reported for retry',
      expect.objectContaining({
        shardId: SHARD_A,
        count: 2,
        firstSequenceNumber: specs[3].sequenceNumber,
        lastSequenceNumber: specs[4].sequenceNumber,
      }),
    );
    const logged = JSON.stringify([...h.errorLog.mock.calls, ...h.warnLog.mock.calls], (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message } : value);
    expect(logged).not.toContain('SECRET');
    expect(logged).not.toContain(Buffer.from(String(poison.rawData)).toString('base64'));
  });

  test('a record of the wrong shape is a poison record too (shipped handler)', async () => {
    const wrongShape: RecordSpec = { sequenceNumber: sequenceNumber(3), json: { type: 'order.created' } };
    const batch = [good(1), good(2), wrongShape, good(4)];
    await expect(handler(kinesisEvent(batch))).resolves.toEqual({ batchItemFailures: failuresOf(batch.slice(2)) });
  });

  test('a business-logic error stops the shard the same way but is not counted as invalid', async () => {
    const h = harness((payload, record) => {
      if (payload.id === 'order-3') {
        throw new Error('downstream unavailable');
      }
      return processRecord(payload, record);
    });
    const batch = [1, 2, 3, 4, 5].map((n) => good(n));

    const response = await h.run(kinesisEvent(batch));

    expect(response).toEqual({ batchItemFailures: failuresOf(batch.slice(2)) });
    expect(h.attempted).toEqual(batch.slice(0, 3).map((spec) => spec.sequenceNumber));
    expect(h.metricValues()).toEqual({ RecordsProcessed: 2, RecordsFailed: 3, RecordsInvalid: 0, RecordsSkipped: 2 });
    expect(h.errorLog).toHaveBeenCalledWith('Record processing failed', expect.objectContaining({ sequenceNumber: batch[2].sequenceNumber }));
  });

  test('a thrown non-Error value fails the record, not the invocation', async () => {
    const h = harness((_payload, record) => {
      if (record.kinesis.sequenceNumber === sequenceNumber(2)) {
        throw 'not an error';
      }
      return undefined;
    });
    const batch = [good(1), good(2), good(3)];
    await expect(h.run(kinesisEvent(batch))).resolves.toEqual({ batchItemFailures: failuresOf(batch.slice(1)) });
  });
});

describe('the first record of the batch failing', () => {
  test('the invocation fails (so that Lambda bisects the batch), after logging and counting every record', async () => {
    const h = harness();
    const batch: RecordSpec[] = [1, 2, 3].map((n) => ({ sequenceNumber: sequenceNumber(n), rawData: `not json ${n}` }));

    await expect(h.run(kinesisEvent(batch))).rejects.toThrow(new BatchHeadFailedError(sequenceNumber(1), 3));
    expect(h.businessLogic).not.toHaveBeenCalled();
    expect(h.metricValues()).toEqual({ RecordsProcessed: 0, RecordsFailed: 3, RecordsInvalid: 1, RecordsSkipped: 2 });
    expect(h.errorLog).toHaveBeenCalledWith('Invalid record', expect.objectContaining({ sequenceNumber: sequenceNumber(1) }));
  });

  test('a batch of one failing record fails the invocation too (Lambda retries it, then sends it alone)', async () => {
    const h = harness();
    await expect(h.run(kinesisEvent([{ sequenceNumber: sequenceNumber(7), rawData: 'poison' }]))).rejects.toThrow(BatchHeadFailedError);
  });

  test('business logic that rejects everything is called once per shard; the invocation fails', async () => {
    const h = harness(() => {
      throw new Error('database down');
    });
    const batch = [good(1), good(2), good(3, SHARD_B, 1), good(4), good(5, SHARD_B, 1)];

    await expect(h.run(kinesisEvent(batch))).rejects.toThrow(BatchHeadFailedError);
    expect(h.attempted).toEqual([batch[0].sequenceNumber, batch[2].sequenceNumber]);
  });
});

describe('malformed data is a poison record', () => {
  const cases: Array<[string, Omit<RecordSpec, 'sequenceNumber'>]> = [
    ['not base64 at all', { base64Data: '!!!not-base64!!!' }],
    ['base64 without its padding', { base64Data: Buffer.from('{"id":"x"}').toString('base64').replace(/=+$/, '') }],
    ['base64url instead of base64', { base64Data: Buffer.from('{"id":"~~~?"}').toString('base64url') }],
    ['base64 with embedded whitespace', { base64Data: 'eyJpZCI6\nIngifQ==' }],
    ['empty data', { base64Data: '' }],
    ['invalid UTF-8', { rawData: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }],
    ['truncated JSON', { rawData: '{"id": "order-1", "type": ' }],
    ['plain text', { rawData: 'hello world' }],
    ['JSON with trailing garbage', { rawData: '{"id":"a","type":"b"} extra' }],
    ['a JSON array', { json: [goodEvent(1)] }],
    ['a JSON number', { json: 42 }],
    ['a JSON string', { json: 'order-1' }],
    ['JSON null', { json: null }],
    ['JSON true', { json: true }],
    ['an object without "id"', { json: { type: 'order.created' } }],
    ['an object with an empty "type"', { json: { id: 'order-1', type: '' } }],
    ['an object with a numeric "id"', { json: { id: 1, type: 'order.created' } }],
  ];

  test.each(cases)('%s', async (_name, data) => {
    const h = harness();
    const bad: RecordSpec = { ...data, sequenceNumber: sequenceNumber(2) };
    const batch = [good(1), bad];

    await expect(h.run(kinesisEvent(batch))).resolves.toEqual({ batchItemFailures: failuresOf([bad]) });
    expect(h.metricValues()).toEqual({ RecordsProcessed: 1, RecordsFailed: 1, RecordsInvalid: 1, RecordsSkipped: 0 });
    expect(h.errorLog).toHaveBeenCalledWith('Invalid record', expect.objectContaining({
      sequenceNumber: bad.sequenceNumber,
      error: expect.any(InvalidRecordError),
    }));
  });

  test('valid base64 with padding, a UTF-8 BOM and non-ASCII text is accepted', async () => {
    const h = harness();
    const event = { id: 'commande-é-😀', type: 'order.created' };
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(event))]);
    await expect(h.run(kinesisEvent([{ sequenceNumber: sequenceNumber(1), rawData: withBom }]))).resolves.toEqual({ batchItemFailures: [] });
    expect(h.businessLogic).toHaveBeenCalledWith(event, expect.anything());
  });
});

describe('empty batch', () => {
  test('returns no failures and records zero counts', async () => {
    const h = harness();
    await expect(h.run({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
    expect(h.businessLogic).not.toHaveBeenCalled();
    expect(h.metricValues()).toEqual({ RecordsProcessed: 0, RecordsFailed: 0, RecordsInvalid: 0, RecordsSkipped: 0 });
  });

  test('the shipped handler returns a fresh response each time', async () => {
    const first = await handler({ Records: [] });
    first.batchItemFailures.push({ itemIdentifier: 'mutated' });
    await expect(handler({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
  });

  test('an event that is not a batch is rejected', async () => {
    await expect(handler({} as never)).rejects.toThrow();
  });
});

describe('two shards in one event', () => {
  test('a failure in one shard does not stop the other', async () => {
    const a = [good(1, SHARD_A, 0), { shardId: SHARD_A, sequenceNumber: sequenceNumber(2, 0), json: [] }, good(3, SHARD_A, 0)];
    const b = [good(1, SHARD_B, 1), good(2, SHARD_B, 1), good(3, SHARD_B, 1)];
    const interleaved = [a[0], b[0], a[1], b[1], a[2], b[2]];
    const h = harness();

    const response = await h.run(kinesisEvent(interleaved));

    expect(response).toEqual({ batchItemFailures: failuresOf([a[1], a[2]]) });
    expect(h.attempted).toEqual([a[0], b[0], b[1], b[2]].map((spec) => spec.sequenceNumber));
    expect(h.metricValues()).toEqual({ RecordsProcessed: 4, RecordsFailed: 2, RecordsInvalid: 1, RecordsSkipped: 1 });
  });

  test('the same shard id in two streams is two shards', async () => {
    const otherStream = STREAM_ARN.replace('sample-stream', 'other-stream');
    const batch: RecordSpec[] = [
      good(0),
      { sequenceNumber: sequenceNumber(1), rawData: 'poison' },
      { ...good(2), eventSourceARN: otherStream },
      good(3),
    ];
    const h = harness();

    await expect(h.run(kinesisEvent(batch))).resolves.toEqual({ batchItemFailures: failuresOf([batch[1], batch[3]]) });
    expect(h.attempted).toEqual([batch[0].sequenceNumber, batch[2].sequenceNumber]);
  });
});

describe('configuration', () => {
  const serializedConfig = (env: Record<string, string | undefined>) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) {
        delete process.env[key];
      }
    }
    try {
      let emf: { namespace: string; service: unknown } | undefined;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require('../../src/processing/sample-processor.lambda') as typeof import('../../src/processing/sample-processor.lambda');
        mod.metrics.addMetric('RecordsProcessed', 'Count', 1);
        const serialized = mod.metrics.serializeMetrics();
        mod.metrics.clearMetrics();
        emf = { namespace: serialized._aws.CloudWatchMetrics[0].Namespace, service: serialized.service };
      });
      return emf;
    } finally {
      process.env = saved;
    }
  };

  test('namespace and service default to the documented values', () => {
    expect(serializedConfig({ POWERTOOLS_METRICS_NAMESPACE: undefined, POWERTOOLS_SERVICE_NAME: undefined }))
      .toEqual({ namespace: DEFAULT_METRICS_NAMESPACE, service: DEFAULT_SERVICE_NAME });
  });

  test('namespace and service come from the Powertools environment variables', () => {
    expect(serializedConfig({ POWERTOOLS_METRICS_NAMESPACE: 'Orders', POWERTOOLS_SERVICE_NAME: 'order-processor' }))
      .toEqual({ namespace: 'Orders', service: 'order-processor' });
  });
});

describe('tumbling window', () => {
  function windowEvent(records: RecordSpec[], state: Record<string, unknown> | undefined, isFinalInvokeForWindow = false) {
    return {
      ...kinesisEvent(records),
      window: { start: '2026-11-30T10:00:00Z', end: '2026-11-30T10:01:00Z' },
      state,
      isFinalInvokeForWindow,
      isWindowTerminatedEarly: false,
    };
  }

  test('returns the state Lambda requires: the records processed in the window so far', async () => {
    const h = harness();
    await expect(h.run(windowEvent([good(1), good(2)], undefined))).resolves.toEqual({ batchItemFailures: [], state: { recordsProcessed: 2 } });
    await expect(h.run(windowEvent([good(3)], { recordsProcessed: 2 }))).resolves.toEqual({ batchItemFailures: [], state: { recordsProcessed: 3 } });
  });

  test('reports failures with the state, and logs the count when the window closes', async () => {
    const h = harness();
    const info = jest.spyOn(logger, 'info');
    const batch = [good(1), { sequenceNumber: sequenceNumber(2), rawData: 'poison' }, good(3)];
    await expect(h.run(windowEvent(batch, { recordsProcessed: 5 }, true)))
      .resolves.toEqual({ batchItemFailures: failuresOf(batch.slice(1)), state: { recordsProcessed: 6 } });
    expect(info).toHaveBeenCalledWith('Tumbling window closed', expect.objectContaining({ recordsProcessed: 6, terminatedEarly: false }));
  });

  test('without a window: no state', async () => {
    const h = harness();
    expect(await h.run(kinesisEvent([good(1)]))).toEqual({ batchItemFailures: [] });
  });
});

test('failOnBatchHeadFailure false (the mapping does not split batches): a failing first record is reported, not thrown', async () => {
  const run = createKinesisHandler({ processRecord, failOnBatchHeadFailure: false });
  const batch: RecordSpec[] = [{ sequenceNumber: sequenceNumber(1), rawData: 'poison' }, good(2)];
  await expect(run(kinesisEvent(batch))).resolves.toEqual({ batchItemFailures: failuresOf(batch) });
});
