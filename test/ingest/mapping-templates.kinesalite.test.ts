/**
 * The ingest pattern's mapping templates executed as they would deploy: read from the synthesized
 * template, rendered by Apache Velocity with API Gateway's $input/$util/$context
 * (test/apigateway/vtl-renderer), bodies checked against the synthesized models, the rendered
 * PutRecord/PutRecords sent to kinesalite (a local Kinesis on 127.0.0.1), Kinesis's answer through
 * the integration response its status selects. Then the records are read back and compared byte
 * for byte with the compact JSON text of what the client sent. That text is what the renderer's
 * JSON writer (Jackson) makes of `$input.json`: AWS does not document API Gateway's writer, and the
 * test data keeps to values whose compact JSON is the same in any writer except the hex case of
 * control-character escapes (numbers such as 1e21 or -0 are not used). Kinesis errors kinesalite
 * cannot produce are injected as Kinesis answers them. No AWS account is used.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { KinesisIngestApi } from '../../src';
import { ApiAnswer, RestApiEmulator, ServiceAnswer, ServiceCall } from '../apigateway/rest-api-emulator';
import { VtlRenderer } from '../apigateway/vtl-renderer';
import { EMULATOR_START_TIMEOUT_MS, Emulator, startKinesalite, stopKinesalite } from '../kinesalite';

const STREAM = 'ingest-templates-test';
const BAD_BODY = {
  message: 'The request body does not match the API\'s model; the exact reason is in the API\'s access log under this requestId.',
  rules: 'Each record is {"partitionKey": 1 to 256 characters, "data": any JSON value but null} with no other property; '
    + 'POST /records takes {"records": [1 to 500 records]}.',
};

let kinesalite: Emulator | undefined;
let renderer: VtlRenderer | undefined;
let template: Record<string, any>;
/** The headers the integration mapped, per call to kinesalite. */
const integrationHeaders: Array<Record<string, string>> = [];
let streamLogicalId: string;

/**
 * A Kinesis JSON API call to kinesalite, as API Gateway's AWS integration makes it: with the
 * headers the integration maps (its Content-Type), signed (kinesalite checks that a signature is
 * there, not that it is right).
 */
async function kinesis(action: string, body: string, mapped: Record<string, string> = {}): Promise<ServiceAnswer> {
  integrationHeaders.push(mapped);
  const response = await fetch(`http://127.0.0.1:${kinesalite!.port}/`, {
    method: 'POST',
    headers: {
      // The integration maps 'x-amz-json-1.1', as AWS's Kinesis-proxy tutorial does and Kinesis takes;
      // kinesalite accepts only the full media type (asserted below: the mapped value is what deploys).
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `Kinesis_20131202.${action}`,
      'Authorization': 'AWS4-HMAC-SHA256 Credential=test/20261201/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00',
      'X-Amz-Date': '20261201T000000Z',
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** The API in front of kinesalite, or of `service` when a test injects Kinesis's answers. */
function api(service: ServiceCall = kinesis, streamName = STREAM): RestApiEmulator {
  return new RestApiEmulator({ template, renderer: renderer!, service, refs: { [streamLogicalId]: streamName } });
}

function post(path: string, body: unknown, options: { service?: ServiceCall; streamName?: string; raw?: boolean } = {}): Promise<ApiAnswer> {
  return api(options.service, options.streamName).handle({
    path,
    headers: { 'Authorization': 'token', 'Content-Type': 'application/json' },
    body: options.raw ? body as string : JSON.stringify(body),
  });
}

/** The answer's body, which must be JSON, and its requestId, which must be the request's. */
function bodyOf(answer: ApiAnswer): Record<string, any> {
  const body = JSON.parse(answer.body);
  expect(body.requestId ?? answer.headers['x-amzn-requestid']).toBe(answer.headers['x-amzn-requestid']);
  return body;
}

/** The bytes of one stored record, read back from its shard at its sequence number. */
async function storedData(shardId: string, sequenceNumber: string): Promise<{ data: Buffer; partitionKey: string }> {
  const iterator = JSON.parse((await kinesis('GetShardIterator', JSON.stringify({
    StreamName: STREAM, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: sequenceNumber,
  }))).body).ShardIterator;
  const records = JSON.parse((await kinesis('GetRecords', JSON.stringify({ ShardIterator: iterator, Limit: 1 }))).body).Records;
  return { data: Buffer.from(records[0].Data, 'base64'), partitionKey: records[0].PartitionKey };
}

/**
 * The bytes `$input.json` makes of a value: compact JSON in UTF-8. Java's JSON writer spells a
 * control character's escape in upper-case hex (\u001F where JavaScript writes \u001f): the same
 * JSON value, so consumers parse the same data.
 */
function jsonText(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value).replace(/\\u00([0-9a-f]{2})/g, (_escape, hex: string) => `\\u00${hex.toUpperCase()}`), 'utf-8');
}

/** A Kinesis error answer as the Kinesis JSON API gives it. */
function kinesisError(status: number, type: string, message: string): ServiceCall {
  return async () => ({ status, body: JSON.stringify({ __type: type, message }) });
}

beforeAll(async () => {
  const stack = new Stack();
  const pattern = new KinesisIngestApi(stack, 'Ingest');
  template = Template.fromStack(stack).toJSON();
  streamLogicalId = stack.getLogicalId(pattern.stream.node.defaultChild as never);
  [kinesalite, renderer] = [await startKinesalite(), VtlRenderer.start()];
  const created = await kinesis('CreateStream', JSON.stringify({ StreamName: STREAM, ShardCount: 2 }));
  expect(created.status).toBe(200);
}, EMULATOR_START_TIMEOUT_MS + 300_000);

afterAll(async () => {
  await renderer?.stop();
  await stopKinesalite(kinesalite?.child);
});

describe('POST /record: the client body, the request template, kinesalite, the response template, the stored bytes', () => {
  test.each([
    ['a JSON object', 'customer-42', { event: 'click', count: 3, nested: { ok: true, list: [1, 2.5, null] } }],
    ['a string record', 'k', 'hello'],
    ['a number', 'k', 42],
    ['unicode in data and key', 'clé-日本', { text: 'héllo 🌊 日本語', rtl: 'שלום' }],
    ['quotes and backslashes in data and key', 'k\'1"\\', { quote: 'say "hi"', apostrophe: 'it\'s', backslash: 'C:\\temp\\', slash: 'a/b' }],
    ['newlines and tabs', 'line\nbreak\tkey', { text: 'one\ntwo\r\nthree\tfour', control: '\u0001\u001f' }],
  ])('%s: 200 with its shard and sequence number; stored as the compact JSON text of data, key unchanged', async (_name, partitionKey, data) => {
    const answer = await post('/record', { partitionKey, data });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    const body = bodyOf(answer);
    expect(body).toEqual({ shardId: expect.stringMatching(/^shardId-00000000000[01]$/), sequenceNumber: expect.stringMatching(/^\d+$/), requestId: expect.any(String) });
    const stored = await storedData(body.shardId, body.sequenceNumber);
    expect(stored.data.equals(jsonText(data))).toBe(true);
    expect(stored.partitionKey).toBe(partitionKey);
  });

  test('the integration sends Kinesis the Content-Type it maps: x-amz-json-1.1', async () => {
    integrationHeaders.length = 0;
    expect((await post('/record', { partitionKey: 'k', data: 1 })).status).toBe(200);
    expect(integrationHeaders).toEqual([{ 'Content-Type': 'x-amz-json-1.1' }]);
  });

  test('a record of exactly 1 MiB of JSON text is stored; one byte more is refused by Kinesis with 400', async () => {
    const atLimit = 'a'.repeat(1024 * 1024 - 2); // plus its two quotes: 1,048,576 bytes
    const stored = await post('/record', { partitionKey: 'big', data: atLimit });
    expect(stored.status).toBe(200);
    const body = bodyOf(stored);
    expect((await storedData(body.shardId, body.sequenceNumber)).data.length).toBe(1024 * 1024);

    // Within the model (a string of at most 1,048,576 characters) but its JSON text is over Kinesis's limit.
    const over = await post('/record', { partitionKey: 'big', data: `${atLimit}a` });
    expect(over.status).toBe(400);
    expect(bodyOf(over)).toEqual({ message: 'Kinesis did not store the record(s).', errorType: 'ValidationException', requestId: expect.any(String) });
  });

  test.each([
    ['an empty body', ''],
    ['a body that is not JSON', '{"partitionKey": "k", "data": '],
    ['no data', '{"partitionKey": "k"}'],
    ['data null', '{"partitionKey": "k", "data": null}'],
    ['an empty partition key', '{"partitionKey": "", "data": 1}'],
    ['a partition key of 257 characters', JSON.stringify({ partitionKey: 'k'.repeat(257), data: 1 })],
    ['another property', '{"partitionKey": "k", "data": 1, "extra": true}'],
  ])('%s: 400 from the model with the rules, nothing sent to Kinesis', async (_name, body) => {
    const calls: string[] = [];
    const answer = await post('/record', body, { raw: true, service: async (action, request) => { calls.push(action); return kinesis(action, request); } });
    expect(answer.status).toBe(400);
    expect(bodyOf(answer)).toEqual({ ...BAD_BODY, requestId: expect.any(String) });
    expect(calls).toEqual([]);
  });

  test.each([
    [400, 'ProvisionedThroughputExceededException', 429],
    [400, 'KMSThrottlingException', 429],
    [400, 'LimitExceededException', 429],
    [400, 'ResourceNotFoundException', 500],
    [400, 'AccessDeniedException', 500],
    [400, 'KMSAccessDeniedException', 500],
    [400, 'InvalidArgumentException', 400],
    [400, 'ValidationException', 400],
  ])('Kinesis %i %s: %i, the error type without Kinesis\'s message', async (kinesisStatus, type, status) => {
    const answer = await post('/record', { partitionKey: 'k', data: 1 }, {
      service: kinesisError(kinesisStatus, type, `User: arn:aws:sts::123456789012:assumed-role/x is not authorized (${type})`),
    });
    expect(answer.status).toBe(status);
    expect(bodyOf(answer)).toEqual({ message: 'Kinesis did not store the record(s).', errorType: type, requestId: expect.any(String) });
    expect(answer.body).not.toContain('123456789012');
  });

  test('Kinesis 500 InternalFailure and 503 ServiceUnavailable: 500, retry with the same partition key', async () => {
    for (const [status, type] of [[500, 'InternalFailure'], [503, 'ServiceUnavailable']] as const) {
      const answer = await post('/record', { partitionKey: 'k', data: 1 }, { service: kinesisError(status, type, 'Internal service failure.') });
      expect(answer.status).toBe(500);
      expect(bodyOf(answer)).toEqual({
        message: 'Kinesis failed; the record(s) may not be stored. Retry with the same partition key.', errorType: type, requestId: expect.any(String),
      });
    }
  });

  test('a stream that does not exist (kinesalite\'s own ResourceNotFoundException): 500', async () => {
    const answer = await post('/record', { partitionKey: 'k', data: 1 }, { streamName: 'no-such-stream' });
    expect(answer.status).toBe(500);
    expect(bodyOf(answer)).toEqual({ message: 'Kinesis did not store the record(s).', errorType: 'ResourceNotFoundException', requestId: expect.any(String) });
  });
});

describe('POST /records', () => {
  test('500 records in one request: 200, each with its shard and sequence number, all stored in request order per key', async () => {
    const records = Array.from({ length: 500 }, (_, i) => ({ partitionKey: `key-${i % 7}`, data: { i, text: `record "${i}" \\ ${'é'.repeat(i % 3)}` } }));
    const answer = await post('/records', { records });
    expect(answer.status).toBe(200);
    const body = bodyOf(answer);
    expect(body.failedRecordCount).toBe(0);
    expect(body.records).toHaveLength(500);
    for (const [index, result] of (body.records as Array<{ shardId: string; sequenceNumber: string }>).entries()) {
      expect(Object.keys(result)).toEqual(['shardId', 'sequenceNumber']);
      const stored = await storedData(result.shardId, result.sequenceNumber);
      expect(stored.data.equals(jsonText(records[index].data))).toBe(true);
      expect(stored.partitionKey).toBe(records[index].partitionKey);
    }
  }, 60_000);

  test.each([
    ['no records', '{"records": []}'],
    ['501 records', JSON.stringify({ records: Array.from({ length: 501 }, () => ({ partitionKey: 'k', data: 1 })) })],
    ['a record without partition key', '{"records": [{"partitionKey": "k", "data": 1}, {"data": 2}]}'],
    ['records not an array', '{"records": {"partitionKey": "k", "data": 1}}'],
  ])('%s: 400 from the model', async (_name, body) => {
    const answer = await post('/records', body, { raw: true });
    expect(answer.status).toBe(400);
    expect(bodyOf(answer)).toEqual({ ...BAD_BODY, requestId: expect.any(String) });
  });

  /** kinesalite's real answer with the records at `failing` replaced by Kinesis's per-record error. */
  function withFailedRecords(failing: Record<number, string>): ServiceCall {
    return async (action, request) => {
      const answer = await kinesis(action, request);
      const result = JSON.parse(answer.body);
      for (const [index, code] of Object.entries(failing)) {
        result.Records[Number(index)] = { ErrorCode: code, ErrorMessage: `Rate exceeded for shard shardId-000000000001 in stream ${STREAM} under account 123456789012.` };
      }
      result.FailedRecordCount = Object.keys(failing).length;
      return { status: answer.status, body: JSON.stringify(result) };
    };
  }

  const three = { records: [{ partitionKey: 'a', data: 1 }, { partitionKey: 'b', data: 2 }, { partitionKey: 'c', data: 3 }] };

  test('FailedRecordCount 1, throttled: 429, the failed record\'s code in its place, the others\' shards', async () => {
    const answer = await post('/records', three, { service: withFailedRecords({ 1: 'ProvisionedThroughputExceededException' }) });
    expect(answer.status).toBe(429);
    expect(bodyOf(answer)).toEqual({
      failedRecordCount: 1,
      records: [
        { shardId: expect.any(String), sequenceNumber: expect.any(String) },
        { errorCode: 'ProvisionedThroughputExceededException' },
        { shardId: expect.any(String), sequenceNumber: expect.any(String) },
      ],
      requestId: expect.any(String),
    });
    expect(answer.body).not.toContain('123456789012');
  });

  test('FailedRecordCount 2, one throttled and one InternalFailure: 500', async () => {
    const answer = await post('/records', three, { service: withFailedRecords({ 0: 'InternalFailure', 2: 'ProvisionedThroughputExceededException' }) });
    expect(answer.status).toBe(500);
    expect(bodyOf(answer)).toEqual({
      failedRecordCount: 2,
      records: [{ errorCode: 'InternalFailure' }, { shardId: expect.any(String), sequenceNumber: expect.any(String) }, { errorCode: 'ProvisionedThroughputExceededException' }],
      requestId: expect.any(String),
    });
  });

  test('every record failed with KMSThrottlingException: 429', async () => {
    const answer = await post('/records', three, { service: withFailedRecords({ 0: 'KMSThrottlingException', 1: 'KMSThrottlingException', 2: 'KMSThrottlingException' }) });
    expect(answer.status).toBe(429);
    expect(bodyOf(answer).records).toEqual([{ errorCode: 'KMSThrottlingException' }, { errorCode: 'KMSThrottlingException' }, { errorCode: 'KMSThrottlingException' }]);
  });

  test('a whole-request Kinesis 400 (AccessDeniedException) and 500: the same error mapping as /record', async () => {
    const denied = await post('/records', three, { service: kinesisError(400, 'AccessDeniedException', 'not authorized') });
    expect(denied.status).toBe(500);
    expect(bodyOf(denied)).toEqual({ message: 'Kinesis did not store the record(s).', errorType: 'AccessDeniedException', requestId: expect.any(String) });
    const failed = await post('/records', three, { service: kinesisError(500, 'InternalFailure', 'Internal service failure.') });
    expect(failed.status).toBe(500);
    expect(bodyOf(failed).errorType).toBe('InternalFailure');
  });
});

describe('the stage around the templates', () => {
  test('no Authorization header: 401 from the authorizer before anything else', async () => {
    const answer = await api().handle({ path: '/record', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Unauthorized' });
  });

  test('a content type other than application/json: 415 (no template, passthrough NEVER)', async () => {
    const answer = await api().handle({ path: '/record', headers: { 'Authorization': 'token', 'Content-Type': 'text/plain' }, body: 'x' });
    expect(answer.status).toBe(415);
  });

  test('a path that does not exist: 403 Missing Authentication Token', async () => {
    const answer = await post('/streams', {});
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Missing Authentication Token' });
  });
});
