// KinesisIngestApi for machine producers: a resource server with a write scope, an app client with
// a secret for the OAuth client credentials grant and the user pool's domain for the token
// endpoint; both methods require the scope. The domain prefix must be unused in the region: set
// INGEST_DOMAIN_PREFIX to run it in your account. Everything is deleted with the test stack.
// Deployed, the assertions read the client's secret, get an access token from the token endpoint
// as a producer does (Basic client authentication, form body), post a record with it and read it
// back from the stream; the same post without a token is refused with 401.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { CfnOutput, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { createIntegApp } from './integ-app';
import { KinesisIngestApi } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'IngestMachineProducers');

const ingest = new KinesisIngestApi(stack, 'Ingest', {
  machineProducers: { domainPrefix: process.env.INGEST_DOMAIN_PREFIX ?? 'streaming-patterns-integ-machines' },
  removalPolicy: RemovalPolicy.DESTROY,
});

new CfnOutput(stack, 'UserPoolId', { value: ingest.userPool.userPoolId });
new CfnOutput(stack, 'TokenUrl', { value: ingest.tokenUrl! });
new CfnOutput(stack, 'MachineClientId', { value: ingest.machineClient!.userPoolClientId });
new CfnOutput(stack, 'WriteScope', { value: ingest.writeScope! });
new CfnOutput(stack, 'ApiUrl', { value: ingest.url });

const integ = new IntegTest(app, 'IngestMachineProducersTest', { testCases: [stack] });

const client = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'describeUserPoolClient', {
  UserPoolId: ingest.userPool.userPoolId,
  ClientId: ingest.machineClient!.userPoolClientId,
});
const credentials = Fn.base64(Fn.join(':', [ingest.machineClient!.userPoolClientId, client.getAttString('UserPoolClient.ClientSecret')]));
// Each request is made twice: one answer checked, one read by path (reading an attribute flattens
// the answer, which then never matches an expectation: aws/aws-cdk#30477).
const tokenRequest = {
  method: 'POST',
  headers: { 'Authorization': `Basic ${credentials}`, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: `grant_type=client_credentials&scope=${ingest.writeScope!}`,
};
const checkToken = integ.assertions.httpApiCall(ingest.tokenUrl!, tokenRequest);
checkToken.expect(ExpectedResult.objectLike({ status: 200, body: { token_type: 'Bearer', expires_in: 900 } }));
const token = integ.assertions.httpApiCall(ingest.tokenUrl!, tokenRequest);

const record = JSON.stringify({ partitionKey: 'integ-machine', data: { device: 'sensor-1', temperature: 21.5 } });
const postRequest = {
  method: 'POST',
  headers: { 'Authorization': token.getAttString('body.access_token'), 'Content-Type': 'application/json' },
  body: record,
};
const checkPost = integ.assertions.httpApiCall(`${ingest.url}record`, postRequest);
checkPost.expect(ExpectedResult.objectLike({ status: 200, body: { shardId: Match.stringLikeRegexp('^shardId-') } }));
const post = integ.assertions.httpApiCall(`${ingest.url}record`, postRequest);

const iterator = integ.assertions.awsApiCall('Kinesis', 'getShardIterator', {
  StreamName: ingest.stream.streamName,
  ShardId: post.getAttString('body.shardId'),
  ShardIteratorType: 'AT_SEQUENCE_NUMBER',
  StartingSequenceNumber: post.getAttString('body.sequenceNumber'),
});
const readBack = integ.assertions.awsApiCall('Kinesis', 'getRecords', { ShardIterator: iterator.getAttString('ShardIterator'), Limit: 1 });
readBack.expect(ExpectedResult.objectLike({ Records: [Match.objectLike({ PartitionKey: 'integ-machine' })] }));

const withoutToken = integ.assertions.httpApiCall(`${ingest.url}record`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: record,
});
withoutToken.expect(ExpectedResult.objectLike({ status: 401 }));

client.next(checkToken).next(token).next(checkPost).next(post).next(iterator).next(readBack).next(withoutToken);
