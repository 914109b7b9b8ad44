// The library's main job: synthesize the reference solution (examples/solution) into
// cdk.out/solution with the CDK CLI, as a user would, and print per stack the resources by type,
// the alarms and the cdk-nag result. No AWS account is needed. Extra arguments go to `cdk synth`
// (`npx projen synth:solution -c shardCount=4`). Builds the reference Flink application's JAR
// first when it is missing or older than its sources (needs Java 17 and Maven).
// Exits 1 when the synth fails or a stack has a cdk-nag finding.
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'fs';
import { join } from 'path';
import { summarizeAssembly } from './stack-summary';

const ROOT = join(__dirname, '..');
const SOLUTION_DIR = join(ROOT, 'examples', 'solution');
const FLINK_APP_DIR = join(ROOT, 'examples', 'flink-app');
const FLINK_JAR = join(FLINK_APP_DIR, 'target', 'flink-app.jar');
/** Where examples/solution/cdk.json sends the cloud assembly. */
const OUT_DIR = join(ROOT, 'cdk.out', 'solution');
/**
 * KinesisFlinkAnalytics builds on aws_kinesisanalytics.CfnApplicationV2, which aws-cdk-lib marks
 * deprecated (cdk-nag's KDA3 only inspects that class), so each synth would print ~30 deprecation
 * warnings around the summary. They are silenced here only; see the KinesisFlinkAnalytics section
 * of README.md.
 */
const QUIET_DEPRECATIONS = 'quiet';

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestModification(join(path, entry))));
}

function run(command: string, args: string[], cwd: string): void {
  console.log(`$ (cd ${cwd.replace(`${ROOT}/`, '')} && ${command} ${args.join(' ')})`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', JSII_DEPRECATED: QUIET_DEPRECATIONS } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function buildFlinkJarIfStale(): void {
  const sourcesChanged = Math.max(newestModification(join(FLINK_APP_DIR, 'src', 'main')), newestModification(join(FLINK_APP_DIR, 'pom.xml')));
  if (existsSync(FLINK_JAR) && statSync(FLINK_JAR).mtimeMs >= sourcesChanged) {
    console.log(`reference Flink application: ${FLINK_JAR.replace(`${ROOT}/`, '')} is up to date`);
    return;
  }
  run('mvn', ['-B', '-ntp', '-q', 'package', '-DskipTests'], FLINK_APP_DIR);
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
