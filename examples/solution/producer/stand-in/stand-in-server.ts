// One local HTTP server on 127.0.0.1 that stands in for both Cognito (POST / with X-Amz-Target)
// and the ingest API's stage (POST /<stage>/record, /<stage>/records), so the producer can be run
// and tested without an AWS account. Port 0: the system picks a free port.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { CognitoStandIn, StandInMachineClient, StandInUser } from './cognito-stand-in';
import { IngestApiStandIn, ReceivedRecord, RequestFault } from './ingest-api-stand-in';

export interface StandInOptions {
  readonly clientId: string;
  readonly users: Readonly<Record<string, StandInUser>>;
  /** @default 'prod' (the pattern's default stage) */
  readonly stageName?: string;
  /**
   * The pattern with `machineProducers`: this client gets tokens from POST /oauth2/token (client
   * credentials) and both methods take only its access tokens, with the write scope.
   * @default - the password client and ID tokens
   */
  readonly machineClient?: StandInMachineClient;
  /** @default 3600 (the pattern's app client) */
  readonly tokenLifetimeSeconds?: number;
  /** @default 2 */
  readonly shardCount?: number;
  /** The clock of token expiry and of the request log. @default Date.now */
  readonly now?: () => number;
  readonly recordFault?: (record: ReceivedRecord, requestNumber: number, index: number) => string | undefined;
  readonly requestFault?: (requestNumber: number) => RequestFault | undefined;
}

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class LocalStandIn {
  /** Starts a stand-in on 127.0.0.1 and a free port. */
  public static async start(options: StandInOptions): Promise<LocalStandIn> {
    const now = options.now ?? Date.now;
    const cognito = new CognitoStandIn({
      clientId: options.clientId,
      users: options.users,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      now,
      machineClient: options.machineClient,
    });
    const api = new IngestApiStandIn({
      stageName: options.stageName ?? 'prod',
      machineProducers: options.machineClient !== undefined,
      shardCount: options.shardCount ?? 2,
      now,
      lookUpToken: (token) => cognito.lookUp(token),
      recordFault: options.recordFault,
      requestFault: options.requestFault,
    });
    const server = createServer((request, response) => {
      serve(cognito, api, request, response).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new LocalStandIn(server, cognito, api, options.stageName ?? 'prod');
  }

  /** http://127.0.0.1:<port>, kept after stop() so a test can show that nothing answers there. */
  private readonly origin: string;

  private constructor(private readonly server: Server, public readonly cognito: CognitoStandIn, public readonly api: IngestApiStandIn,
    private readonly stageName: string) {
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** What --cognito-endpoint takes. */
  public get cognitoEndpoint(): string {
    return `${this.origin}/`;
  }

  /** The token endpoint of the client credentials grant, like the pattern's `tokenUrl`. */
  public get tokenUrl(): string {
    return `${this.origin}/oauth2/token`;
  }

  /** The stage URL, like the pattern's `url`. */
  public get apiUrl(): string {
    return `${this.origin}/${this.stageName}/`;
  }

  /** Stops the server (nothing to do when it is stopped already). */
  public async stop(): Promise<void> {
    if (!this.server.listening) {
      return;
    }
    // Clients keep connections alive; close them so that close() does not wait for them.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
    await this.api.close();
  }
}

async function serve(cognito: CognitoStandIn, api: IngestApiStandIn, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
  const target = request.headers['x-amz-target'];
  if (body === undefined) {
    respond(response, 413, { 'Content-Type': 'application/json' }, JSON.stringify({ message: 'Request Too Long' }));
  } else if (path === '/oauth2/token' && request.method === 'POST') {
    const answer = cognito.tokenEndpoint(request.headers.authorization, body);
    respond(response, answer.status, { 'content-type': 'application/json' }, JSON.stringify(answer.body));
  } else if (path === '/' && target !== undefined) {
    const answer = cognito.handle(Array.isArray(target) ? target[0] : target, body);
    respond(response, answer.status, { ...answer.headers, 'Content-Type': 'application/x-amz-json-1.1' }, JSON.stringify(answer.body));
  } else {
    const headers = { 'authorization': request.headers.authorization, 'content-type': request.headers['content-type'] };
    // The body as the mapping template rendered it, byte for byte.
    const answer = await api.handle(request.method ?? 'GET', path, headers, body);
    respond(response, answer.status, { 'content-type': 'application/json', ...answer.headers }, answer.body);
  }
}

function respond(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  response.writeHead(status, headers);
  response.end(body);
}

/** The body as text, or undefined when it is larger than API Gateway takes. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
