import * as path from 'node:path';
import { codeBlocks, markdownLinks } from '../../scripts/docs-check/markdown-blocks';
import { headingAnchors, linkProblems } from '../../scripts/docs-check/readme-links';

const ROOT = path.resolve(__dirname, '..', '..');
const BLOB = 'https://github.com/streamingdatapatterns/cdk-streaming-data-patterns/blob/main/';
const RAW = 'https://raw.githubusercontent.com/streamingdatapatterns/cdk-streaming-data-patterns/main/';

describe('codeBlocks: fenced blocks with their docs-check directive', () => {
  test('language, first line, directive, and blocks indented in a list', () => {
    const md = [
      '# Title', // 1
      '<!-- docs-check: run cwd=examples/flink-app -->', // 2
      '```sh', // 3
      'mvn -B verify', // 4
      '```', // 5
      '1. A step:', // 6
      '', // 7
      '   ```bash', // 8
      '   aws s3 ls', // 9
      '     --recursive', // 10
      '   ```', // 11
      '<!-- docs-check: output-of synth:solution -->', // 12
      '```', // 13
      '  stack X: 1 resource', // 14
      '```', // 15
    ].join('\n');
    expect(codeBlocks('R.md', md)).toEqual([
      { file: 'R.md', line: 4, lang: 'sh', code: 'mvn -B verify', directive: { kind: 'run', cwd: 'examples/flink-app' } },
      { file: 'R.md', line: 9, lang: 'bash', code: 'aws s3 ls\n  --recursive', directive: undefined },
      { file: 'R.md', line: 14, lang: '', code: '  stack X: 1 resource', directive: { kind: 'output-of', task: 'synth:solution' } },
    ]);
  });

  test.each([
    ['<!-- docs-check: execute -->', "R.md:1: unknown docs-check directive 'execute' (allowed: run [cwd=<folder>], ci, output, output-of <task>)"],
    ['<!-- docs-check: run in=x -->', "R.md:1: 'docs-check: run' takes only cwd=<folder> (got 'in=x')"],
    ['<!-- docs-check: output-of -->', "R.md:1: 'docs-check: output-of' needs one projen task (got 'output-of')"],
  ])('a bad directive is refused: %s', (directive, message) => {
    expect(() => codeBlocks('R.md', `${directive}\n\`\`\`bash\nls\n\`\`\`\n`)).toThrow(message);
  });

  test('a block that is never closed is an error', () => {
    expect(() => codeBlocks('R.md', 'text\n```bash\nls\n')).toThrow('R.md:2: a code block is never closed');
  });

  test('links outside code, pictures marked', () => {
    expect(markdownLinks('See [a](x.md) and `[b](y.md)`.\n```\n[c](z.md)\n```\n![pic](p.png "title")')).toEqual([
      { target: 'x.md', line: 1, image: false },
      { target: 'p.png', line: 5, image: true },
    ]);
  });
});

describe('README links', () => {
  test('heading anchors as GitHub makes them', () => {
    expect([...headingAnchors('# Quick start\n## Run the integration tests in a sandbox account\n```\n# not a heading\n```\n### `KinesisIngestApi`: props')])
      .toEqual(['quick-start', 'run-the-integration-tests-in-a-sandbox-account', 'kinesisingestapi-props']);
  });

  test('published README: relative links, missing repository files, GitHub pages as pictures and unknown anchors are problems', () => {
    const md = [
      `[ok](${BLOB}examples/solution/README.md) ![ok](${RAW}docs/diagrams/solution-AllPatterns.png) [ok](https://docs.aws.amazon.com/) [ok](#a-heading)`,
      '[relative](examples/solution/README.md)',
      `[missing](${BLOB}examples/nothing-here.md)`,
      `![page](${BLOB}docs/diagrams/solution-AllPatterns.png)`,
      '[anchor](#no-such-heading)',
      '## A heading',
    ].join('\n');
    expect(linkProblems(ROOT, md, 'published')).toEqual([
      `2: examples/solution/README.md is a relative link, which breaks on PyPI and Construct Hub: link to ${BLOB}examples/solution/README.md`,
      `3: ${BLOB}examples/nothing-here.md names examples/nothing-here.md, which is not in the repository`,
      `4: the picture ${BLOB}docs/diagrams/solution-AllPatterns.png is a GitHub page; use its raw.githubusercontent.com URL`,
      '5: the link #no-such-heading names no heading of this file',
    ]);
  });

  test('a README read in the repository: relative links resolve from its folder', () => {
    expect(linkProblems(ROOT, '[ok](../flink-app/README.md) [bad](producer/missing.md)', 'examples/solution')).toEqual([
      '1: producer/missing.md does not exist (relative to examples/solution/)',
    ]);
  });
});
