// A local stand-in for Cognito's InitiateAuth with the pattern's app client: USER_PASSWORD_AUTH
// and REFRESH_TOKEN_AUTH, no client secret, user existence errors prevented (an unknown user gets
// the same NotAuthorizedException as a wrong password); and for the token endpoint of a domain,
// with the client credentials grant of the pattern's machine client (`machineProducers`). Tokens
// are opaque random strings that the ingest API stand-in looks up; a real token is a signed JWT,
// which the producer never reads.
import { randomBytes } from 'node:crypto';

export type TokenUse = 'id' | 'access';

export interface StandInUser {
  readonly password: string;
  /** Created by admin-create-user and never given a permanent password: sign-in asks for a new one. */
  readonly temporaryPassword?: boolean;
}

/** A token the stand-in issued. */
export interface IssuedToken {
  readonly use: TokenUse;
  /** The user, or the client id for a client credentials token. */
  readonly username: string;
  readonly expiresAt: number;
  /** The OAuth scopes of an access token (a password sign-in's carry aws.cognito.signin.user.admin only). */
  readonly scopes: readonly string[];
}

/** The app client with a secret of `machineProducers`, allowed the client credentials grant of `scope`. */
export interface StandInMachineClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
}

/** One InitiateAuth call and how it ended ('tokens', a challenge name, or an error type). */
export interface AuthCall {
  readonly flow: string;
  readonly at: number;
  readonly outcome: string;
}

export interface CognitoStandInOptions {
  readonly clientId: string;
  readonly users: Readonly<Record<string, StandInUser>>;
  /** The life of ID and access tokens (the pattern's app client: 3,600 s). */
  readonly tokenLifetimeSeconds: number;
  readonly now: () => number;
  readonly machineClient?: StandInMachineClient;
}

/** An answer: the HTTP status and the JSON body. */
export interface StandInAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

const INITIATE_AUTH = 'AWSCognitoIdentityProviderService.InitiateAuth';

function cognitoError(type: string, message: string): StandInAnswer {
  return { status: 400, body: { __type: type, message }, headers: { 'x-amzn-ErrorType': `${type}:` } };
}

export class CognitoStandIn {
  /** Every InitiateAuth call, in order. */
  public readonly calls: AuthCall[] = [];
  /** Set by a test: the token endpoint answers 503 until it is cleared. */
  public tokenEndpointDown = false;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, string>();

  constructor(private readonly options: CognitoStandInOptions) {}

  /** The token as issued, or undefined when the stand-in never issued it. */
  public lookUp(token: string): IssuedToken | undefined {
    return this.tokens.get(token);
  }

  /** Makes every refresh token invalid, as revocation or their 30-day expiry would. */
  public revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  /**
   * The token endpoint (`POST /oauth2/token`) for the client credentials grant: the client's id
   * and secret in a Basic Authorization header, `grant_type` and `scope` in a form body. Errors
   * are OAuth's `{"error": ...}` with status 400.
   */
  public tokenEndpoint(authorization: string | undefined, body: string): StandInAnswer {
    if (this.tokenEndpointDown) {
      return { status: 503, body: { error: 'temporarily_unavailable' } };
    }
    const machine = this.options.machineClient;
    const [clientId, clientSecret] = Buffer.from((authorization ?? '').replace(/^Basic\s+/i, ''), 'base64').toString('utf-8').split(':');
    const form = new URLSearchParams(body);
    const refuse = (error: string) => ({ status: 400, body: { error } });
    if (!machine || clientId !== machine.clientId || clientSecret !== machine.clientSecret) {
      return refuse('invalid_client');
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return refuse('unsupported_grant_type');
    }
    const scopes = (form.get('scope') ?? machine.scope).split(' ');
    if (scopes.some((scope) => scope !== machine.scope)) {
      return refuse('invalid_scope');
    }
    const token = `access.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { use: 'access', username: clientId, expiresAt: this.options.now() + this.options.tokenLifetimeSeconds * 1000, scopes });
    this.calls.push({ flow: 'client_credentials', at: this.options.now(), outcome: 'tokens' });
    return { status: 200, body: { access_token: token, expires_in: this.options.tokenLifetimeSeconds, token_type: 'Bearer' } };
  }

  /** The answer to a POST of `body` with the header X-Amz-Target `target`. */
  public handle(target: string | undefined, body: string): StandInAnswer {
    if (target !== INITIATE_AUTH) {
      return cognitoError('UnknownOperationException', `the stand-in only implements ${INITIATE_AUTH} (got ${target})`);
    }
    let request: { AuthFlow?: unknown; ClientId?: unknown; AuthParameters?: Record<string, unknown> };
    try {
      request = JSON.parse(body);
    } catch {
      return cognitoError('SerializationException', 'the body is not JSON');
    }
    const flow = String(request.AuthFlow);
    const answer = this.initiateAuth(flow, request.ClientId, request.AuthParameters ?? {});
    const outcome = answer.status === 200
      ? (answer.body.ChallengeName as string | undefined) ?? 'tokens'
      : String(answer.body.__type);
    this.calls.push({ flow, at: this.options.now(), outcome });
    return answer;
  }

  private initiateAuth(flow: string, clientId: unknown, parameters: Record<string, unknown>): StandInAnswer {
    if (clientId !== this.options.clientId) {
      return cognitoError('ResourceNotFoundException', `User pool client ${String(clientId)} does not exist.`);
    }
    if (flow === 'USER_PASSWORD_AUTH') {
      return this.passwordSignIn(parameters.USERNAME, parameters.PASSWORD);
    }
    if (flow === 'REFRESH_TOKEN_AUTH') {
      const username = this.refreshTokens.get(String(parameters.REFRESH_TOKEN));
      return username === undefined ? cognitoError('NotAuthorizedException', 'Invalid Refresh Token') : this.issue(username, false);
    }
    return cognitoError('InvalidParameterException', `${flow} flow not enabled for this client`);
  }

  private passwordSignIn(username: unknown, password: unknown): StandInAnswer {
    if (typeof username !== 'string' || typeof password !== 'string') {
      return cognitoError('InvalidParameterException', `Missing required parameter ${typeof username !== 'string' ? 'USERNAME' : 'PASSWORD'}`);
    }
    const user = Object.prototype.hasOwnProperty.call(this.options.users, username) ? this.options.users[username] : undefined;
    if (!user || user.password !== password) {
      return cognitoError('NotAuthorizedException', 'Incorrect username or password.');
    }
    if (user.temporaryPassword) {
      return {
        status: 200,
        body: { ChallengeName: 'NEW_PASSWORD_REQUIRED', ChallengeParameters: { USER_ID_FOR_SRP: username }, Session: randomBytes(16).toString('hex') },
      };
    }
    return this.issue(username, true);
  }

  /** New ID and access tokens, and a refresh token after a password sign-in (no rotation). */
  private issue(username: string, withRefreshToken: boolean): StandInAnswer {
    const expiresAt = this.options.now() + this.options.tokenLifetimeSeconds * 1000;
    const newToken = (use: TokenUse) => {
      const token = `${use}.${randomBytes(24).toString('base64url')}`;
      this.tokens.set(token, { use, username, expiresAt, scopes: use === 'access' ? ['aws.cognito.signin.user.admin'] : [] });
      return token;
    };
    const result: Record<string, unknown> = {
      AccessToken: newToken('access'),
      ExpiresIn: this.options.tokenLifetimeSeconds,
      IdToken: newToken('id'),
      TokenType: 'Bearer',
    };
    if (withRefreshToken) {
      const refreshToken = `refresh.${randomBytes(24).toString('base64url')}`;
      this.refreshTokens.set(refreshToken, username);
      result.RefreshToken = refreshToken;
    }
    return { status: 200, body: { AuthenticationResult: result, ChallengeParameters: {} } };
  }
}
