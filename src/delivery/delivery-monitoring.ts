import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { KinesisFirehoseDelivery } from './kinesis-firehose-delivery';
import { DeliverySettings } from './settings';
import { addStalledConsumerAlarm } from '../core/consumer-monitoring';
import { graph, PatternMonitoring } from '../core/monitoring';

/** Consecutive 5-minute periods of throttled reads before the throttling alarm fires. */
export const THROTTLED_GET_RECORDS_PERIODS = 3;

/** The S3 storage classes the bucket's objects can be in with the default lifecycle. */
const STORAGE_TYPES = ['StandardStorage', 'IntelligentTieringFAStorage', 'IntelligentTieringIAStorage', 'IntelligentTieringAIAStorage'];

/** Consecutive 5-minute periods before the lag alarm and the failed-puts alarm fire. */
const SUSTAINED_PERIODS = 3;

/**
 * Small files with dynamic partitioning: in an hour, at least this many objects (a few dozen
 * partitions flushed every interval stay below it) ...
 */
const SMALL_OBJECTS_PER_HOUR = 1000;
/** ... that are this small on average: query engines spend more time opening them than reading. */
const SMALL_OBJECT_BYTES = 1024 * 1024;

/**
 * Alarms on the delivery stream, built from the pattern's metric methods (whose dimension is the
 * delivery stream NAME, not its ARN, which would match no metric). Missing data is not breaching:
 * Firehose only emits these metrics while records flow; a Firehose that stopped reading is caught
 * by the stalled-consumer alarm instead.
 */
export function addDeliveryAlarms(monitoring: PatternMonitoring, delivery: KinesisFirehoseDelivery, settings: DeliverySettings): void {
  const freshness = settings.dataFreshnessAlarmThreshold;
  monitoring.addAlarm(delivery, 'DataFreshnessAlarm', {
    metric: delivery.metricDeliveryToS3DataFreshness(),
    threshold: freshness.toSeconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `Records waited ${freshness.toHumanString()} or more to be delivered to S3 (DeliveryToS3.DataFreshness): `
      + 'check DeliveryToS3.Success, the delivery error log group and the failure queue.',
  });
  monitoring.addAlarm(delivery, 'DeliverySuccessAlarm', {
    metric: delivery.metricDeliveryToS3Success(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    evaluationPeriods: SUSTAINED_PERIODS,
    description: `Firehose failed to put objects to S3 for ${SUSTAINED_PERIODS * 5} minutes (DeliveryToS3.Success below 1). It retries for up to 24 hours `
      + 'and then drops the records: read the delivery error log group now (S3 permissions, KMS key, bucket policy).',
  });
  const lag = settings.millisBehindLatestAlarmThreshold;
  monitoring.addAlarm(delivery, 'MillisBehindLatestAlarm', {
    metric: delivery.metricKinesisMillisBehindLatest(),
    threshold: lag.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    evaluationPeriods: SUSTAINED_PERIODS,
    description: `Firehose read ${lag.toHumanString()} or more behind the newest record of the stream for ${SUSTAINED_PERIODS * 5} minutes `
      + '(KinesisMillisBehindLatest): records wait in the stream, whose retention deletes them if this goes on. Check ThrottledGetRecords and the source role.',
  });
  monitoring.addAlarm(delivery, 'ThrottledGetRecordsAlarm', {
    metric: delivery.metricThrottledGetRecords(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    evaluationPeriods: THROTTLED_GET_RECORDS_PERIODS,
    description: `Kinesis throttled Firehose reads from the source stream for ${THROTTLED_GET_RECORDS_PERIODS * 5} minutes (ThrottledGetRecords): `
      + 'too many consumers share the stream\'s read capacity; add shards or move consumers to enhanced fan-out.',
  });
  if (settings.partitionKeys) {
    monitoring.addAlarm(delivery, 'PartitionCountExceededAlarm', {
      metric: delivery.metricPartitionCountExceeded(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'The records of more partitions than the delivery stream\'s active-partition limit arrived (PartitionCountExceeded): the records of the '
        + 'new partitions go to the errors prefix (activePartitionExceeded). Use a partition key with fewer values, a longer prefix time unit, or ask for a higher limit.',
    });
    const hour = Duration.hours(1);
    monitoring.addAlarm(delivery, 'SmallObjectsAlarm', {
      metric: new cloudwatch.MathExpression({
        expression: `IF(objects >= ${SMALL_OBJECTS_PER_HOUR} AND bytes / objects < ${SMALL_OBJECT_BYTES}, 1, 0)`,
        usingMetrics: {
          objects: delivery.metricDeliveryToS3ObjectCount({ period: hour }),
          bytes: delivery.metricDeliveryToS3Bytes({ period: hour }),
        },
        label: 'Many small objects',
        period: hour,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `Firehose wrote ${SMALL_OBJECTS_PER_HOUR} or more objects in an hour, under 1 MiB each on average (DeliveryToS3.ObjectCount, `
        + 'DeliveryToS3.Bytes): the partition keys spread records over too many partitions for the buffer to fill, and queries slow down opening small '
        + 'files. Use a coarser partition key or a longer bufferingInterval.',
    });
  }
  addStalledConsumerAlarm(monitoring, delivery, {
    recordsRead: delivery.metricDataReadFromKinesisStreamRecords(),
    consumer: `the delivery stream ${delivery.deliveryStreamName}`,
  });
}

/** The delivery row and the S3 row of the pattern dashboard. */
export function addDeliveryWidgets(monitoring: PatternMonitoring, delivery: KinesisFirehoseDelivery, partitioned: boolean): void {
  monitoring.addWidgetRow(
    graph('Delivery: records read from the stream and delivered to S3',
      [delivery.metricDataReadFromKinesisStreamRecords(), delivery.metricDeliveryToS3Records()]),
    graph('Delivery: data freshness (s) and reading behind the stream (ms), max', [delivery.metricDeliveryToS3DataFreshness()],
      [delivery.metricKinesisMillisBehindLatest()]),
    graph('Delivery: S3 success ratio and throttled reads', [delivery.metricDeliveryToS3Success()], [delivery.metricThrottledGetRecords()]),
  );
  monitoring.addWidgetRow(
    graph('S3: objects in the bucket (daily)', [delivery.metricBucketNumberOfObjects({ label: 'AllStorageTypes' })]),
    graph('S3: bucket size in bytes (daily)', STORAGE_TYPES.map((storageType) => delivery.metricBucketSizeBytes(storageType, { label: storageType }))),
    graph('S3: bytes delivered by Firehose', [delivery.metricDeliveryToS3Bytes()]),
  );
  if (partitioned) {
    monitoring.addWidgetRow(
      graph('Partitions: active (max) and over the limit', [delivery.metricPartitionCount()], [delivery.metricPartitionCountExceeded()]),
      graph('Partitions: objects written (small files when many)', [delivery.metricDeliveryToS3ObjectCount()]),
    );
  }
}
