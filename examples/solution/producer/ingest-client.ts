// One PutRecords call to the ingest API (`POST <stage url>records`) and what it says about each
// record. The API answers 200 when every record was stored, 429 or 500 with a per-record list when
// some were not (429: every failed record was throttled), and without a list when it refused the
// whole request: 400 (the body failed its model, or Kinesis refused the request), 401/403 (the
// token), 429 (stage throttling, or Kinesis throttled the call), 500 (the stream or its key).
import { describeFetchError, excerpt, JsonObject, parseJsonObject, stringField } from './json-response';

/** One record of a request body: what the pattern's PutRecordsRequest model requires. */
export interface IngestRecord {
  /** 1 to 256 characters; records with the same key go to the same shard, in order. */
  readonly partitionKey: string;
  /** Any JSON value but null; the stream record is its JSON text. */
  readonly data: unknown;
}

/** What happened to one record. */
export type RecordOutcome =
  | { readonly accepted: true; readonly shardId: string; readonly sequenceNumber: string }
  | { readonly accepted: false; readonly errorCode: string; readonly errorMessage: string };

/** The answer to one PutRecords request. */
export interface BatchResult {
  /** The HTTP status, 0 when there was no answer. */
  readonly status: number;
  /** One outcome per record sent, in request order. */
  readonly outcomes: RecordOutcome[];
  /**
   * Set when the request as a whole was refused or failed, so that no record has a result of
   * its own: `code` is the Kinesis error type when the API names one, else `HTTP <status>`.
   */
  readonly requestError?: { readonly code: string; readonly message: string };
}

/** The error codes of a record Kinesis throttled (the API's own rule for answering 429). */
const THROTTLED = /ProvisionedThroughputExceeded|Throttling|LimitExceeded/;

/** The ingest API of one stage. */
export class IngestClient {
  private readonly recordsUrl: string;

  /** @param apiUrl the stage URL (the pattern's `url`, the stack output): `https://<id>.execute-api.<region>.amazonaws.com/<stage>/` */
  constructor(apiUrl: string) {
    // The stage URL ends with a slash; without it, 'records' would replace the stage name.
    this.recordsUrl = new URL('records', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`).toString();
  }

  /** Sends 1 to 500 records with one PutRecords call. Never throws: failures are in the result. */
  public async putRecords(records: readonly IngestRecord[], token: string): Promise<BatchResult> {
    let response: Response;
    try {
      response = await fetch(this.recordsUrl, {
        method: 'POST',
        // The token is the whole Authorization value, as AWS documents it for Cognito authorizers.
        headers: { 'Content-Type': 'application/json', 'Authorization': token },
        body: JSON.stringify({ records }),
      });
    } catch (error) {
      return refusedAsWhole(records.length, 0, 'NoAnswer', `no answer from ${this.recordsUrl} (${describeFetchError(error)})`);
    }
    const text = await response.text();
    return interpretAnswer(records.length, response.status, text);
  }
}

/** Reads the API's answer to a request of `count` records. */
export function interpretAnswer(count: number, status: number, text: string): BatchResult {
  const body = parseJsonObject(text);
  const results = body?.records;
  if (Array.isArray(results)) {
    if (results.length !== count) {
      return refusedAsWhole(count, status, 'UnexpectedResponse', `${results.length} results for ${count} records: ${excerpt(text)}`);
    }
    return { status, outcomes: results.map(recordOutcome) };
  }
  if (status === 200) {
    return refusedAsWhole(count, status, 'UnexpectedResponse', `no per-record results in a 200 answer: ${excerpt(text)}`);
  }
  return refusedAsWhole(count, status, stringField(body, 'errorType') ?? `HTTP ${status}`, wholeRequestMessage(body, text));
}

function recordOutcome(result: unknown): RecordOutcome {
  const fields = (result !== null && typeof result === 'object' ? result : {}) as JsonObject;
  const errorCode = stringField(fields, 'errorCode');
  if (errorCode) {
    // The API names the error only: Kinesis's message names the account and the stream.
    return { accepted: false, errorCode, errorMessage: THROTTLED.test(errorCode) ? 'throttled by Kinesis: retry it' : 'not stored by Kinesis: retry it' };
  }
  const shardId = stringField(fields, 'shardId');
  const sequenceNumber = stringField(fields, 'sequenceNumber');
  if (!shardId || !sequenceNumber) {
    return { accepted: false, errorCode: 'UnexpectedResponse', errorMessage: `a result with neither an error nor a sequence number: ${JSON.stringify(result)}` };
  }
  return { accepted: true, shardId, sequenceNumber };
}

/** The API's own words: its message, the model's rules when the body failed them, and the requestId to find in the access log. */
function wholeRequestMessage(body: JsonObject | undefined, text: string): string {
  if (!body) {
    return excerpt(text) || '(empty body)';
  }
  const parts = [stringField(body, 'message') ?? excerpt(text), stringField(body, 'rules')];
  const requestId = stringField(body, 'requestId');
  return [...parts.filter((part) => part), ...(requestId ? [`(requestId ${requestId})`] : [])].join(' ');
}

function refusedAsWhole(count: number, status: number, code: string, message: string): BatchResult {
  const outcomes: RecordOutcome[] = Array.from({ length: count }, () => ({ accepted: false, errorCode: code, errorMessage: message }));
  return { status, outcomes, requestError: { code, message } };
}
