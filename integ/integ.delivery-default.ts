// KinesisFirehoseDelivery with its defaults. Deployed to a sandbox account, the assertions put a
// record on the stream and wait until Firehose has written an object under data/ in the bucket
// (300 s buffering, so up to about 6 minutes). Defaults except the removal policy: DESTROY, with the
// buckets' objects deleted (autoDeleteObjects), so that a sandbox run leaves nothing behind.
import { AwsApiCall, ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { createIntegApp, dropRedundantAutoDeleteDependsOn } from './integ-app';
import { KinesisFirehoseDelivery } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'DeliveryDefault');

const delivery = new KinesisFirehoseDelivery(stack, 'Delivery', {
  removalPolicy: RemovalPolicy.DESTROY,
  bucketProps: { autoDeleteObjects: true },
});

const integ = new IntegTest(app, 'DeliveryDefaultTest', { testCases: [stack] });

const putRecord = integ.assertions.awsApiCall('Kinesis', 'putRecord', {
  StreamName: delivery.stream.streamName,
  PartitionKey: 'integ',
  Data: JSON.stringify({ event: 'click', customer_id: 'integ-test' }),
});
putRecord.expect(ExpectedResult.objectLike({ ShardId: Match.stringLikeRegexp('^shardId-') }));

const listObjects = integ.assertions.awsApiCall('S3', 'listObjectsV2', {
  Bucket: delivery.bucket.bucketName,
  Prefix: 'data/',
}) as AwsApiCall;
listObjects
  .expect(ExpectedResult.objectLike({ Contents: Match.arrayWith([Match.objectLike({ Key: Match.stringLikeRegexp('^data/') })]) }))
  .waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) });
// ListObjectsV2 is authorized by s3:ListBucket, not the s3:ListObjectsV2 the assertion provider derives.
listObjects.waiterProvider?.addToRolePolicy({
  Effect: 'Allow',
  Action: ['s3:ListBucket'],
  Resource: [delivery.bucket.bucketArn],
});

putRecord.next(listObjects);

dropRedundantAutoDeleteDependsOn(stack);
