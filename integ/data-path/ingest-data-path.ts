// The deploy-time assertions of a KinesisIngestApi with password producers: create a producer
// user, sign it in as a producer does (USER_PASSWORD_AUTH), post one record to /record and a batch
// of two to /records with its ID token, and read both back from the stream at the sequence
// numbers the API answered with. With a customer managed key, the assertion calls that write and
// read the stream are allowed to use it.
import { AwsApiCall, ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { KinesisIngestApi } from '../../src';

export function assertIngestDataPath(integ: IntegTest, ingest: KinesisIngestApi, encryptionKey?: kms.IKey): void {
  const USERNAME = 'integ-producer';

  const createUser = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'adminCreateUser', {
    UserPoolId: ingest.userPool.userPoolId,
    Username: USERNAME,
    MessageAction: 'SUPPRESS',
  });
  // The test user's password, generated at deployment in the assertion stack (upper and lower case,
  // digits and symbols, as the pool's policy asks) and passed to the calls as a dynamic reference.
  const password = new secretsmanager.Secret(Stack.of(createUser), 'ProducerPassword', {
    description: 'Password of the integ-test producer user',
    // No quotes or backslashes: the assertion provider passes its parameters as JSON.
    generateSecretString: { passwordLength: 32, requireEachIncludedType: true, includeSpace: false, excludeCharacters: '"\\\'`/@' },
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const PASSWORD = password.secretValue.unsafeUnwrap();
  const setPassword = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'adminSetUserPassword', {
    UserPoolId: ingest.userPool.userPoolId,
    Username: USERNAME,
    Password: PASSWORD,
    Permanent: true,
  });
  // The flow a producer uses: the pattern's client allows USER_PASSWORD_AUTH only (no admin flow).
  const signIn = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'initiateAuth', {
    ClientId: ingest.userPoolClient.userPoolClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME, PASSWORD },
  });
  const headers = {
    'Authorization': signIn.getAttString('AuthenticationResult.IdToken'),
    'Content-Type': 'application/json',
  };

  /**
   * Posts `body` twice: one answer is checked (status and body), the other is read by path for the
   * read-back. integ-tests-alpha cannot do both on one call: reading an attribute flattens the
   * answer, and a flattened answer never matches an expectation (aws/aws-cdk#30477).
   */
  function post(route: string, body: unknown, expected: Record<string, unknown>): [IApiCall, IApiCall] {
    const options = { method: 'POST', headers, body: JSON.stringify(body) };
    const checked = integ.assertions.httpApiCall(`${ingest.url}${route}`, options);
    checked.expect(ExpectedResult.objectLike({ status: 200, body: expected }));
    return [checked, integ.assertions.httpApiCall(`${ingest.url}${route}`, options)];
  }

  const [checkRecord, postRecord] = post('record', { partitionKey: 'integ-single', data: { event: 'click', customer_id: 'integ-test' } },
    { shardId: Match.stringLikeRegexp('^shardId-'), sequenceNumber: Match.stringLikeRegexp('^[0-9]+$') });
  const [checkRecords, postRecords] = post('records', {
    records: [
      { partitionKey: 'integ-batch', data: { event: 'view', customer_id: 'integ-test' } },
      { partitionKey: 'integ-batch', data: 'a string record' },
    ],
  }, { failedRecordCount: 0 });

  /** Reads the record the API stored at `shardId`/`sequenceNumber` and expects its partition key. */
  function readBack(shardId: string, sequenceNumber: string, partitionKey: string): [IApiCall, IApiCall] {
    const iterator = integ.assertions.awsApiCall('Kinesis', 'getShardIterator', {
      StreamName: ingest.stream.streamName,
      ShardId: shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      StartingSequenceNumber: sequenceNumber,
    });
    const records = integ.assertions.awsApiCall('Kinesis', 'getRecords', {
      ShardIterator: iterator.getAttString('ShardIterator'),
      Limit: 1,
    });
    records.expect(ExpectedResult.objectLike({
      Records: [Match.objectLike({ PartitionKey: partitionKey, SequenceNumber: sequenceNumber })],
    }));
    if (encryptionKey) {
      (records as AwsApiCall).provider.addToRolePolicy({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [encryptionKey.keyArn] });
    }
    return [iterator, records];
  }

  const [readRecordIterator, readRecord] = readBack(postRecord.getAttString('body.shardId'),
    postRecord.getAttString('body.sequenceNumber'), 'integ-single');
  const [readBatchIterator, readBatch] = readBack(postRecords.getAttString('body.records.0.shardId'),
    postRecords.getAttString('body.records.0.sequenceNumber'), 'integ-batch');

  createUser.next(setPassword).next(signIn).next(checkRecord).next(postRecord).next(checkRecords).next(postRecords)
    .next(readRecordIterator).next(readRecord).next(readBatchIterator).next(readBatch);
}
