import { Duration, Stack } from 'aws-cdk-lib';
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

/** A stream's own alarms in one stack, and the alarm actions already attached to them. */
interface StreamAlarms {
  readonly alarms: cloudwatch.Alarm[];
  readonly actions: Set<cloudwatch.IAlarmAction>;
}

/**
 * The stream alarms of each stack, by stream ARN: a stream imported twice (`fromStreamArn` with
 * the same ARN) is the same stream. Kept per stack because the alarms live in the pattern's stack.
 */
const streamAlarmsByStack = new WeakMap<Stack, Map<string, StreamAlarms>>();

/**
 * The stream's own alarms (writes refused, reads refused, records waiting), once per stream and
 * stack: the first pattern that asks creates them in its scope; a later one (a second ingest API
 * on the stream) gets the same alarms, with its own `alarmActions` attached to them too, and lists
 * them in its `alarms` and its dashboard section. So two APIs on one stream neither pay for nor
 * send the same alarms twice, and each API's actions still hear about the stream.
 */
export function addStreamAlarmsOnce(monitoring: PatternMonitoring, scope: Construct, pattern: StreamingPattern): void {
  const stack = Stack.of(scope);
  const byStream = streamAlarmsByStack.get(stack) ?? new Map<string, StreamAlarms>();
  streamAlarmsByStack.set(stack, byStream);
  const key = pattern.stream.streamArn;
  const existing = byStream.get(key);
  if (existing) {
    monitoring.shareAlarms(existing.alarms, existing.actions);
    return;
  }
  const before = monitoring.alarms.length;
  addStreamWriteAlarms(monitoring, scope, pattern);
  addStreamReadAlarms(monitoring, scope, pattern);
  byStream.set(key, { alarms: monitoring.alarms.slice(before), actions: new Set(monitoring.actions) });
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
