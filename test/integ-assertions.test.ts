/**
 * Every integ app proves its data path when deployed: its assertion stack (integ-tests-alpha's
 * DeployAssert, read from the committed snapshot) holds at least one assertion that expects a
 * result. The apps below are the known exceptions, each with its reason; the test also fails when
 * one of them gains assertions, so the list only shrinks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const INTEG = join(__dirname, '..', 'integ');

const WITHOUT_ASSERTIONS: Record<string, string> = {
  'integ.analytics-default': 'its code is a placeholder that cannot run on Managed Flink (startApplication: false) until the reference application does (issue 15)',
  'integ.analytics-vpc-flink22': 'its code is a placeholder that cannot run on Managed Flink (startApplication: false) until the reference application does (issue 15)',
};

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** The assertion calls of an app that expect something (SDK and HTTP calls with `expected`). */
function expectingAssertions(app: string): string[] {
  const snapshot = join(INTEG, `${app}.ts.snapshot`);
  return readdirSync(snapshot)
    .filter((file) => file.includes('DeployAssert') && file.endsWith('.template.json'))
    .flatMap((file) => Object.entries<Resource>(JSON.parse(readFileSync(join(snapshot, file), 'utf-8')).Resources ?? {}))
    .filter(([, resource]) => resource.Type.startsWith('Custom::DeployAssert@') && resource.Properties?.expected !== undefined)
    .map(([logicalId]) => logicalId);
}

const apps = readdirSync(INTEG).filter((file) => /^integ\..*\.ts$/.test(file)).map((file) => file.replace(/\.ts$/, ''));

test('the integ apps are found, each with a committed snapshot', () => {
  expect(apps.length).toBeGreaterThanOrEqual(11);
  for (const app of apps) {
    expect(existsSync(join(INTEG, `${app}.ts.snapshot`))).toBe(true);
  }
});

test.each(apps)('%s asserts its data path when deployed (or is a listed exception)', (app) => {
  const assertions = expectingAssertions(app);
  if (app in WITHOUT_ASSERTIONS) {
    expect({ app, assertions }).toEqual({ app, assertions: [] });
  } else {
    expect(assertions.length).toBeGreaterThan(0);
  }
});
