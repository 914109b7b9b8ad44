import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { graph, PatternMonitoring } from '../core/monitoring';

const PERIOD = Duration.minutes(5);
const S3_STORAGE_PERIOD = Duration.days(1);
/** Consecutive 5-minute periods of throttled reads before the throttling alarm fires. */
export const THROTTLED_GET_RECORDS_PERIODS = 3;

/**
 * Metrics of one delivery stream. The dimension is the delivery stream NAME (the seed solution
 * used the ARN, so its alarms never matched a metric).
 */
export class DeliveryStreamMetrics {
  constructor(private readonly deliveryStreamName: string) {}

  public metric(metricName: string, statistic: string, period: Duration = PERIOD): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Firehose',
      metricName,
      dimensionsMap: { DeliveryStreamName: this.deliveryStreamName },
      statistic,
      period,
    });
  }

  /** Age of the oldest record not yet delivered to S3 (seconds). */
  public dataFreshness(): cloudwatch.Metric {
    return this.metric('DeliveryToS3.DataFreshness', cloudwatch.Stats.MAXIMUM);
  }

  /** Share of successful S3 puts (1 = all succeeded). */
  public deliverySuccess(): cloudwatch.Metric {
    return this.metric('DeliveryToS3.Success', cloudwatch.Stats.MINIMUM);
  }

  /** GetRecords calls on the source stream that Kinesis throttled. */
  public throttledGetRecords(): cloudwatch.Metric {
    return this.metric('ThrottledGetRecords', cloudwatch.Stats.SUM);
  }
}

/** The delivery stream's alarms, each with the reason it fires and how missing data is treated. */
export interface DeliveryAlarms {
  readonly dataFreshness: cloudwatch.Alarm;
  readonly deliverySuccess: cloudwatch.Alarm;
  readonly throttledGetRecords: cloudwatch.Alarm;
}

/**
 * Alarms on the delivery stream. All three treat missing data as not breaching: Firehose only
 * emits these metrics while records flow, and an idle stream is not a failure.
 */
export function addDeliveryAlarms(
  monitoring: PatternMonitoring,
  scope: Construct,
  metrics: DeliveryStreamMetrics,
  dataFreshnessThreshold: Duration,
): DeliveryAlarms {
  return {
    dataFreshness: monitoring.addAlarm(scope, 'DataFreshnessAlarm', {
      metric: metrics.dataFreshness(),
      threshold: dataFreshnessThreshold.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `Records waited ${dataFreshnessThreshold.toHumanString()} or more to be delivered to S3 (DeliveryToS3.DataFreshness): `
        + 'check DeliveryToS3.Success, the delivery error log group and the failure queue.',
    }),
    deliverySuccess: monitoring.addAlarm(scope, 'DeliverySuccessAlarm', {
      metric: metrics.deliverySuccess(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'Firehose failed to put objects to S3 (DeliveryToS3.Success below 1). It retries for up to 24 hours and then drops the records: '
        + 'read the delivery error log group now (S3 permissions, KMS key, bucket policy).',
    }),
    throttledGetRecords: monitoring.addAlarm(scope, 'ThrottledGetRecordsAlarm', {
      metric: metrics.throttledGetRecords(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      evaluationPeriods: THROTTLED_GET_RECORDS_PERIODS,
      description: `Kinesis throttled Firehose reads from the source stream for ${THROTTLED_GET_RECORDS_PERIODS * PERIOD.toMinutes()} minutes (ThrottledGetRecords): `
        + 'too many consumers share the stream\'s read capacity; add shards or move consumers to enhanced fan-out.',
    }),
  };
}

/** The delivery row and the S3 row of the pattern dashboard. */
export function addDeliveryWidgets(monitoring: PatternMonitoring, metrics: DeliveryStreamMetrics, bucket: s3.IBucket): void {
  monitoring.addWidgetRow(
    graph('Delivery: records read from the stream and delivered to S3',
      [metrics.metric('DataReadFromKinesisStream.Records', cloudwatch.Stats.SUM), metrics.metric('DeliveryToS3.Records', cloudwatch.Stats.SUM)]),
    graph('Delivery: data freshness (s, max)', [metrics.dataFreshness()]),
    graph('Delivery: S3 success ratio and throttled reads', [metrics.deliverySuccess()], [metrics.throttledGetRecords()]),
  );
  const storage = (metricName: string, storageType: string) => new cloudwatch.Metric({
    namespace: 'AWS/S3',
    metricName,
    dimensionsMap: { BucketName: bucket.bucketName, StorageType: storageType },
    statistic: cloudwatch.Stats.AVERAGE,
    period: S3_STORAGE_PERIOD,
    label: storageType,
  });
  monitoring.addWidgetRow(
    graph('S3: objects in the bucket (daily)', [storage('NumberOfObjects', 'AllStorageTypes')]),
    graph('S3: bucket size in bytes (daily)', [
      'StandardStorage',
      'IntelligentTieringFAStorage',
      'IntelligentTieringIAStorage',
      'IntelligentTieringAIAStorage',
    ].map((storageType) => storage('BucketSizeBytes', storageType))),
    graph('S3: bytes delivered by Firehose', [metrics.metric('DeliveryToS3.Bytes', cloudwatch.Stats.SUM)]),
  );
}
