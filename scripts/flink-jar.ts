// The reference Flink application's JAR (examples/flink-app/target/flink-app.jar), which the
// solution's Flink stacks deploy as an asset: built with Maven when missing or older than its
// sources (needs Java 17 and Maven).
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

const FLINK_APP_DIR = join(__dirname, '..', 'examples', 'flink-app');
export const FLINK_JAR = join(FLINK_APP_DIR, 'target', 'flink-app.jar');

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestModification(join(path, entry))));
}

export function buildFlinkJarIfStale(): void {
  const sourcesChanged = Math.max(newestModification(join(FLINK_APP_DIR, 'src', 'main')), newestModification(join(FLINK_APP_DIR, 'pom.xml')));
  if (existsSync(FLINK_JAR) && statSync(FLINK_JAR).mtimeMs >= sourcesChanged) {
    console.log('reference Flink application: examples/flink-app/target/flink-app.jar is up to date');
    return;
  }
  console.log('$ (cd examples/flink-app && mvn -B -ntp -q package -DskipTests)');
  const result = spawnSync('mvn', ['-B', '-ntp', '-q', 'package', '-DskipTests'], { cwd: FLINK_APP_DIR, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`mvn package failed in examples/flink-app (exit ${result.status ?? result.signal})`);
  }
}
