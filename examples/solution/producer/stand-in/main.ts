// Runs the stand-in until Ctrl-C, to try the producer without an AWS account:
//   npx ts-node examples/solution/producer/stand-in/main.ts
// It prints the producer command line to use (user 'producer', the password it prints).
import { randomBytes } from 'node:crypto';
import { LocalStandIn } from './stand-in-server';

async function run(): Promise<void> {
  const password = process.env.PRODUCER_PASSWORD || `Local-${randomBytes(6).toString('hex')}1!`;
  const standIn = await LocalStandIn.start({ clientId: 'local-client', users: { producer: { password } } });
  console.log(`Cognito stand-in: ${standIn.cognitoEndpoint}`);
  console.log(`ingest API stand-in: ${standIn.apiUrl}records`);
  console.log('Try the producer in another shell:');
  console.log(`  PRODUCER_PASSWORD='${password}' npx ts-node examples/solution/producer/cli.ts --api-url ${standIn.apiUrl} `
    + `--client-id local-client --username producer --cognito-endpoint ${standIn.cognitoEndpoint} --rate 100 --duration 5`);
  process.once('SIGINT', () => {
    console.log(`stored ${standIn.api.stored.length} records from ${standIn.api.requests.length} requests`);
    standIn.stop().catch((error: unknown) => console.error(error));
  });
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
