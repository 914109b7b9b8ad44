/**
 * The producer's PutRecords client against the local stand-in of a KinesisIngestApi stage
 * (started here on 127.0.0.1): the authorizer, the pattern's request models and the answers of its
 * response templates, read into one outcome per record.
 */
import { PASSWORD, START, VirtualClock } from './producer-test-clock';
import { ClientCredentialsSession } from '../../examples/solution/producer/client-credentials';
import { CognitoSession, TokenUse } from '../../examples/solution/producer/cognito-sign-in';
import { IngestClient, IngestRecord, interpretAnswer } from '../../examples/solution/producer/ingest-client';
import { StandInMachineClient } from '../../examples/solution/producer/stand-in/cognito-stand-in';
import { RequestFault } from '../../examples/solution/producer/stand-in/ingest-api-stand-in';
import { LocalStandIn } from '../../examples/solution/producer/stand-in/stand-in-server';
import { KINESIS_LIMITS } from '../../src/ingest/request-models';

// The first request of a run starts the shared mapping-template renderer (a JVM): slower than a test's 5 s on a loaded machine.
jest.setTimeout(30_000);


interface Setup {
  readonly machineClient?: StandInMachineClient;
  readonly recordFault?: (record: IngestRecord, requestNumber: number, index: number) => string | undefined;
  readonly requestFault?: (requestNumber: number) => RequestFault | undefined;
}

let standIn: LocalStandIn | undefined;
let clock: VirtualClock;

async function start(setup: Setup = {}): Promise<{ client: IngestClient; token: (use?: TokenUse) => Promise<string> }> {
  clock = new VirtualClock();
  const server = await LocalStandIn.start({ clientId: 'client-1', users: { 'producer-1': { password: PASSWORD } }, tokenLifetimeSeconds: 60, now: clock.now, ...setup });
  standIn = server;
  const token = (tokenUse: TokenUse = 'id') => new CognitoSession({
    endpoint: server.cognitoEndpoint, clientId: 'client-1', username: 'producer-1', password: PASSWORD, tokenUse, clock,
  }).token();
  return { client: new IngestClient(server.apiUrl), token };
}

afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
});

function tick(ticker: string, price = 10): IngestRecord {
  return { partitionKey: ticker, data: { ticker, price, event_time: '2025-01-01T10:00:00.000Z' } };
}

describe('ingest API client against the stand-in', () => {
  test('all stored: 200 and a shard and sequence number per record, the data stored as JSON text', async () => {
    const { client, token } = await start();
    const result = await client.putRecords([tick('AMZN', 1.5), tick('MSFT', 2)], await token());
    expect(result.status).toBe(200);
    expect(result.requestError).toBeUndefined();
    expect(result.outcomes).toHaveLength(2);
    expect(result.outcomes.every((outcome) => outcome.accepted)).toBe(true);
    expect(result.outcomes.map((outcome) => outcome.accepted && outcome.shardId)).toEqual(standIn!.api.stored.map((record) => record.shardId));
    expect(standIn!.api.stored.map((record) => [record.partitionKey, record.data])).toEqual([
      ['AMZN', '{"ticker":"AMZN","price":1.5,"event_time":"2025-01-01T10:00:00.000Z"}'],
      ['MSFT', '{"ticker":"MSFT","price":2,"event_time":"2025-01-01T10:00:00.000Z"}'],
    ]);
  });

  test('a stage URL without its trailing slash still posts to <stage>/records', async () => {
    const { token } = await start();
    const result = await new IngestClient(standIn!.apiUrl.replace(/\/$/, '')).putRecords([tick('AMZN')], await token());
    expect(result.status).toBe(200);
    expect(standIn!.api.requests.map((request) => request.path)).toEqual(['/prod/records']);
  });

  test('some records throttled: 429, each record\'s own result', async () => {
    const { client, token } = await start({ recordFault: (record) => (record.partitionKey === 'MSFT' ? 'ProvisionedThroughputExceededException' : undefined) });
    const result = await client.putRecords([tick('AMZN'), tick('MSFT'), tick('GOOG'), tick('MSFT')], await token());
    expect(result.status).toBe(429);
    expect(result.requestError).toBeUndefined();
    expect(result.outcomes.map((outcome) => (outcome.accepted ? 'stored' : outcome.errorCode))).toEqual([
      'stored', 'ProvisionedThroughputExceededException', 'stored', 'ProvisionedThroughputExceededException',
    ]);
    // The API names the error, never Kinesis's message (it names the account and the stream).
    expect(result.outcomes[1]).toEqual({ accepted: false, errorCode: 'ProvisionedThroughputExceededException', errorMessage: 'throttled by Kinesis: retry it' });
    expect(standIn!.api.stored.map((record) => record.partitionKey)).toEqual(['AMZN', 'GOOG']);
  });

  test('a failure that is not throttling among the failed records: 500', async () => {
    const faults: Record<string, string> = { MSFT: 'ProvisionedThroughputExceededException', GOOG: 'InternalFailure' };
    const { client, token } = await start({ recordFault: (record) => faults[record.partitionKey] });
    const result = await client.putRecords([tick('AMZN'), tick('MSFT'), tick('GOOG')], await token());
    expect(result.status).toBe(500);
    expect(result.outcomes.map((outcome) => (outcome.accepted ? 'stored' : outcome.errorCode))).toEqual([
      'stored', 'ProvisionedThroughputExceededException', 'InternalFailure',
    ]);
  });

  test('no token, another token or the wrong kind of token: 401 Unauthorized for every record', async () => {
    const { client, token } = await start();
    for (const wrong of ['', 'not-a-token', await token('access')]) {
      const result = await client.putRecords([tick('AMZN'), tick('MSFT')], wrong);
      expect(result.status).toBe(401);
      expect(result.requestError).toEqual({ code: 'HTTP 401', message: 'Unauthorized' });
      expect(result.outcomes).toEqual([
        { accepted: false, errorCode: 'HTTP 401', errorMessage: 'Unauthorized' },
        { accepted: false, errorCode: 'HTTP 401', errorMessage: 'Unauthorized' },
      ]);
    }
    expect(standIn!.api.stored).toEqual([]);
  });

  test('with machineProducers only the machine client\'s access token (write scope) is accepted: not a user\'s ID or access token', async () => {
    const machineClient = { clientId: 'machine-1', clientSecret: 'secret-1', scope: 'ingest/write' };
    const { client, token } = await start({ machineClient });
    expect((await client.putRecords([tick('AMZN')], await token('id'))).status).toBe(401);
    // A password sign-in's access token carries aws.cognito.signin.user.admin only, not the write scope.
    expect((await client.putRecords([tick('AMZN')], await token('access'))).status).toBe(401);
    const machine = new ClientCredentialsSession({ tokenUrl: standIn!.tokenUrl, ...machineClient, clock });
    expect((await client.putRecords([tick('AMZN')], await machine.token())).status).toBe(200);
  });

  test('an expired token: 401 with API Gateway\'s message', async () => {
    const { client, token } = await start();
    const expiring = await token();
    clock.t = START + 59_999;
    expect((await client.putRecords([tick('AMZN')], expiring)).status).toBe(200);
    clock.t = START + 60_000;
    const result = await client.putRecords([tick('AMZN')], expiring);
    expect(result.status).toBe(401);
    expect(result.requestError).toEqual({ code: 'HTTP 401', message: 'The incoming token has expired' });
  });

  test.each([
    ['an empty partition key', [{ partitionKey: '', data: 1 }]],
    ['a partition key longer than the model allows', [{ partitionKey: 'k'.repeat(KINESIS_LIMITS.maxPartitionKeyLength + 1), data: 1 }]],
    ['null data', [{ partitionKey: 'AMZN', data: null }]],
    ['a record without data', [{ partitionKey: 'AMZN' }]],
    ['an unknown property', [{ partitionKey: 'AMZN', data: 1, ttl: 5 }]],
    ['no records', []],
    ['501 records', Array.from({ length: 501 }, () => tick('AMZN'))],
  ])('the model refuses %s: 400 with the rules and the requestId to look up', async (_name, records) => {
    const { client, token } = await start();
    const result = await client.putRecords(records as IngestRecord[], await token());
    expect(result.status).toBe(400);
    expect(result.requestError?.code).toBe('HTTP 400');
    expect(result.requestError?.message).toMatch(new RegExp(
      '^The request body does not match the API\'s model; the exact reason is in the API\'s access log under this requestId\. '
      + 'Each record is \\{"partitionKey": 1 to 256 characters, .* \\(requestId [0-9a-f-]{36}\\)$'));
    expect(result.outcomes).toHaveLength(records.length);
    expect(standIn!.api.stored).toEqual([]);
  });

  test.each([
    ['stage throttling', 429, 'HTTP 429', { kind: 'stage-throttled' }, 'Too Many Requests'],
    ['Kinesis throttling', 429, 'ProvisionedThroughputExceededException',
      { kind: 'kinesis-error', kinesisStatus: 400, errorType: 'ProvisionedThroughputExceededException', message: 'Rate exceeded for stream' },
      'Kinesis did not store the record(s).'],
    ['KMS throttling', 429, 'KMSThrottlingException',
      { kind: 'kinesis-error', kinesisStatus: 400, errorType: 'KMSThrottlingException', message: 'KMS rate exceeded' },
      'Kinesis did not store the record(s).'],
    ['a request Kinesis finds invalid', 400, 'InvalidArgumentException',
      { kind: 'kinesis-error', kinesisStatus: 400, errorType: 'InvalidArgumentException', message: 'Record size exceeded' },
      'Kinesis did not store the record(s).'],
    ['a missing stream', 500, 'ResourceNotFoundException',
      { kind: 'kinesis-error', kinesisStatus: 400, errorType: 'ResourceNotFoundException', message: 'Stream not found' },
      'Kinesis did not store the record(s).'],
    ['a Kinesis 5xx', 500, 'InternalFailure',
      { kind: 'kinesis-error', kinesisStatus: 500, errorType: 'InternalFailure', message: 'ignored' },
      'Kinesis failed; the record(s) may not be stored. Retry with the same partition key.'],
  ] as Array<[string, number, string, RequestFault, string]>)('a whole request refused by %s: %d, every record under %s', async (_name, status, code, fault, message) => {
    const { client, token } = await start({ requestFault: () => fault });
    const result = await client.putRecords([tick('AMZN'), tick('MSFT'), tick('GOOG')], await token());
    expect(result.status).toBe(status);
    // Kinesis's own message never reaches the client; the requestId finds the request in the access log.
    const said = status === 429 && code === 'HTTP 429' ? message : expect.stringMatching(new RegExp(`^${message.replace(/[.()]/g, '\\$&')} \\(requestId [0-9a-f-]{36}\\)$`));
    expect(result.requestError).toEqual({ code, message: said });
    expect(result.outcomes).toEqual(Array(3).fill({ accepted: false, errorCode: code, errorMessage: said }));
    expect(standIn!.api.stored).toEqual([]);
  });

  test('no answer: status 0, every record refused as NoAnswer', async () => {
    const { client, token } = await start();
    const valid = await token();
    await standIn!.stop();
    const result = await client.putRecords([tick('AMZN')], valid);
    expect(result.status).toBe(0);
    expect(result.requestError?.code).toBe('NoAnswer');
    expect(result.requestError?.message).toMatch(/^no answer from http:\/\/127\.0\.0\.1:\d+\/prod\/records \(fetch failed: .*ECONNREFUSED/);
  });

  test('the other route and unknown paths answer like the pattern', async () => {
    const { token } = await start();
    const headers = { 'Content-Type': 'application/json', 'Authorization': await token() };
    const single = await fetch(`${standIn!.apiUrl}record`, { method: 'POST', headers, body: JSON.stringify(tick('AMZN')) });
    expect(single.status).toBe(200);
    expect(Object.keys(await single.json() as object)).toEqual(['shardId', 'sequenceNumber', 'requestId']);
    const unknown = await fetch(`${standIn!.apiUrl}streams`, { method: 'POST', headers, body: '{}' });
    expect([unknown.status, await unknown.json()]).toEqual([403, { message: 'Missing Authentication Token' }]);
    const text = await fetch(`${standIn!.apiUrl}records`, { method: 'POST', headers: { ...headers, 'Content-Type': 'text/plain' }, body: '{}' });
    expect([text.status, await text.json()]).toEqual([415, { message: 'Unsupported Media Type' }]);
  });
});

describe('reading answers that are not the pattern\'s', () => {
  test('a non-JSON error page: the status and the start of the body', () => {
    expect(interpretAnswer(2, 502, '<html>\n<body>Bad Gateway</body></html>').requestError).toEqual({
      code: 'HTTP 502', message: '<html> <body>Bad Gateway</body></html>',
    });
  });

  test('a 200 without per-record results is not taken as success', () => {
    const result = interpretAnswer(1, 200, '{"ok":true}');
    expect(result.requestError).toEqual({ code: 'UnexpectedResponse', message: 'no per-record results in a 200 answer: {"ok":true}' });
    expect(result.outcomes).toEqual([{ accepted: false, errorCode: 'UnexpectedResponse', errorMessage: 'no per-record results in a 200 answer: {"ok":true}' }]);
  });

  test('fewer results than records is not taken as success', () => {
    const result = interpretAnswer(2, 200, '{"failedRecordCount":0,"records":[{"shardId":"s","sequenceNumber":"1"}]}');
    expect(result.requestError?.code).toBe('UnexpectedResponse');
    expect(result.outcomes.filter((outcome) => outcome.accepted)).toHaveLength(0);
  });
});
