import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { DEFAULT_PATTERNS, fixtureResources, FULL_PATTERNS, PatternFixture } from './pattern-fixtures';

/**
 * Synthesizes the pattern with aws-cdk-lib's deprecation warnings turned into errors (they print
 * one `[WARNING]` line per use otherwise) and returns what it wrote to the console.
 */
function synthStrictly(build: PatternFixture): { stack: Stack; console: string[] } {
  const previous = process.env.JSII_DEPRECATED;
  process.env.JSII_DEPRECATED = 'fail';
  const printed: string[] = [];
  const spies = (['log', 'warn', 'error', 'info'] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => { printed.push(args.map(String).join(' ')); }));
  try {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    build(stack, fixtureResources(stack));
    app.synth();
    return { stack, console: printed };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
    if (previous === undefined) {
      delete process.env.JSII_DEPRECATED;
    } else {
      process.env.JSII_DEPRECATED = previous;
    }
  }
}

describe.each(Object.entries(DEFAULT_PATTERNS))('%s with its defaults', (_name, build) => {
  const { stack, console: printed } = synthStrictly(build);

  test('uses no deprecated aws-cdk-lib API and prints nothing', () => {
    expect(printed).toEqual([]);
  });

  test('has no warning or info annotation', () => {
    const annotations = Annotations.fromStack(stack);
    expect([...annotations.findWarning('*', Match.anyValue()), ...annotations.findInfo('*', Match.anyValue())]).toEqual([]);
  });
});

describe.each(Object.entries(FULL_PATTERNS))('%s with every option', (_name, build) => {
  test('uses no deprecated aws-cdk-lib API and prints nothing', () => {
    expect(synthStrictly(build).console).toEqual([]);
  });
});
