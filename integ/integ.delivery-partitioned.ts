// KinesisFirehoseDelivery into an existing bucket, with one customer managed key for the stream,
// the delivered objects and the failure queue, dynamic partitioning by a jq expression,
// newline-delimited records and a 60 s / 64 MiB buffer. Everything the pattern creates is deleted
// with the test stack (removalPolicy DESTROY). Deployed, the assertions put a record with a
// customer_id and one without; the first lands under data/customer_id=<its id>/, the second (no
// key to extract) under errors/, whose Object Created notice reaches the failure queue.
import { AwsApiCall, ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { createIntegApp, dropRedundantAutoDeleteDependsOn } from './integ-app';
import { KinesisFirehoseDelivery } from '../src';
import { acknowledgeNagRule } from '../src/core/nag';

const app = createIntegApp();
const stack = new Stack(app, 'DeliveryPartitioned');

const key = new kms.Key(stack, 'Key', {
  description: 'Encrypts the stream, the delivered objects and the failure queue',
  enableKeyRotation: true,
  removalPolicy: RemovalPolicy.DESTROY,
});
const accessLogs = new s3.Bucket(stack, 'AccessLogs', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  removalPolicy: RemovalPolicy.DESTROY,
  // The assertions make the archive write objects (and S3 access logs): delete them with the stack.
  autoDeleteObjects: true,
});
acknowledgeNagRule(accessLogs, {
  ruleId: 'AwsSolutions-S1',
  reason: 'This bucket receives the server access logs of the archive bucket; logging its own accesses would log the log writes.',
});
const archive = new s3.Bucket(stack, 'Archive', {
  encryption: s3.BucketEncryption.KMS,
  encryptionKey: key,
  bucketKeyEnabled: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  versioned: true,
  serverAccessLogsBucket: accessLogs,
  serverAccessLogsPrefix: 'archive/',
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});

const delivery = new KinesisFirehoseDelivery(stack, 'Delivery', {
  streamProps: { encryptionKey: key },
  existingBucket: archive,
  encryptionKey: key,
  dynamicPartitioningKeys: { customer_id: '.customer_id' },
  retryDuration: Duration.minutes(10),
  newlineDelimiter: true,
  bufferingInterval: Duration.seconds(60),
  bufferingSize: Size.mebibytes(64),
  failureQueueProps: { encryptionKey: key },
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'DeliveryPartitionedTest', { testCases: [stack] });
/** A 60 s buffer plus Firehose's delivery: objects appear within minutes. */
const WAIT = { totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) };

const putRecords = integ.assertions.awsApiCall('Kinesis', 'putRecords', {
  StreamName: delivery.stream.streamName,
  Records: [
    { PartitionKey: 'integ', Data: JSON.stringify({ customer_id: 'integ-42', event: 'click' }) },
    { PartitionKey: 'integ', Data: JSON.stringify({ event: 'no customer' }) },
  ],
}) as AwsApiCall;
putRecords.expect(ExpectedResult.objectLike({ FailedRecordCount: 0 }));
putRecords.provider.addToRolePolicy({ Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: [key.keyArn] });

/** Objects under `prefix` in the archive, waited for. */
function objectsUnder(prefix: string): AwsApiCall {
  const list = integ.assertions.awsApiCall('S3', 'listObjectsV2', { Bucket: archive.bucketName, Prefix: prefix }) as AwsApiCall;
  list.expect(ExpectedResult.objectLike({ Contents: Match.arrayWith([Match.objectLike({ Key: Match.stringLikeRegexp(`^${prefix}`) })]) }))
    .waitForAssertions(WAIT);
  // ListObjectsV2 is authorized by s3:ListBucket, not the s3:ListObjectsV2 the assertion provider derives.
  list.waiterProvider?.addToRolePolicy({ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [archive.bucketArn] });
  return list;
}
const partitioned = objectsUnder('data/customer_id=integ-42/dt=');
const failed = objectsUnder('errors/');

const notice = integ.assertions.awsApiCall('SQS', 'receiveMessage', {
  QueueUrl: delivery.failureQueue.queueUrl,
  MaxNumberOfMessages: 1,
  WaitTimeSeconds: 20,
}) as AwsApiCall;
notice.expect(ExpectedResult.objectLike({
  Messages: Match.arrayWith([Match.objectLike({ Body: Match.stringLikeRegexp('"detail-type":"Object Created"[\\s\\S]*"key":"errors/') })]),
})).waitForAssertions(WAIT);
notice.waiterProvider?.addToRolePolicy({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [key.keyArn] });

putRecords.next(partitioned).next(failed).next(notice);

dropRedundantAutoDeleteDependsOn(stack);
