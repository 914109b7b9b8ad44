// KinesisIngestApi for machine producers: a resource server with a write scope, an app client with
// a secret for the OAuth client credentials grant and the user pool's domain for the token
// endpoint; both methods require the scope. The domain prefix must be unused in the region: set
// INGEST_DOMAIN_PREFIX to run it in your account. Everything is deleted with the test stack.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { createIntegApp } from './integ-app';
import { KinesisIngestApi } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'IngestMachineProducers');

const ingest = new KinesisIngestApi(stack, 'Ingest', {
  machineProducers: { domainPrefix: process.env.INGEST_DOMAIN_PREFIX ?? 'streaming-patterns-integ-machines' },
  removalPolicy: RemovalPolicy.DESTROY,
});

new CfnOutput(stack, 'TokenUrl', { value: ingest.tokenUrl! });
new CfnOutput(stack, 'MachineClientId', { value: ingest.machineClient!.userPoolClientId });
new CfnOutput(stack, 'WriteScope', { value: ingest.writeScope! });
new CfnOutput(stack, 'ApiUrl', { value: ingest.url });

new IntegTest(app, 'IngestMachineProducersTest', { testCases: [stack] });
