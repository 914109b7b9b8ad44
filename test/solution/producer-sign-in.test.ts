/**
 * The producer's Cognito sign-in against the local stand-in (started here on 127.0.0.1): the
 * pattern's app client flows, USER_PASSWORD_AUTH then REFRESH_TOKEN_AUTH before the tokens expire,
 * and the messages a failed sign-in gives. The clock is virtual, so expiry is exact.
 */
import { PASSWORD, START, VirtualClock } from './producer-test-clock';
import { CognitoError, CognitoSession, cognitoEndpoint, TokenUse } from '../../examples/solution/producer/cognito-sign-in';
import { LocalStandIn } from '../../examples/solution/producer/stand-in/stand-in-server';


let standIn: LocalStandIn;
let clock: VirtualClock;

beforeEach(async () => {
  clock = new VirtualClock();
  standIn = await LocalStandIn.start({
    clientId: 'client-1',
    users: { 'producer-1': { password: PASSWORD }, 'new-user': { password: 'Temporary-1!', temporaryPassword: true } },
    tokenLifetimeSeconds: 8,
    now: clock.now,
  });
});

afterEach(async () => {
  await standIn.stop();
});

interface SessionOverrides {
  readonly username?: string;
  readonly password?: string;
  readonly clientId?: string;
  readonly tokenUse?: TokenUse;
  readonly endpoint?: string;
}

function session(overrides: SessionOverrides = {}): CognitoSession {
  return new CognitoSession({
    endpoint: standIn.cognitoEndpoint,
    clientId: 'client-1',
    username: 'producer-1',
    password: PASSWORD,
    tokenUse: 'id',
    clock,
    ...overrides,
  });
}

async function signInError(signIn: CognitoSession): Promise<CognitoError> {
  const error = await signIn.token().then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(CognitoError);
  return error as CognitoError;
}

describe('Cognito sign-in', () => {
  test('signs in with USER_PASSWORD_AUTH and gives the ID token', async () => {
    const signIn = session();
    const token = await signIn.token();
    expect(standIn.cognito.lookUp(token)).toEqual({ use: 'id', username: 'producer-1', expiresAt: START + 8000, scopes: [] });
    expect(standIn.cognito.calls).toEqual([{ flow: 'USER_PASSWORD_AUTH', at: START, outcome: 'tokens' }]);
    expect([signIn.signIns, signIn.refreshes]).toEqual([1, 0]);
  });

  test('gives the access token for an API with authorizationScopes', async () => {
    const token = await session({ tokenUse: 'access' }).token();
    expect(standIn.cognito.lookUp(token)?.use).toBe('access');
  });

  test('keeps the token until a quarter of its life is left, then refreshes it', async () => {
    const signIn = session();
    const first = await signIn.token();
    clock.t = START + 5999;
    expect(await signIn.token()).toBe(first);
    expect(standIn.cognito.calls).toHaveLength(1);

    clock.t = START + 6000;
    const second = await signIn.token();
    expect(second).not.toBe(first);
    expect(standIn.cognito.lookUp(second)).toEqual({ use: 'id', username: 'producer-1', expiresAt: START + 6000 + 8000, scopes: [] });
    expect(standIn.cognito.calls.map((call) => [call.flow, call.at - START, call.outcome])).toEqual([
      ['USER_PASSWORD_AUTH', 0, 'tokens'],
      ['REFRESH_TOKEN_AUTH', 6000, 'tokens'],
    ]);
    expect([signIn.signIns, signIn.refreshes]).toEqual([1, 1]);
  });

  test('signs in with the password again when the refresh token is refused', async () => {
    const signIn = session();
    await signIn.token();
    standIn.cognito.revokeRefreshTokens();
    clock.t = START + 7000;
    const token = await signIn.token();
    expect(standIn.cognito.lookUp(token)?.expiresAt).toBe(START + 7000 + 8000);
    expect(standIn.cognito.calls.map((call) => [call.flow, call.outcome])).toEqual([
      ['USER_PASSWORD_AUTH', 'tokens'],
      ['REFRESH_TOKEN_AUTH', 'NotAuthorizedException'],
      ['USER_PASSWORD_AUTH', 'tokens'],
    ]);
    expect([signIn.signIns, signIn.refreshes]).toEqual([2, 0]);
  });

  test('a wrong password is NotAuthorizedException with Cognito\'s message', async () => {
    const error = await signInError(session({ password: 'wrong' }));
    expect(error.code).toBe('NotAuthorizedException');
    expect(error.message).toBe('NotAuthorizedException: Incorrect username or password.');
  });

  test('an unknown user gets the same message (user existence errors are prevented)', async () => {
    const error = await signInError(session({ username: 'nobody' }));
    expect(error.message).toBe('NotAuthorizedException: Incorrect username or password.');
  });

  test('a wrong app client id is named', async () => {
    const error = await signInError(session({ clientId: 'client-2' }));
    expect(error.message).toBe('ResourceNotFoundException: User pool client client-2 does not exist.');
  });

  test('a user with a temporary password is told how to set a permanent one', async () => {
    const error = await signInError(session({ username: 'new-user', password: 'Temporary-1!' }));
    expect(error.message).toBe('ChallengeRequired: Cognito answered with the challenge NEW_PASSWORD_REQUIRED: the user still has its temporary password: '
      + 'set a permanent one with aws cognito-idp admin-set-user-password --permanent');
  });

  test('no answer from the endpoint is a NetworkError naming it', async () => {
    const endpoint = standIn.cognitoEndpoint;
    await standIn.stop();
    const error = await signInError(session({ endpoint }));
    expect(error.code).toBe('NetworkError');
    expect(error.message).toMatch(new RegExp(`^NetworkError: no answer from ${endpoint} \\(fetch failed: .*ECONNREFUSED`));
  });

  test('the regional endpoint', () => {
    expect(cognitoEndpoint('eu-west-1')).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    expect(cognitoEndpoint('cn-north-1')).toBe('https://cognito-idp.cn-north-1.amazonaws.com.cn/');
  });
});
