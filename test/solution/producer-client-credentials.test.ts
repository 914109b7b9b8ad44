/**
 * A machine producer's tokens (the pattern's machineProducers): the client credentials grant at the
 * token endpoint of the local stand-in (started here on 127.0.0.1), cached until a quarter of the
 * token's life is left, and the errors the endpoint gives. The clock is virtual, so expiry is exact.
 */
import { PASSWORD, START, VirtualClock } from './producer-test-clock';
import { ClientCredentialsSession } from '../../examples/solution/producer/client-credentials';
import { CognitoError } from '../../examples/solution/producer/cognito-sign-in';
import { LocalStandIn } from '../../examples/solution/producer/stand-in/stand-in-server';

const MACHINE = { clientId: 'machine-1', clientSecret: 'secret-1', scope: 'ingest/write' };

let standIn: LocalStandIn;
let clock: VirtualClock;

beforeEach(async () => {
  clock = new VirtualClock();
  standIn = await LocalStandIn.start({
    clientId: 'client-1', users: { 'producer-1': { password: PASSWORD } }, tokenLifetimeSeconds: 8, now: clock.now, machineClient: MACHINE,
  });
});

afterEach(async () => {
  await standIn.stop();
});

function session(overrides: Partial<typeof MACHINE> = {}): ClientCredentialsSession {
  return new ClientCredentialsSession({ tokenUrl: standIn.tokenUrl, ...MACHINE, ...overrides, clock });
}

test('requests an access token with the write scope, Basic client authentication and a form body', async () => {
  const machine = session();
  const token = await machine.token();
  expect(standIn.cognito.lookUp(token)).toEqual({ use: 'access', username: 'machine-1', expiresAt: START + 8000, scopes: ['ingest/write'] });
  expect([machine.signIns, machine.refreshes]).toEqual([1, 0]);
});

test('keeps the token until a quarter of its life is left, then requests a new one (there is no refresh token)', async () => {
  const machine = session();
  const first = await machine.token();
  clock.t = START + 5999;
  expect(await machine.token()).toBe(first);
  clock.t = START + 6000;
  const second = await machine.token();
  expect(second).not.toBe(first);
  expect(standIn.cognito.lookUp(second)?.expiresAt).toBe(START + 6000 + 8000);
  expect(machine.signIns).toBe(2);
});

test('a failed renewal while the token is still valid keeps the token and tries again on the next call; after expiry it fails', async () => {
  const machine = session();
  const first = await machine.token();
  standIn.cognito.tokenEndpointDown = true;
  clock.t = START + 6000;
  expect(await machine.token()).toBe(first);
  clock.t = START + 8000;
  await expect(machine.token()).rejects.toThrow('temporarily_unavailable: the token endpoint refused the request: {"error":"temporarily_unavailable"}');
  standIn.cognito.tokenEndpointDown = false;
  expect(await machine.token()).not.toBe(first);
});

test.each([
  ['a wrong secret', { clientSecret: 'wrong' }, 'invalid_client'],
  ['an unknown client', { clientId: 'nobody' }, 'invalid_client'],
  ['a scope the client may not request', { scope: 'ingest/admin' }, 'invalid_scope'],
])('%s: a CognitoError with the OAuth error code', async (_name, overrides, code) => {
  const error = await session(overrides).token().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CognitoError);
  expect((error as CognitoError).code).toBe(code);
  expect((error as CognitoError).detail).toBe(`the token endpoint refused the request: {"error":"${code}"}`);
});

test('no answer: NetworkError naming the endpoint', async () => {
  const url = standIn.tokenUrl;
  await standIn.stop();
  const error = await session().token().catch((caught: unknown) => caught) as CognitoError;
  expect(error.code).toBe('NetworkError');
  expect(error.detail).toMatch(new RegExp(`^no answer from ${url.replace(/[.]/g, '\\.')} \\(fetch failed`));
});
