// The command line of the producer: parsed and checked before anything is sent, with messages
// that name the option and what it allows. The password and the client secret only ever come
// from the environment.
import { cognitoEndpoint, TokenUse } from './cognito-sign-in';
import { MAX_BATCH_SIZE } from './rate-plan';

/** API Gateway's default account quota per region: more could only be throttled. */
export const MAX_RATE = 10_000;
export const DEFAULT_PASSWORD_ENV = 'PRODUCER_PASSWORD';
export const DEFAULT_SECRET_ENV = 'PRODUCER_CLIENT_SECRET';
/** The pattern's default `writeScope`. */
export const DEFAULT_SCOPE = 'ingest/write';

/** A user of the pool signs in with its password through the pattern's app client. */
export interface PasswordSignIn {
  readonly kind: 'password';
  readonly cognitoEndpoint: string;
  readonly username: string;
  readonly password: string;
  readonly tokenUse: TokenUse;
}

/** A machine client gets access tokens with the client credentials grant (`machineProducers`). */
export interface ClientCredentialsSignIn {
  readonly kind: 'client-credentials';
  readonly tokenUrl: string;
  readonly clientSecret: string;
  readonly scope: string;
}

export interface CliOptions {
  readonly apiUrl: string;
  readonly clientId: string;
  readonly signIn: PasswordSignIn | ClientCredentialsSignIn;
  readonly rate: number;
  readonly batchSize: number;
  readonly durationSeconds?: number;
  readonly count?: number;
}

/** A command line that cannot be run; the message says why. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Sends sample stock ticks to a KinesisIngestApi stage with PutRecords.

npx ts-node examples/solution/producer/cli.ts --api-url URL --client-id ID --region REGION --username NAME
    (--duration SECONDS | --count RECORDS) [--rate N] [--batch-size N] [--token id|access]
    [--password-env NAME] [--cognito-endpoint URL]
npx ts-node examples/solution/producer/cli.ts --api-url URL --client-id ID --token-url URL
    (--duration SECONDS | --count RECORDS) [--rate N] [--batch-size N] [--scope SCOPE] [--secret-env NAME]

  --api-url           the stage URL (stack output ApiUrl), ending with the stage name and a slash
  --client-id         the app client id (UserPoolClientId; the machine client's id with --token-url)
  --region            the region of the user pool, for Cognito's regional endpoint
  --username          a user of the pool with a permanent password
  --duration          send for this many seconds (whole number, at least 1)
  --count             or send this many records (whole number, at least 1)
  --rate              records per second, 1 to ${MAX_RATE} (default 10)
  --batch-size        records per PutRecords request, 1 to ${MAX_BATCH_SIZE} (default ${MAX_BATCH_SIZE})
  --token             id (default) or access: the access token when the API has authorizationScopes
  --password-env      the environment variable holding the password (default ${DEFAULT_PASSWORD_ENV})
  --cognito-endpoint  another Cognito endpoint (default https://cognito-idp.<region>.amazonaws.com/)
  --token-url         machine producers: the token endpoint (the pattern's tokenUrl); the client
                      credentials grant instead of a user's password
  --scope             with --token-url, the scope to request (default ${DEFAULT_SCOPE}, the pattern's writeScope)
  --secret-env        with --token-url, the environment variable holding the client secret (default ${DEFAULT_SECRET_ENV})

Exit status: 0 when every record was accepted, 1 when any was refused or a request failed,
2 for a bad command line, 3 when the sign-in failed.`;

const VALUE_OPTIONS = [
  '--api-url', '--client-id', '--region', '--username', '--password-env', '--rate', '--duration', '--count',
  '--batch-size', '--token', '--cognito-endpoint', '--token-url', '--scope', '--secret-env',
];

/** The options of the password sign-in, which the client credentials grant does not take. */
const PASSWORD_OPTIONS = ['--username', '--region', '--password-env', '--token', '--cognito-endpoint'];
/** The options of the client credentials grant. */
const CLIENT_CREDENTIALS_OPTIONS = ['--scope', '--secret-env'];

/** Parses `argv` (without node and the script); the password is read from `env`. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  const given = readOptions(argv);
  if (given === 'help') {
    return 'help';
  }
  const apiUrl = httpUrl(given, '--api-url', 'the stage URL, stack output ApiUrl (https://<api id>.execute-api.<region>.amazonaws.com/<stage>/)');
  const clientId = required(given, '--client-id', 'the app client id, stack output UserPoolClientId');
  const signIn = given.has('--token-url') ? clientCredentials(given, env) : passwordSignIn(given, env);
  const rate = wholeNumber(given, '--rate', 1, MAX_RATE, 'records per second', 10);
  const batchSize = wholeNumber(given, '--batch-size', 1, MAX_BATCH_SIZE, 'records per request', MAX_BATCH_SIZE);
  const durationSeconds = optionalWholeNumber(given, '--duration', 'a whole number of seconds, at least 1');
  const count = optionalWholeNumber(given, '--count', 'a whole number of records, at least 1');
  if (durationSeconds !== undefined && count !== undefined) {
    throw new UsageError('give --duration <seconds> or --count <records>, not both');
  }
  if (durationSeconds === undefined && count === undefined) {
    throw new UsageError('give --duration <seconds> or --count <records>: how much to send');
  }
  return { apiUrl, clientId, signIn, rate, batchSize, durationSeconds, count };
}

function passwordSignIn(given: Map<string, string>, env: NodeJS.ProcessEnv): PasswordSignIn {
  const misplaced = CLIENT_CREDENTIALS_OPTIONS.find((name) => given.has(name));
  if (misplaced) {
    throw new UsageError(`${misplaced} only applies with --token-url (machine producers)`);
  }
  const username = required(given, '--username', "a user of the API's user pool (or --token-url for a machine client)");
  const endpoint = given.get('--cognito-endpoint') !== undefined
    ? httpUrl(given, '--cognito-endpoint', 'a Cognito endpoint')
    : cognitoEndpoint(region(given));
  const token = given.get('--token') ?? 'id';
  if (token !== 'id' && token !== 'access') {
    throw new UsageError(`--token must be id or access (got '${token}')`);
  }
  return { kind: 'password', cognitoEndpoint: endpoint, username, password: password(given, env), tokenUse: token };
}

function clientCredentials(given: Map<string, string>, env: NodeJS.ProcessEnv): ClientCredentialsSignIn {
  const misplaced = PASSWORD_OPTIONS.find((name) => given.has(name));
  if (misplaced) {
    throw new UsageError(`${misplaced} does not apply with --token-url: a machine client signs in with its id and secret, not a user's password`);
  }
  const tokenUrl = httpUrl(given, '--token-url', 'the token endpoint');
  const scope = given.get('--scope') ?? DEFAULT_SCOPE;
  if (!/^\S+\/[^/\s]+$/.test(scope)) {
    throw new UsageError(`--scope must be a resource-server scope written <identifier>/<name>, such as ${DEFAULT_SCOPE} (got '${scope}')`);
  }
  return { kind: 'client-credentials', tokenUrl, clientSecret: fromEnvironment(given, env, '--secret-env', DEFAULT_SECRET_ENV, "the machine client's secret"), scope };
}

/** `--name value` and `--name=value`, each at most once. */
function readOptions(argv: readonly string[]): Map<string, string> | 'help' {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      return 'help';
    }
    if (!arg.startsWith('--')) {
      throw new UsageError(`unexpected argument '${arg}': options are written --name value`);
    }
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (name === '--password') {
      throw new UsageError(`--password is not an option: put the password in the environment variable ${DEFAULT_PASSWORD_ENV} `
        + '(or the one --password-env names), so that it stays out of the process list and the shell history');
    }
    if (name === '--client-secret' || name === '--secret') {
      throw new UsageError(`${name} is not an option: put the client secret in the environment variable ${DEFAULT_SECRET_ENV} `
        + '(or the one --secret-env names), so that it stays out of the process list and the shell history');
    }
    if (!VALUE_OPTIONS.includes(name)) {
      throw new UsageError(`unknown option ${name} (the options are ${VALUE_OPTIONS.join(', ')}, --help)`);
    }
    let value: string | undefined;
    if (equals > 0) {
      value = arg.slice(equals + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    }
    if (value === undefined || value === '') {
      throw new UsageError(`${name} needs a value`);
    }
    if (given.has(name)) {
      throw new UsageError(`${name} is given twice`);
    }
    given.set(name, value);
  }
  return given;
}

function required(given: Map<string, string>, name: string, what: string): string {
  const value = given.get(name);
  if (value === undefined) {
    throw new UsageError(`${name} is required: ${what}`);
  }
  return value;
}

function httpUrl(given: Map<string, string>, name: string, what: string): string {
  const value = required(given, name, what);
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UsageError(`${name} must be an http:// or https:// URL (got '${value}')`);
  }
  return value;
}

function region(given: Map<string, string>): string {
  const value = given.get('--region');
  if (value === undefined) {
    throw new UsageError("--region is required: the user pool's region, for example eu-west-1 (or give --cognito-endpoint)");
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(value)) {
    throw new UsageError(`--region must be an AWS region such as eu-west-1 (got '${value}')`);
  }
  return value;
}

function wholeNumber(given: Map<string, string>, name: string, min: number, max: number, unit: string, fallback: number): number {
  const value = given.get(name);
  if (value === undefined) {
    return fallback;
  }
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max)) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max} ${unit} (got '${value}')`);
  }
  return number;
}

function optionalWholeNumber(given: Map<string, string>, name: string, allowed: string): number | undefined {
  const value = given.get(name);
  if (value === undefined) {
    return undefined;
  }
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(number >= 1 && Number.isSafeInteger(number))) {
    throw new UsageError(`${name} must be ${allowed} (got '${value}')`);
  }
  return number;
}

function password(given: Map<string, string>, env: NodeJS.ProcessEnv): string {
  return fromEnvironment(given, env, '--password-env', DEFAULT_PASSWORD_ENV, "the user's password");
}

/** A secret from the environment variable `option` names (never from the command line). */
function fromEnvironment(given: Map<string, string>, env: NodeJS.ProcessEnv, option: string, fallback: string, what: string): string {
  const variable = given.get(option) ?? fallback;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new UsageError(`${option} must be an environment variable name: letters, digits and underscores (got '${variable}')`);
  }
  const value = env[variable];
  if (!value) {
    throw new UsageError(`the environment variable ${variable} is not set: put ${what} in it (never on the command line)`);
  }
  return value;
}
