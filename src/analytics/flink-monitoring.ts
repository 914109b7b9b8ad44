import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { KinesisFlinkAnalytics } from './kinesis-flink-analytics';
import { FlinkRuntime } from './kinesis-flink-analytics-props';
import { AnalyticsSettings } from './settings';
import { addStalledConsumerAlarm } from '../core/consumer-monitoring';
import { graph, PatternMonitoring } from '../core/monitoring';

/** Thresholds of the application alarms (CPU and heap as in the AWS solution Streaming Data Solution for Amazon Kinesis). */
export const FLINK_ALARM_DEFAULTS = {
  cpuPercent: 80,
  heapPercent: 90,
  /** Consecutive 5-minute periods of high CPU or heap before those alarms fire. */
  resourcePeriods: 3,
  /**
   * With autoscaling, which doubles the parallelism after 15 minutes at 75 % CPU: the CPU alarm
   * fires only when scaling did not help (at its limit, or a hot key), not at every scaling step.
   */
  autoScaledCpuPercent: 90,
  autoScaledCpuPeriods: 6,
  /** Consecutive 5-minute periods without application metrics before the not-running alarm fires. */
  notRunningPeriods: 3,
};

/** Whether the pattern watches `downtime` and `uptime`: not on Flink 2.2, which deprecates them. */
export function hasUptimeMetrics(runtime: FlinkRuntime): boolean {
  return runtime !== FlinkRuntime.FLINK_2_2;
}

/**
 * The application alarms, built from the pattern's metric methods. The service only reports
 * metrics while the application runs: the not-running alarm treats missing data as breaching and
 * the stalled-consumer alarm fills it with 0; the others treat it as not breaching, so that a
 * stopped application raises one alarm, not six.
 */
export function addFlinkAlarms(monitoring: PatternMonitoring, analytics: KinesisFlinkAnalytics, settings: AnalyticsSettings): void {
  const greaterThan = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
  // The service reports containerCPUUtilization every minute while the application runs, and
  // nothing otherwise: CPU is never below 0, so this alarm fires on the missing data alone.
  const notRunningMinutes = FLINK_ALARM_DEFAULTS.notRunningPeriods * 5;
  monitoring.addAlarm(analytics, 'NotRunningAlarm', {
    metric: analytics.metricContainerCpuUtilization(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    evaluationPeriods: FLINK_ALARM_DEFAULTS.notRunningPeriods,
    description: `The Flink application ${analytics.applicationName} reported no metrics for ${notRunningMinutes} minutes: it is not running `
      + '(READY after a stop, a failed start or a failed update). The stream keeps records only for its retention period: start it '
      + `(aws kinesisanalyticsv2 start-application --application-name ${analytics.applicationName}) after reading its log group.`,
  });
  addStalledConsumerAlarm(monitoring, analytics, {
    recordsRead: analytics.metricNumRecordsInPerSecond({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(5) }),
    consumer: `the Flink application ${analytics.applicationName}`,
  });
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
  const cpuPercent = settings.autoScalingEnabled ? FLINK_ALARM_DEFAULTS.autoScaledCpuPercent : FLINK_ALARM_DEFAULTS.cpuPercent;
  const cpuPeriods = settings.autoScalingEnabled ? FLINK_ALARM_DEFAULTS.autoScaledCpuPeriods : FLINK_ALARM_DEFAULTS.resourcePeriods;
  monitoring.addAlarm(analytics, 'CpuAlarm', {
    metric: analytics.metricContainerCpuUtilization(),
    threshold: cpuPercent,
    comparisonOperator: greaterThan,
    treatMissingData: notBreaching,
    evaluationPeriods: cpuPeriods,
    description: `The Flink application used more than ${cpuPercent} % CPU for ${cpuPeriods * 5} minutes (containerCPUUtilization): `
      + (settings.autoScalingEnabled
        ? 'autoscaling did not bring it down (the parallelism may be at the job\'s maxParallelism, or one key takes most records).'
        : 'raise parallelism or parallelismPerKpu.'),
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
