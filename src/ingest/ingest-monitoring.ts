import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { graph, PatternMonitoring } from '../core/monitoring';

const PERIOD = Duration.minutes(1);
const RATE_PERIOD = Duration.minutes(5);
/** Consecutive 5-minute periods before the client error rate and latency alarms fire. */
export const SUSTAINED_PERIODS = 3;

/** Where the metric of 429 answers goes: counted from the access log by a metric filter. */
export const THROTTLED_METRIC = { namespace: 'CdkStreamingDataPatterns/IngestApi', metricName: 'ThrottledRequests' };

/** Thresholds of the API alarms. */
export interface ApiAlarmThresholds {
  readonly clientErrorRate: number;
  readonly latency: Duration;
}

/**
 * Counts the requests answered 429 (stage throttling and Kinesis throttling alike) from the JSON
 * access log, dimensioned by the API id and the stage: API Gateway has no metric of its own for
 * them (they are part of 4XXError).
 */
export function throttledRequestsMetric(scope: Construct, logGroup: logs.ILogGroup, stage: apigateway.Stage): cloudwatch.Metric {
  new logs.MetricFilter(scope, 'ThrottledRequestsFilter', {
    logGroup,
    filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
    metricNamespace: THROTTLED_METRIC.namespace,
    metricName: THROTTLED_METRIC.metricName,
    metricValue: '1',
    dimensions: { ApiId: '$.apiId', Stage: '$.stage' },
    unit: cloudwatch.Unit.COUNT,
  });
  return new cloudwatch.Metric({
    namespace: THROTTLED_METRIC.namespace,
    metricName: THROTTLED_METRIC.metricName,
    dimensionsMap: { ApiId: stage.restApi.restApiId, Stage: stage.stageName },
    statistic: cloudwatch.Stats.SUM,
    period: PERIOD,
  });
}

/**
 * The API alarms, on the stage's own metrics (dimensions ApiName and Stage). Missing data is not
 * breaching: API Gateway only reports them while requests arrive.
 */
export function addApiAlarms(
  monitoring: PatternMonitoring,
  scope: Construct,
  stage: apigateway.Stage,
  throttled: cloudwatch.IMetric,
  thresholds: ApiAlarmThresholds,
): void {
  monitoring.addAlarm(scope, 'ClientErrorRateAlarm', {
    metric: stage.metricClientError({ statistic: cloudwatch.Stats.AVERAGE, period: RATE_PERIOD }),
    threshold: thresholds.clientErrorRate,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    evaluationPeriods: SUSTAINED_PERIODS,
    description: `${Math.round(thresholds.clientErrorRate * 1000) / 10} % or more of the requests were answered 4xx for 15 minutes (4XXError): `
      + 'producers send bodies that fail validation (400), expired or wrong tokens (401/403) or are throttled (429); the access log says which.',
  });
  monitoring.addAlarm(scope, 'ServerErrorAlarm', {
    metric: stage.metricServerError({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: 'Requests were answered 5xx (5XXError): Kinesis or its KMS key refused records for a reason that is not the client\'s '
      + '(stream or key missing, key disabled, access denied) or failed. Producers were told; read errorType in the responses and the access log.',
  });
  monitoring.addAlarm(scope, 'LatencyAlarm', {
    metric: stage.metricLatency({ statistic: cloudwatch.Stats.p(99), period: RATE_PERIOD }),
    threshold: thresholds.latency.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    evaluationPeriods: SUSTAINED_PERIODS,
    description: `The p99 latency of the API was ${thresholds.latency.toHumanString()} or more for 15 minutes (Latency): compare with IntegrationLatency `
      + 'to see whether Kinesis or API Gateway is slow.',
  });
  monitoring.addAlarm(scope, 'ThrottledRequestsAlarm', {
    metric: throttled,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: 'Requests were answered 429: the stage throttling limits or the stream\'s write capacity were reached. Producers must retry; '
      + 'raise throttlingRateLimit/throttlingBurstLimit or the stream capacity.',
  });
}

/** The API row on the dashboard. */
export function addApiWidgets(monitoring: PatternMonitoring, stage: apigateway.Stage, throttled: cloudwatch.IMetric): void {
  monitoring.addWidgetRow(
    graph('API requests, 4xx and 5xx', [
      stage.metricCount({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
      stage.metricClientError({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
      stage.metricServerError({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
    ], [throttled]),
    graph('API latency (ms)', [
      stage.metricLatency({ statistic: cloudwatch.Stats.p(99), period: PERIOD }),
      stage.metricLatency({ statistic: cloudwatch.Stats.p(50), period: PERIOD }),
      stage.metricIntegrationLatency({ statistic: cloudwatch.Stats.p(99), period: PERIOD }),
    ]),
  );
}

/**
 * Per-shard widgets for enhanced monitoring: shard ids are only known at run time, so each graph
 * is a metric search over the stream's shard-level metrics.
 */
export function addShardWidgets(monitoring: PatternMonitoring, stream: kinesis.IStream): void {
  const perShard = (metricName: string, statistic: string, label: string) => new cloudwatch.MathExpression({
    expression: `SEARCH('{AWS/Kinesis,ShardId,StreamName} MetricName="${metricName}" StreamName="${stream.streamName}"', '${statistic}', 60)`,
    usingMetrics: {},
    label,
    period: PERIOD,
  });
  monitoring.addWidgetRow(
    graph('Shards: incoming bytes', [perShard('IncomingBytes', 'Sum', 'IncomingBytes')]),
    graph('Shards: writes throttled', [perShard('WriteProvisionedThroughputExceeded', 'Sum', 'WriteProvisionedThroughputExceeded')]),
    graph('Shards: iterator age (ms, max)', [perShard('IteratorAgeMilliseconds', 'Maximum', 'IteratorAgeMilliseconds')]),
  );
}
