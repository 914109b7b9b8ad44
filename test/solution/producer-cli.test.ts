/**
 * The producer's CLI end to end, as a child process (ts-node, as a user runs it) against the
 * local stand-in started here on 127.0.0.1: its output and its exit status. Short runs on the
 * real clock (about a second each).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { PASSWORD } from './producer-test-clock';
import { StockTick } from '../../examples/solution/producer/record-generator';
import { LocalStandIn, StandInOptions } from '../../examples/solution/producer/stand-in/stand-in-server';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join('examples', 'solution', 'producer', 'cli.ts');
/** Generous: only reached if the CLI hangs. */
const CLI_TIMEOUT_MS = 20_000;

interface CliRun {
  readonly status: number | null;
  readonly stdout: string[];
  readonly stderr: string[];
}

/** Runs the CLI to its end. Asynchronous, so the stand-in in this process keeps answering. */
function runCli(args: string[], password = PASSWORD, clientSecret = MACHINE.clientSecret): Promise<CliRun> {
  const env = { ...process.env, PRODUCER_PASSWORD: password, PRODUCER_CLIENT_SECRET: clientSecret, TS_NODE_TRANSPILE_ONLY: '1' };
  const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), CLI, ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout += chunk.toString());
  child.stderr.on('data', (chunk: Buffer) => stderr += chunk.toString());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the CLI did not end within ${CLI_TIMEOUT_MS} ms: ${stdout}${stderr}`));
    }, CLI_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      const lines = (text: string) => text.split('\n').filter((line) => line !== '');
      resolve({ status, stdout: lines(stdout), stderr: lines(stderr) });
    });
  });
}

const MACHINE = { clientId: 'machine-1', clientSecret: 'machine-secret-1', scope: 'ingest/write' };

let standIn: LocalStandIn | undefined;

async function start(options: Partial<StandInOptions> = {}): Promise<LocalStandIn> {
  standIn = await LocalStandIn.start({ clientId: 'client-1', users: { 'producer-1': { password: PASSWORD } }, ...options });
  return standIn;
}

function connection(server: LocalStandIn): string[] {
  return ['--api-url', server.apiUrl, '--client-id', 'client-1', '--username', 'producer-1', '--cognito-endpoint', server.cognitoEndpoint];
}

afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
});

jest.setTimeout(30_000);

describe('producer CLI', () => {
  test('every record accepted: a line per second, the summary, exit status 0', async () => {
    const server = await start();
    const result = await runCli([...connection(server), '--rate', '100', '--count', '150', '--batch-size', '40']);
    expect(result.stderr).toEqual([]);
    expect(result.status).toBe(0);
    expect(result.stdout[0]).toBe(`sending 150 records at 100 records/s in batches of up to 40 to ${server.apiUrl}records`);
    expect(result.stdout.slice(1, 3)).toEqual(['second 0: sent 100, accepted 100, refused 0', 'second 1: sent 50, accepted 50, refused 0']);
    expect(result.stdout[3]).toMatch(/^summary: sent 150 records in 5 requests over \d+\.\d s: accepted 150, refused 0$/);
    expect(result.stdout.slice(4)).toEqual(['  sign-ins: 1, token refreshes: 0']);
    expect(server.api.requests.map((request) => request.recordCount).sort((a, b) => a - b)).toEqual([10, 20, 40, 40, 40]);
    expect(server.api.stored).toHaveLength(150);
  });

  test('some records refused: the codes in the summary, exit status 1', async () => {
    const server = await start({ recordFault: (record) => ((record.data as StockTick).ticker === 'NFLX' ? 'ProvisionedThroughputExceededException' : undefined) });
    const result = await runCli([...connection(server), '--rate', '50', '--duration', '1']);
    expect(result.status).toBe(1);
    expect(result.stdout[1]).toBe('second 0: sent 50, accepted 40, refused 10 (ProvisionedThroughputExceededException 10)');
    expect(result.stdout[2]).toMatch(/^summary: sent 50 records in 1 requests over \d+\.\d s: accepted 40, refused 10$/);
    expect(result.stdout[3]).toBe('  refused ProvisionedThroughputExceededException: 10 (throttled by Kinesis: retry it)');
    expect(result.stdout.slice(4)).toEqual(['  requests not answered 200: 1 (HTTP 429 1)', '  sign-ins: 1, token refreshes: 0']);
  });

  test('a wrong password: the sign-in error, exit status 3, nothing sent', async () => {
    const server = await start();
    const result = await runCli([...connection(server), '--rate', '10', '--duration', '1'], 'Wrong-Password-1!');
    expect(result.status).toBe(3);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toEqual([`error: sign-in failed for user 'producer-1' with app client client-1 at ${server.cognitoEndpoint}: `
      + 'NotAuthorizedException: Incorrect username or password.']);
    expect(server.api.requests).toEqual([]);
  });

  test('a bad option: the message, exit status 2, no sign-in', async () => {
    const server = await start();
    const result = await runCli([...connection(server), '--rate', '0', '--duration', '1']);
    expect(result.status).toBe(2);
    expect(result.stderr).toEqual(["error: --rate must be a whole number from 1 to 10000 records per second (got '0')", 'run with --help for the options']);
    expect(server.cognito.calls).toEqual([]);
  });

  test('a machine producer (--token-url): the client credentials grant, every record accepted', async () => {
    const server = await start({ machineClient: MACHINE });
    const result = await runCli(['--api-url', server.apiUrl, '--client-id', 'machine-1', '--token-url', server.tokenUrl, '--rate', '50', '--count', '50']);
    expect(result.stderr).toEqual([]);
    expect(result.status).toBe(0);
    expect(result.stdout.slice(-1)).toEqual(['  sign-ins: 1, token refreshes: 0']);
    expect(server.api.stored).toHaveLength(50);
    expect(server.cognito.calls).toEqual([{ flow: 'client_credentials', at: expect.any(Number), outcome: 'tokens' }]);
  });

  test('a machine producer with a wrong secret: the token endpoint\'s error, exit status 3, nothing sent', async () => {
    const server = await start({ machineClient: MACHINE });
    const result = await runCli(['--api-url', server.apiUrl, '--client-id', 'machine-1', '--token-url', server.tokenUrl, '--count', '5'], PASSWORD, 'wrong');
    expect(result.status).toBe(3);
    expect(result.stderr).toEqual([`error: token request failed for client machine-1 at ${server.tokenUrl}: `
      + 'invalid_client: the token endpoint refused the request: {"error":"invalid_client"}']);
    expect(server.api.requests).toEqual([]);
  });
});
