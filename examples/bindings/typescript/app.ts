// The bindings reference app, TypeScript edition. python/app.py and java/.../BindingsApp.java are
// the same app line by line: check.sh synthesizes all three and fails unless their CloudFormation
// templates are identical. Change one, change all three.
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AlarmTopic,
  FlinkCode,
  FlinkRuntime,
  KinesisFirehoseDelivery,
  KinesisFlinkAnalytics,
  KinesisIngestApi,
  KinesisLambdaProcessor,
  SampleProcessor,
} from 'cdk-streaming-data-patterns';

// The cloud assembly goes to $CDK_OUTDIR. No creation stack traces (they hold file paths) and no
// CDKMetadata resource (it names the language), so the template depends only on the app.
const app = new App({
  analyticsReporting: false,
  context: { 'aws:cdk:disable-creation-stack-traces': true },
});
// Environment-agnostic, with a fixed stack name.
const stack = new Stack(app, 'BindingsExample', { stackName: 'streaming-data-patterns-bindings' });

// 1. Every pattern on one stream: the ingest API creates it, the other three read it, and all four
// add their section to one dashboard (the stream's graphs once).
const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard');
const ingest = new KinesisIngestApi(stack, 'Ingest', {
  dashboard,
  throttlingRateLimit: 50,
  throttlingBurstLimit: 25,
});

new KinesisLambdaProcessor(stack, 'Processor', {
  existingStream: ingest.stream,
  dashboard,
  functionProps: SampleProcessor.functionProps({ memorySize: 256, timeout: Duration.seconds(30) }),
  batchSize: 200,
  maxBatchingWindow: Duration.seconds(5),
});

new KinesisFirehoseDelivery(stack, 'Delivery', {
  existingStream: ingest.stream,
  dashboard,
  dynamicPartitioningKeys: { customer_id: '.customer_id' },
  bufferingInterval: Duration.seconds(60),
  newlineDelimiter: true,
});

// The Flink application's JAR is already in a bucket (no asset to build in this app).
const codeBucket = s3.Bucket.fromBucketName(stack, 'FlinkCodeBucket', 'streaming-data-patterns-artifacts');
new KinesisFlinkAnalytics(stack, 'Analytics', {
  existingStream: ingest.stream,
  dashboard,
  code: FlinkCode.fromBucket(codeBucket, 'flink/streaming-app.jar'),
  runtime: FlinkRuntime.FLINK_2_2,
  parallelism: 2,
  propertyGroups: { Business: { AlertThreshold: '100' } },
});

// 2. One pattern on a stream of its own, with non-default stream settings: a customer managed
// key, provisioned shards, shard-level metrics, and alarms that notify an encrypted topic (an
// AlarmTopic: CloudWatch may publish to it and use its key).
const key = new kms.Key(stack, 'ArchiveKey', { enableKeyRotation: true });
const alarms = new AlarmTopic(stack, 'Alarms');

new KinesisFirehoseDelivery(stack, 'Archive', {
  streamProps: {
    streamMode: kinesis.StreamMode.PROVISIONED,
    shardCount: 4,
    retentionPeriod: Duration.days(7),
    encryptionKey: key,
  },
  enhancedMonitoring: true,
  alarmActions: alarms.alarmActions,
  encryptionKey: key,
  bufferingSize: Size.mebibytes(64),
  compression: firehose.Compression.SNAPPY,
  createDashboard: false,
});

app.synth();
