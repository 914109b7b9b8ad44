// A local stand-in for the stage of a KinesisIngestApi and the stream behind it. The stage is the
// pattern itself, synthesized: its routes, request models and mapping templates, executed by
// Apache Velocity (test/apigateway), so the producer's tests see the answers the deployed API
// gives. Behind it, an in-memory stream answers the rendered PutRecord/PutRecords calls as
// Kinesis's JSON API does. The Cognito authorizer looks tokens up in the Cognito stand-in. Faults
// are injected by the caller, as Kinesis or the stage would produce them.
import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IssuedToken } from './cognito-stand-in';
import { KinesisIngestApi } from '../../../../src';
import { ApiAnswer, RestApiEmulator, ServiceAnswer } from '../../../../test/apigateway/rest-api-emulator';
import { VtlRenderer } from '../../../../test/apigateway/vtl-renderer';

/** A record as the API received it. */
export interface ReceivedRecord {
  readonly partitionKey: string;
  readonly data: unknown;
}

/** A record stored in the stand-in stream: `data` is the JSON text the request template made. */
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
  /** The pattern with `machineProducers`: both methods take access tokens with its write scope instead of ID tokens. */
  readonly machineProducers: boolean;
  readonly shardCount: number;
  readonly now: () => number;
  readonly lookUpToken: (token: string) => IssuedToken | undefined;
  /** The Kinesis error code of a record that is not stored (for example ProvisionedThroughputExceededException). */
  readonly recordFault?: (record: ReceivedRecord, requestNumber: number, index: number) => string | undefined;
  readonly requestFault?: (requestNumber: number) => RequestFault | undefined;
}

/** The stream's name in the stand-in's Kinesis answers. */
const STREAM_NAME = 'stand-in-stream';

/** Kinesis' own wording of an error, which the API never passes on. */
function errorMessage(code: string, shardId: string): string {
  if (code === 'ProvisionedThroughputExceededException') {
    return `Rate exceeded for shard ${shardId} in stream ${STREAM_NAME} under account 123456789012.`;
  }
  return code === 'InternalFailure' ? 'Internal service failure.' : `${code} (stand-in)`;
}

/** The HTTP status Kinesis answers a PutRecord with when the record is refused with `code`. */
function putRecordStatus(code: string): number {
  return code === 'InternalFailure' || code === 'ServiceUnavailable' ? 500 : 400;
}

type KinesisRecordResult = { ShardId: string; SequenceNumber: string } | { ErrorCode: string; ErrorMessage: string };

interface KinesisRecordRequest {
  readonly PartitionKey: string;
  readonly Data: string;
}

export class IngestApiStandIn {
  /** Every request that reached a route, in arrival order. */
  public readonly requests: ReceivedRequest[] = [];
  /** Every record stored, in the order they were stored. */
  public readonly stored: StoredRecord[] = [];
  private readonly template: Record<string, any>;
  private readonly streamLogicalId: string;
  /** Created on the first request, so a stand-in used for sign-ins only renders nothing. */
  private stage?: RestApiEmulator;
  private sequence = 0n;
  /** The request being served: the stand-in serves one at a time (see `handle`). */
  private current = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: IngestApiStandInOptions) {
    ({ template: this.template, streamLogicalId: this.streamLogicalId } = synthesizedPattern(options.stageName, options.machineProducers));
  }

  /**
   * The answer to a request with these parts. Requests are served one after the other, in arrival
   * order, so that the request numbers the faults see are those of the arrival order.
   */
  public handle(method: string, path: string, headers: Record<string, string | undefined>, body: string): Promise<ApiAnswer> {
    const answer = this.queue.then(() => this.serve(method, path, headers, body));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  /** Nothing to release: the renderer is shared by the process (VtlRenderer.shared) and exits with it. */
  public async close(): Promise<void> {
    this.stage = undefined;
  }

  private emulator(): RestApiEmulator {
    if (!this.stage) {
      this.stage = new RestApiEmulator({
        template: this.template,
        renderer: VtlRenderer.shared(),
        refs: { [this.streamLogicalId]: STREAM_NAME },
        authorize: (headers, scopes) => this.authorize(headers.authorization, scopes),
        service: async (action, request) => this.kinesis(action, request),
      });
    }
    return this.stage;
  }

  private async serve(method: string, path: string, headers: Record<string, string | undefined>, body: string): Promise<ApiAnswer> {
    const prefix = `/${this.options.stageName}/`;
    if (!path.startsWith(prefix)) {
      return { status: 403, body: '{"message":"Missing Authentication Token"}', headers: {} };
    }
    this.current = this.requests.length + 1;
    const at = this.options.now();
    const answer = this.options.requestFault?.(this.current)?.kind === 'stage-throttled'
      ? { status: 429, body: '{"message":"Too Many Requests"}', headers: {} }
      : await this.emulator().handle({ path: path.slice(prefix.length - 1), method, headers, body });
    if (answer.body !== '{"message":"Missing Authentication Token"}') {
      this.requests.push({ number: this.current, path, at, recordCount: recordCount(body), status: answer.status });
    }
    return answer;
  }

  /**
   * The Cognito authorizer: undefined when the token is accepted, else API Gateway's message.
   * Methods with scopes take an access token carrying one of them, methods without take ID tokens.
   */
  private authorize(header: string | undefined, scopes: readonly string[] | undefined): string | undefined {
    // The whole header value is the token, as AWS documents it for Cognito authorizers (no 'Bearer ' prefix).
    const token = header?.trim();
    const issued = token ? this.options.lookUpToken(token) : undefined;
    const accepted = scopes ? issued?.use === 'access' && issued.scopes.some((scope) => scopes.includes(scope)) : issued?.use === 'id';
    if (!issued || !accepted) {
      return 'Unauthorized';
    }
    return this.options.now() >= issued.expiresAt ? 'The incoming token has expired' : undefined;
  }

  /** Kinesis's JSON API for the two calls the templates make, over an in-memory stream. */
  private kinesis(action: string, request: string): ServiceAnswer {
    let call: { StreamName?: string; PartitionKey?: string; Data?: string; Records?: KinesisRecordRequest[] };
    try {
      call = JSON.parse(request);
    } catch {
      // What Kinesis answers a body that is not JSON: a template that renders invalid JSON ends here.
      return kinesisError(400, 'SerializationException', 'Start of structure or map found where not expected.');
    }
    const fault = this.options.requestFault?.(this.current);
    if (fault?.kind === 'kinesis-error') {
      return kinesisError(fault.kinesisStatus, fault.errorType, fault.message);
    }
    if (action === 'PutRecord') {
      const result = this.put({ PartitionKey: call.PartitionKey!, Data: call.Data! }, 0);
      return 'ErrorCode' in result
        ? kinesisError(putRecordStatus(result.ErrorCode), result.ErrorCode, result.ErrorMessage)
        : { status: 200, body: JSON.stringify(result) };
    }
    const results = (call.Records ?? []).map((record, index) => this.put(record, index));
    const failed = results.filter((result) => 'ErrorCode' in result).length;
    return { status: 200, body: JSON.stringify({ FailedRecordCount: failed, Records: results }) };
  }

  private put(record: KinesisRecordRequest, index: number): KinesisRecordResult {
    const data = Buffer.from(record.Data, 'base64').toString('utf-8');
    const shardId = this.shardOf(record.PartitionKey);
    const errorCode = this.options.recordFault?.({ partitionKey: record.PartitionKey, data: JSON.parse(data) }, this.current, index);
    if (errorCode) {
      return { ErrorCode: errorCode, ErrorMessage: errorMessage(errorCode, shardId) };
    }
    this.sequence++;
    const sequenceNumber = (49_650_000_000_000_000_000_000_000_000_000_000_000_000_000_000n + this.sequence).toString();
    this.stored.push({ partitionKey: record.PartitionKey, data, shardId, sequenceNumber });
    return { ShardId: shardId, SequenceNumber: sequenceNumber };
  }

  /** Kinesis maps the MD5 of the partition key, a 128-bit number, to shards of equal hash ranges. */
  private shardOf(partitionKey: string): string {
    const hash = BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
    const index = (hash * BigInt(this.options.shardCount)) / 2n ** 128n;
    return `shardId-${index.toString().padStart(12, '0')}`;
  }
}

/** The pattern as a user would deploy it, synthesized once per stage name and mode in this process. */
const SYNTHESIZED = new Map<string, { template: Record<string, any>; streamLogicalId: string }>();

function synthesizedPattern(stageName: string, machineProducers: boolean): { template: Record<string, any>; streamLogicalId: string } {
  const key = `${stageName}/${machineProducers}`;
  let synthesized = SYNTHESIZED.get(key);
  if (!synthesized) {
    // With machine producers the methods take access tokens with the write scope.
    const stack = new Stack();
    const pattern = new KinesisIngestApi(stack, 'Ingest', {
      stageName,
      ...(machineProducers ? { machineProducers: { domainPrefix: 'stand-in' } } : {}),
    });
    synthesized = { template: Template.fromStack(stack).toJSON(), streamLogicalId: stack.getLogicalId(pattern.stream.node.defaultChild as never) };
    SYNTHESIZED.set(key, synthesized);
  }
  return synthesized;
}

function kinesisError(status: number, type: string, message: string): ServiceAnswer {
  return { status, body: JSON.stringify({ __type: type, message }) };
}

/** Records in a body: the length of `records`, 1 for another JSON object, 0 otherwise. */
function recordCount(body: string): number {
  try {
    const value: unknown = JSON.parse(body);
    if (value === null || typeof value !== 'object') {
      return 0;
    }
    const records = (value as { records?: unknown }).records;
    return Array.isArray(records) ? records.length : 1;
  } catch {
    return 0;
  }
}
