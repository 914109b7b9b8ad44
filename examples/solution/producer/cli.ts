// The producer's command line: npx ts-node examples/solution/producer/cli.ts --help
// Signs in, sends the planned records, prints a line per second and a summary, and exits with a
// status a script can test (see USAGE).
import { parseCliOptions, UsageError, USAGE } from './cli-options';
import { ClientCredentialsSession } from './client-credentials';
import { systemClock } from './clock';
import { CognitoSession } from './cognito-sign-in';
import { IngestClient } from './ingest-client';
import { runProducer } from './producer';
import { planSeconds, plannedRecordCount } from './rate-plan';
import { RecordGenerator } from './record-generator';
import { secondLine, summaryLines } from './run-report';

export const EXIT_ALL_ACCEPTED = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;
export const EXIT_SIGN_IN_FAILED = 3;

/** Runs the producer with these arguments; resolves with the exit status. */
export async function main(
  argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void, err: (line: string) => void,
): Promise<number> {
  let options;
  try {
    options = parseCliOptions(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`error: ${error.message}`);
      err('run with --help for the options');
      return EXIT_USAGE;
    }
    throw error;
  }
  if (options === 'help') {
    out(USAGE);
    return EXIT_ALL_ACCEPTED;
  }

  const signIn = options.signIn;
  const session = signIn.kind === 'password'
    ? new CognitoSession({
      endpoint: signIn.cognitoEndpoint,
      clientId: options.clientId,
      username: signIn.username,
      password: signIn.password,
      tokenUse: signIn.tokenUse,
      clock: systemClock,
    })
    : new ClientCredentialsSession({
      tokenUrl: signIn.tokenUrl, clientId: options.clientId, clientSecret: signIn.clientSecret, scope: signIn.scope, clock: systemClock,
    });
  try {
    // Get a token before the first second, so a wrong password, secret or client id ends the run at once.
    await session.token();
  } catch (error) {
    const who = signIn.kind === 'password'
      ? `sign-in failed for user '${signIn.username}' with app client ${options.clientId} at ${signIn.cognitoEndpoint}`
      : `token request failed for client ${options.clientId} at ${signIn.tokenUrl}`;
    err(`error: ${who}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_SIGN_IN_FAILED;
  }

  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);
  out(`sending ${plannedRecordCount(options)} records at ${options.rate} records/s in batches of up to ${options.batchSize} to ${options.apiUrl}records`);
  try {
    const summary = await runProducer({
      plan: planSeconds(options),
      tokens: session,
      sender: new IngestClient(options.apiUrl),
      records: new RecordGenerator(),
      clock: systemClock,
      onSecond: (second, tally) => out(secondLine(second, tally)),
      shouldStop: () => interrupted,
    });
    summaryLines(summary, session.signIns, session.refreshes).forEach(out);
    if (summary.stoppedBy?.startsWith('sign-in failed')) {
      return EXIT_SIGN_IN_FAILED;
    }
    return summary.total.allAccepted && !summary.stoppedBy ? EXIT_ALL_ACCEPTED : EXIT_REFUSED;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, (line) => console.log(line), (line) => console.error(line)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT_REFUSED;
    },
  );
}
