// Synthesizes every integ app into cdk.out/<app>/ with cdk-nag's AwsSolutions and Serverless
// packs applied, and prints per stack the resources by type, the alarms and the unacknowledged
// cdk-nag findings.
// Exits 1 when an app fails to synthesize or has a finding.
import { spawnSync } from 'child_process';
import { readdirSync, rmSync } from 'fs';
import { join } from 'path';
import { summarizeAssembly } from './stack-summary';
import { NAG_ENV } from '../integ/integ-app';

const INTEG_DIR = 'integ';
const OUT_DIR = 'cdk.out';

function synthesize(app: string): string {
  const outdir = join(OUT_DIR, app.replace(/\.ts$/, ''));
  rmSync(outdir, { recursive: true, force: true });
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register', join(INTEG_DIR, app)], {
    env: { ...process.env, CDK_OUTDIR: outdir, [NAG_ENV]: '1' },
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`${app} failed to synthesize (exit ${result.status})`);
  }
  return outdir;
}

// integ-tests-alpha's assertion stack holds its own test harness, not library code.
const ASSERTION_STACKS = { test: (stackId: string) => stackId.includes('DeployAssert'), reason: 'integ-tests assertions' };

function main(): number {
  const apps = readdirSync(INTEG_DIR).filter((file) => /^integ\..+\.ts$/.test(file)).sort();
  let problems = 0;
  for (const app of apps) {
    console.log(`${app} -> ${join(OUT_DIR, app.replace(/\.ts$/, ''))}`);
    try {
      problems += summarizeAssembly(synthesize(app), ASSERTION_STACKS);
    } catch (error) {
      console.log(`  ERROR ${(error as Error).message}`);
      problems += 1;
    }
  }
  console.log(`${apps.length} apps synthesized, ${problems} problems`);
  return problems === 0 ? 0 : 1;
}

process.exitCode = main();
