// Prints, for every stack of a synthesized cloud assembly, the resources by type, the alarms,
// the dashboards, what is billed monthly at zero traffic (fixed-monthly-units.ts) and the cdk-nag
// findings nobody acknowledged. Shared by the main jobs
// (synth-solution.ts, synth-integ-apps.ts).
import { readFileSync } from 'fs';
import { join } from 'path';
import { describeFixedMonthlyUnits, fixedMonthlyUnits, TemplateResource } from './fixed-monthly-units';

type ConstructMetadata = Record<string, Array<{ readonly type: string; readonly data?: unknown }>>;

interface StackArtifact {
  readonly type: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string };
  readonly metadata?: ConstructMetadata;
  /** aws-cdk-lib 2.25x writes a stack's construct metadata to this file beside the template. */
  readonly additionalMetadataFile?: string;
}

interface Template {
  readonly Resources?: Record<string, TemplateResource>;
}

const NAG_RULE = /^(AwsSolutions|Serverless)-/;

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

/**
 * Summarizes every stack in `outdir` except those `skip` names (with the reason printed).
 * Returns the number of unacknowledged cdk-nag findings.
 */
export function summarizeAssembly(outdir: string, skip?: { readonly test: (stackId: string) => boolean; readonly reason: string }): number {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf-8')) as { artifacts: Record<string, StackArtifact> };
  let findingCount = 0;
  for (const [stackId, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) {
      continue;
    }
    if (skip?.test(stackId)) {
      console.log(`  stack ${stackId}: ${skip.reason}, not summarized`);
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
    console.log(`  stack ${artifact.displayName ?? stackId}: ${plural(total, 'resource')}, ${plural(types.get('AWS::CloudWatch::Alarm') ?? 0, 'alarm')}, `
      + `${plural(types.get('AWS::CloudWatch::Dashboard') ?? 0, 'dashboard')}, cdk-nag: ${findings.length} unacknowledged findings`);
    console.log(`    ${describeFixedMonthlyUnits(fixedMonthlyUnits(template.Resources ?? {}))}`);
    for (const [type, count] of [...types.entries()].sort()) {
      console.log(`      ${String(count).padStart(3)} ${type}`);
    }
    for (const finding of findings) {
      console.log(`    FINDING ${finding}`);
    }
  }
  return findingCount;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
