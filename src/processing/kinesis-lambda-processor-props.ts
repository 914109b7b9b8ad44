import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FailureQueueProps } from '../core/failure-queue-props';
import { StreamingPatternProps } from '../core/pattern-props';

/** Where the event source mapping sends a batch it gives up on. */
export enum FailureDestinationType {
  /** The invocation record (shard, sequence range, condition, error) to an SQS queue. */
  SQS = 'SQS',
  /** The invocation record and the whole batch payload to an S3 bucket. */
  S3 = 'S3',
}

/**
 * Settings of the S3 on-failure destination of a `KinesisLambdaProcessor`.
 */
export interface FailureBucketProps {
  /**
   * A customer managed KMS key to encrypt failed batches with.
   *
   * @default - a new customer managed key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long failed batches are kept before S3 deletes them: whole days, at least 1.
   *
   * @default Duration.days(90)
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
   */
  readonly expiration?: Duration;

  /**
   * Delete the objects of the failure bucket and of its access log bucket when the stack deletes
   * them, with aws-cdk-lib's custom resource (a function shared by the whole stack), so that
   * `removalPolicy: RemovalPolicy.DESTROY` can delete buckets that hold failed batches. Only with
   * that removal policy.
   *
   * @default false
   */
  readonly autoDeleteObjects?: boolean;
}

/**
 * Props of `KinesisLambdaProcessor`. The event source mapping settings use aws-cdk-lib's names
 * and are checked against the limits of a Kinesis event source mapping.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export interface KinesisLambdaProcessorProps extends StreamingPatternProps {
  /**
   * Props of the function the pattern creates to process the records. Where they leave them out,
   * the function gets a 30-second timeout, 256 MiB of memory, the ARM64 architecture (Graviton,
   * billed less per GB-second than x86_64; set `architecture: lambda.Architecture.X86_64` for code
   * with x86 native binaries), X-Ray tracing, its own log group (see `logGroupProps`) and its own
   * role, which may only write its logs, read the stream and deliver to the failure destination.
   * `SampleProcessor.functionProps()` gives the props of the sample processor shipped with this
   * library. Give this or `existingFunction`.
   *
   * @default - `existingFunction` is used
   */
  readonly functionProps?: lambda.FunctionProps;

  /**
   * A function of yours that processes the records, instead of one the pattern creates. The
   * pattern adds the event source mapping and the grants it needs to the function's role. Give
   * this or `functionProps`.
   *
   * @default - a function built from `functionProps`
   */
  readonly existingFunction?: lambda.IFunction;

  /**
   * Settings of the log group the pattern creates for a function built from `functionProps`.
   * Not with `existingFunction` or `functionProps.logGroup`.
   *
   * @default - events kept one month, encrypted at rest by CloudWatch Logs
   */
  readonly logGroupProps?: logs.LogGroupProps;

  /**
   * Records per batch, 1 to 10,000.
   *
   * @default 100
   * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
   */
  readonly batchSize?: number;

  /**
   * How long to gather records before invoking the function, 0 to 300 seconds.
   *
   * @default - no batching window (Duration.seconds(0))
   * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * Concurrent batches per shard, 1 to 10. Records with the same partition key stay in order.
   *
   * @default 1
   * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
   */
  readonly parallelizationFactor?: number;

  /**
   * Retries of a failed batch before it goes to the failure destination: -1 (until the record
   * expires) to 10,000. Splitting a batch (`bisectBatchOnError`) does not consume them.
   *
   * @default 3 (as in the AWS solution Streaming Data Solution for Amazon Kinesis)
   * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
   */
  readonly retryAttempts?: number;

  /**
   * The age at which a record is sent to the failure destination instead of the function, 60 to
   * 604,800 seconds, and shorter than the retention of a stream the pattern creates: a failure
   * queue message only points at the records, which must still be in the stream when someone reads
   * it. What is left of the retention is the time to act.
   *
   * @default - half the retention of a stream the pattern creates (12 hours with the default 24),
   * at most 7 days; 12 hours with `existingStream` (every stream keeps records 24 hours or more)
   * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
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
   * Where in the stream a new mapping starts reading (`AT_TIMESTAMP` with
   * `startingPositionTimestamp`).
   *
   * @default lambda.StartingPosition.TRIM_HORIZON
   */
  readonly startingPosition?: lambda.StartingPosition;

  /**
   * With `startingPosition` `AT_TIMESTAMP`: the time to start reading from, in Unix seconds.
   *
   * @default - required with AT_TIMESTAMP, not allowed otherwise
   */
  readonly startingPositionTimestamp?: number;

  /**
   * A tumbling window for stateful aggregation across invocations, 0 to 900 seconds. The function
   * must then return a `state` with its response (the sample processor does: it counts the
   * records of each window); Lambda fails every invocation whose response has none.
   *
   * @default - no tumbling window
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
   */
  readonly tumblingWindow?: Duration;

  /**
   * Event filters, each made with `lambda.FilterCriteria.filter({...})` (aws-cdk-lib's type for
   * them, as its event sources take them). Records that match no filter are dropped by Lambda
   * without invoking the function, and so are records whose data is not JSON when a filter
   * matches on `data`: no metric counts them and no failure record keeps them.
   *
   * @default - every record is processed
   * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
   */
  readonly filters?: Array<{ [key: string]: any }>;

  /**
   * Read through an enhanced fan-out consumer: 2 MB/s per shard dedicated to this function and
   * records pushed over HTTP/2, instead of sharing the shard's 2 MB/s read throughput by polling.
   *
   * @default false
   * @see https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html
   */
  readonly enhancedFanOut?: boolean;

  /**
   * Where a batch that exhausted its retries or its maximum age goes.
   *
   * @default FailureDestinationType.SQS
   */
  readonly failureDestination?: FailureDestinationType;

  /**
   * Settings of the failure queue: the on-failure destination with `FailureDestinationType.SQS`;
   * with `FailureDestinationType.S3` it receives a notice for every failed batch stored in S3.
   *
   * @default - see `FailureQueueProps`
   */
  readonly failureQueueProps?: FailureQueueProps;

  /**
   * Settings of the failure bucket, with `FailureDestinationType.S3` only.
   *
   * @default - see `FailureBucketProps`
   */
  readonly failureBucketProps?: FailureBucketProps;

  /**
   * The mapping's iterator age (`metricIteratorAge()`: the function's `IteratorAge`, maximum over
   * a minute) at which the lag alarm fires: longer than `maxBatchingWindow`, which records of a
   * sparse stream wait by design.
   *
   * @default Duration.seconds(60) (as in the AWS solution Streaming Data Solution for Amazon
   * Kinesis), or 60 seconds more than `maxBatchingWindow` when it is set
   */
  readonly iteratorAgeAlarmThreshold?: Duration;
}
