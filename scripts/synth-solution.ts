// The library's main job: synthesize the reference solution (examples/solution) into
// cdk.out/solution with the CDK CLI, as a user would, and print per stack the resources by type,
// the alarms and the cdk-nag result. No AWS account is needed. Extra arguments go to `cdk synth`
// (`npx projen synth:solution -c shardCount=4`). Builds the reference Flink application's JAR
// first when it is missing or older than its sources (scripts/flink-jar.ts).
// Exits 1 when the synth fails or a stack has a cdk-nag finding.
import { spawnSync } from 'child_process';
import { rmSync } from 'fs';
import { join } from 'path';
import { buildFlinkJarIfStale } from './flink-jar';
import { summarizeAssembly } from './stack-summary';

const ROOT = join(__dirname, '..');
const SOLUTION_DIR = join(ROOT, 'examples', 'solution');
/** Where examples/solution/cdk.json sends the cloud assembly. */
const OUT_DIR = join(ROOT, 'cdk.out', 'solution');
/** A deprecated aws-cdk-lib API used by the library or the solution fails the main job, rather than printing a warning. */
const DEPRECATED_APIS = 'fail';
/**
 * Without a region in the environment or an AWS profile, the CDK CLI asks the EC2 instance
 * metadata service twice (about 4 s each here) before it settles on us-east-1. The stacks are
 * environment-agnostic, so the region does not change the templates: name that default up front.
 */
const REGION = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

function run(command: string, args: string[], cwd: string): void {
  console.log(`$ (cd ${cwd.replace(`${ROOT}/`, '')} && ${command} ${args.join(' ')})`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, AWS_REGION: REGION, CDK_DISABLE_VERSION_CHECK: '1', JSII_DEPRECATED: DEPRECATED_APIS } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function main(): number {
  buildFlinkJarIfStale();
  rmSync(OUT_DIR, { recursive: true, force: true });
  const started = Date.now();
  run('npx', ['cdk', 'synth', '--quiet', '--no-notices', ...process.argv.slice(2)], SOLUTION_DIR);
  console.log(`\nreference solution synthesized into ${OUT_DIR.replace(`${ROOT}/`, '')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const findings = summarizeAssembly(OUT_DIR);
  console.log(`cdk-nag (AwsSolutions, Serverless): ${findings} unacknowledged findings`);
  return findings === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`ERROR ${(error as Error).message}`);
  process.exitCode = 1;
}
