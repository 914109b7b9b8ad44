import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { KinesisFlinkAnalytics } from './kinesis-flink-analytics';
import { FlinkRuntime } from './kinesis-flink-analytics-props';
import { AnalyticsSettings } from './settings';
import { graph, PatternMonitoring } from '../core/monitoring';

/** Thresholds of the application alarms (as in the AWS solution Streaming Data Solution for Amazon Kinesis). */
export const FLINK_ALARM_DEFAULTS = {
  cpuPercent: 80,
  heapPercent: 90,
  /** Consecutive 5-minute periods of high CPU or heap before those alarms fire. */
  resourcePeriods: 3,
};

/** Whether the pattern watches `downtime` and `uptime`: not on Flink 2.2, which deprecates them. */
export function hasUptimeMetrics(runtime: FlinkRuntime): boolean {
  return runtime !== FlinkRuntime.FLINK_2_2;
}

/**
 * The application alarms, built from the pattern's metric methods. Missing data is not
 * breaching: the service only reports metrics while the application runs (CloudFormation
 * creates it READY, not RUNNING).
 */
export function addFlinkAlarms(monitoring: PatternMonitoring, analytics: KinesisFlinkAnalytics, settings: AnalyticsSettings): void {
  const greaterThan = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
  if (hasUptimeMetrics(settings.runtime)) {
    monitoring.addAlarm(analytics, 'DowntimeAlarm', {
      metric: analytics.metricDowntime(),
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
    monitoring.addAlarm(analytics, 'RestartsAlarm', {
      metric: analytics.metricNumRestartsRate(),
      threshold: 0,
      comparisonOperator: greaterThan,
      treatMissingData: notBreaching,
      description: 'The Flink job restarted (numRestarts increased; Flink 2.2 removed fullRestarts and deprecated downtime). Read its log group for the exception.',
    });
  }
  monitoring.addAlarm(analytics, 'FailedCheckpointsAlarm', {
    metric: analytics.metricNumberOfFailedCheckpointsRate(),
    threshold: 0,
    comparisonOperator: greaterThan,
    treatMissingData: notBreaching,
    description: 'A checkpoint of the Flink application failed (numberOfFailedCheckpoints increased): a restart would replay more records. Check the log group.',
  });
  const lag = settings.millisBehindLatestAlarmThreshold;
  monitoring.addAlarm(analytics, 'MillisBehindLatestAlarm', {
    metric: analytics.metricMillisBehindLatest(),
    threshold: lag.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: notBreaching,
    description: `The Flink application reads ${lag.toHumanString()} or more behind the newest record of the stream (millisBehindLatest): raise parallelism or check backpressure.`,
  });
  monitoring.addAlarm(analytics, 'CpuAlarm', {
    metric: analytics.metricContainerCpuUtilization(),
    threshold: FLINK_ALARM_DEFAULTS.cpuPercent,
    comparisonOperator: greaterThan,
    treatMissingData: notBreaching,
    evaluationPeriods: FLINK_ALARM_DEFAULTS.resourcePeriods,
    description: `The Flink application used more than ${FLINK_ALARM_DEFAULTS.cpuPercent} % CPU for 15 minutes (containerCPUUtilization): raise parallelism or parallelismPerKpu.`,
  });
  monitoring.addAlarm(analytics, 'HeapAlarm', {
    metric: analytics.metricHeapMemoryUtilization(),
    threshold: FLINK_ALARM_DEFAULTS.heapPercent,
    comparisonOperator: greaterThan,
    treatMissingData: notBreaching,
    evaluationPeriods: FLINK_ALARM_DEFAULTS.resourcePeriods,
    description: `The Flink application used more than ${FLINK_ALARM_DEFAULTS.heapPercent} % of its heap for 15 minutes (heapMemoryUtilization): check for state growth or lower parallelismPerKpu.`,
  });
}

/** The application and KPU rows of the dashboard. */
export function addFlinkWidgets(monitoring: PatternMonitoring, analytics: KinesisFlinkAnalytics, runtime: FlinkRuntime): void {
  const availability = hasUptimeMetrics(runtime)
    ? graph('Application uptime and downtime (ms)', [analytics.metricUptime()], [analytics.metricDowntime()])
    : graph('Application restarts', [analytics.metricNumRestartsRate()]);
  const minute = { period: Duration.minutes(1) };
  monitoring.addWidgetRow(
    availability,
    graph('Records in and out per second', [analytics.metricNumRecordsInPerSecond(), analytics.metricNumRecordsOutPerSecond()]),
    graph('Reading behind the stream (ms, max)', [analytics.metricMillisBehindLatest()]),
  );
  monitoring.addWidgetRow(
    graph('Checkpoints: duration (ms) and failures', [analytics.metricLastCheckpointDuration()], [analytics.metricNumberOfFailedCheckpointsRate()]),
    graph('CPU and heap (%)', [analytics.metricContainerCpuUtilization(minute), analytics.metricHeapMemoryUtilization(minute)]),
    graph('KPUs in use (max per hour)', [analytics.metricKpus()]),
  );
}
