// The four patterns as the reference solution configures them from the seed's knobs. Each stack
// composes some of them; a pattern given `stream` reads or writes that stream, otherwise it
// creates its own from the knobs. Every pattern's alarms go to the stack's alarm topic.
import { CfnOutput, Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  FlinkCode,
  KinesisFirehoseDelivery,
  KinesisFlinkAnalytics,
  KinesisIngestApi,
  KinesisLambdaProcessor,
  SampleProcessor,
  StreamingPatternProps,
} from '../../../src';
import { SolutionKnobs } from '../knobs';
import { streamPropsFrom } from './stream-settings';

/** What every pattern of a solution stack shares. */
export interface SolutionContext {
  readonly knobs: SolutionKnobs;
  readonly alarmActions: cloudwatch.IAlarmAction[];
  /** The stack's one dashboard: every pattern adds its section to it. */
  readonly dashboard: cloudwatch.Dashboard;
  /** The stack's one key for the failure queues (a customer managed key is billed monthly). */
  readonly failureQueueKey: kms.IKey;
}

/** The Flink application's own settings: the fields of the sample records the producer sends. */
export const AGGREGATION_PROPERTIES = {
  KeyField: 'ticker',
  ValueField: 'price',
  TimestampField: 'event_time',
  WindowSizeSeconds: '60',
};

function streamSettings(context: SolutionContext, stream?: kinesis.IStream): StreamingPatternProps {
  const shared = { alarmActions: context.alarmActions, dashboard: context.dashboard, removalPolicy: RemovalPolicy[context.knobs.removalPolicy] };
  if (stream) return { existingStream: stream, ...shared };
  return { streamProps: streamPropsFrom(context.knobs), enhancedMonitoring: context.knobs.enhancedMonitoring, ...shared };
}

/** The stream a pattern created: named in an output, to send records to it and to find it after a retaining destroy. */
function outputStreamName(scope: Construct, stream: kinesis.IStream, created: boolean) {
  if (created) new CfnOutput(scope, 'StreamName', { value: stream.streamName, description: 'The stack\'s Kinesis stream' });
}

/** With removalPolicy DESTROY the buckets are emptied on delete, so the stack deletion does not stop at them. */
function bucketProps(context: SolutionContext): s3.BucketProps | undefined {
  return context.knobs.removalPolicy === 'DESTROY' ? { autoDeleteObjects: true } : undefined;
}

/** API Gateway + Cognito in front of the stream (seed option 1's front half). */
export function addIngestApi(scope: Construct, context: SolutionContext, stream?: kinesis.IStream): KinesisIngestApi {
  const ingest = new KinesisIngestApi(scope, 'IngestApi', {
    ...streamSettings(context, stream),
    throttlingRateLimit: context.knobs.throttlingRateLimit,
    throttlingBurstLimit: context.knobs.throttlingBurstLimit,
  });
  outputStreamName(scope, ingest.stream, !stream);
  new CfnOutput(scope, 'ApiUrl', { value: ingest.url, description: 'Stage URL of the ingest API (POST <url>records)' });
  new CfnOutput(scope, 'UserPoolId', { value: ingest.userPool.userPoolId, description: 'Create users here (admin-create-user)' });
  new CfnOutput(scope, 'UserPoolClientId', { value: ingest.userPoolClient.userPoolClientId, description: 'App client for USER_PASSWORD_AUTH sign-in' });
  return ingest;
}

/** The sample processor on the stream, failures to SQS (seed option 1's back half). */
export function addLambdaProcessor(scope: Construct, context: SolutionContext, stream?: kinesis.IStream): KinesisLambdaProcessor {
  const { knobs } = context;
  const processor = new KinesisLambdaProcessor(scope, 'LambdaProcessor', {
    ...streamSettings(context, stream),
    functionProps: SampleProcessor.functionProps(),
    failureQueueProps: { encryptionKey: context.failureQueueKey },
    batchSize: knobs.batchSize,
    parallelizationFactor: knobs.parallelizationFactor,
    retryAttempts: knobs.retryAttempts,
    bisectBatchOnError: knobs.bisectBatchOnError,
  });
  outputStreamName(scope, processor.stream, !stream);
  new CfnOutput(scope, 'ProcessorFunctionName', { value: processor.lambdaFunction.functionName });
  new CfnOutput(scope, 'ProcessorFailureQueueUrl', { value: processor.failureQueue.queueUrl, description: 'Batches the processor gave up on' });
  return processor;
}

/** Managed Flink running the reference application (examples/flink-app), results to S3. */
export function addFlinkAnalytics(scope: Construct, context: SolutionContext, code: FlinkCode, stream?: kinesis.IStream): KinesisFlinkAnalytics {
  const { knobs } = context;
  const analytics = new KinesisFlinkAnalytics(scope, 'FlinkAnalytics', {
    ...streamSettings(context, stream),
    code,
    bucketProps: bucketProps(context),
    failureQueueProps: { encryptionKey: context.failureQueueKey },
    parallelism: knobs.flinkParallelism,
    parallelismPerKpu: knobs.flinkParallelismPerKpu,
    autoScalingEnabled: knobs.flinkAutoScaling,
    propertyGroups: {
      Aggregation: AGGREGATION_PROPERTIES,
      // Records sent before the application is started are analysed too.
      KinesisSource: { InitialPosition: 'TRIM_HORIZON' },
    },
  });
  outputStreamName(scope, analytics.stream, !stream);
  new CfnOutput(scope, 'FlinkApplicationName', { value: analytics.applicationName, description: 'Start it with aws kinesisanalyticsv2 start-application' });
  new CfnOutput(scope, 'FlinkOutputBucket', { value: analytics.bucket.bucketName, description: 'Window results under output/' });
  new CfnOutput(scope, 'FlinkFailureQueueUrl', { value: analytics.failureQueue.queueUrl, description: 'Invalid and late records' });
  return analytics;
}

/** The knob's names for Firehose's formats (Firehose itself spells SNAPPY 'Snappy'). */
const COMPRESSIONS: Record<SolutionKnobs['compression'], firehose.Compression> = {
  UNCOMPRESSED: firehose.Compression.UNCOMPRESSED,
  GZIP: firehose.Compression.GZIP,
  SNAPPY: firehose.Compression.SNAPPY,
  HADOOP_SNAPPY: firehose.Compression.HADOOP_SNAPPY,
  ZIP: firehose.Compression.ZIP,
};

/** Firehose to an encrypted S3 data lake, optionally partitioned by ticker (seed option 3). */
export function addFirehoseDelivery(scope: Construct, context: SolutionContext, stream?: kinesis.IStream): KinesisFirehoseDelivery {
  const { knobs } = context;
  const delivery = new KinesisFirehoseDelivery(scope, 'FirehoseDelivery', {
    ...streamSettings(context, stream),
    bucketProps: bucketProps(context),
    failureQueueProps: { encryptionKey: context.failureQueueKey },
    bufferingInterval: Duration.seconds(knobs.bufferingIntervalSeconds),
    bufferingSize: Size.mebibytes(knobs.bufferingSizeMiB),
    compression: COMPRESSIONS[knobs.compression],
    dynamicPartitioningKeys: knobs.dynamicPartitioning ? { ticker: '.ticker' } : undefined,
  });
  outputStreamName(scope, delivery.stream, !stream);
  new CfnOutput(scope, 'DeliveryBucket', { value: delivery.bucket.bucketName, description: 'Delivered records' });
  new CfnOutput(scope, 'DeliveryFailureQueueUrl', { value: delivery.failureQueue.queueUrl, description: 'Notices of records Firehose could not deliver' });
  return delivery;
}
