import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * AWS CLI v1 from PyPI, in a virtual environment of its own: its parameter tables are generated
 * from the same botocore models as v2's (v2 is not on PyPI). Pinned so a new CLI release cannot
 * change what the check accepts without a commit.
 */
export const AWS_CLI_VERSION = '1.46.3';

export interface AwsCommand {
  /** `file:line` of the command in the README. */
  readonly where: string;
  /** The words after `aws`. */
  readonly argv: string[];
}

export interface AwsCliRefusal {
  readonly where: string;
  readonly error: string;
}

/** The Python of a virtual environment holding the pinned AWS CLI, made on first use. */
export function awsCliPython(root: string): string {
  const venv = path.join(root, 'node_modules', '.cache', 'docs-check', `awscli-${AWS_CLI_VERSION}`);
  const python = path.join(venv, 'bin', 'python');
  // Written after pip succeeds: a venv left by a failed install is made again.
  const installed = path.join(venv, 'installed');
  if (!existsSync(installed)) {
    console.log(`docs check: installing awscli ${AWS_CLI_VERSION} from PyPI into ${path.relative(root, venv)}`);
    rmSync(venv, { recursive: true, force: true });
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `awscli==${AWS_CLI_VERSION}`], {
      stdio: 'inherit',
    });
    writeFileSync(installed, `awscli==${AWS_CLI_VERSION}\n`);
  }
  return python;
}

/** The commands the AWS CLI refuses before sending anything (scripts/docs-check/aws_cli_check.py). */
export function awsCliRefusals(python: string, commands: AwsCommand[]): AwsCliRefusal[] {
  const out = execFileSync(python, [path.join(__dirname, 'aws_cli_check.py')], {
    input: JSON.stringify(commands),
    encoding: 'utf-8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as AwsCliRefusal[];
}

/**
 * Commands the check must refuse and one it must accept, run before the READMEs: a check that
 * passes everything would otherwise look the same as READMEs that are right.
 */
export const SELF_TEST: Array<{ argv: string[]; refusal?: RegExp }> = [
  { argv: ['s3', 'cp', '--recursive', 's3://bucket/output/dt=2025-01-01/hour=10/', '-'], refusal: /only compatible with non-recursive cp/ },
  { argv: ['kinesis', 'put-record', '--stream', 's', '--partition-key', 'k', '--data', 'd'], refusal: /unrecognized arguments|unknown options/ },
  { argv: ['kinesis', 'put-record', '--stream-name', 's', '--data', 'd'], refusal: /required: --partition-key/ },
  { argv: ['kinesis', 'put-records-batch', '--stream-name', 's'], refusal: /no command 'put-records-batch'/ },
  { argv: ['cloudformation', 'describe-stacks', '--output', 'txt'], refusal: /Invalid choice: 'txt'/ },
  { argv: ['cloudformation', 'describe-stacks', '--query', "Stacks[0].Outputs[?OutputKey=='$1'.OutputValue"], refusal: /not a JMESPath expression/ },
  { argv: ['kinesis', 'put-record', '--stream-name', 's', '--partition-key', 'k', '--data', '{}'], refusal: /--data is a blob/ },
  { argv: ['kinesis', 'put-record', '--stream-name', 's', '--partition-key', 'k', '--cli-binary-format', 'raw', '--data', '{}'], refusal: /cli-binary-format must be/ },
  { argv: ['--version'] },
  { argv: ['cloudformation', 'describe-stacks', '--output', 'yaml-stream'] },
  {
    argv: [
      'kinesis', 'put-record', '--stream-name', '$STREAM', '--partition-key', 'AMZN', '--cli-binary-format', 'raw-in-base64-out',
      '--data', '{"ticker": "AMZN"}',
    ],
  },
  { argv: ['cognito-idp', 'admin-set-user-password', '--user-pool-id', '$POOL', '--username', 'u', '--password', 'file:///dev/stdin', '--permanent'] },
  { argv: ['cognito-idp', 'admin-set-user-password', '--cli-input-json', 'file://input.json'] },
];
