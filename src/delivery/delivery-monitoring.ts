import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { KinesisFirehoseDelivery } from './kinesis-firehose-delivery';
import { graph, PatternMonitoring } from '../core/monitoring';

/** Consecutive 5-minute periods of throttled reads before the throttling alarm fires. */
export const THROTTLED_GET_RECORDS_PERIODS = 3;

/** The S3 storage classes the bucket's objects can be in with the default lifecycle. */
const STORAGE_TYPES = ['StandardStorage', 'IntelligentTieringFAStorage', 'IntelligentTieringIAStorage', 'IntelligentTieringAIAStorage'];

/**
 * Alarms on the delivery stream, built from the pattern's metric methods (whose dimension is the
 * delivery stream NAME, not its ARN, which would match no metric). All three treat missing data as
 * not breaching: Firehose only emits these metrics while records flow, and an idle stream is not
 * a failure.
 */
export function addDeliveryAlarms(monitoring: PatternMonitoring, delivery: KinesisFirehoseDelivery, dataFreshnessThreshold: Duration): void {
  monitoring.addAlarm(delivery, 'DataFreshnessAlarm', {
    metric: delivery.metricDeliveryToS3DataFreshness(),
    threshold: dataFreshnessThreshold.toSeconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `Records waited ${dataFreshnessThreshold.toHumanString()} or more to be delivered to S3 (DeliveryToS3.DataFreshness): `
      + 'check DeliveryToS3.Success, the delivery error log group and the failure queue.',
  });
  monitoring.addAlarm(delivery, 'DeliverySuccessAlarm', {
    metric: delivery.metricDeliveryToS3Success(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: 'Firehose failed to put objects to S3 (DeliveryToS3.Success below 1). It retries for up to 24 hours and then drops the records: '
      + 'read the delivery error log group now (S3 permissions, KMS key, bucket policy).',
  });
  const throttledMinutes = THROTTLED_GET_RECORDS_PERIODS * (delivery.metricThrottledGetRecords().period.toMinutes());
  monitoring.addAlarm(delivery, 'ThrottledGetRecordsAlarm', {
    metric: delivery.metricThrottledGetRecords(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    evaluationPeriods: THROTTLED_GET_RECORDS_PERIODS,
    description: `Kinesis throttled Firehose reads from the source stream for ${throttledMinutes} minutes (ThrottledGetRecords): `
      + 'too many consumers share the stream\'s read capacity; add shards or move consumers to enhanced fan-out.',
  });
}

/** The delivery row and the S3 row of the pattern dashboard. */
export function addDeliveryWidgets(monitoring: PatternMonitoring, delivery: KinesisFirehoseDelivery): void {
  monitoring.addWidgetRow(
    graph('Delivery: records read from the stream and delivered to S3',
      [delivery.metricDataReadFromKinesisStreamRecords(), delivery.metricDeliveryToS3Records()]),
    graph('Delivery: data freshness (s, max)', [delivery.metricDeliveryToS3DataFreshness()]),
    graph('Delivery: S3 success ratio and throttled reads', [delivery.metricDeliveryToS3Success()], [delivery.metricThrottledGetRecords()]),
  );
  monitoring.addWidgetRow(
    graph('S3: objects in the bucket (daily)', [delivery.metricBucketNumberOfObjects({ label: 'AllStorageTypes' })]),
    graph('S3: bucket size in bytes (daily)', STORAGE_TYPES.map((storageType) => delivery.metricBucketSizeBytes(storageType, { label: storageType }))),
    graph('S3: bytes delivered by Firehose', [delivery.metricDeliveryToS3Bytes()]),
  );
}
