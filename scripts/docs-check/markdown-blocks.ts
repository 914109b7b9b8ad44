/**
 * The fenced code blocks of a markdown file, each with the docs-check directive written in an HTML
 * comment on the line before its fence (invisible on GitHub, npm and Construct Hub):
 *
 *   <!-- docs-check: run cwd=examples/flink-app -->   executed by the docs check
 *   <!-- docs-check: ci -->                           every command is one .ci/run runs
 *   <!-- docs-check: output-of synth:solution -->     every line appears in that projen task's output
 *   <!-- docs-check: output -->                       every line appears in the output of the file's
 *                                                     last `run` block before it
 *
 * A shell block without a directive is still checked: its AWS CLI commands are parsed against the
 * CLI's own parameters, and the projen tasks and files it names must exist.
 */
export interface CodeBlock {
  readonly file: string;
  /** 1-based line of the first line of code (after the fence). */
  readonly line: number;
  /** The info string's first word: `bash`, `sh`, `ts`, `json`... ('' when there is none). */
  readonly lang: string;
  readonly code: string;
  readonly directive?: BlockDirective;
}

export interface BlockDirective {
  readonly kind: 'run' | 'ci' | 'output-of' | 'output';
  /** `run`: the folder to run in, relative to the repository root. */
  readonly cwd?: string;
  /** `output-of`: the projen task whose output must contain the block's lines. */
  readonly task?: string;
}

export const SHELL_LANGS = new Set(['bash', 'sh', 'shell']);

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)?.*$/;
const DIRECTIVE = /^\s*<!--\s*docs-check:\s*(.*?)\s*-->\s*$/;

export function parseDirective(text: string, where: string): BlockDirective {
  const [kind, ...args] = text.split(/\s+/);
  if ((kind === 'ci' || kind === 'output') && args.length === 0) return { kind };
  if (kind === 'output-of') {
    if (args.length !== 1) throw new Error(`${where}: 'docs-check: output-of' needs one projen task (got '${text}')`);
    return { kind, task: args[0] };
  }
  if (kind === 'run') {
    let cwd: string | undefined;
    for (const arg of args) {
      const m = /^cwd=(.+)$/.exec(arg);
      if (!m) throw new Error(`${where}: 'docs-check: run' takes only cwd=<folder> (got '${arg}')`);
      cwd = m[1];
    }
    return { kind, cwd };
  }
  throw new Error(`${where}: unknown docs-check directive '${text}' (allowed: run [cwd=<folder>], ci, output, output-of <task>)`);
}

export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j].trim();
      if (close.startsWith(fence[0].repeat(fence.length)) && close.replace(new RegExp(`\\${fence[0]}`, 'g'), '') === '') break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: a code block is never closed`);
    const previous = i > 0 ? DIRECTIVE.exec(lines[i - 1]) : null;
    blocks.push({
      file,
      line: i + 2,
      lang: lang.toLowerCase(),
      code: body.join('\n'),
      directive: previous ? parseDirective(previous[1], `${file}:${i}`) : undefined,
    });
    i = j;
  }
  return blocks;
}

/** Links and images outside code blocks: `[text](target)` and `![alt](target)`, with their line. */
export function markdownLinks(markdown: string): Array<{ target: string; line: number; image: boolean }> {
  const links: Array<{ target: string; line: number; image: boolean }> = [];
  let inFence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const fence = FENCE.exec(text);
    if (fence) {
      if (!inFence) inFence = fence[2][0];
      else if (text.trim().startsWith(inFence)) inFence = undefined;
      return;
    }
    if (inFence) return;
    const withoutCode = text.replace(/`[^`]*`/g, '');
    for (const m of withoutCode.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      links.push({ target: m[2], line: index + 1, image: m[1] === '!' });
    }
  });
  return links;
}
