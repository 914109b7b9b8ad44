import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { KinesisLambdaProcessor } from './kinesis-lambda-processor';
import { addStalledConsumerAlarm } from '../core/consumer-monitoring';
import { graph, PatternMonitoring } from '../core/monitoring';

/**
 * The processor's alarms, built from its metric methods (the function's own metrics): the
 * mapping's iterator age (its lag behind the stream, also for enhanced fan-out), errors, throttles
 * and on-failure records Lambda could not deliver (those records are lost). Missing data is not
 * breaching: these metrics only exist while records flow. A mapping that stopped (disabled,
 * denied by a role or a key, throttled throughout) emits none of them: the stalled-consumer alarm
 * compares the stream's incoming records with the function's invocations for that.
 */
export function addProcessorAlarms(
  monitoring: PatternMonitoring,
  processor: KinesisLambdaProcessor,
  iteratorAgeThreshold: Duration,
  filtered: boolean,
): void {
  const alarms: Array<[id: string, metric: cloudwatch.IMetric, threshold: number, description: string]> = [
    ['IteratorAgeAlarm', processor.metricIteratorAge(), iteratorAgeThreshold.toMilliseconds(),
      `The function reads records ${iteratorAgeThreshold.toHumanString()} or more after they arrived (IteratorAge): it falls behind the stream.`],
    ['ErrorsAlarm', processor.metricErrors(), 1,
      'The record processor failed whole invocations (Errors; the sample processor fails one when the first record of its batch fails): the batch is '
      + 'retried, bisected, then sent to the failure destination. Read the function\'s log group.'],
    ['ThrottlesAlarm', processor.metricThrottles(), 1,
      'The record processor was throttled (Throttles): raise its reserved or account concurrency.'],
    ['DestinationDeliveryFailuresAlarm', processor.metricDestinationDeliveryFailures(), 1,
      'Lambda could not deliver a failed batch to the on-failure destination (DestinationDeliveryFailures): those records are lost. Check the destination policy and key.'],
  ];
  for (const [id, metric, threshold, description] of alarms) {
    monitoring.addAlarm(processor, id, {
      metric,
      threshold,
      description,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
  if (!filtered) {
    // With filters, records that match none arrive and invoke nothing, by design.
    addStalledConsumerAlarm(monitoring, processor, {
      recordsRead: processor.metricInvocations({ period: Duration.minutes(5) }),
      consumer: 'the record processor\'s event source mapping',
    });
  }
}

/** The mapping and function row on the dashboard. */
export function addProcessorWidgets(monitoring: PatternMonitoring, processor: KinesisLambdaProcessor): void {
  monitoring.addWidgetRow(
    graph('Mapping iterator age (ms, max)', [processor.metricIteratorAge()]),
    graph('Function invocations, errors, throttles', [processor.metricInvocations(), processor.metricErrors(), processor.metricThrottles()]),
    graph('Function duration (ms)', [processor.metricDuration(), processor.metricDuration({ statistic: cloudwatch.Stats.AVERAGE })]),
  );
}
