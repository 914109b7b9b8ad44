// The run: each second of the plan, generate that second's records and send them as PutRecords
// batches (a second's batches in parallel, so a high rate is not limited by one request's
// latency), with a token that is refreshed before it expires.
import { Clock } from './clock';
import { CognitoError } from './cognito-sign-in';
import { BatchResult, IngestRecord } from './ingest-client';
import { PlannedSecond } from './rate-plan';
import { Tally } from './tally';

/** Gives the token to send (a CognitoSession). */
export interface TokenSource {
  token(): Promise<string>;
}

/** Sends one batch (an IngestClient). */
export interface BatchSender {
  putRecords(records: readonly IngestRecord[], token: string): Promise<BatchResult>;
}

/** Makes the records (a RecordGenerator). */
export interface RecordSource {
  next(now: number): IngestRecord;
}

export interface ProducerRun {
  readonly plan: Iterable<PlannedSecond>;
  readonly tokens: TokenSource;
  readonly sender: BatchSender;
  readonly records: RecordSource;
  readonly clock: Clock;
  /** Called after each second's batches are answered. */
  readonly onSecond?: (second: number, tally: Tally) => void;
  /** Checked before each second: true ends the run there (Ctrl-C). */
  readonly shouldStop?: () => boolean;
}

export interface RunSummary {
  readonly total: Tally;
  /** Seconds whose records were sent. */
  readonly seconds: number;
  readonly elapsedMs: number;
  /** Why the run ended before its plan did. */
  readonly stoppedBy?: string;
}

/** Runs the plan; resolves with the counts when it is done, stopped, or a sign-in fails. */
export async function runProducer(run: ProducerRun): Promise<RunSummary> {
  const total = new Tally();
  const startedAt = run.clock.now();
  let seconds = 0;
  const summary = (stoppedBy?: string): RunSummary => ({ total, seconds, elapsedMs: run.clock.now() - startedAt, stoppedBy });

  for (const planned of run.plan) {
    if (run.shouldStop?.()) {
      return summary('interrupted');
    }
    // Seconds are scheduled from the start: a second that ran over is followed at once, not
    // pushed back, and never by more than one second's records.
    const wait = startedAt + planned.second * 1000 - run.clock.now();
    if (wait > 0) {
      await run.clock.sleep(wait);
    }
    let token: string;
    try {
      token = await run.tokens.token();
    } catch (error) {
      if (error instanceof CognitoError) {
        return summary(`sign-in failed: ${error.message}`);
      }
      throw error;
    }
    const now = run.clock.now();
    const batches = planned.batchSizes.map((size) => Array.from({ length: size }, () => run.records.next(now)));
    const results = await Promise.all(batches.map((batch) => run.sender.putRecords(batch, token)));
    const tally = new Tally();
    for (const result of results) {
      tally.add(result);
      total.add(result);
    }
    seconds++;
    run.onSecond?.(planned.second, tally);
  }
  return summary();
}
