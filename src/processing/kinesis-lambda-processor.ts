import { KinesisStreamsToLambda } from '@aws-solutions-constructs/aws-kinesisstreams-lambda';
import { Duration, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { validateEventSourceLimits } from './event-source-validation';
import { FailureBucket } from './failure-bucket';
import { FailureBucketProps } from './failure-bucket-props';
import { LeastPrivilegeDestination } from './least-privilege-destination';
import { createProcessorFunction } from './processor-function';
import { addProcessorAlarms, addProcessorWidgets } from './processor-monitoring';
import { FailureQueue } from '../core/failure-queue';
import { FailureQueueProps } from '../core/failure-queue-props';
import { PatternMonitoring } from '../core/monitoring';
import { acknowledgeNagRule } from '../core/nag';
import { wildcardResourceFinding } from '../core/nag-findings';
import { StreamingPatternProps } from '../core/pattern-props';
import { withoutOverrideWarnings } from '../core/solutions-constructs';
import { createOrUseStream } from '../core/stream';
import { addStreamWidgets } from '../core/stream-monitoring';

/** Where the event source mapping sends a batch it gives up on. */
export enum FailureDestinationType {
  /** The invocation record (shard, sequence range, condition, error) to an SQS queue. */
  SQS = 'SQS',
  /** The invocation record and the whole batch payload to an S3 bucket. */
  S3 = 'S3',
}

/**
 * Props of `KinesisLambdaProcessor`. The event source mapping settings use aws-cdk-lib's names
 * and are validated against the limits of a Kinesis event source mapping.
 */
export interface KinesisLambdaProcessorProps extends StreamingPatternProps {
  /**
   * The function that processes the records. Give this or `lambdaFunctionProps`, not both.
   *
   * @default - a function built from `lambdaFunctionProps`
   */
  readonly existingLambdaObj?: lambda.IFunction;

  /**
   * Props of the function to create. Unless they say otherwise, the function gets X-Ray tracing,
   * its own log group with `logRetention`, and its own role that may only write its logs, read
   * the stream and deliver to the failure destination. `SampleProcessor.functionProps()` gives
   * the props of the sample processor shipped with this library.
   *
   * @default - `existingLambdaObj` is used
   */
  readonly lambdaFunctionProps?: lambda.FunctionProps;

  /**
   * How long the logs of a function built from `lambdaFunctionProps` are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Records per batch, 1 to 10,000.
   *
   * @default 100
   */
  readonly batchSize?: number;

  /**
   * How long to gather records before invoking the function, 0 to 300 seconds.
   *
   * @default - no batching window (Duration.seconds(0))
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * Concurrent batches per shard, 1 to 10. Records with the same partition key stay in order.
   *
   * @default 1
   */
  readonly parallelizationFactor?: number;

  /**
   * Retries of a failed batch before it goes to the failure destination: -1 (until the record
   * expires) to 10,000.
   *
   * @default 3 (the seed solution's default)
   */
  readonly retryAttempts?: number;

  /**
   * The age at which a record is sent to the failure destination instead of the function,
   * 60 to 604,800 seconds.
   *
   * @default Duration.hours(24)
   */
  readonly maxRecordAge?: Duration;

  /**
   * Split a failed batch in two and retry each half, to isolate a poison record.
   *
   * @default true
   */
  readonly bisectBatchOnError?: boolean;

  /**
   * Let the function report the records that failed (`batchItemFailures`), so Lambda retries
   * from the first failed record instead of the whole batch.
   *
   * @default true
   */
  readonly reportBatchItemFailures?: boolean;

  /**
   * Where in the stream a new mapping starts reading.
   *
   * @default lambda.StartingPosition.TRIM_HORIZON
   */
  readonly startingPosition?: lambda.StartingPosition;

  /**
   * A tumbling window for stateful aggregation across invocations, 0 to 900 seconds.
   *
   * @default - no tumbling window
   */
  readonly tumblingWindow?: Duration;

  /**
   * Event filters, each made with `lambda.FilterCriteria.filter({...})`. Records that match no
   * filter are dropped by Lambda without invoking the function.
   *
   * @default - every record is processed
   */
  readonly filters?: Array<{ [key: string]: string }>;

  /**
   * Read through an enhanced fan-out consumer: 2 MB/s per shard dedicated to this function and
   * records pushed over HTTP/2, instead of sharing the shard's 2 MB/s read throughput by polling.
   *
   * @default false
   */
  readonly enhancedFanOut?: boolean;

  /**
   * Where a batch that exhausted its retries or its maximum age goes.
   *
   * @default FailureDestinationType.SQS
   */
  readonly failureDestination?: FailureDestinationType;

  /**
   * The failure queue: the on-failure destination with `FailureDestinationType.SQS`; with
   * `FailureDestinationType.S3` it receives a notice for every failed batch stored in S3.
   *
   * @default - 14 days retention, a new rotating customer key, age alarm at 7 days
   */
  readonly failureQueueProps?: FailureQueueProps;

  /**
   * The failure bucket, with `FailureDestinationType.S3` only.
   *
   * @default - a new rotating customer key, objects expire after 90 days
   */
  readonly failureBucketProps?: FailureBucketProps;

  /**
   * The mapping's iterator age (the function's `IteratorAge` metric, maximum over a minute) at
   * which the lag alarm fires.
   *
   * @default Duration.seconds(60) (the seed solution's threshold)
   */
  readonly iteratorAgeAlarmThreshold?: Duration;
}

/** The defaults of `KinesisLambdaProcessorProps` that hold under faults. */
const DEFAULTS = {
  batchSize: 100,
  parallelizationFactor: 1,
  retryAttempts: 3,
  maxRecordAge: Duration.hours(24),
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  startingPosition: lambda.StartingPosition.TRIM_HORIZON,
  iteratorAgeAlarmThreshold: Duration.seconds(60),
};

/**
 * Kinesis Data Streams to AWS Lambda: an event source mapping with defaults that hold under
 * faults (partial batch responses, bisect on error, 3 retries, 24 h maximum record age), failed
 * batches captured in SQS (or S3 with their payload), and alarms and a dashboard.
 *
 * Built on `KinesisStreamsToLambda` from AWS Solutions Constructs, given the stream from core and
 * the function, with the pattern's own failure destination and alarms.
 */
export class KinesisLambdaProcessor extends Construct {
  /** The stream the function reads. */
  public readonly stream: kinesis.IStream;
  /** The function that processes the records. */
  public readonly lambdaFunction: lambda.IFunction;
  /** The role the pattern created for a function built from `lambdaFunctionProps`. */
  public readonly functionRole?: iam.IRole;
  /** The log group of a function built from `lambdaFunctionProps`. */
  public readonly logGroup?: logs.ILogGroupRef;
  /** The event source mapping. */
  public readonly eventSourceMappingId: string;
  /** The enhanced fan-out consumer, with `enhancedFanOut`. */
  public readonly streamConsumer?: kinesis.StreamConsumer;
  /** The failure queue: the destination with SQS, the notices of stored batches with S3. */
  public readonly failureQueue: sqs.Queue;
  /** The failure bucket, with `FailureDestinationType.S3`. */
  public readonly failureBucket?: s3.Bucket;
  /** Every alarm the pattern created. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The dashboard, unless `createDashboard` is false. */
  public readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: KinesisLambdaProcessorProps) {
    super(scope, id);
    validateEventSourceLimits(props);
    const destinationType = props.failureDestination ?? FailureDestinationType.SQS;
    if (props.failureBucketProps && destinationType !== FailureDestinationType.S3) {
      throw new Error('failureBucketProps only applies with failureDestination FailureDestinationType.S3.');
    }

    const monitoring = new PatternMonitoring(props.alarmActions);
    this.stream = createOrUseStream(this, 'Stream', props);
    const processor = createProcessorFunction(this, props);
    this.lambdaFunction = processor.lambdaFunction;
    this.functionRole = processor.role;
    this.logGroup = processor.logGroup;

    const failureQueue = new FailureQueue(this, 'FailureQueue', monitoring, props.failureQueueProps);
    this.failureQueue = failureQueue.queue;
    let onFailure: lambda.IEventSourceDlq;
    if (destinationType === FailureDestinationType.S3) {
      const failureBucket = new FailureBucket(this, 'FailureBucket', failureQueue, monitoring, props.failureBucketProps);
      this.failureBucket = failureBucket.bucket;
      onFailure = new LeastPrivilegeDestination(failureBucket.bucket.bucketArn, (fn) => grantS3Destination(fn, failureBucket));
    } else {
      onFailure = new LeastPrivilegeDestination(failureQueue.queue.queueArn, (fn) => {
        failureQueue.queue.grant(fn, 'sqs:SendMessage');
        failureQueue.encryptionKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
      });
    }

    const eventSourceProps: eventSources.KinesisEventSourceProps = {
      batchSize: props.batchSize ?? DEFAULTS.batchSize,
      maxBatchingWindow: props.maxBatchingWindow,
      parallelizationFactor: props.parallelizationFactor ?? DEFAULTS.parallelizationFactor,
      retryAttempts: props.retryAttempts ?? DEFAULTS.retryAttempts,
      maxRecordAge: props.maxRecordAge ?? DEFAULTS.maxRecordAge,
      bisectBatchOnError: props.bisectBatchOnError ?? DEFAULTS.bisectBatchOnError,
      reportBatchItemFailures: props.reportBatchItemFailures ?? DEFAULTS.reportBatchItemFailures,
      startingPosition: props.startingPosition ?? DEFAULTS.startingPosition,
      tumblingWindow: props.tumblingWindow,
      filters: props.filters,
      onFailure,
    };
    if (props.enhancedFanOut) {
      // The Solutions Construct only maps the stream itself (shared throughput): an enhanced
      // fan-out consumer is mapped with aws-cdk-lib's event source for consumers.
      this.streamConsumer = new kinesis.StreamConsumer(this, 'Consumer', {
        stream: this.stream,
        streamConsumerName: Names.uniqueResourceName(this, { maxLength: 128 }),
      });
      const eventSource = new eventSources.KinesisConsumerEventSource(this.streamConsumer, eventSourceProps);
      this.lambdaFunction.addEventSource(eventSource);
      this.eventSourceMappingId = eventSource.eventSourceMappingId;
    } else {
      this.eventSourceMappingId = mapWithSolutionsConstruct(this, this.stream, this.lambdaFunction, eventSourceProps);
    }

    addProcessorAlarms(monitoring, this, this.lambdaFunction, props.iteratorAgeAlarmThreshold ?? DEFAULTS.iteratorAgeAlarmThreshold);
    addStreamWidgets(monitoring, this.stream);
    addProcessorWidgets(monitoring, this.lambdaFunction);
    this.alarms = monitoring.alarms;
    if (props.createDashboard ?? true) {
      this.dashboard = monitoring.createDashboard(this, 'Dashboard', `Kinesis Lambda processor ${this.node.path}`);
    }
  }
}

/**
 * What Lambda documents for an S3 on-failure destination, on the failure bucket only. Lambda
 * chooses the object keys, so objects are not narrowed to a prefix; the bucket holds nothing else.
 */
function grantS3Destination(fn: lambda.IFunction, failureBucket: FailureBucket): void {
  const bucket = failureBucket.bucket;
  iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn] });
  iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:PutObject'], resourceArns: [bucket.arnForObjects('*')] });
  failureBucket.encryptionKey.grant(fn, 'kms:GenerateDataKey');
  const policy = fn.role?.node.tryFindChild('DefaultPolicy');
  if (policy) {
    acknowledgeNagRule(policy, {
      ruleId: 'AwsSolutions-IAM5',
      reason: 'Lambda writes failed batches under object keys it chooses, in a bucket that holds only failed batches.',
      appliesTo: [wildcardResourceFinding(bucket, bucket.arnForObjects('*'))],
    });
  }
}

/**
 * Maps the stream to the function with `KinesisStreamsToLambda`, given the pattern's stream,
 * function and complete event source props: its own stream, function, dead-letter queue and
 * alarms (which have no dimensions) are not used. It only reads the members of `IStream` and
 * `IFunction`, although its props are typed with the concrete classes.
 */
function mapWithSolutionsConstruct(
  scope: Construct,
  stream: kinesis.IStream,
  fn: lambda.IFunction,
  eventSourceProps: eventSources.KinesisEventSourceProps,
): string {
  withoutOverrideWarnings(() => new KinesisStreamsToLambda(scope, 'StreamToLambda', {
    existingStreamObj: stream as kinesis.Stream,
    existingLambdaObj: fn as lambda.Function,
    kinesisEventSourceProps: eventSourceProps,
    deploySqsDlqQueue: false,
    createCloudWatchAlarms: false,
  }));
  const mapping = fn.node.children.filter((child): child is lambda.EventSourceMapping => child instanceof lambda.EventSourceMapping).at(-1);
  if (!mapping) {
    throw new Error(`KinesisStreamsToLambda created no event source mapping on ${fn.node.path}.`);
  }
  return mapping.eventSourceMappingId;
}
