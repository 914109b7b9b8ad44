// The library's main job until the reference solution app exists: synthesize every integ app
// into cdk.out/<app>/ with cdk-nag's AwsSolutions and Serverless packs applied, and print per
// stack the resources by type, the alarms and the unacknowledged cdk-nag findings.
// Exits 1 when an app fails to synthesize or has a finding.
import { spawnSync } from 'child_process';
import { readdirSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { NAG_ENV } from '../integ/integ-app';

type ConstructMetadata = Record<string, Array<{ readonly type: string; readonly data?: unknown }>>;

interface StackArtifact {
  readonly type: string;
  readonly properties?: { readonly templateFile?: string };
  readonly metadata?: ConstructMetadata;
  /** aws-cdk-lib 2.25x writes a stack's construct metadata to this file beside the template. */
  readonly additionalMetadataFile?: string;
}

interface Template {
  readonly Resources?: Record<string, { readonly Type: string }>;
}

const INTEG_DIR = 'integ';
const OUT_DIR = 'cdk.out';
const NAG_RULE = /^(AwsSolutions|Serverless)-/;

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

function nagFindings(outdir: string, artifact: StackArtifact): string[] {
  const metadata: ConstructMetadata = {
    ...artifact.metadata,
    ...(artifact.additionalMetadataFile
      ? JSON.parse(readFileSync(join(outdir, artifact.additionalMetadataFile), 'utf-8')) as ConstructMetadata
      : {}),
  };
  return Object.entries(metadata).flatMap(([path, entries]) => entries
    .filter((entry) => (entry.type === 'aws:cdk:error' || entry.type === 'aws:cdk:warning')
      && typeof entry.data === 'string' && NAG_RULE.test(entry.data))
    .map((entry) => `${path}: ${String(entry.data).split('\n')[0]}`));
}

function summarize(outdir: string): number {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf-8')) as { artifacts: Record<string, StackArtifact> };
  let findingCount = 0;
  for (const [stackName, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) {
      continue;
    }
    // integ-tests-alpha's assertion stack holds its own test harness, not library code.
    if (stackName.includes('DeployAssert')) {
      console.log(`  stack ${stackName}: integ-tests assertions, not summarized`);
      continue;
    }
    const template = JSON.parse(readFileSync(join(outdir, artifact.properties.templateFile), 'utf-8')) as Template;
    const types = new Map<string, number>();
    for (const resource of Object.values(template.Resources ?? {})) {
      types.set(resource.Type, (types.get(resource.Type) ?? 0) + 1);
    }
    const findings = nagFindings(outdir, artifact);
    findingCount += findings.length;
    const total = [...types.values()].reduce((a, b) => a + b, 0);
    console.log(`  stack ${stackName}: ${total} resources, ${types.get('AWS::CloudWatch::Alarm') ?? 0} alarms, `
      + `${types.get('AWS::CloudWatch::Dashboard') ?? 0} dashboards, cdk-nag: ${findings.length} unacknowledged findings`);
    for (const [type, count] of [...types.entries()].sort()) {
      console.log(`      ${String(count).padStart(3)} ${type}`);
    }
    for (const finding of findings) {
      console.log(`    FINDING ${finding}`);
    }
  }
  return findingCount;
}

function main(): number {
  const apps = readdirSync(INTEG_DIR).filter((file) => /^integ\..+\.ts$/.test(file)).sort();
  let problems = 0;
  for (const app of apps) {
    console.log(`${app} -> ${join(OUT_DIR, app.replace(/\.ts$/, ''))}`);
    try {
      problems += summarize(synthesize(app));
    } catch (error) {
      console.log(`  ERROR ${(error as Error).message}`);
      problems += 1;
    }
  }
  console.log(`${apps.length} apps synthesized, ${problems} problems`);
  return problems === 0 ? 0 : 1;
}

process.exitCode = main();
