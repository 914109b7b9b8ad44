// Tokens of a machine producer (the pattern's `machineProducers`): the OAuth client credentials
// grant at the user pool domain's token endpoint, with the client id and secret in a Basic
// Authorization header. There is no refresh token: a new token is requested before the current
// one expires.
// https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
import { Clock } from './clock';
import { CognitoError, refreshTime } from './cognito-sign-in';
import { describeFetchError, excerpt, parseJsonObject, stringField } from './json-response';

/** A token request that takes longer has failed (and is retried on the next call while the current token is valid). */
const TOKEN_REQUEST_TIMEOUT_MS = 10_000;

export interface ClientCredentialsOptions {
  /** The token endpoint, the pattern's `tokenUrl`: https://<domain prefix>.auth.<region>.amazoncognito.com/oauth2/token */
  readonly tokenUrl: string;
  /** The machine client (the pattern's `machineClient`). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The pattern's `writeScope`, for example ingest/write. */
  readonly scope: string;
  readonly clock: Clock;
}

export class ClientCredentialsSession {
  private current?: { token: string; issuedAt: number; expiresAt: number };
  private requestCount = 0;

  constructor(private readonly options: ClientCredentialsOptions) {}

  /** Token requests so far (each is billed by Cognito). */
  public get signIns(): number {
    return this.requestCount;
  }

  /** Always 0: the grant has no refresh token. */
  public get refreshes(): number {
    return 0;
  }

  /**
   * An access token to send in the `Authorization` header now. A new one is requested 60 s before
   * the current one expires (a quarter of its life if that is shorter); if that request fails while
   * the current token is still valid, the current one is used and the request is tried again on
   * the next call, so one throttled or failed token request does not stop the producer.
   */
  public async token(): Promise<string> {
    const current = this.current;
    if (!current || this.options.clock.now() >= refreshTime(current)) {
      try {
        await this.requestToken();
      } catch (error) {
        if (!current || this.options.clock.now() >= current.expiresAt) {
          throw error;
        }
      }
    }
    return this.current!.token;
  }

  /** Requests a token. Throws a CognitoError with OAuth's error code when refused. */
  public async requestToken(): Promise<void> {
    const issuedAt = this.options.clock.now();
    const credentials = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`, 'utf-8').toString('base64');
    let response: Response;
    try {
      response = await fetch(this.options.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Authorization': `Basic ${credentials}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: this.options.scope }).toString(),
        signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new CognitoError('NetworkError', `no answer from ${this.options.tokenUrl} (${describeFetchError(error)})`);
    }
    const text = await response.text();
    const body = parseJsonObject(text);
    if (!response.ok) {
      throw new CognitoError(stringField(body, 'error') ?? `HTTP ${response.status}`, `the token endpoint refused the request: ${excerpt(text)}`);
    }
    const token = stringField(body, 'access_token');
    const expiresIn = body?.expires_in;
    if (!token || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
      throw new CognitoError('UnexpectedResponse', `no access token in the token endpoint's answer: ${excerpt(text)}`);
    }
    this.requestCount++;
    this.current = { token, issuedAt, expiresAt: issuedAt + expiresIn * 1000 };
  }
}
