// The lines the CLI prints: one per second while running, and the summary at the end.
import { RunSummary } from './producer';
import { Tally } from './tally';

function byCode(counts: Map<string, number>): string {
  return [...counts].map(([code, count]) => `${code} ${count}`).join(', ');
}

/** `second 3: sent 100, accepted 95, refused 5 (ProvisionedThroughputExceededException 5)` */
export function secondLine(second: number, tally: Tally): string {
  const refused = tally.refused > 0 ? ` (${byCode(tally.refusedByCode)})` : '';
  return `second ${second}: sent ${tally.sent}, accepted ${tally.accepted}, refused ${tally.refused}${refused}`;
}

/** The summary: counts, refusals by error code with the first message of each, sign-ins. */
export function summaryLines(summary: RunSummary, signIns: number, refreshes: number): string[] {
  const { total } = summary;
  const lines = [
    `summary: sent ${total.sent} records in ${total.requests} requests over ${(summary.elapsedMs / 1000).toFixed(1)} s: `
      + `accepted ${total.accepted}, refused ${total.refused}`,
  ];
  for (const [code, count] of total.refusedByCode) {
    lines.push(`  refused ${code}: ${count} (${total.firstMessageByCode.get(code) || 'no message'})`);
  }
  if (total.failedRequests > 0) {
    lines.push(`  requests not answered 200: ${total.failedRequests} (${byCode(total.failedRequestsByAnswer)})`);
  }
  lines.push(`  sign-ins: ${signIns}, token refreshes: ${refreshes}`);
  if (summary.stoppedBy) {
    lines.push(`  stopped after ${summary.seconds} s: ${summary.stoppedBy}`);
  }
  return lines;
}
