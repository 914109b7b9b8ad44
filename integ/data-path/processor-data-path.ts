// The deploy-time assertions of a KinesisLambdaProcessor running the sample processor: three good
// records, then one poison record (not JSON), under one partition key, so one shard, in order. The
// good ones are processed (the sample's RecordsProcessed metric, an EMF line in the function's log
// group); the poison one ends at the failure destination: a batch pointer on the failure queue
// that starts and ends at its sequence number, or, with the S3 destination, the invocation record
// in the failure bucket and its Object Created notice on the failure queue.
import { AwsApiCall, ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration } from 'aws-cdk-lib';
import { KinesisLambdaProcessor } from '../../src';

/** Long enough for the retries and bisections that isolate the poison record. */
const WAIT = { totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) };

export function assertProcessorDataPath(integ: IntegTest, processor: KinesisLambdaProcessor): void {
  const good = [1, 2, 3].map((n) => ({ PartitionKey: 'integ-processor', Data: JSON.stringify({ id: `integ-${n}`, type: 'click' }) }));
  const putRecords = integ.assertions.awsApiCall('Kinesis', 'putRecords', { StreamName: processor.stream.streamName, Records: good }) as AwsApiCall;
  putRecords.expect(ExpectedResult.objectLike({ FailedRecordCount: 0 }));
  // The poison record after them, on the same shard; its sequence number is read by path (so this
  // call has no expectation of its own: a flattened answer is never compared, aws/aws-cdk#30477).
  const putPoison = integ.assertions.awsApiCall('Kinesis', 'putRecord', {
    StreamName: processor.stream.streamName,
    PartitionKey: 'integ-processor',
    Data: 'not json {',
  }) as AwsApiCall;
  const poisonSequenceNumber = putPoison.getAttString('SequenceNumber');

  const processed = integ.assertions.awsApiCall('CloudWatchLogs', 'filterLogEvents', {
    logGroupName: processor.logGroup!.logGroupName,
    filterPattern: '{ $.RecordsProcessed >= 1 }',
  }) as AwsApiCall;
  processed.expect(ExpectedResult.objectLike({ events: Match.arrayWith([Match.objectLike({ message: Match.stringLikeRegexp('RecordsProcessed') })]) }))
    .waitForAssertions(WAIT);

  const notice = integ.assertions.awsApiCall('SQS', 'receiveMessage', {
    QueueUrl: processor.failureQueue.queueUrl,
    // One message: the whole answer goes back to CloudFormation, whose response is limited to 4 KB.
    MaxNumberOfMessages: 1,
    WaitTimeSeconds: 20,
  }) as AwsApiCall;
  // A batch pointer names its shard and sequence range; an S3 notice is EventBridge's Object Created event.
  // A batch pointer of the poison record alone: its sequence number starts and ends the batch.
  const body = processor.failureBucket
    ? '"detail-type":"Object Created"'
    : `"KinesisBatchInfo"[\\s\\S]*"startSequenceNumber"\\s*:\\s*"${poisonSequenceNumber}"[\\s\\S]*"endSequenceNumber"\\s*:\\s*"${poisonSequenceNumber}"`;
  notice.expect(ExpectedResult.objectLike({ Messages: Match.arrayWith([Match.objectLike({ Body: Match.stringLikeRegexp(body) })]) }))
    .waitForAssertions(WAIT);

  // A customer managed key on the stream (writing) and on the failure queue (always: reading).
  const streamKey = processor.stream.encryptionKey;
  if (streamKey) {
    for (const put of [putRecords, putPoison]) {
      put.provider.addToRolePolicy({ Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: [streamKey.keyArn] });
    }
  }
  const queueKey = processor.failureQueue.encryptionMasterKey;
  if (queueKey) {
    notice.waiterProvider?.addToRolePolicy({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [queueKey.keyArn] });
  }

  let last: AwsApiCall = putRecords.next(putPoison) as AwsApiCall;
  last = last.next(processed) as AwsApiCall;
  last = last.next(notice) as AwsApiCall;
  if (processor.failureBucket) {
    const stored = integ.assertions.awsApiCall('S3', 'listObjectsV2', { Bucket: processor.failureBucket.bucketName }) as AwsApiCall;
    stored.expect(ExpectedResult.objectLike({ Contents: Match.arrayWith([Match.objectLike({ Key: Match.stringLikeRegexp('.') })]) }));
    // ListObjectsV2 is authorized by s3:ListBucket, not the s3:ListObjectsV2 the assertion provider derives.
    stored.provider.addToRolePolicy({ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [processor.failureBucket.bucketArn] });
    last.next(stored);
  }
}
