/**
 * The docs check (`npx projen docs:check`, run by .ci/run): the commands the READMEs give a user
 * work as written.
 *
 * - blocks marked `<!-- docs-check: run -->` are executed (bash -eo pipefail), and blocks marked
 *   `output` / `output-of <task>` must appear in what was printed;
 * - blocks marked `ci` hold only commands .ci/run runs itself (the install, build and test commands);
 * - every AWS CLI command in any shell block parses against the CLI's own parameter tables;
 * - every `npx projen <task>` names a task, every script a command runs exists;
 * - README.md's links and pictures resolve where it is published (npm, PyPI, Construct Hub): every
 *   one an absolute URL, and one into the repository names a file of it.
 *
 * Prints one line per failure and `docs check: N passed, N failed`; exits 1 on a failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AwsCommand, awsCliPython, awsCliRefusals, SELF_TEST } from './aws-cli';
import { CodeBlock, codeBlocks, SHELL_LANGS } from './markdown-blocks';
import { linkProblems } from './readme-links';
import { SimpleCommand, simpleCommands, unquotedPlaceholders } from './shell-commands';

const ROOT = path.resolve(__dirname, '..', '..');
const RUN_TIMEOUT_MS = 10 * 60 * 1000;

let passed = 0;
const failures: string[] = [];
const check = (ok: boolean, failure: string) => (ok ? passed++ : failures.push(failure));
/** One check made of several findings: passed when there are none. */
const checkAll = (problems: string[]) => (problems.length ? failures.push(...problems) : passed++);

function readmes(): string[] {
  const tracked = execFileSync('git', ['ls-files', '*.md'], { cwd: ROOT, encoding: 'utf-8' }).split('\n');
  return tracked.filter((f) => /(^|\/)(README|CONTRIBUTING)\.md$/.test(f));
}

type Tasks = Record<string, { steps?: Array<{ spawn?: string }> }>;

function projenTasks(): Tasks {
  return JSON.parse(readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;
}

/** What .ci/run runs: its commands as argv lists, and every projen task they run, spawned ones included. */
interface CiRun {
  readonly commands: Array<{ argv: string[]; folder: string }>;
  readonly tasks: Set<string>;
}

/**
 * Commands with the folder they run in: the last `cd` before them in the block, or, with
 * `sameLine`, the last `cd` on their own line (.ci/run's `(cd examples/flink-app && mvn ...)`).
 */
function withFolders(commands: SimpleCommand[], sameLine: boolean): Array<{ argv: string[]; folder: string }> {
  let folder = '.';
  let folderLine = 0;
  return commands.map(({ argv, line }) => {
    if (sameLine && line !== folderLine) folder = '.';
    if (argv[0] === 'cd' && argv[1] && !argv[1].includes('$')) {
      folder = path.posix.join(folder, argv[1]);
      folderLine = line;
    }
    return { argv, folder };
  });
}

function ciRun(tasks: Tasks): CiRun {
  const commands = withFolders(simpleCommands(readFileSync(path.join(ROOT, '.ci', 'run'), 'utf-8')), true);
  const ran = new Set<string>();
  const visit = (task: string) => {
    if (ran.has(task) || !tasks[task]) return;
    ran.add(task);
    for (const step of tasks[task].steps ?? []) if (step.spawn) visit(step.spawn);
  };
  commands.filter(({ argv: c }) => c[0] === 'npx' && c[1] === 'projen').forEach(({ argv: c }) => visit(c[2]));
  return { commands, tasks: ran };
}

/**
 * `npm ci` is run by `npm ci --no-audit`: the README's words appear, in order, in a CI command; a
 * projen task is run when CI runs it or a task that spawns it.
 */
function ranByCi(argv: string[], folder: string, ci: CiRun): boolean {
  if (argv[0] === 'npx' && argv[1] === 'projen' && argv.length === 3) return ci.tasks.has(argv[2]);
  if (argv[0] === 'cd') return true; // the folder is compared with each command's
  return ci.commands.some((c) => {
    let i = 0;
    for (const word of c.argv) if (word === argv[i]) i++;
    return i === argv.length && c.argv[0] === argv[0] && c.folder === folder;
  });
}

function runBlock(block: CodeBlock): string {
  const cwd = path.join(ROOT, block.directive?.cwd ?? '.');
  console.log(`docs check: running ${block.file}:${block.line} in ${path.relative(ROOT, cwd) || '.'}`);
  // As a user runs it: ts-node type-checks (the projen task sets TS_NODE_TRANSPILE_ONLY for itself).
  const env = { ...process.env };
  delete env.TS_NODE_TRANSPILE_ONLY;
  const result = spawnSync('bash', ['-eo', 'pipefail', '-c', block.code], {
    cwd,
    env,
    encoding: 'utf-8',
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const ok = result.status === 0;
  check(ok, `${block.file}:${block.line}: the block failed (exit ${result.status ?? result.signal}):\n${indent(tail(output, 30))}`);
  return ok ? output : '';
}

function taskOutput(task: string, cache: Map<string, string>): string {
  if (!cache.has(task)) {
    console.log(`docs check: npx projen ${task}`);
    const r = spawnSync('npx', ['projen', task], { cwd: ROOT, encoding: 'utf-8', timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
    check(r.status === 0, `npx projen ${task} failed (exit ${r.status ?? r.signal}):\n${indent(tail(`${r.stdout}${r.stderr}`, 30))}`);
    cache.set(task, `${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  return cache.get(task)!;
}

function outputProblems(block: CodeBlock, output: string, of: string): string[] {
  return block.code
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && l !== '...')
    .filter((l) => !output.includes(l))
    .map((l) => `${block.file}:${block.line}: ${of} did not print this line of the README: ${l}`);
}

/** Script paths a command runs: `npx ts-node <f>`, `bash <f>`, `node <f>`, `./<f>`. */
function scriptOf(argv: string[]): string | undefined {
  const [cmd, ...rest] = argv;
  const file = cmd === 'npx' && rest[0] === 'ts-node' ? rest.find((a, i) => i > 0 && !a.startsWith('-'))
    : cmd === 'bash' || cmd === 'node' ? rest.find((a) => !a.startsWith('-'))
      : cmd.startsWith('./') ? cmd : undefined;
  return file && !/[$<*]/.test(file) ? file : undefined;
}

function checkShellBlock(block: CodeBlock, tasks: Tasks, ci: CiRun, aws: AwsCommand[]) {
  checkAll(unquotedPlaceholders(block.code, block.line).map((p) =>
    `${block.file}:${p.line}: ${p.text} is outside quotes: pasted as it is, bash reads '<' as a redirection; use a variable`));
  let commands: SimpleCommand[];
  try {
    commands = simpleCommands(block.code, block.line);
  } catch (e) {
    failures.push(`${block.file}:${block.line}: the block does not parse as shell: ${(e as Error).message}`);
    return;
  }
  for (const { argv, line, folder } of withFolders(commands, false).map((c, i) => ({ ...c, line: commands[i].line }))) {
    const where = `${block.file}:${line}`;
    if (argv[0] === 'aws') aws.push({ where, argv: argv.slice(1) });
    if (argv[0] === 'npx' && argv[1] === 'projen' && argv[2] && !argv[2].startsWith('-')) {
      check(argv[2] in tasks, `${where}: 'npx projen ${argv[2]}' is not a projen task`);
    }
    const script = scriptOf(argv);
    if (script) {
      const bases = [ROOT, path.dirname(path.join(ROOT, block.file)), path.join(ROOT, block.directive?.cwd ?? '.')];
      check(bases.some((b) => existsSync(path.join(b, script))), `${where}: '${argv.join(' ')}' runs ${script}, which does not exist`);
    }
    if (block.directive?.kind === 'ci') {
      check(ranByCi(argv, folder, ci), `${where}: '${argv.join(' ')}' (in ${folder}) is marked as run by CI, but .ci/run does not run it there`);
    }
  }
}

function main() {
  const python = awsCliPython(ROOT);
  const self = awsCliRefusals(python, SELF_TEST.map((t, i) => ({ where: `self-test ${i}`, argv: t.argv })));
  SELF_TEST.forEach((t, i) => {
    const refusal = self.find((r) => r.where === `self-test ${i}`);
    const ok = t.refusal ? !!refusal && t.refusal.test(refusal.error) : !refusal;
    check(ok, `self-test: aws ${t.argv.join(' ')}: expected ${t.refusal ? `a refusal matching ${t.refusal}` : 'no refusal'}, got ${refusal?.error ?? 'none'}`);
  });

  const tasks = projenTasks();
  const ci = ciRun(tasks);
  const aws: AwsCommand[] = [];
  const taskOutputs = new Map<string, string>();
  for (const file of readmes()) {
    const markdown = readFileSync(path.join(ROOT, file), 'utf-8');
    let lastRunOutput: string | undefined;
    for (const block of codeBlocks(file, markdown)) {
      const d = block.directive;
      if (SHELL_LANGS.has(block.lang)) checkShellBlock(block, tasks, ci, aws);
      if (d?.kind === 'run') lastRunOutput = runBlock(block);
      if (d?.kind === 'output') {
        if (lastRunOutput === undefined) failures.push(`${file}:${block.line}: an 'output' block with no 'run' block before it`);
        else checkAll(outputProblems(block, lastRunOutput, 'the run block before it'));
      }
      if (d?.kind === 'output-of') checkAll(outputProblems(block, taskOutput(d.task!, taskOutputs), `npx projen ${d.task}`));
    }
    // README.md is the page npm, PyPI and Construct Hub show; the others are read in the repository.
    checkAll(linkProblems(ROOT, markdown, file === 'README.md' ? 'published' : path.dirname(file)).map((p) => `${file}:${p}`));
  }

  const refusals = awsCliRefusals(python, aws.map((c, i) => ({ where: String(i), argv: c.argv })));
  aws.forEach((command, i) => {
    const refusal = refusals.find((r) => r.where === String(i));
    check(!refusal, `${command.where}: aws ${command.argv.join(' ')}\n    the AWS CLI refuses it: ${refusal?.error}`);
  });

  failures.forEach((f) => console.log(`FAIL ${f}`));
  console.log(`docs check: ${passed} passed, ${failures.length} failed (${aws.length} AWS CLI commands parsed)`);
  process.exitCode = failures.length ? 1 : 0;
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

main();
