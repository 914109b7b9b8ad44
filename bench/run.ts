// `npx projen bench`: measures what users pay for on every synth and on every record, and writes
// bench/results.json and bench/results.md. Nothing here asserts a time: a benchmark fails only
// when a run crashes. Run it on an otherwise idle machine.
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { cpus, tmpdir, totalmem } from 'os';
import { join } from 'path';
import { median, runNode } from './process-measure';
import { buildFlinkJarIfStale } from '../scripts/flink-jar';

const ROOT = join(__dirname, '..');
const RUNS = 5;
const HANDLER_RUNS = 3;
const CFN_MAX_RESOURCES = 500;
const CFN_MAX_TEMPLATE_BYTES = 1_000_000;

interface SynthResult {
  readonly app: string;
  readonly medianMs: number;
  readonly medianMaxRssMib: number;
  readonly ratioToFloorTime?: number;
  readonly ratioToFloorMemory?: number;
  readonly templates: TemplateCount[];
}

/** What a stack's template holds: its size, and the resources billed monthly whatever the traffic. */
interface TemplateCount {
  readonly stack: string;
  readonly resources: number;
  readonly bytes: number;
  readonly alarms: number;
  readonly dashboards: number;
  readonly customerManagedKeys: number;
}

interface HandlerResult {
  readonly implementation: string;
  readonly records: number;
  readonly poison: boolean;
  readonly recordsPerSecond: number;
  readonly maxRssMib: number;
  readonly batchItemFailures: number;
}

/** A bench app: plain JavaScript on the compiled library, or TypeScript run as `cdk synth` runs it (ts-node). */
function appCommand(file: string): string[] {
  return file.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only', file] : [file];
}

function synthBench(appFile: string): Omit<SynthResult, 'ratioToFloorTime' | 'ratioToFloorMemory'> {
  const app = appFile.replace(/\.(js|ts)$/, '');
  const command = appCommand(join(__dirname, 'apps', appFile));
  const outdir = mkdtempSync(join(tmpdir(), `bench-synth-${app}-`));
  try {
    // A deprecated API fails the benchmark instead of timing its console warnings.
    const env = { CDK_OUTDIR: outdir, JSII_DEPRECATED: 'fail' };
    runNode(command, env); // warm-up: file system cache, asset staging
    const runs = Array.from({ length: RUNS }, () => runNode(command, env));
    const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => {
      const path = join(outdir, f);
      const template = JSON.parse(readFileSync(path, 'utf-8')) as { Resources?: Record<string, { Type: string }> };
      const types = Object.values(template.Resources ?? {}).map((r) => r.Type);
      const count = (type: string) => types.filter((t) => t === type).length;
      return {
        stack: f.replace('.template.json', ''),
        resources: types.length,
        bytes: statSync(path).size,
        alarms: count('AWS::CloudWatch::Alarm'),
        dashboards: count('AWS::CloudWatch::Dashboard'),
        customerManagedKeys: count('AWS::KMS::Key'),
      };
    });
    return { app, medianMs: median(runs.map((r) => r.wallMs)), medianMaxRssMib: median(runs.map((r) => r.maxRssMib)), templates };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function lambdaAssets(): Array<{ asset: string; bytes: number; medianLoadMs: number }> {
  const assetsDir = join(ROOT, 'assets');
  const bundles = readdirSync(assetsDir, { recursive: true, encoding: 'utf-8' }).filter((f) => f.endsWith('index.js'));
  return bundles.map((bundle) => {
    const path = join(assetsDir, bundle);
    const loads = Array.from({ length: RUNS }, () => {
      const script = `const t=process.hrtime.bigint();require(${JSON.stringify(path)});`
        + 'process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))';
      const run = runNode(['-e', script], { POWERTOOLS_METRICS_NAMESPACE: 'Bench' });
      return Number(run.stdout);
    });
    return { asset: `assets/${bundle}`, bytes: statSync(path).size, medianLoadMs: median(loads) };
  });
}

function handlerBench(implementation: string, records: number, poison: boolean): HandlerResult {
  const worker = join(__dirname, 'handler-worker.ts');
  const dir = mkdtempSync(join(tmpdir(), 'bench-handler-'));
  try {
    const resultFile = join(dir, 'result.json');
    const runs = Array.from({ length: HANDLER_RUNS }, () => {
      const run = runNode(['-r', 'ts-node/register/transpile-only', worker, implementation, String(records), poison ? '1' : '0'], {
        BENCH_RESULT_FILE: resultFile,
        POWERTOOLS_METRICS_NAMESPACE: 'Bench',
        POWERTOOLS_SERVICE_NAME: 'bench',
      });
      const result = JSON.parse(readFileSync(resultFile, 'utf-8')) as { recordsPerSecond: number; batchItemFailures: number };
      return { ...result, maxRssMib: run.maxRssMib };
    });
    return {
      implementation,
      records,
      poison,
      recordsPerSecond: median(runs.map((r) => r.recordsPerSecond)),
      maxRssMib: median(runs.map((r) => r.maxRssMib)),
      batchItemFailures: runs[0].batchItemFailures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}`;
}

interface BenchResults {
  readonly machine: string;
  readonly date: string;
  readonly synth: SynthResult[];
  readonly assets: ReturnType<typeof lambdaAssets>;
  readonly handler: HandlerResult[];
}

function markdown(results: BenchResults): string {
  const round = (n: number, digits = 0) => n.toFixed(digits);
  const lines = [
    '# Benchmarks',
    '',
    `Measured ${results.date} on ${results.machine} with \`npx projen bench\` (bench/run.ts).`,
    '',
    'Method: every measurement is a whole, fresh Node.js process. Synth: each app in bench/apps (plain',
    `JavaScript on the compiled library, \`CDK_OUTDIR\` in a temporary folder) runs once to warm the file cache, then ${RUNS}`,
    'times. The reference solution (`solution`) runs as `cdk synth` runs it: TypeScript through ts-node (transpile only,',
    'so the library\'s sources are transpiled in the process too), cdk-nag\'s AwsSolutions and Serverless packs applied, four',
    'stacks, the Flink JAR (about 11 MB) staged as an asset, the context of its cdk.json (aws-cdk-lib\'s recommended feature flags);',
    'the table gives the median wall time and the median peak resident memory (`process.resourceUsage().maxRSS`),',
    'and the ratio to the floor: a plain aws-cdk-lib app with one encrypted stream. Lambda assets: the bundled file',
    `size and the median of ${RUNS} times to \`require\` it in a fresh process. Handler: records of about 1 KiB of JSON`,
    `in one shard, the handler invoked for at least 1 s and 5 invocations after a warm-up, median of ${HANDLER_RUNS}`,
    'processes; records per second counts every record handled (processed or reported as failed). The baseline is',
    'Powertools\' BatchProcessor with processPartialResponse used directly with the same per-record work: it handles',
    'the records of a batch concurrently and goes on after a failure, while the sample handles them one at a time in',
    'shard order and, after a poison record, reports the rest of its shard for retry (hence its larger failure counts).',
    'Handler workers run under ts-node (transpile only): its memory is part of every peak RSS figure, for both.',
    '',
    '## Synth',
    '',
    '| app | median wall time (ms) | x floor | median peak RSS (MiB) | x floor | stacks: resources / template bytes |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...results.synth.map((s) => `| ${s.app} | ${round(s.medianMs)} | ${s.ratioToFloorTime ? round(s.ratioToFloorTime, 2) : '1.00'} | `
      + `${round(s.medianMaxRssMib)} | ${s.ratioToFloorMemory ? round(s.ratioToFloorMemory, 2) : '1.00'} | `
      + `${s.templates.map((t) => `${t.stack}: ${t.resources} / ${t.bytes}`).join('; ')} |`),
    '',
  ];
  const largest = results.synth.flatMap((s) => s.templates).reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const most = results.synth.flatMap((s) => s.templates).reduce((a, b) => (b.resources > a.resources ? b : a));
  lines.push(`Largest template: ${largest.stack}, ${largest.bytes} bytes (${round((100 * largest.bytes) / CFN_MAX_TEMPLATE_BYTES, 1)} % of CloudFormation's 1 MB). `
    + `Most resources: ${most.stack}, ${most.resources} (${round((100 * most.resources) / CFN_MAX_RESOURCES, 1)} % of 500).`, '');
  lines.push('Resources billed monthly whatever the traffic, per stack: an alarm (per metric), a dashboard (beyond an account\'s',
    'first three) and a customer managed KMS key.', '',
    '| app | stack | resources | alarms | dashboards | customer managed keys |', '| --- | --- | ---: | ---: | ---: | ---: |',
    ...results.synth.filter((s) => s.app !== 'floor').flatMap((s) => s.templates.map((t) =>
      `| ${s.app} | ${t.stack} | ${t.resources} | ${t.alarms} | ${t.dashboards} | ${t.customerManagedKeys} |`)), '');
  lines.push('## Lambda code shipped', '', '| asset | bytes | median load (ms) |', '| --- | ---: | ---: |');
  lines.push(...results.assets.map((a) => `| ${a.asset} | ${a.bytes} | ${round(a.medianLoadMs, 1)} |`), '');
  lines.push('## Sample processor handler', '', '| implementation | records per batch | poison record | records/s | peak RSS (MiB) | reported failures |',
    '| --- | ---: | --- | ---: | ---: | ---: |');
  lines.push(...results.handler.map((h) => `| ${h.implementation} | ${h.records} | ${h.poison ? 'yes' : 'no'} | ${round(h.recordsPerSecond)} | `
    + `${round(h.maxRssMib)} | ${h.batchItemFailures} |`), '');
  return lines.join('\n');
}

function main(): void {
  const bundle = spawnSync('npx', ['projen', 'bundle'], { cwd: ROOT, stdio: 'inherit' });
  if (bundle.status !== 0) {
    throw new Error('npx projen bundle failed');
  }
  buildFlinkJarIfStale(); // the solution app stages it
  const apps = readdirSync(join(__dirname, 'apps')).filter((f) => /\.(js|ts)$/.test(f));
  const floor = synthBench('floor.js');
  const synth: SynthResult[] = [floor, ...apps.filter((a) => a !== 'floor.js').map((app) => {
    const result = synthBench(app);
    return { ...result, ratioToFloorTime: result.medianMs / floor.medianMs, ratioToFloorMemory: result.medianMaxRssMib / floor.medianMaxRssMib };
  })];
  for (const s of synth) console.log(`synth ${s.app}: ${s.medianMs.toFixed(0)} ms, ${s.medianMaxRssMib.toFixed(0)} MiB`);
  const assets = lambdaAssets();
  const handler: HandlerResult[] = [];
  for (const records of [100, 1000, 10000]) {
    for (const poison of [false, true]) {
      for (const implementation of ['sample', 'baseline']) {
        const result = handlerBench(implementation, records, poison);
        console.log(`handler ${implementation} ${records}${poison ? ' poison' : ''}: ${result.recordsPerSecond.toFixed(0)} records/s`);
        handler.push(result);
      }
    }
  }
  const results = { machine: machine(), date: new Date().toISOString().slice(0, 10), synth, assets, handler };
  writeFileSync(join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(__dirname, 'results.md'), markdown(results));
  console.log('wrote bench/results.json and bench/results.md');
}

main();
