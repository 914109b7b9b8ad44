/**
 * Every integ app proves its data path when deployed. Each app is synthesized here, fresh (the
 * committed snapshot would not do: integ-runner does not compare assertion stacks), and its
 * assertion stack (integ-tests-alpha's DeployAssert) must hold an expecting call that reads where
 * the records end up: the stream (GetRecords), a bucket (ListObjectsV2), a queue (ReceiveMessage)
 * or a log group (FilterLogEvents). The apps below are the known exceptions, each with its reason;
 * the test also fails when one of them gains such a call, so the list only shrinks.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';

const INTEG = join(__dirname, '..', 'integ');

const WITHOUT_ASSERTIONS: Record<string, string> = {
  'integ.analytics-default': 'its code is a placeholder that cannot run on Managed Flink (startApplication: false) until the reference application does (issue 15)',
  'integ.analytics-vpc-flink22': 'its code is a placeholder that cannot run on Managed Flink (startApplication: false) until the reference application does (issue 15)',
};

/** SDK calls that read a sink, as integ-tests-alpha names their resource types. */
const SINK_READS = /^Custom::DeployAssert@SdkCall(KinesisgetRecords|S3listObjectsV2|SQSreceiveMessage|CloudWatchLogsfilterLogEvents)$/;

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** Synthesizes the app in `file` and lists its expecting calls that read a sink. */
function sinkAssertions(file: string): string[] {
  let found: string[] = [];
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { INTEG_APPS } = require('../integ/integ-app') as typeof import('../integ/integ-app');
    require(join(INTEG, file));
    /* eslint-enable @typescript-eslint/no-require-imports */
    const app = INTEG_APPS[INTEG_APPS.length - 1];
    const assembly = app.synth();
    const assertionStacks = app.node.findAll().filter((node): node is Stack => Stack.isStack(node) && node.node.id === 'DeployAssert');
    found = assertionStacks.flatMap((stack) => Object.entries<Resource>(assembly.getStackByName(stack.stackName).template.Resources ?? {}))
      .filter(([, resource]) => SINK_READS.test(resource.Type) && resource.Properties?.expected !== undefined)
      .map(([, resource]) => resource.Type.replace('Custom::DeployAssert@SdkCall', ''));
  });
  return found;
}

const files = readdirSync(INTEG).filter((file) => /^integ\..*\.ts$/.test(file));

test('the integ apps are found', () => {
  expect(files.length).toBeGreaterThanOrEqual(11);
});

test.each(files)('%s reads where its records end up when deployed (or is a listed exception)', (file) => {
  const app = file.replace(/\.ts$/, '');
  const assertions = sinkAssertions(file);
  if (app in WITHOUT_ASSERTIONS) {
    expect({ app, assertions }).toEqual({ app, assertions: [] });
  } else {
    expect({ app, assertions }).toEqual({ app, assertions: expect.arrayContaining([expect.any(String)]) });
  }
}, 60_000);
