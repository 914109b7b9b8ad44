// A local stand-in for the stage of a KinesisIngestApi and the stream behind it: the routes, the
// Cognito authorizer, the request models (the pattern's own schemas, from src/ingest), and the
// answers the pattern's response templates give, including the statuses they override: 429 when
// every failed record of a batch was throttled, 500 otherwise. Faults are injected by the caller.
import { createHash, randomUUID } from 'node:crypto';
import { IssuedToken, StandInAnswer, TokenUse } from './cognito-stand-in';
import { schemaErrors } from './json-schema-check';
import { putRecordModelOptions, putRecordsModelOptions } from '../../../../src/ingest/request-models';
import { CLIENT_ERROR_TYPES, THROTTLING_ERROR_TYPES } from '../../../../src/ingest/responses';

/** A record as the API received it. */
export interface ReceivedRecord {
  readonly partitionKey: string;
  readonly data: unknown;
}

/** A record stored in the stand-in stream: `data` is the JSON text, as the request template makes it. */
export interface StoredRecord {
  readonly partitionKey: string;
  readonly data: string;
  readonly shardId: string;
  readonly sequenceNumber: string;
}

/** A request that reached a route. */
export interface ReceivedRequest {
  /** 1 for the first request. */
  readonly number: number;
  readonly path: string;
  /** The stand-in's clock when it arrived. */
  readonly at: number;
  /** Records in the body, 0 when it had none. */
  readonly recordCount: number;
  readonly status: number;
}

/** Something that goes wrong with a whole request. */
export type RequestFault =
  /** The stage's throttling refuses it (before the authorizer). */
  | { readonly kind: 'stage-throttled' }
  /** Kinesis answers the integration with this HTTP status and error type. */
  | { readonly kind: 'kinesis-error'; readonly kinesisStatus: number; readonly errorType: string; readonly message: string };

export interface IngestApiStandInOptions {
  readonly stageName: string;
  /** 'id' like the pattern without authorizationScopes, 'access' with them. */
  readonly acceptedToken: TokenUse;
  readonly shardCount: number;
  readonly now: () => number;
  readonly lookUpToken: (token: string) => IssuedToken | undefined;
  /** The Kinesis error code of a record that is not stored (for example ProvisionedThroughputExceededException). */
  readonly recordFault?: (record: ReceivedRecord, requestNumber: number, index: number) => string | undefined;
  readonly requestFault?: (requestNumber: number) => RequestFault | undefined;
}

const ROUTES = ['record', 'records'] as const;
type Route = typeof ROUTES[number];
const MODELS: Record<Route, Record<string, unknown>> = {
  record: putRecordModelOptions().schema as Record<string, unknown>,
  records: putRecordsModelOptions().schema as Record<string, unknown>,
};

function isThrottling(type: string): boolean {
  return THROTTLING_ERROR_TYPES.some((fragment) => type.includes(fragment));
}

/** Kinesis' own wording of a per-record error. */
function recordErrorMessage(code: string, shardId: string): string {
  if (code === 'ProvisionedThroughputExceededException') {
    return `Rate exceeded for shard ${shardId} in stream stand-in-stream under account 123456789012.`;
  }
  return code === 'InternalFailure' ? 'Internal service failure.' : `${code} (stand-in)`;
}

export class IngestApiStandIn {
  /** Every request that reached a route, in arrival order. */
  public readonly requests: ReceivedRequest[] = [];
  /** Every record stored, in the order they were stored. */
  public readonly stored: StoredRecord[] = [];
  private sequence = 0n;

  constructor(private readonly options: IngestApiStandInOptions) {}

  /** The answer to a request with these parts. */
  public handle(method: string, path: string, headers: Record<string, string | undefined>, body: string): StandInAnswer {
    const route = ROUTES.find((name) => path === `/${this.options.stageName}/${name}`);
    if (!route || method !== 'POST') {
      // What API Gateway answers for a resource or method that does not exist.
      return { status: 403, body: { message: 'Missing Authentication Token' } };
    }
    const number = this.requests.length + 1;
    const at = this.options.now();
    const parsed = parseBody(body);
    const recordCount = route === 'records' && Array.isArray(parsed?.records) ? parsed.records.length : (parsed ? 1 : 0);
    const answer = this.answer(route, number, headers, body, parsed);
    this.requests.push({ number, path, at, recordCount, status: answer.status });
    return { ...answer, headers: { 'x-amzn-RequestId': requestIdOf(answer) } };
  }

  private answer(route: Route, number: number, headers: Record<string, string | undefined>, body: string, parsed: ParsedBody): StandInAnswer {
    const fault = this.options.requestFault?.(number);
    if (fault?.kind === 'stage-throttled') {
      return { status: 429, body: { message: 'Too Many Requests' } };
    }
    const unauthorized = this.authorize(headers.authorization);
    if (unauthorized) {
      return { status: 401, body: { message: unauthorized } };
    }
    // The methods have a model for application/json only and never pass other bodies through.
    if (!(headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return { status: 415, body: { message: 'Unsupported Media Type' } };
    }
    const errors = parsed === undefined && body.trim() !== '' ? ['the body is not valid JSON'] : schemaErrors(MODELS[route], parsed ?? {});
    if (errors.length > 0) {
      // The pattern's BadRequestBody gateway response.
      return { status: 400, body: { message: 'Invalid request body', validationErrors: `[${errors.join(', ')}]`, requestId: randomUUID() } };
    }
    if (fault?.kind === 'kinesis-error') {
      return kinesisErrorAnswer(fault.kinesisStatus, fault.errorType, fault.message);
    }
    const records = (route === 'records' ? parsed!.records : [parsed]) as ReceivedRecord[];
    const results = records.map((record, index) => this.put(record, this.options.recordFault?.(record, number, index)));
    if (route === 'record') {
      const [result] = results;
      return 'errorCode' in result
        ? kinesisErrorAnswer(isThrottling(result.errorCode) ? 400 : 500, result.errorCode, result.errorMessage)
        : { status: 200, body: { ...result, requestId: randomUUID() } };
    }
    return putRecordsAnswer(results);
  }

  /** The Cognito authorizer: undefined when the token is accepted, else API Gateway's message. */
  private authorize(header: string | undefined): string | undefined {
    const token = header?.replace(/^Bearer\s+/i, '').trim();
    const issued = token ? this.options.lookUpToken(token) : undefined;
    if (!issued || issued.use !== this.options.acceptedToken) {
      return 'Unauthorized';
    }
    return this.options.now() >= issued.expiresAt ? 'The incoming token has expired' : undefined;
  }

  private put(record: ReceivedRecord, errorCode: string | undefined): RecordResult {
    const shardId = this.shardOf(record.partitionKey);
    if (errorCode) {
      return { errorCode, errorMessage: recordErrorMessage(errorCode, shardId) };
    }
    this.sequence++;
    const sequenceNumber = (49_650_000_000_000_000_000_000_000_000_000_000_000_000_000_000n + this.sequence).toString();
    this.stored.push({ partitionKey: record.partitionKey, data: JSON.stringify(record.data), shardId, sequenceNumber });
    return { shardId, sequenceNumber };
  }

  /** Kinesis maps the MD5 of the partition key, a 128-bit number, to shards of equal hash ranges. */
  private shardOf(partitionKey: string): string {
    const hash = BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
    const index = (hash * BigInt(this.options.shardCount)) / 2n ** 128n;
    return `shardId-${index.toString().padStart(12, '0')}`;
  }
}

type ParsedBody = Record<string, unknown> & { records?: unknown } | undefined;
type RecordResult = { shardId: string; sequenceNumber: string } | { errorCode: string; errorMessage: string };

function parseBody(body: string): ParsedBody {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' ? value as ParsedBody : undefined;
  } catch {
    return undefined;
  }
}

function requestIdOf(answer: StandInAnswer): string {
  return typeof answer.body.requestId === 'string' ? answer.body.requestId : randomUUID();
}

/** PUT_RECORDS_RESULT_TEMPLATE: every record's result; 429 when every failure was throttled, 500 otherwise. */
function putRecordsAnswer(results: RecordResult[]): StandInAnswer {
  const failed = results.filter((result): result is { errorCode: string; errorMessage: string } => 'errorCode' in result);
  const status = failed.length === 0 ? 200 : failed.every((result) => isThrottling(result.errorCode)) ? 429 : 500;
  return { status, body: { failedRecordCount: failed.length, records: results, requestId: randomUUID() } };
}

/** KINESIS_CLIENT_ERROR_TEMPLATE for a Kinesis 4xx, KINESIS_SERVER_ERROR_TEMPLATE for a 5xx. */
function kinesisErrorAnswer(kinesisStatus: number, errorType: string, message: string): StandInAnswer {
  if (kinesisStatus >= 500) {
    return {
      status: 500,
      body: { message: 'Kinesis failed; the record(s) may not be stored. Retry with the same partition key.', errorType, requestId: randomUUID() },
    };
  }
  const status = isThrottling(errorType) ? 429 : CLIENT_ERROR_TYPES.some((fragment) => errorType.includes(fragment)) ? 400 : 500;
  return { status, body: { message: 'Kinesis did not store the record(s).', errorType, errorMessage: message, requestId: randomUUID() } };
}
