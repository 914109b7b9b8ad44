import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { FailureDestinationType, KinesisIngestApi, KinesisLambdaProcessor, SampleProcessor, StreamingPattern } from '../src';
import { DEFAULT_PATTERNS, fixtureResources, PatternFixture } from './pattern-fixtures';

/** What a metric method returns, resolved: namespace, name, dimension names, statistic, period. */
interface MetricShape {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: string[];
  readonly statistic: string;
  readonly periodSeconds: number;
  /** For `RATE()` expressions: the expression over the metric above. */
  readonly expression?: string;
}

function shape(metric: cloudwatch.IMetric): MetricShape {
  const config = metric.toMetricConfig();
  const stat = config.metricStat ?? Object.values(config.mathExpression!.usingMetrics)[0].toMetricConfig().metricStat!;
  return {
    namespace: stat.namespace,
    metricName: stat.metricName,
    dimensions: (stat.dimensions ?? []).map((dimension) => dimension.name).sort(),
    statistic: stat.statistic,
    periodSeconds: (config.mathExpression?.period ?? stat.period.toSeconds()) as number,
    ...(config.mathExpression ? { expression: config.mathExpression.expression } : {}),
  };
}

/** Every `metric...()` method of the pattern's class and its base class, but `metric()` itself. */
function metricMethods(pattern: StreamingPattern): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(pattern); proto && proto !== Construct.prototype; proto = Object.getPrototypeOf(proto)) {
    Object.getOwnPropertyNames(proto).filter((name) => /^metric[A-Z]/.test(name)).forEach((name) => names.add(name));
  }
  return [...names].sort();
}

const MINUTE = 60;
const FIVE_MINUTES = 300;
const stream = (metricName: string, statistic: string): MetricShape =>
  ({ namespace: 'AWS/Kinesis', metricName, dimensions: ['StreamName'], statistic, periodSeconds: MINUTE });
const STREAM_METRICS: Record<string, MetricShape> = {
  metricIncomingRecords: stream('IncomingRecords', 'Sum'),
  metricIncomingBytes: stream('IncomingBytes', 'Sum'),
  metricGetRecordsIteratorAgeMilliseconds: stream('GetRecords.IteratorAgeMilliseconds', 'Maximum'),
  metricReadProvisionedThroughputExceeded: stream('ReadProvisionedThroughputExceeded', 'Sum'),
  metricWriteProvisionedThroughputExceeded: stream('WriteProvisionedThroughputExceeded', 'Sum'),
};
const queue = (metricName: string): MetricShape => ({ namespace: 'AWS/SQS', metricName, dimensions: ['QueueName'], statistic: 'Maximum', periodSeconds: FIVE_MINUTES });
const FAILURE_QUEUE_METRICS: Record<string, MetricShape> = {
  metricFailureQueueMessagesVisible: queue('ApproximateNumberOfMessagesVisible'),
  metricFailureQueueAgeOfOldestMessage: queue('ApproximateAgeOfOldestMessage'),
};
const noticeFailures: MetricShape = { namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensions: ['RuleName'], statistic: 'Sum', periodSeconds: FIVE_MINUTES };

const api = (metricName: string, statistic: string, periodSeconds = MINUTE): MetricShape =>
  ({ namespace: 'AWS/ApiGateway', metricName, dimensions: ['ApiName', 'Stage'], statistic, periodSeconds });
const lambdaMetric = (metricName: string, statistic: string): MetricShape =>
  ({ namespace: 'AWS/Lambda', metricName, dimensions: ['FunctionName'], statistic, periodSeconds: MINUTE });
const flink = (metricName: string, statistic: string, periodSeconds = MINUTE, expression?: string): MetricShape =>
  ({ namespace: 'AWS/KinesisAnalytics', metricName, dimensions: ['Application'], statistic, periodSeconds, ...(expression ? { expression } : {}) });
const firehose = (metricName: string, statistic: string): MetricShape =>
  ({ namespace: 'AWS/Firehose', metricName, dimensions: ['DeliveryStreamName'], statistic, periodSeconds: FIVE_MINUTES });
const s3 = (metricName: string): MetricShape =>
  ({ namespace: 'AWS/S3', metricName, dimensions: ['BucketName', 'StorageType'], statistic: 'Average', periodSeconds: 86400 });

/** The metric methods of each pattern and what they return without options (their documented defaults). */
const EXPECTED: Record<string, Record<string, MetricShape>> = {
  ingest: {
    ...STREAM_METRICS,
    metricCount: api('Count', 'Sum'),
    metricClientError: api('4XXError', 'Sum'),
    metricServerError: api('5XXError', 'Sum'),
    metricLatency: api('Latency', 'p99'),
    metricIntegrationLatency: api('IntegrationLatency', 'p99'),
    metricThrottledRequests: { namespace: 'CdkStreamingDataPatterns/IngestApi', metricName: 'ThrottledRequests', dimensions: ['ApiId', 'Stage'], statistic: 'Sum', periodSeconds: MINUTE },
  },
  processor: {
    ...STREAM_METRICS,
    ...FAILURE_QUEUE_METRICS,
    metricIteratorAge: lambdaMetric('IteratorAge', 'Maximum'),
    metricErrors: lambdaMetric('Errors', 'Sum'),
    metricThrottles: lambdaMetric('Throttles', 'Sum'),
    metricInvocations: lambdaMetric('Invocations', 'Sum'),
    metricDuration: lambdaMetric('Duration', 'p99'),
    metricDestinationDeliveryFailures: lambdaMetric('DestinationDeliveryFailures', 'Sum'),
    metricFailureNoticeFailedInvocations: noticeFailures,
  },
  analytics: {
    ...STREAM_METRICS,
    ...FAILURE_QUEUE_METRICS,
    metricDowntime: flink('downtime', 'Maximum'),
    metricUptime: flink('uptime', 'Maximum'),
    metricNumRestartsRate: flink('numRestarts', 'Average', MINUTE, 'RATE(m)'),
    metricNumberOfFailedCheckpointsRate: flink('numberOfFailedCheckpoints', 'Average', MINUTE, 'RATE(m)'),
    metricMillisBehindLatest: { ...flink('millisBehindLatest', 'Maximum'), dimensions: ['Application', 'Flow', 'Id'] },
    metricContainerCpuUtilization: flink('containerCPUUtilization', 'Maximum', FIVE_MINUTES),
    metricHeapMemoryUtilization: flink('heapMemoryUtilization', 'Maximum', FIVE_MINUTES),
    metricNumRecordsInPerSecond: flink('numRecordsInPerSecond', 'Average'),
    metricNumRecordsOutPerSecond: flink('numRecordsOutPerSecond', 'Average'),
    metricLastCheckpointDuration: flink('lastCheckpointDuration', 'Maximum'),
    metricKpus: flink('KPUs', 'Maximum', 3600),
  },
  delivery: {
    ...STREAM_METRICS,
    ...FAILURE_QUEUE_METRICS,
    metricDeliveryToS3DataFreshness: firehose('DeliveryToS3.DataFreshness', 'Maximum'),
    metricDeliveryToS3Success: firehose('DeliveryToS3.Success', 'Minimum'),
    metricDeliveryToS3Records: firehose('DeliveryToS3.Records', 'Sum'),
    metricDeliveryToS3Bytes: firehose('DeliveryToS3.Bytes', 'Sum'),
    metricDataReadFromKinesisStreamRecords: firehose('DataReadFromKinesisStream.Records', 'Sum'),
    metricThrottledGetRecords: firehose('ThrottledGetRecords', 'Sum'),
    metricKinesisMillisBehindLatest: firehose('KinesisMillisBehindLatest', 'Maximum'),
    metricPartitionCount: firehose('PartitionCount', 'Maximum'),
    metricPartitionCountExceeded: firehose('PartitionCountExceeded', 'Maximum'),
    metricDeliveryToS3ObjectCount: firehose('DeliveryToS3.ObjectCount', 'Sum'),
    metricBucketNumberOfObjects: s3('NumberOfObjects'),
    metricFailureNoticeFailedInvocations: noticeFailures,
  },
};

/** Arguments a metric method needs besides its options. */
const ARGUMENTS: Record<string, unknown[]> = { metricBucketSizeBytes: ['StandardStorage'] };

function build(name: string, fixture: PatternFixture): { pattern: StreamingPattern } {
  const stack = new Stack(new App(), 'Stack');
  // The processor's notice metric needs the S3 destination.
  const pattern = name === 'processor'
    ? new KinesisLambdaProcessor(stack, 'Pattern', { functionProps: SampleProcessor.functionProps(), failureDestination: FailureDestinationType.S3 })
    : fixture(stack, fixtureResources(stack));
  return { pattern };
}

describe.each(Object.entries(DEFAULT_PATTERNS))('%s metric methods', (name, fixture) => {
  const { pattern } = build(name, fixture);
  const call = (method: string, options?: cloudwatch.MetricOptions): cloudwatch.IMetric =>
    (pattern as unknown as Record<string, (...args: unknown[]) => cloudwatch.IMetric>)[method](...(ARGUMENTS[method] ?? []), options);
  const expected = { ...EXPECTED[name], ...(name === 'delivery' ? { metricBucketSizeBytes: s3('BucketSizeBytes') } : {}) };

  test('every metric method is listed here, with its dimensions, statistic and period', () => {
    expect(metricMethods(pattern)).toEqual(Object.keys(expected).sort());
    for (const [method, metric] of Object.entries(expected)) {
      expect({ method, ...shape(call(method)) }).toEqual({ method, ...metric });
    }
  });

  test('options override the statistic and period', () => {
    for (const method of Object.keys(expected)) {
      const metric = shape(call(method, { statistic: 'p90', period: Duration.minutes(10) }));
      expect({ method, statistic: metric.statistic, periodSeconds: metric.periodSeconds }).toEqual({ method, statistic: 'p90', periodSeconds: 600 });
    }
  });

  test('every alarm watches a metric of one of these methods, with the same dimensions', () => {
    const available = Object.keys(expected).map((method) => shape(call(method)));
    for (const alarm of pattern.alarms) {
      // An expression's alarm watches each metric of the expression.
      const math = alarm.metric.toMetricConfig().mathExpression;
      for (const metric of math ? Object.values(math.usingMetrics) : [alarm.metric]) {
        const watched = shape(metric);
        const match = available.find((each) => each.namespace === watched.namespace && each.metricName === watched.metricName);
        expect({ alarm: alarm.node.path, dimensions: match?.dimensions }).toEqual({ alarm: alarm.node.path, dimensions: watched.dimensions });
      }
    }
  });
});

test('dimensions given to a metric method are added to the pattern\'s', () => {
  const stack = new Stack(new App(), 'Stack');
  const ingest = DEFAULT_PATTERNS.ingest(stack, fixtureResources(stack)) as KinesisIngestApi;
  expect(shape(ingest.metricThrottledRequests({ dimensionsMap: { Client: 'partner' } })).dimensions).toEqual(['ApiId', 'Client', 'Stage']);
});
