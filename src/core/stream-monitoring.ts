import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { graph, PatternMonitoring } from './monitoring';

const PERIOD = Duration.minutes(1);

/** Alarm thresholds of the stream alarms, from the seed solution. */
export const STREAM_ALARM_DEFAULTS = {
  /** GetRecords.IteratorAgeMilliseconds maximum that means consumers fall behind. */
  iteratorAge: Duration.minutes(1),
};

/**
 * Alarms on the producer side of a stream: writes refused because the stream is at capacity.
 * Missing data is not breaching: the metric only exists while someone writes.
 */
export function addStreamWriteAlarms(monitoring: PatternMonitoring, scope: Construct, stream: kinesis.IStream): cloudwatch.Alarm[] {
  return [
    monitoring.addAlarm(scope, 'WriteThrottledAlarm', {
      metric: stream.metricWriteProvisionedThroughputExceeded({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `Kinesis refused writes to stream ${stream.streamName} (WriteProvisionedThroughputExceeded). Add shards or switch to ON_DEMAND.`,
    }),
  ];
}

/**
 * Alarms on the consumer side of a stream: records waiting longer than `iteratorAge` and reads
 * refused because the stream is at capacity. Missing data is not breaching: both metrics only
 * exist while someone reads.
 */
export function addStreamReadAlarms(
  monitoring: PatternMonitoring,
  scope: Construct,
  stream: kinesis.IStream,
  iteratorAge: Duration = STREAM_ALARM_DEFAULTS.iteratorAge,
): cloudwatch.Alarm[] {
  return [
    monitoring.addAlarm(scope, 'IteratorAgeAlarm', {
      metric: stream.metricGetRecordsIteratorAgeMilliseconds({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD }),
      threshold: iteratorAge.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `Records in stream ${stream.streamName} waited ${iteratorAge.toHumanString()} or more to be read (GetRecords.IteratorAgeMilliseconds): consumers fall behind.`,
    }),
    monitoring.addAlarm(scope, 'ReadThrottledAlarm', {
      metric: stream.metricReadProvisionedThroughputExceeded({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `Kinesis throttled reads from stream ${stream.streamName} (ReadProvisionedThroughputExceeded). Add shards or use enhanced fan-out.`,
    }),
  ];
}

/** The stream's row on a pattern dashboard: traffic in, consumer lag, throttling. */
export function addStreamWidgets(monitoring: PatternMonitoring, stream: kinesis.IStream): void {
  monitoring.addWidgetRow(
    graph('Stream incoming records and bytes',
      [stream.metricIncomingRecords({ statistic: cloudwatch.Stats.SUM, period: PERIOD })],
      [stream.metricIncomingBytes({ statistic: cloudwatch.Stats.SUM, period: PERIOD })]),
    graph('Stream iterator age (ms, max)',
      [stream.metricGetRecordsIteratorAgeMilliseconds({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD })]),
    graph('Stream throttling',
      [
        stream.metricWriteProvisionedThroughputExceeded({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
        stream.metricReadProvisionedThroughputExceeded({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
      ]),
  );
}
