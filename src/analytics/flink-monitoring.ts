import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { FlinkRuntime } from './flink-analytics-props';
import { graph, PatternMonitoring } from '../core/monitoring';

const NAMESPACE = 'AWS/KinesisAnalytics';
const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
/** `KPUs` gets one sample per billing hour: AWS says to graph it over periods of an hour or more. */
const HOUR = Duration.hours(1);

/** Thresholds of the application alarms (the seed solution's). */
export const FLINK_ALARM_DEFAULTS = {
  millisBehindLatest: Duration.seconds(60),
  cpuPercent: 80,
  heapPercent: 90,
  /** Consecutive 5-minute periods of high CPU or heap before those alarms fire. */
  resourcePeriods: 3,
};

/**
 * Metrics of one application. Every metric has the real `Application` dimension (the
 * application name); `millisBehindLatest` also has the `Flow=Input` and `Id=<stream name>`
 * dimensions, as in AWS's sample dashboard for Managed Flink (and as the reference application's
 * Kinesis source registers it).
 */
export class FlinkMetrics {
  constructor(private readonly applicationName: string, private readonly streamName: string, public readonly runtime: FlinkRuntime) {}

  public metric(metricName: string, statistic: string, period: Duration = MINUTE, extraDimensions: Record<string, string> = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: NAMESPACE,
      metricName,
      dimensionsMap: { Application: this.applicationName, ...extraDimensions },
      statistic,
      period,
    });
  }

  /** How far the Kinesis source reads behind the newest record (ms). */
  public millisBehindLatest(): cloudwatch.Metric {
    return this.metric('millisBehindLatest', cloudwatch.Stats.MAXIMUM, MINUTE, { Flow: 'Input', Id: this.streamName });
  }

  /** Whether the pattern watches `downtime`/`uptime`: not on Flink 2.2, which deprecates them. */
  public get hasUptimeMetrics(): boolean {
    return this.runtime !== FlinkRuntime.FLINK_2_2;
  }

  /**
   * `RATE()` of a counter that Flink keeps from the start of the job (`numberOfFailedCheckpoints`,
   * `numRestarts`): above 0 only while it grows. AWS recommends alarming on this gradient with the
   * Average statistic rather than on the count, which never goes down until the job restarts.
   */
  public rate(metricName: string, label: string, period: Duration = MINUTE): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'RATE(m)',
      usingMetrics: { m: this.metric(metricName, cloudwatch.Stats.AVERAGE, period) },
      label,
      period,
    });
  }
}

/**
 * The application alarms. Missing data is not breaching: the service only reports metrics while
 * the application runs (CloudFormation creates it READY, not RUNNING).
 */
export function addFlinkAlarms(monitoring: PatternMonitoring, scope: Construct, metrics: FlinkMetrics, millisBehindLatestThreshold: Duration): void {
  const greaterThan = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
  if (metrics.hasUptimeMetrics) {
    monitoring.addAlarm(scope, 'DowntimeAlarm', {
      metric: metrics.metric('downtime', cloudwatch.Stats.MAXIMUM),
      threshold: 0,
      comparisonOperator: greaterThan,
      treatMissingData: notBreaching,
      description: 'The Flink application is down (downtime > 0): it is failing and restarting. Read its log group for the exception.',
    });
  } else {
    // Flink 2.2 deprecates downtime; AWS names restartingTime, failingTime and cancellingTime as its
    // replacements, but lists them with a `Flow` dimension whose value it does not document, so an
    // alarm on the Application dimension alone might match no metric. cancellingTime also rises on
    // every deliberate stop or update. numRestarts is what AWS names for alarms in place of the
    // removed fullRestarts, has only the Application dimension, and, being a counter, still shows a
    // restart that happened between two samples.
    monitoring.addAlarm(scope, 'RestartsAlarm', {
      metric: metrics.rate('numRestarts', 'Restarts per second'),
      threshold: 0,
      comparisonOperator: greaterThan,
      treatMissingData: notBreaching,
      description: 'The Flink job restarted (numRestarts increased; Flink 2.2 removed fullRestarts and deprecated downtime). Read its log group for the exception.',
    });
  }
  monitoring.addAlarm(scope, 'FailedCheckpointsAlarm', {
    metric: metrics.rate('numberOfFailedCheckpoints', 'Failed checkpoints per second'),
    threshold: 0,
    comparisonOperator: greaterThan,
    treatMissingData: notBreaching,
    description: 'A checkpoint of the Flink application failed (numberOfFailedCheckpoints increased): a restart would replay more records. Check the log group.',
  });
  monitoring.addAlarm(scope, 'MillisBehindLatestAlarm', {
    metric: metrics.millisBehindLatest(),
    threshold: millisBehindLatestThreshold.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: notBreaching,
    description: `The Flink application reads ${millisBehindLatestThreshold.toHumanString()} or more behind the newest record of the stream (millisBehindLatest): raise parallelism or check backpressure.`,
  });
  monitoring.addAlarm(scope, 'CpuAlarm', {
    metric: metrics.metric('containerCPUUtilization', cloudwatch.Stats.MAXIMUM, FIVE_MINUTES),
    threshold: FLINK_ALARM_DEFAULTS.cpuPercent,
    comparisonOperator: greaterThan,
    treatMissingData: notBreaching,
    evaluationPeriods: FLINK_ALARM_DEFAULTS.resourcePeriods,
    description: `The Flink application used more than ${FLINK_ALARM_DEFAULTS.cpuPercent} % CPU for 15 minutes (containerCPUUtilization): raise parallelism or parallelismPerKpu.`,
  });
  monitoring.addAlarm(scope, 'HeapAlarm', {
    metric: metrics.metric('heapMemoryUtilization', cloudwatch.Stats.MAXIMUM, FIVE_MINUTES),
    threshold: FLINK_ALARM_DEFAULTS.heapPercent,
    comparisonOperator: greaterThan,
    treatMissingData: notBreaching,
    evaluationPeriods: FLINK_ALARM_DEFAULTS.resourcePeriods,
    description: `The Flink application used more than ${FLINK_ALARM_DEFAULTS.heapPercent} % of its heap for 15 minutes (heapMemoryUtilization): check for state growth or lower parallelismPerKpu.`,
  });
}

/** The application and KPU rows of the dashboard. */
export function addFlinkWidgets(monitoring: PatternMonitoring, metrics: FlinkMetrics): void {
  const availability = metrics.hasUptimeMetrics
    ? graph('Application uptime and downtime (ms)', [metrics.metric('uptime', cloudwatch.Stats.MAXIMUM)], [metrics.metric('downtime', cloudwatch.Stats.MAXIMUM)])
    : graph('Application restarts', [metrics.rate('numRestarts', 'Restarts per second')]);
  monitoring.addWidgetRow(
    availability,
    graph('Records in and out per second', [
      metrics.metric('numRecordsInPerSecond', cloudwatch.Stats.AVERAGE),
      metrics.metric('numRecordsOutPerSecond', cloudwatch.Stats.AVERAGE),
    ]),
    graph('Reading behind the stream (ms, max)', [metrics.millisBehindLatest()]),
  );
  monitoring.addWidgetRow(
    graph('Checkpoints: duration (ms) and failures', [metrics.metric('lastCheckpointDuration', cloudwatch.Stats.MAXIMUM)],
      [metrics.rate('numberOfFailedCheckpoints', 'Failed checkpoints per second')]),
    graph('CPU and heap (%)', [
      metrics.metric('containerCPUUtilization', cloudwatch.Stats.MAXIMUM),
      metrics.metric('heapMemoryUtilization', cloudwatch.Stats.MAXIMUM),
    ]),
    graph('KPUs in use (max per hour)', [metrics.metric('KPUs', cloudwatch.Stats.MAXIMUM, HOUR)]),
  );
}
