// Signing in to the ingest API's user pool through the Cognito API, with the flows the pattern's
// app client allows: USER_PASSWORD_AUTH (no client secret) and REFRESH_TOKEN_AUTH. InitiateAuth
// takes no AWS signature, so it is a plain JSON POST.
import { Clock } from './clock';
import { describeFetchError, excerpt, JsonObject, parseJsonObject, stringField } from './json-response';

/**
 * The token the API's authorizer accepts: the ID token, or the access token when the pattern was
 * given `authorizationScopes`.
 */
export type TokenUse = 'id' | 'access';

/** The regional Cognito endpoint (regions in China are under amazonaws.com.cn). */
export function cognitoEndpoint(region: string): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://cognito-idp.${region}.${domain}/`;
}

/** Cognito refused (`code` is its error type, such as NotAuthorizedException) or did not answer. */
export class CognitoError extends Error {
  constructor(public readonly code: string, public readonly detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'CognitoError';
  }
}

export interface CognitoSignInOptions {
  /** The Cognito endpoint, for example `cognitoEndpoint('eu-west-1')`. */
  readonly endpoint: string;
  /** The app client id (the pattern's `userPoolClient`). */
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
  readonly tokenUse: TokenUse;
  readonly clock: Clock;
}

interface Tokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** Tokens are refreshed when less than this is left of their life, or a quarter of it if shorter. */
const REFRESH_MARGIN_MS = 60_000;

/** What the challenges Cognito may answer a password sign-in with mean for a producer. */
const CHALLENGE_ADVICE: Record<string, string> = {
  NEW_PASSWORD_REQUIRED: 'the user still has its temporary password: set a permanent one with aws cognito-idp admin-set-user-password --permanent',
  SOFTWARE_TOKEN_MFA: 'the user has enrolled an MFA device: a producer needs a user without one',
  MFA_SETUP: 'the user pool requires MFA: a producer needs a pool where MFA is OFF or OPTIONAL',
};

/**
 * The tokens of one user. `token()` signs in on first use and refreshes the tokens before they
 * expire (Cognito's `ExpiresIn`: the pattern's app client gives the ID and access tokens the same
 * life, 1 hour); when the refresh token itself is refused (expired after 30 days, or revoked),
 * it signs in with the password again.
 */
export class CognitoSession {
  private tokens?: Tokens;
  private signInCount = 0;
  private refreshCount = 0;

  constructor(private readonly options: CognitoSignInOptions) {}

  /** Password sign-ins so far. */
  public get signIns(): number {
    return this.signInCount;
  }

  /** Refresh-token sign-ins so far. */
  public get refreshes(): number {
    return this.refreshCount;
  }

  /** A token to send in the `Authorization` header now. */
  public async token(): Promise<string> {
    if (!this.tokens) {
      await this.signIn();
    } else if (this.options.clock.now() >= refreshTime(this.tokens)) {
      await this.refresh(this.tokens.refreshToken);
    }
    const tokens = this.tokens!;
    return this.options.tokenUse === 'id' ? tokens.idToken : tokens.accessToken;
  }

  /** Signs in with the password (USER_PASSWORD_AUTH). Throws a CognitoError when refused. */
  public async signIn(): Promise<void> {
    const issuedAt = this.options.clock.now();
    const result = await initiateAuth(this.options.endpoint, {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: this.options.clientId,
      AuthParameters: { USERNAME: this.options.username, PASSWORD: this.options.password },
    });
    if (!result.refreshToken) {
      throw new CognitoError('UnexpectedResponse', 'the password sign-in returned no refresh token');
    }
    this.signInCount++;
    this.tokens = { ...result, refreshToken: result.refreshToken, issuedAt, expiresAt: issuedAt + result.expiresInSeconds * 1000 };
  }

  private async refresh(refreshToken: string): Promise<void> {
    const issuedAt = this.options.clock.now();
    let result: AuthenticationResult;
    try {
      result = await initiateAuth(this.options.endpoint, {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: this.options.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });
    } catch (error) {
      if (error instanceof CognitoError && error.code === 'NotAuthorizedException') {
        await this.signIn();
        return;
      }
      throw error;
    }
    this.refreshCount++;
    // Without refresh-token rotation (the pattern's app client) the same refresh token stays valid.
    this.tokens = { ...result, refreshToken: result.refreshToken ?? refreshToken, issuedAt, expiresAt: issuedAt + result.expiresInSeconds * 1000 };
  }
}

/** When tokens issued at `issuedAt` and expiring at `expiresAt` are renewed. */
export function refreshTime(tokens: { readonly issuedAt: number; readonly expiresAt: number }): number {
  const life = tokens.expiresAt - tokens.issuedAt;
  return tokens.expiresAt - Math.min(REFRESH_MARGIN_MS, life / 4);
}

interface AuthenticationResult {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresInSeconds: number;
}

/** One InitiateAuth call: its AuthenticationResult, or a CognitoError. */
async function initiateAuth(endpoint: string, request: JsonObject): Promise<AuthenticationResult> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify(request),
    });
  } catch (error) {
    throw new CognitoError('NetworkError', `no answer from ${endpoint} (${describeFetchError(error)})`);
  }
  const text = await response.text();
  const body = parseJsonObject(text);
  if (!response.ok) {
    // `__type` may carry a namespace ('ns#NotAuthorizedException'); the header a URL after a colon.
    const type = stringField(body, '__type') ?? response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`;
    const code = type.split(':')[0].split('#').pop()!;
    throw new CognitoError(code, stringField(body, 'message') ?? stringField(body, 'Message') ?? excerpt(text));
  }
  const challenge = stringField(body, 'ChallengeName');
  if (challenge) {
    throw new CognitoError('ChallengeRequired', `Cognito answered with the challenge ${challenge}: ${CHALLENGE_ADVICE[challenge] ?? 'a producer cannot answer it'}`);
  }
  const result = body?.AuthenticationResult as JsonObject | undefined;
  const idToken = stringField(result, 'IdToken');
  const accessToken = stringField(result, 'AccessToken');
  const expiresIn = result?.ExpiresIn;
  if (!idToken || !accessToken || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new CognitoError('UnexpectedResponse', `no tokens in Cognito's answer: ${excerpt(text)}`);
  }
  return { idToken, accessToken, refreshToken: stringField(result, 'RefreshToken'), expiresInSeconds: expiresIn };
}
