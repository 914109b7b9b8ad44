// KinesisFirehoseDelivery into an existing bucket, with one customer managed key for the stream,
// the delivered objects and the failure queue, dynamic partitioning by a jq expression,
// newline-delimited records and a 60 s / 64 MiB buffer. Everything the pattern creates is deleted
// with the test stack (removalPolicy DESTROY).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { createIntegApp } from './integ-app';
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
});

new KinesisFirehoseDelivery(stack, 'Delivery', {
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

new IntegTest(app, 'DeliveryPartitionedTest', { testCases: [stack] });
