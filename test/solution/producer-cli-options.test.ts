/**
 * The producer's command line: what it accepts, its defaults, and one test per validation
 * message (each names the option and what it allows).
 */
import { parseCliOptions, USAGE } from '../../examples/solution/producer/cli-options';

const REQUIRED = ['--api-url', 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/', '--client-id', 'client-1', '--region', 'eu-west-1',
  '--username', 'producer-1', '--duration', '5'];
const ENV = { PRODUCER_PASSWORD: 'Secret-Password-1!' };

/** REQUIRED with `name` removed (with its value) and `extra` added. */
function args(extra: string[] = [], without: string[] = []): string[] {
  const kept: string[] = [];
  for (let i = 0; i < REQUIRED.length; i += 2) {
    if (!without.includes(REQUIRED[i])) {
      kept.push(REQUIRED[i], REQUIRED[i + 1]);
    }
  }
  return [...kept, ...extra];
}

function errorOf(argv: string[], env: NodeJS.ProcessEnv = ENV): string {
  try {
    parseCliOptions(argv, env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('producer command line', () => {
  test('the required options and the defaults', () => {
    expect(parseCliOptions(args(), ENV)).toEqual({
      apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
      clientId: 'client-1',
      signIn: {
        kind: 'password',
        cognitoEndpoint: 'https://cognito-idp.eu-west-1.amazonaws.com/',
        username: 'producer-1',
        password: 'Secret-Password-1!',
        tokenUse: 'id',
      },
      rate: 10,
      batchSize: 500,
      durationSeconds: 5,
      count: undefined,
    });
  });

  test('every option, --name=value too, the password from the variable --password-env names', () => {
    const options = parseCliOptions(args(['--rate=10000', '--batch-size', '1', '--count', '42', '--token', 'access', '--password-env', 'MY_PW',
      '--cognito-endpoint', 'http://127.0.0.1:9229/'], ['--duration', '--region']), { MY_PW: 'other' });
    expect(options).toMatchObject({
      rate: 10000,
      batchSize: 1,
      count: 42,
      durationSeconds: undefined,
      signIn: { kind: 'password', tokenUse: 'access', password: 'other', cognitoEndpoint: 'http://127.0.0.1:9229/' },
    });
  });

  test('--help', () => {
    expect(parseCliOptions(['--rate', '0', '--help'], {})).toBe('help');
    expect(USAGE).toContain('--batch-size        records per PutRecords request, 1 to 500 (default 500)');
  });

  test('an unknown option', () => {
    expect(errorOf(args(['--rps', '5']))).toBe('unknown option --rps (the options are --api-url, --client-id, --region, --username, --password-env, '
      + '--rate, --duration, --count, --batch-size, --token, --cognito-endpoint, --token-url, --scope, --secret-env, --help)');
  });

  test('a password on the command line', () => {
    expect(errorOf(args(['--password', 'x']))).toBe('--password is not an option: put the password in the environment variable PRODUCER_PASSWORD '
      + '(or the one --password-env names), so that it stays out of the process list and the shell history');
  });

  test('an option without a value', () => {
    expect(errorOf(args(['--rate']))).toBe('--rate needs a value');
    expect(errorOf(args(['--rate', '--count', '5']))).toBe('--rate needs a value');
  });

  test('an option given twice', () => {
    expect(errorOf(args(['--username', 'other']))).toBe('--username is given twice');
  });

  test('an argument that is not an option', () => {
    expect(errorOf(args(['records']))).toBe("unexpected argument 'records': options are written --name value");
  });

  test('no --api-url', () => {
    expect(errorOf(args([], ['--api-url']))).toBe(
      '--api-url is required: the stage URL, stack output ApiUrl (https://<api id>.execute-api.<region>.amazonaws.com/<stage>/)');
  });

  test('an --api-url that is not an http(s) URL', () => {
    expect(errorOf(['--api-url', 'abc123.execute-api.eu-west-1.amazonaws.com', ...args([], ['--api-url'])]))
      .toBe("--api-url must be an http:// or https:// URL (got 'abc123.execute-api.eu-west-1.amazonaws.com')");
  });

  test('no --client-id', () => {
    expect(errorOf(args([], ['--client-id']))).toBe('--client-id is required: the app client id, stack output UserPoolClientId');
  });

  test('no --username', () => {
    expect(errorOf(args([], ['--username']))).toBe("--username is required: a user of the API's user pool (or --token-url for a machine client)");
  });

  test('no --region and no --cognito-endpoint', () => {
    expect(errorOf(args([], ['--region']))).toBe("--region is required: the user pool's region, for example eu-west-1 (or give --cognito-endpoint)");
  });

  test('a --region that is not a region', () => {
    expect(errorOf(['--region', 'Ireland', ...args([], ['--region'])])).toBe("--region must be an AWS region such as eu-west-1 (got 'Ireland')");
  });

  test('a --cognito-endpoint that is not an http(s) URL', () => {
    expect(errorOf(args(['--cognito-endpoint', 'ftp://example.com/']))).toBe("--cognito-endpoint must be an http:// or https:// URL (got 'ftp://example.com/')");
  });

  test.each(['0', '10001', '1.5', 'ten'])('--rate %s', (rate) => {
    expect(errorOf(args(['--rate', rate]))).toBe(`--rate must be a whole number from 1 to 10000 records per second (got '${rate}')`);
  });

  test.each(['0', '501', '-1'])('--batch-size %s', (size) => {
    expect(errorOf(args(['--batch-size', size]))).toBe(`--batch-size must be a whole number from 1 to 500 records per request (got '${size}')`);
  });

  test.each(['0', '2.5', '1m'])('--duration %s', (duration) => {
    expect(errorOf(['--duration', duration, ...args([], ['--duration'])])).toBe(`--duration must be a whole number of seconds, at least 1 (got '${duration}')`);
  });

  test.each(['0', '1e3'])('--count %s', (count) => {
    expect(errorOf(['--count', count, ...args([], ['--duration'])])).toBe(`--count must be a whole number of records, at least 1 (got '${count}')`);
  });

  test('both --duration and --count', () => {
    expect(errorOf(args(['--count', '100']))).toBe('give --duration <seconds> or --count <records>, not both');
  });

  test('neither --duration nor --count', () => {
    expect(errorOf(args([], ['--duration']))).toBe('give --duration <seconds> or --count <records>: how much to send');
  });

  test('a --token that is neither id nor access', () => {
    expect(errorOf(args(['--token', 'refresh']))).toBe("--token must be id or access (got 'refresh')");
  });

  test('a --password-env that is not a variable name', () => {
    expect(errorOf(args(['--password-env', 'MY-PW']))).toBe("--password-env must be an environment variable name: letters, digits and underscores (got 'MY-PW')");
  });

  test('the password variable not set, or empty', () => {
    const message = 'the environment variable PRODUCER_PASSWORD is not set: put the user\'s password in it (never on the command line)';
    expect(errorOf(args(), {})).toBe(message);
    expect(errorOf(args(), { PRODUCER_PASSWORD: '' })).toBe(message);
    expect(errorOf(args(['--password-env', 'MY_PW']), ENV)).toBe('the environment variable MY_PW is not set: put the user\'s password in it (never on the command line)');
  });

  describe('machine producers (--token-url)', () => {
    const MACHINE = ['--api-url', 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/', '--client-id', 'machine-1',
      '--token-url', 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token', '--count', '10'];
    const SECRET = { PRODUCER_CLIENT_SECRET: 'client-secret-1' };

    test('the client credentials grant with the default scope and the secret from PRODUCER_CLIENT_SECRET', () => {
      expect(parseCliOptions(MACHINE, SECRET)).toEqual({
        apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
        clientId: 'machine-1',
        signIn: { kind: 'client-credentials', tokenUrl: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token', clientSecret: 'client-secret-1', scope: 'ingest/write' },
        rate: 10,
        batchSize: 500,
        durationSeconds: undefined,
        count: 10,
      });
    });

    test('--scope and --secret-env', () => {
      expect(parseCliOptions([...MACHINE, '--scope', 'https://ingest.example.com/write', '--secret-env', 'MY_SECRET'], { MY_SECRET: 's' })).toMatchObject({
        signIn: { scope: 'https://ingest.example.com/write', clientSecret: 's' },
      });
    });

    test.each(['--username', '--region', '--password-env', '--token', '--cognito-endpoint'])('%s does not apply', (option) => {
      const value = { '--region': 'eu-west-1', '--token': 'id', '--cognito-endpoint': 'http://127.0.0.1:1/' }[option] ?? 'X';
      expect(errorOf([...MACHINE, option, value], SECRET)).toBe(
        `${option} does not apply with --token-url: a machine client signs in with its id and secret, not a user's password`);
    });

    test.each(['--scope', '--secret-env'])('%s without --token-url', (option) => {
      expect(errorOf(args([option, 'X']))).toBe(`${option} only applies with --token-url (machine producers)`);
    });

    test('a scope that is not a resource-server scope', () => {
      expect(errorOf([...MACHINE, '--scope', 'openid'], SECRET))
        .toBe('--scope must be a resource-server scope written <identifier>/<name>, such as ingest/write (got \'openid\')');
    });

    test('no secret in the environment', () => {
      expect(errorOf(MACHINE, {})).toBe('the environment variable PRODUCER_CLIENT_SECRET is not set: put the machine client\'s secret in it (never on the command line)');
    });

    test('the secret on the command line is refused', () => {
      expect(errorOf([...MACHINE, '--client-secret', 'x'], SECRET)).toBe('--client-secret is not an option: put the client secret in the environment variable '
        + 'PRODUCER_CLIENT_SECRET (or the one --secret-env names), so that it stays out of the process list and the shell history');
    });

    test('--token-url must be a URL', () => {
      expect(errorOf([...MACHINE.slice(0, 4), '--token-url', 'acme', '--count', '1'], SECRET)).toBe('--token-url must be an http:// or https:// URL (got \'acme\')');
    });
  });
});
