import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The namespace of Managed Service for Apache Flink's metrics (its former name). */
export const FLINK_NAMESPACE = 'AWS/KinesisAnalytics';

/**
 * Metrics of one application, with its real `Application` dimension (the application name).
 * `millisBehindLatest` also has the `Flow=Input` and `Id=<stream name>` dimensions, as in AWS's
 * sample dashboard for Managed Flink (and as the reference application's Kinesis source registers it).
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/metrics-dimensions.html
 */
export class FlinkMetricFactory {
  constructor(private readonly applicationName: string, private readonly streamName: string) {}

  /** `metricName` of the application, `statistic` over `period` unless `props` say otherwise. */
  public metric(metricName: string, statistic: string, period: Duration, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: FLINK_NAMESPACE,
      metricName,
      statistic,
      period,
      ...props,
      dimensionsMap: { Application: this.applicationName, ...props?.dimensionsMap },
    });
  }

  /** How far the Kinesis source reads behind the newest record of the stream (ms). */
  public millisBehindLatest(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('millisBehindLatest', cloudwatch.Stats.MAXIMUM, Duration.minutes(1), {
      ...props,
      dimensionsMap: { Flow: 'Input', Id: this.streamName, ...props?.dimensionsMap },
    });
  }

  /**
   * `RATE()` of a counter Flink keeps from the start of the job (`numberOfFailedCheckpoints`,
   * `numRestarts`): above 0 only while it grows. AWS recommends alarming on this gradient with the
   * Average statistic rather than on the count, which never goes down until the job restarts.
   *
   * @see https://docs.aws.amazon.com/managed-flink/latest/java/monitoring-metrics-alarms.html
   */
  public rate(metricName: string, label: string, props?: cloudwatch.MetricOptions): cloudwatch.MathExpression {
    const counter = this.metric(metricName, cloudwatch.Stats.AVERAGE, Duration.minutes(1), props);
    return new cloudwatch.MathExpression({
      expression: 'RATE(m)',
      usingMetrics: { m: counter },
      label: props?.label ?? label,
      period: counter.period,
    });
  }
}
