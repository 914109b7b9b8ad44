import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { graph, PatternMonitoring } from '../core/monitoring';

const PERIOD = Duration.minutes(1);

/**
 * The processor's alarms, all on this function's own metrics: the mapping's iterator age (its
 * lag behind the stream, also for enhanced fan-out), errors, throttles and on-failure records
 * Lambda could not deliver (those records are lost). Missing data is not breaching: these
 * metrics only exist while records flow.
 */
export function addProcessorAlarms(
  monitoring: PatternMonitoring,
  scope: Construct,
  fn: lambda.IFunction,
  iteratorAgeThreshold: Duration,
): void {
  const alarms: Array<[id: string, metric: cloudwatch.IMetric, threshold: number, description: string]> = [
    ['IteratorAgeAlarm', fn.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD }), iteratorAgeThreshold.toMilliseconds(),
      `The function reads records ${iteratorAgeThreshold.toHumanString()} or more after they arrived (IteratorAge): it falls behind the stream.`],
    ['ErrorsAlarm', fn.metricErrors({ statistic: cloudwatch.Stats.SUM, period: PERIOD }), 1,
      'The record processor failed whole invocations (Errors); the batch is retried, bisected, then sent to the failure destination.'],
    ['ThrottlesAlarm', fn.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: PERIOD }), 1,
      'The record processor was throttled (Throttles): raise its reserved or account concurrency.'],
    ['DestinationDeliveryFailuresAlarm', fn.metric('DestinationDeliveryFailures', { statistic: cloudwatch.Stats.SUM, period: PERIOD }), 1,
      'Lambda could not deliver a failed batch to the on-failure destination (DestinationDeliveryFailures): those records are lost. Check the destination policy and key.'],
  ];
  for (const [id, metric, threshold, description] of alarms) {
    monitoring.addAlarm(scope, id, {
      metric,
      threshold,
      description,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** The mapping and function row on the dashboard. */
export function addProcessorWidgets(monitoring: PatternMonitoring, fn: lambda.IFunction): void {
  monitoring.addWidgetRow(
    graph('Mapping iterator age (ms, max)', [fn.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD })]),
    graph('Function invocations, errors, throttles', [
      fn.metricInvocations({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
      fn.metricErrors({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
      fn.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: PERIOD }),
    ]),
    graph('Function duration (ms)', [
      fn.metricDuration({ statistic: cloudwatch.Stats.p(99), period: PERIOD }),
      fn.metricDuration({ statistic: cloudwatch.Stats.AVERAGE, period: PERIOD }),
    ]),
  );
}
