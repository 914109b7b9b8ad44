import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { KinesisLambdaProcessor } from './kinesis-lambda-processor';
import { graph, PatternMonitoring } from '../core/monitoring';

/**
 * The processor's alarms, built from its metric methods (the function's own metrics): the
 * mapping's iterator age (its lag behind the stream, also for enhanced fan-out), errors, throttles
 * and on-failure records Lambda could not deliver (those records are lost). Missing data is not
 * breaching: these metrics only exist while records flow.
 */
export function addProcessorAlarms(monitoring: PatternMonitoring, processor: KinesisLambdaProcessor, iteratorAgeThreshold: Duration): void {
  const alarms: Array<[id: string, metric: cloudwatch.IMetric, threshold: number, description: string]> = [
    ['IteratorAgeAlarm', processor.metricIteratorAge(), iteratorAgeThreshold.toMilliseconds(),
      `The function reads records ${iteratorAgeThreshold.toHumanString()} or more after they arrived (IteratorAge): it falls behind the stream.`],
    ['ErrorsAlarm', processor.metricErrors(), 1,
      'The record processor failed whole invocations (Errors); the batch is retried, bisected, then sent to the failure destination.'],
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
}

/** The mapping and function row on the dashboard. */
export function addProcessorWidgets(monitoring: PatternMonitoring, processor: KinesisLambdaProcessor): void {
  monitoring.addWidgetRow(
    graph('Mapping iterator age (ms, max)', [processor.metricIteratorAge()]),
    graph('Function invocations, errors, throttles', [processor.metricInvocations(), processor.metricErrors(), processor.metricThrottles()]),
    graph('Function duration (ms)', [processor.metricDuration(), processor.metricDuration({ statistic: cloudwatch.Stats.AVERAGE })]),
  );
}
