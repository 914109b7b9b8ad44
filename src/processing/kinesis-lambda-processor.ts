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
import { FailureBucket } from './failure-bucket';
import { FailureDestinationType, KinesisLambdaProcessorProps } from './kinesis-lambda-processor-props';
import { LeastPrivilegeDestination } from './least-privilege-destination';
import { createOrUseProcessorFunction } from './processor-function';
import { addProcessorAlarms, addProcessorWidgets } from './processor-monitoring';
import { ProcessorSettings, resolveProcessorSettings } from './settings';
import { FailureQueue } from '../core/failure-queue';
import { checkDashboardProps, PatternMonitoring } from '../core/monitoring';
import { acknowledgeNagRule } from '../core/nag';
import { wildcardResourceFinding } from '../core/nag-findings';
import { resolveRemovalPolicy } from '../core/removal-policy';
import { withoutOverrideWarnings } from '../core/solutions-constructs';
import { createOrUseStream } from '../core/stream';
import { addStreamWidgets } from '../core/stream-monitoring';
import { StreamingPattern } from '../core/streaming-pattern';
import { PropsValidator } from '../core/validation';

const MINUTE = Duration.minutes(1);

/**
 * Kinesis Data Streams to AWS Lambda: an event source mapping with defaults that hold under
 * faults (partial batch responses, bisect on error, 3 retries, 24 h maximum record age), failed
 * batches captured in SQS (or S3 with their payload), and alarms and a dashboard.
 *
 * Built on `KinesisStreamsToLambda` from AWS Solutions Constructs, given the pattern's stream and
 * function, with the pattern's own failure destination and alarms.
 */
export class KinesisLambdaProcessor extends StreamingPattern {
  public readonly stream: kinesis.IStream;
  /** The function that processes the records (created, or `existingFunction`). */
  public readonly lambdaFunction: lambda.IFunction;
  /** The function's role, when known (a function imported without its role has none here). */
  public readonly functionRole?: iam.IRole;
  /** The function's log group, when the pattern created the function. */
  public readonly logGroup?: logs.ILogGroup;
  /** The event source mapping from the stream (or its consumer) to the function. */
  public readonly eventSourceMapping: lambda.IEventSourceMapping;
  /** The enhanced fan-out consumer, with `enhancedFanOut`. */
  public readonly streamConsumer?: kinesis.IStreamConsumer;
  /** The failure queue: the destination with SQS, the notices of stored batches with S3. */
  public readonly failureQueue: sqs.IQueue;
  /** The failure bucket, with `FailureDestinationType.S3`. */
  public readonly failureBucket?: s3.IBucket;
  public readonly alarms: cloudwatch.Alarm[];
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly failures: FailureQueue;
  private readonly storedFailures?: FailureBucket;

  constructor(scope: Construct, id: string, props: KinesisLambdaProcessorProps) {
    super(scope, id);
    const validator = new PropsValidator(this);
    const settings = resolveProcessorSettings(validator, props);
    const removalPolicy = resolveRemovalPolicy(validator, props);
    const monitoring = new PatternMonitoring(props.alarmActions);
    checkDashboardProps(this, validator, props);

    this.stream = createOrUseStream(this, validator, props, removalPolicy);
    const processor = createOrUseProcessorFunction(this, props, removalPolicy, settings.eventSource.bisectBatchOnError !== false);
    this.lambdaFunction = processor.lambdaFunction;
    this.functionRole = processor.lambdaFunction.role;
    this.logGroup = processor.logGroup;

    this.failures = new FailureQueue(this, 'FailureQueue', { settings: settings.failureQueue, monitoring, validator, removalPolicy });
    this.failureQueue = this.failures.queue;
    let onFailure: lambda.IEventSourceDlq;
    if (settings.failureDestination === FailureDestinationType.S3) {
      const failureBucket = new FailureBucket(this, 'FailureBucket', {
        settings: props.failureBucketProps,
        failureQueue: this.failures,
        monitoring,
        removalPolicy,
      });
      this.storedFailures = failureBucket;
      this.failureBucket = failureBucket.bucket;
      onFailure = new LeastPrivilegeDestination(failureBucket.bucket.bucketArn, (fn) => grantS3Destination(fn, failureBucket));
    } else {
      const failures = this.failures;
      onFailure = new LeastPrivilegeDestination(failures.queue.queueArn, (fn) => {
        failures.queue.grant(fn, 'sqs:SendMessage');
        failures.encryptionKey.grant(fn, 'kms:Decrypt', 'kms:GenerateDataKey');
      });
    }

    const mapped = mapStreamToFunction(this, settings, onFailure, props.enhancedFanOut === true);
    this.eventSourceMapping = mapped.eventSourceMapping;
    this.streamConsumer = mapped.streamConsumer;

    addProcessorAlarms(monitoring, this, settings.iteratorAgeAlarmThreshold, props.filters !== undefined && props.filters.length > 0);
    addStreamWidgets(monitoring, this, mapped.streamConsumer?.streamConsumerName);
    addProcessorWidgets(monitoring, this);
    this.alarms = monitoring.alarms;
    this.dashboard = monitoring.dashboardFor(this, 'Dashboard', validator, props, `Kinesis Lambda processor ${this.node.path}`);
  }

  /**
   * How long the last record of each batch waited in the stream before the mapping read it
   * (`IteratorAge` of the function), also through an enhanced fan-out consumer.
   *
   * @default - maximum over 1 minute
   */
  public metricIteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambdaFunction.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: MINUTE, ...props });
  }

  /**
   * Invocations that failed as a whole (`Errors`): with partial batch responses, records the
   * function reports as failed are not counted.
   *
   * @default - sum over 1 minute
   */
  public metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambdaFunction.metricErrors({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * Invocations that Lambda throttled (`Throttles`).
   *
   * @default - sum over 1 minute
   */
  public metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambdaFunction.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * Invocations of the function, one per batch (`Invocations`).
   *
   * @default - sum over 1 minute
   */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambdaFunction.metricInvocations({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * How long an invocation takes, in milliseconds (`Duration`).
   *
   * @default - p99 over 1 minute
   */
  public metricDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambdaFunction.metricDuration({ statistic: cloudwatch.Stats.p(99), period: MINUTE, ...props });
  }

  /**
   * Failed batches Lambda could not deliver to the on-failure destination
   * (`DestinationDeliveryFailures`): those records are lost.
   *
   * @default - sum over 1 minute
   */
  public metricDestinationDeliveryFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambdaFunction.metric('DestinationDeliveryFailures', { statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * Failed batches waiting in the failure queue (`ApproximateNumberOfMessagesVisible`): their
   * invocation records with SQS, the notices of their objects with S3.
   *
   * @default - maximum over 5 minutes
   */
  public metricFailureQueueMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.failures.metricMessagesVisible(props);
  }

  /**
   * Age in seconds of the oldest failed batch waiting in the failure queue (`ApproximateAgeOfOldestMessage`).
   *
   * @default - maximum over 5 minutes
   */
  public metricFailureQueueAgeOfOldestMessage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.failures.metricAgeOfOldestMessage(props);
  }

  /**
   * Notices of failed batches stored in S3 that EventBridge could not put on the failure queue
   * (`FailedInvocations` of the notice rule); with `FailureDestinationType.S3` only.
   *
   * @default - sum over 5 minutes
   */
  public metricFailureNoticeFailedInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (!this.storedFailures) {
      throw new PropsValidator(this).error('metricFailureNoticeFailedInvocations() only applies with failureDestination FailureDestinationType.S3: '
        + 'with SQS, Lambda puts failed batches on the failure queue itself.');
    }
    return this.storedFailures.notices.metricFailedInvocations(props);
  }

  /**
   * Lets `grantee` take what the processor captured: receive and delete the failure queue's
   * messages and, with `FailureDestinationType.S3`, read the failure bucket's objects (with their
   * keys). To replay SQS pointers, also grant reading the stream (`stream.grantRead(grantee)`).
   */
  public grantConsumeFailures(grantee: iam.IGrantable): iam.Grant {
    const grant = this.failureQueue.grantConsumeMessages(grantee);
    return this.failureBucket ? grant.combine(this.failureBucket.grantRead(grantee)) : grant;
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

/** The mapping, and the consumer it reads through with enhanced fan-out. */
interface StreamMapping {
  readonly eventSourceMapping: lambda.IEventSourceMapping;
  readonly streamConsumer?: kinesis.IStreamConsumer;
}

/**
 * Maps the stream to the function. Polling: with `KinesisStreamsToLambda`, given the pattern's
 * stream, function and complete event source props (its own stream, function, dead-letter queue
 * and alarms, which have no dimensions, are not used; it only reads the members of `IStream` and
 * `IFunction`, although its props are typed with the concrete classes). Enhanced fan-out, which
 * that construct does not offer: with aws-cdk-lib's event source for a consumer.
 */
function mapStreamToFunction(
  pattern: KinesisLambdaProcessor,
  settings: ProcessorSettings,
  onFailure: lambda.IEventSourceDlq,
  enhancedFanOut: boolean,
): StreamMapping {
  const eventSourceProps: eventSources.KinesisEventSourceProps = { ...settings.eventSource, onFailure };
  const fn = pattern.lambdaFunction;
  let streamConsumer: kinesis.IStreamConsumer | undefined;
  if (enhancedFanOut) {
    streamConsumer = new kinesis.StreamConsumer(pattern, 'Consumer', {
      stream: pattern.stream,
      streamConsumerName: Names.uniqueResourceName(pattern, { maxLength: 128 }),
    });
    fn.addEventSource(new eventSources.KinesisConsumerEventSource(streamConsumer, eventSourceProps));
  } else {
    withoutOverrideWarnings(() => new KinesisStreamsToLambda(pattern, 'StreamToLambda', {
      existingStreamObj: pattern.stream as kinesis.Stream,
      existingLambdaObj: fn as lambda.Function,
      kinesisEventSourceProps: eventSourceProps,
      deploySqsDlqQueue: false,
      createCloudWatchAlarms: false,
    }));
  }
  const eventSourceMapping = fn.node.children
    .filter((child): child is lambda.EventSourceMapping => child instanceof lambda.EventSourceMapping)
    .at(-1);
  if (!eventSourceMapping) {
    throw new Error(`No event source mapping was created on ${fn.node.path}.`);
  }
  return { eventSourceMapping, streamConsumer };
}
