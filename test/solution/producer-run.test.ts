/**
 * The producer's run loop against the local stand-in (started here on 127.0.0.1) on a virtual
 * clock: exact batches per second, accepted and refused counts by error code from partial and
 * whole-request failures, token refresh in the middle of a run, and stopping.
 */
import { PASSWORD, START, VirtualClock } from './producer-test-clock';
import { CognitoSession } from '../../examples/solution/producer/cognito-sign-in';
import { IngestClient, IngestRecord } from '../../examples/solution/producer/ingest-client';
import { runProducer, RunSummary } from '../../examples/solution/producer/producer';
import { planSeconds, RatePlanOptions } from '../../examples/solution/producer/rate-plan';
import { RecordGenerator, StockTick } from '../../examples/solution/producer/record-generator';
import { summaryLines, secondLine } from '../../examples/solution/producer/run-report';
import { RequestFault } from '../../examples/solution/producer/stand-in/ingest-api-stand-in';
import { LocalStandIn } from '../../examples/solution/producer/stand-in/stand-in-server';
import { Tally } from '../../examples/solution/producer/tally';

// The first request of a run starts the shared mapping-template renderer (a JVM): slower than a test's 5 s on a loaded machine.
jest.setTimeout(30_000);


interface Setup {
  readonly tokenLifetimeSeconds?: number;
  readonly recordFault?: (record: IngestRecord, requestNumber: number, index: number) => string | undefined;
  readonly requestFault?: (requestNumber: number) => RequestFault | undefined;
}

let standIn: LocalStandIn | undefined;
let clock: VirtualClock;
let users: Record<string, { password: string }>;

afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
});

interface Run {
  readonly summary: RunSummary;
  readonly session: CognitoSession;
  readonly lines: string[];
}

interface Hooks {
  readonly onSecond?: (second: number) => void;
  readonly shouldStop?: () => boolean;
}

async function run(plan: RatePlanOptions, setup: Setup = {}, hooks: Hooks = {}): Promise<Run> {
  clock = new VirtualClock();
  users = { 'producer-1': { password: PASSWORD } };
  standIn = await LocalStandIn.start({ clientId: 'client-1', users, tokenLifetimeSeconds: setup.tokenLifetimeSeconds ?? 3600, now: clock.now, ...setup });
  const session = new CognitoSession({
    endpoint: standIn.cognitoEndpoint, clientId: 'client-1', username: 'producer-1', password: PASSWORD, tokenUse: 'id', clock,
  });
  const lines: string[] = [];
  const summary = await runProducer({
    plan: planSeconds(plan),
    tokens: session,
    sender: new IngestClient(standIn.apiUrl),
    records: new RecordGenerator(),
    clock,
    onSecond: (second: number, tally: Tally) => {
      lines.push(secondLine(second, tally));
      hooks.onSecond?.(second);
    },
    shouldStop: hooks.shouldStop,
  });
  return { summary, session, lines };
}

/** The sizes of the requests the stand-in received, per second of the virtual clock, sorted (a second's batches are sent in parallel). */
function batchesBySecond(): number[][] {
  const seconds: number[][] = [];
  for (const request of standIn!.api.requests) {
    const second = (request.at - START) / 1000;
    (seconds[second] ??= []).push(request.recordCount);
  }
  return seconds.map((sizes) => sizes.sort((a, b) => b - a));
}

function counts(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries(map);
}

describe('producer run', () => {
  test('1,200 records/s for 3 s in batches of 500: 3 x [500, 500, 200], all on time', async () => {
    const { summary, lines } = await run({ rate: 1200, batchSize: 500, durationSeconds: 3 });
    expect(batchesBySecond()).toEqual([[500, 500, 200], [500, 500, 200], [500, 500, 200]]);
    expect(standIn!.api.requests.every((request) => request.status === 200 && request.path === '/prod/records')).toBe(true);
    expect(summary.total.sent).toBe(3600);
    expect(summary.total.accepted).toBe(3600);
    expect(summary.total.requests).toBe(9);
    expect(summary.seconds).toBe(3);
    expect(summary.elapsedMs).toBe(2000);
    expect(summary.total.allAccepted).toBe(true);
    expect(lines).toEqual([0, 1, 2].map((second) => `second ${second}: sent 1200, accepted 1200, refused 0`));
    expect(standIn!.api.stored).toHaveLength(3600);
  });

  test('the records stored: the ticks of that second, partitioned by ticker, every ticker the same share', async () => {
    await run({ rate: 10, batchSize: 4, count: 25 });
    expect(batchesBySecond()).toEqual([[4, 4, 2], [4, 4, 2], [4, 1]]);
    const ticks = standIn!.api.stored.map((record) => ({ key: record.partitionKey, tick: JSON.parse(record.data) as StockTick }));
    expect(ticks.every(({ key, tick }) => key === tick.ticker && Object.keys(tick).join() === 'ticker,price,event_time')).toBe(true);
    const perTicker: Record<string, number> = {};
    ticks.forEach(({ key }) => perTicker[key] = (perTicker[key] ?? 0) + 1);
    expect(perTicker).toEqual({ AMZN: 5, MSFT: 5, GOOG: 5, AAPL: 5, NFLX: 5 });
    expect([...new Set(ticks.map(({ tick }) => tick.event_time))].sort()).toEqual([
      '2025-01-01T10:00:00.000Z', '2025-01-01T10:00:01.000Z', '2025-01-01T10:00:02.000Z',
    ]);
  });

  test('a count: full seconds at the rate, the rest in the last second', async () => {
    const { summary } = await run({ rate: 500, batchSize: 200, count: 1050 });
    expect(batchesBySecond()).toEqual([[200, 200, 100], [200, 200, 100], [50]]);
    expect([summary.total.sent, summary.total.accepted, summary.total.requests, summary.seconds]).toEqual([1050, 1050, 7, 3]);
  });

  test('partial failures: accepted and refused counts by error code, 429 or 500 per request', async () => {
    // 4 requests of 50 records, 10 per ticker. Request 1: MSFT throttled. Request 4: MSFT throttled and GOOG failed.
    const { summary, lines } = await run({ rate: 100, batchSize: 50, durationSeconds: 2 }, {
      recordFault: (record, request) => {
        const { ticker } = record.data as StockTick;
        if (ticker === 'MSFT' && (request === 1 || request === 4)) return 'ProvisionedThroughputExceededException';
        if (ticker === 'GOOG' && request === 4) return 'InternalFailure';
        return undefined;
      },
    });
    expect(standIn!.api.requests.map((request) => request.status)).toEqual([429, 200, 200, 500]);
    const { total } = summary;
    expect([total.sent, total.accepted, total.refused]).toEqual([200, 170, 30]);
    expect(counts(total.refusedByCode)).toEqual({ ProvisionedThroughputExceededException: 20, InternalFailure: 10 });
    expect(counts(total.failedRequestsByAnswer)).toEqual({ 'HTTP 429': 1, 'HTTP 500': 1 });
    expect(total.allAccepted).toBe(false);
    expect(standIn!.api.stored).toHaveLength(170);
    expect(lines).toEqual([
      'second 0: sent 100, accepted 90, refused 10 (ProvisionedThroughputExceededException 10)',
      'second 1: sent 100, accepted 80, refused 20 (ProvisionedThroughputExceededException 10, InternalFailure 10)',
    ]);
    const summaryText = summaryLines(summary, 1, 0);
    expect(summaryText[0]).toBe('summary: sent 200 records in 4 requests over 1.0 s: accepted 170, refused 30');
    expect(summaryText[1]).toBe('  refused ProvisionedThroughputExceededException: 20 (throttled by Kinesis: retry it)');
    expect(summaryText.slice(2)).toEqual([
      '  refused InternalFailure: 10 (not stored by Kinesis: retry it)',
      '  requests not answered 200: 2 (HTTP 429 1, HTTP 500 1)',
      '  sign-ins: 1, token refreshes: 0',
    ]);
  });

  test('whole requests refused: every record of the request counted under the request\'s code', async () => {
    const faults: Record<number, RequestFault> = {
      2: { kind: 'kinesis-error', kinesisStatus: 400, errorType: 'ResourceNotFoundException', message: 'Stream stand-in-stream not found.' },
      3: { kind: 'stage-throttled' },
      4: { kind: 'kinesis-error', kinesisStatus: 400, errorType: 'KMSThrottlingException', message: 'Rate exceeded' },
    };
    const { summary } = await run({ rate: 100, batchSize: 50, durationSeconds: 2 }, { requestFault: (request) => faults[request] });
    expect(standIn!.api.requests.map((request) => request.status)).toEqual([200, 500, 429, 429]);
    const { total } = summary;
    expect([total.sent, total.accepted, total.refused]).toEqual([200, 50, 150]);
    expect(counts(total.refusedByCode)).toEqual({ 'ResourceNotFoundException': 50, 'HTTP 429': 50, 'KMSThrottlingException': 50 });
    expect(counts(total.failedRequestsByAnswer)).toEqual({ 'HTTP 500': 1, 'HTTP 429': 2 });
    // Kinesis's message stays in the API; the requestId finds the request in its access log.
    expect(total.firstMessageByCode.get('ResourceNotFoundException')).toMatch(/^Kinesis did not store the record\(s\)\. \(requestId [0-9a-f-]{36}\)$/);
  });

  test('tokens that live 4 s are refreshed every 3 s during a 10 s run, never sent expired', async () => {
    const { summary, session } = await run({ rate: 10, batchSize: 10, durationSeconds: 10 }, { tokenLifetimeSeconds: 4 });
    expect(standIn!.cognito.calls.map((call) => [call.flow, call.at - START, call.outcome])).toEqual([
      ['USER_PASSWORD_AUTH', 0, 'tokens'],
      ['REFRESH_TOKEN_AUTH', 3000, 'tokens'],
      ['REFRESH_TOKEN_AUTH', 6000, 'tokens'],
      ['REFRESH_TOKEN_AUTH', 9000, 'tokens'],
    ]);
    expect(standIn!.api.requests.map((request) => request.status)).toEqual(Array(10).fill(200));
    expect([summary.total.sent, summary.total.accepted]).toEqual([100, 100]);
    expect([session.signIns, session.refreshes]).toEqual([1, 3]);
  });

  test('a sign-in that fails in the middle of a run stops it, with the counts so far', async () => {
    const { summary } = await run({ rate: 10, batchSize: 10, durationSeconds: 10 }, { tokenLifetimeSeconds: 4 }, {
      onSecond: (second) => {
        if (second === 2) {
          // The password changes and the refresh tokens are revoked: the refresh at second 3 and the sign-in after it fail.
          users['producer-1'] = { password: 'Changed-Password-1!' };
          standIn!.cognito.revokeRefreshTokens();
        }
      },
    });
    expect(summary.stoppedBy).toBe('sign-in failed: NotAuthorizedException: Incorrect username or password.');
    expect([summary.seconds, summary.total.sent, summary.total.accepted]).toEqual([3, 30, 30]);
    expect(standIn!.cognito.calls.map((call) => `${call.flow} ${call.outcome}`).slice(1)).toEqual([
      'REFRESH_TOKEN_AUTH NotAuthorizedException', 'USER_PASSWORD_AUTH NotAuthorizedException',
    ]);
    expect(summaryLines(summary, 1, 0).at(-1)).toBe('  stopped after 3 s: sign-in failed: NotAuthorizedException: Incorrect username or password.');
  });

  test('stopping (Ctrl-C) ends the run before the next second', async () => {
    let seconds = 0;
    const { summary } = await run({ rate: 5, batchSize: 5, durationSeconds: 10 }, {}, { onSecond: () => seconds++, shouldStop: () => seconds >= 2 });
    expect([summary.stoppedBy, summary.seconds, summary.total.sent]).toEqual(['interrupted', 2, 10]);
    expect(standIn!.api.requests).toHaveLength(2);
  });
});
