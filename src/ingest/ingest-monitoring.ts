import { Duration, Size } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { KinesisIngestApi } from './kinesis-ingest-api';
import { IngestSettings } from './settings';
import { graph, PatternMonitoring } from '../core/monitoring';

/** The period of the client error rate and latency alarms, and how many in a row make them fire. */
const RATE_PERIOD = Duration.minutes(5);
export const SUSTAINED_PERIODS = 3;

/** Where the metric of 429 answers goes: counted from the access log by a metric filter. */
export const THROTTLED_METRIC = { namespace: 'CdkStreamingDataPatterns/IngestApi', metricName: 'ThrottledRequests' };

/**
 * Counts the requests answered 429 (stage throttling and Kinesis throttling alike) from the JSON
 * access log, dimensioned by the API id and the stage: API Gateway has no metric of its own for
 * them (they are part of 4XXError). `KinesisIngestApi.metricThrottledRequests()` reads it.
 */
export function countThrottledRequests(scope: Construct, logGroup: logs.ILogGroup): void {
  new logs.MetricFilter(scope, 'ThrottledRequestsFilter', {
    logGroup,
    filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
    metricNamespace: THROTTLED_METRIC.namespace,
    metricName: THROTTLED_METRIC.metricName,
    metricValue: '1',
    dimensions: { ApiId: '$.apiId', Stage: '$.stage' },
    unit: cloudwatch.Unit.COUNT,
  });
}

/** The metric filter's metric for one stage. */
export function throttledRequestsMetric(stage: apigateway.IStage, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: THROTTLED_METRIC.namespace,
    metricName: THROTTLED_METRIC.metricName,
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(1),
    ...props,
    dimensionsMap: { ApiId: stage.restApi.restApiId, Stage: stage.stageName, ...props?.dimensionsMap },
  });
}

/**
 * The API alarms, built from the pattern's metric methods (the stage's own metrics, dimensions
 * ApiName and Stage). Missing data is not breaching: API Gateway only reports them while requests
 * arrive.
 */
export function addApiAlarms(monitoring: PatternMonitoring, ingest: KinesisIngestApi, settings: IngestSettings): void {
  const rate = settings.clientErrorRateAlarmThreshold;
  monitoring.addAlarm(ingest, 'ClientErrorRateAlarm', {
    metric: ingest.metricClientError({ statistic: cloudwatch.Stats.AVERAGE, period: RATE_PERIOD }),
    threshold: rate,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    evaluationPeriods: SUSTAINED_PERIODS,
    description: `${Math.round(rate * 1000) / 10} % or more of the requests were answered 4xx for 15 minutes (4XXError): `
      + 'producers send bodies that fail validation (400), expired or wrong tokens (401/403) or are throttled (429); the access log says which.',
  });
  monitoring.addAlarm(ingest, 'ServerErrorAlarm', {
    metric: ingest.metricServerError(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: 'Requests were answered 5xx (5XXError): Kinesis or its KMS key refused records for a reason that is not the client\'s '
      + '(stream or key missing, key disabled, access denied) or failed. Producers were told; read errorType in the responses and the access log.',
  });
  const latency = settings.latencyAlarmThreshold;
  monitoring.addAlarm(ingest, 'LatencyAlarm', {
    metric: ingest.metricLatency({ period: RATE_PERIOD }),
    threshold: latency.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    evaluationPeriods: SUSTAINED_PERIODS,
    description: `The p99 latency of the API was ${latency.toHumanString()} or more for 15 minutes (Latency): compare with IntegrationLatency `
      + 'to see whether Kinesis or API Gateway is slow.',
  });
  monitoring.addAlarm(ingest, 'ThrottledRequestsAlarm', {
    metric: ingest.metricThrottledRequests(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: 'Requests were answered 429: the stage throttling limits or the stream\'s write capacity were reached. Producers must retry; '
      + 'raise throttlingRateLimit/throttlingBurstLimit or the stream capacity.',
  });
}

/** The API row on the dashboard. */
export function addApiWidgets(monitoring: PatternMonitoring, ingest: KinesisIngestApi): void {
  monitoring.addWidgetRow(
    graph('API requests, 4xx and 5xx', [ingest.metricCount(), ingest.metricClientError(), ingest.metricServerError()], [ingest.metricThrottledRequests()]),
    graph('API latency (ms)', [
      ingest.metricLatency(),
      ingest.metricLatency({ statistic: cloudwatch.Stats.p(50) }),
      ingest.metricIntegrationLatency(),
    ]),
  );
}

/**
 * Per-shard widgets for enhanced monitoring: shard ids are only known at run time, so each graph
 * is a metric search over the stream's shard-level metrics.
 */
export function addShardWidgets(monitoring: PatternMonitoring, ingest: KinesisIngestApi): void {
  const streamName = ingest.stream.streamName;
  const perShard = (metricName: string, statistic: string, label: string) => new cloudwatch.MathExpression({
    expression: `SEARCH('{AWS/Kinesis,ShardId,StreamName} MetricName="${metricName}" StreamName="${streamName}"', '${statistic}', 60)`,
    usingMetrics: {},
    label,
    period: Duration.minutes(1),
  });
  monitoring.addWidgetRow(
    graph('Shards: incoming bytes', [perShard('IncomingBytes', 'Sum', 'IncomingBytes')]),
    graph('Shards: writes throttled', [perShard('WriteProvisionedThroughputExceeded', 'Sum', 'WriteProvisionedThroughputExceeded')]),
    graph('Shards: iterator age (ms, max)', [perShard('IteratorAgeMilliseconds', 'Maximum', 'IteratorAgeMilliseconds')]),
  );
}

/**
 * The stream took in more than `threshold` in an hour (`IncomingBytes`): producers send more than
 * the budget the stack was sized for (an ON_DEMAND stream scales, and bills, with them).
 */
export function addIncomingBytesBudgetAlarm(monitoring: PatternMonitoring, ingest: KinesisIngestApi, threshold: Size): void {
  monitoring.addAlarm(ingest, 'IncomingBytesBudgetAlarm', {
    metric: ingest.metricIncomingBytes({ period: Duration.hours(1) }),
    threshold: threshold.toBytes(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `The stream took in ${threshold.toBytes()} bytes or more in an hour (IncomingBytes): more than the budget. `
      + 'The access log\'s principal field says which producers send most; lower producerRateLimit or the stage\'s throttling.',
  });
}
