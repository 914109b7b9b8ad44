// The reference solution's CDK app: `npx cdk synth` / `npx cdk deploy` from this folder, or
// `npx projen synth:solution` from the repository root (synthesizes into cdk.out/solution and
// prints a summary per stack). Knobs are context values: see README.md.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addSolutionStacks } from './solution-app';
import { FlinkCode } from '../../src';

/** Built by `mvn -B package` in examples/flink-app (`npx projen synth:solution` does it when missing). */
const FLINK_JAR = path.join(__dirname, '..', 'flink-app', 'target', 'flink-app.jar');

if (!fs.existsSync(FLINK_JAR)) {
  throw new Error(`${FLINK_JAR} is missing: build the reference Flink application first (cd examples/flink-app && mvn -B -ntp package -DskipTests).`);
}

const app = new App();
addSolutionStacks(app, {
  flinkCode: FlinkCode.fromAsset(FLINK_JAR),
  // The reference solution proves itself: cdk-nag findings stop the synth (none are expected).
  nag: true,
});
app.synth();
