import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { graph, PatternMonitoring } from './monitoring';
import { StreamingPattern } from './streaming-pattern';

/** How long records may wait in the stream before the read alarm fires (as in the AWS solution). */
export const DEFAULT_ITERATOR_AGE_ALARM_THRESHOLD = Duration.minutes(1);

/**
 * Alarms on the producer side of a stream: writes refused because the stream is at capacity.
 * Missing data is not breaching: the metric only exists while someone writes.
 */
export function addStreamWriteAlarms(monitoring: PatternMonitoring, scope: Construct, pattern: StreamingPattern): void {
  monitoring.addAlarm(scope, 'WriteThrottledAlarm', {
    metric: pattern.metricWriteProvisionedThroughputExceeded(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `Kinesis refused writes to stream ${pattern.stream.streamName} (WriteProvisionedThroughputExceeded). Add shards or switch to ON_DEMAND.`,
  });
}

/**
 * Alarms on the consumer side of a stream: records waiting `iteratorAge` or more and reads
 * refused because the stream is at capacity. Missing data is not breaching: both metrics only
 * exist while someone reads.
 */
export function addStreamReadAlarms(
  monitoring: PatternMonitoring,
  scope: Construct,
  pattern: StreamingPattern,
  iteratorAge: Duration = DEFAULT_ITERATOR_AGE_ALARM_THRESHOLD,
): void {
  const streamName = pattern.stream.streamName;
  monitoring.addAlarm(scope, 'IteratorAgeAlarm', {
    metric: pattern.metricGetRecordsIteratorAgeMilliseconds(),
    threshold: iteratorAge.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `Records in stream ${streamName} waited ${iteratorAge.toHumanString()} or more to be read (GetRecords.IteratorAgeMilliseconds): consumers fall behind.`,
  });
  monitoring.addAlarm(scope, 'ReadThrottledAlarm', {
    metric: pattern.metricReadProvisionedThroughputExceeded(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `Kinesis throttled reads from stream ${streamName} (ReadProvisionedThroughputExceeded). Add shards or use enhanced fan-out.`,
  });
}

/** The streams whose alarms a pattern already created. */
const alarmedStreams = new WeakSet<object>();

/**
 * The stream's own alarms (writes refused, reads refused, records waiting): once per stream, by
 * the first pattern that adds them, so that two patterns on one stream (two ingest APIs) do not
 * pay for and notify the same alarms twice. A stream is recognised by its `IStream` object.
 * Returns false when the stream already had them.
 */
export function addStreamAlarmsOnce(monitoring: PatternMonitoring, scope: Construct, pattern: StreamingPattern): boolean {
  if (alarmedStreams.has(pattern.stream)) {
    return false;
  }
  alarmedStreams.add(pattern.stream);
  addStreamWriteAlarms(monitoring, scope, pattern);
  addStreamReadAlarms(monitoring, scope, pattern);
  return true;
}

/** The stream's row on a pattern dashboard: traffic in, consumer lag, throttling. */
export function addStreamWidgets(monitoring: PatternMonitoring, pattern: StreamingPattern, fanOutConsumerName?: string): void {
  // GetRecords.IteratorAgeMilliseconds stays empty for a consumer that reads with SubscribeToShard
  // (enhanced fan-out): Kinesis reports its lag as SubscribeToShardEvent.MillisBehindLatest.
  // https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html
  const lag = fanOutConsumerName === undefined
    ? graph('Stream iterator age (ms, max)', [pattern.metricGetRecordsIteratorAgeMilliseconds()])
    : graph('Stream iterator age and the fan-out consumer\'s lag (ms, max)', [
      pattern.metricGetRecordsIteratorAgeMilliseconds(),
      new cloudwatch.Metric({
        namespace: 'AWS/Kinesis',
        metricName: 'SubscribeToShardEvent.MillisBehindLatest',
        dimensionsMap: { StreamName: pattern.stream.streamName, ConsumerName: fanOutConsumerName },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(1),
        label: 'SubscribeToShardEvent.MillisBehindLatest',
      }),
    ]);
  const row = [
    graph('Stream incoming records and bytes', [pattern.metricIncomingRecords()], [pattern.metricIncomingBytes()]),
    lag,
    graph('Stream throttling', [pattern.metricWriteProvisionedThroughputExceeded(), pattern.metricReadProvisionedThroughputExceeded()]),
  ];
  // The stream's row is the same for every polling pattern on it: once per dashboard. A fan-out
  // consumer's row has its own lag, so it is the pattern's own.
  if (fanOutConsumerName === undefined) monitoring.addSharedWidgetRow(pattern.stream, ...row);
  else monitoring.addWidgetRow(...row);
}
