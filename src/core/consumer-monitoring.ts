import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { PatternMonitoring } from './monitoring';
import { StreamingPattern } from './streaming-pattern';

/** The period of the stalled-consumer alarm, and how many in a row make it fire. */
const PERIOD = Duration.minutes(5);
const PERIODS = 3;

/** What a pattern reads the stream with, to tell when it stops reading. */
export interface StreamConsumerMetric {
  /** Records the consumer took from the stream (or a rate of them): 0 or missing while it reads nothing. */
  readonly recordsRead: cloudwatch.IMetric;
  /** The consumer, for the alarm's description. */
  readonly consumer: string;
}

/**
 * An alarm for a consumer that stopped: records keep arriving on the stream and the consumer reads
 * none of them for 15 minutes (stopped, failing to start, denied by a role or key, stuck). Its
 * metrics are missing in that state, so each alarm on them alone stays quiet; this one fills the
 * consumer's missing data with 0 against the stream's incoming records. An idle stream is not a
 * stall: without incoming records there is no data and the alarm stays OK.
 */
export function addStalledConsumerAlarm(monitoring: PatternMonitoring, pattern: StreamingPattern, consumer: StreamConsumerMetric): void {
  monitoring.addAlarm(pattern, 'StalledConsumerAlarm', {
    metric: new cloudwatch.MathExpression({
      expression: 'IF(FILL(incoming, 0) > 0 AND FILL(read, 0) == 0, 1, 0)',
      usingMetrics: {
        incoming: pattern.metricIncomingRecords({ period: PERIOD }),
        read: consumer.recordsRead,
      },
      label: 'Records arrived, none read',
      period: PERIOD,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    evaluationPeriods: PERIODS,
    description: `Records arrived on stream ${pattern.stream.streamName} for ${PERIODS * PERIOD.toMinutes()} minutes and ${consumer.consumer} read none of them: `
      + 'it is stopped or stuck, and the stream deletes unread records when its retention ends. Check that it runs and read its logs.',
  });
}
