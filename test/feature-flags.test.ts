import { App, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { DEFAULT_PATTERNS, fixtureResources, FULL_PATTERNS, PatternFixture } from './pattern-fixtures';

/**
 * Every boolean flag of this aws-cdk-lib set against its default, but for the ones about the
 * stack and its synthesizer rather than the resources in it (legacy synthesis references assets
 * through parameters) and the expired ones, which cannot be set.
 */
function everyFlagInverted(): Record<string, boolean> {
  const inverted: Record<string, boolean> = {};
  for (const flag of Object.keys(cxapi.FLAGS)) {
    if (cxapi.CURRENT_VERSION_EXPIRED_FLAGS.includes(flag) || flag === cxapi.NEW_STYLE_STACK_SYNTHESIS_CONTEXT) {
      continue;
    }
    const defaultValue = booleanDefault(flag);
    if (defaultValue !== undefined) {
      inverted[flag] = !defaultValue;
    }
  }
  return inverted;
}

/** The default of a boolean flag; undefined for the flags that take other values. */
function booleanDefault(flag: string): boolean | undefined {
  try {
    return cxapi.futureFlagDefault(flag);
  } catch {
    return undefined;
  }
}

/** The resources of the pattern (logical ids `Pattern...`), with IAM statement lists in one order. */
function patternResources(build: PatternFixture, context: Record<string, unknown>): Record<string, unknown> {
  const app = new App({ context: { ...context, 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack');
  build(stack, fixtureResources(stack));
  const resources = app.synth().getStackByName('Stack').template.Resources as Record<string, unknown>;
  return Object.fromEntries(Object.entries(resources).filter(([id]) => id.startsWith('Pattern')).map(([id, resource]) => [id, sortStatementLists(resource)]));
}

/**
 * aws-cdk-lib sorts the actions and resources inside IAM statements when it renders a stack whose
 * app sets `@aws-cdk/aws-iam:minimizePolicies`; a construct cannot pin that, and the permissions
 * are the same either way, so both lists are compared in one order.
 */
function sortStatementLists(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(sortStatementLists);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const object = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, sortStatementLists(value)]));
  if ('Effect' in object) {
    for (const list of ['Action', 'NotAction', 'Resource']) {
      if (Array.isArray(object[list])) {
        object[list] = [...object[list]].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      }
    }
  }
  return object;
}

const FIXTURES = [
  ...Object.entries(DEFAULT_PATTERNS).map(([name, build]) => [`${name} (defaults)`, build] as const),
  ...Object.entries(FULL_PATTERNS).map(([name, build]) => [`${name} (every option)`, build] as const),
];

describe.each(FIXTURES)('%s synthesizes the same resources whatever feature flags the app sets', (_name, build) => {
  const withoutFlags = patternResources(build, {});

  test('with every flag aws-cdk-lib recommends', () => {
    expect(patternResources(build, cxapi.CURRENTLY_RECOMMENDED_FLAGS)).toEqual(withoutFlags);
  });

  test('with every flag set against its default', () => {
    expect(patternResources(build, everyFlagInverted())).toEqual(withoutFlags);
  });
});
