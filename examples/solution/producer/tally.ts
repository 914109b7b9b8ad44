// Counting what the API did with the records and requests of a run (or of one second of it).
import { BatchResult } from './ingest-client';

/** The answer a request counts under when it was not a 200. */
export function requestAnswer(result: BatchResult): string {
  return result.status === 0 ? 'no answer' : `HTTP ${result.status}`;
}

/** Records sent, accepted and refused (by error code), and requests by answer. */
export class Tally {
  public sent = 0;
  public accepted = 0;
  public requests = 0;
  /** Records not stored, by the error code of the record or of its whole request. */
  public readonly refusedByCode = new Map<string, number>();
  /** Requests not answered 200, by answer ('HTTP 429', 'no answer'). */
  public readonly failedRequestsByAnswer = new Map<string, number>();
  /** The first message seen for each error code, to show why. */
  public readonly firstMessageByCode = new Map<string, string>();

  public get refused(): number {
    return this.sent - this.accepted;
  }

  public get failedRequests(): number {
    return sum(this.failedRequestsByAnswer.values());
  }

  /** True when every record was stored and every request answered 200. */
  public get allAccepted(): boolean {
    return this.refused === 0 && this.failedRequests === 0;
  }

  public add(result: BatchResult): void {
    this.requests++;
    if (result.status !== 200) {
      increment(this.failedRequestsByAnswer, requestAnswer(result), 1);
    }
    for (const outcome of result.outcomes) {
      this.sent++;
      if (outcome.accepted) {
        this.accepted++;
      } else {
        increment(this.refusedByCode, outcome.errorCode, 1);
        if (!this.firstMessageByCode.has(outcome.errorCode)) {
          this.firstMessageByCode.set(outcome.errorCode, outcome.errorMessage);
        }
      }
    }
  }
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) {
    total += value;
  }
  return total;
}
