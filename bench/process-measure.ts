import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** One run of a whole process: wall time and peak resident memory. */
export interface ProcessRun {
  readonly wallMs: number;
  readonly maxRssMib: number;
  readonly stdout: string;
}

const REPORTER = join(__dirname, 'rss-reporter.js');

/** Runs `node --require rss-reporter <args>` to completion and measures it. Throws if it fails. */
export function runNode(args: string[], env: NodeJS.ProcessEnv = {}): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const rssFile = join(dir, 'rss.json');
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--require', REPORTER, ...args], {
      env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile },
      encoding: 'utf-8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
      throw new Error(`node ${args.join(' ')} failed (exit ${result.status}): ${result.stderr}`);
    }
    const { maxRssKib } = JSON.parse(readFileSync(rssFile, 'utf-8')) as { maxRssKib: number };
    return { wallMs, maxRssMib: maxRssKib / 1024, stdout: result.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
