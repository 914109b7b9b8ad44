import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FlinkCode, FlinkRuntime, KinesisFlinkAnalytics } from '../../src';

// The metrics, statistics and dimensions of the application alarms and dashboard, as Managed
// Service for Apache Flink documents them (metrics-dimensions and monitoring-metrics-alarms pages).

type Json = Record<string, any>;
const CODE = FlinkCode.fromAsset(path.join(__dirname, '../../integ/assets/flink-placeholder'));

function synth(runtime: FlinkRuntime) {
  const stack = new Stack();
  const pattern = new KinesisFlinkAnalytics(stack, 'Analytics', { code: CODE, runtime });
  const template = Template.fromStack(stack);
  const appId = stack.getLogicalId(pattern.application);
  return { template, appId, application: { Name: 'Application', Value: { Ref: appId } } };
}

function alarmsById(template: Template): Record<string, Json> {
  return Object.fromEntries(Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([id, a]) => [id, a.Properties]));
}

function alarmByIdPrefix(template: Template, prefix: string): Json {
  const found = Object.entries(alarmsById(template)).filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0][1];
}

/** The alarm metrics of `RATE(m) > 0` on the Average of a counter with only the Application dimension. */
function rateOf(metricName: string, label: string, application: Json): Json[] {
  return [
    { Expression: 'RATE(m)', Id: 'expr_1', Label: label, ReturnData: true },
    {
      Id: 'm',
      MetricStat: {
        Metric: { Dimensions: [application], MetricName: metricName, Namespace: 'AWS/KinesisAnalytics' },
        Period: 60,
        Stat: 'Average',
      },
      ReturnData: false,
    },
  ];
}

function dashboardBody(template: Template): string {
  return JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
}

describe('Flink 1.20 alarms', () => {
  const { template, application } = synth(FlinkRuntime.FLINK_1_20);

  test('failed checkpoints: RATE of the Average over a minute, above 0', () => {
    const alarm = alarmByIdPrefix(template, 'AnalyticsFailedCheckpointsAlarm');
    expect(alarm.Metrics).toEqual(rateOf('numberOfFailedCheckpoints', 'Failed checkpoints per second', application));
    expect(alarm).toEqual(expect.objectContaining({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 }));
    expect(alarm.MetricName).toBeUndefined();
  });

  test('downtime above 0 on the Application dimension, and no restart-count alarm', () => {
    const alarm = alarmByIdPrefix(template, 'AnalyticsDowntimeAlarm');
    expect(alarm).toEqual(expect.objectContaining({
      Namespace: 'AWS/KinesisAnalytics', MetricName: 'downtime', Dimensions: [application], Statistic: 'Maximum', Period: 60, Threshold: 0,
    }));
    expect(Object.keys(alarmsById(template)).filter((id) => id.startsWith('AnalyticsRestartsAlarm'))).toEqual([]);
  });

  test('lag: millisBehindLatest, Maximum over a minute, Application, Flow and Id dimensions', () => {
    const alarm = alarmByIdPrefix(template, 'AnalyticsMillisBehindLatestAlarm');
    expect(alarm).toEqual(expect.objectContaining({ MetricName: 'millisBehindLatest', Statistic: 'Maximum', Period: 60, Threshold: 60000 }));
    expect(alarm.Dimensions.map((d: Json) => d.Name)).toEqual(['Application', 'Flow', 'Id']);
    expect(alarm.Dimensions[0]).toEqual(application);
    expect(alarm.Dimensions[1]).toEqual({ Name: 'Flow', Value: 'Input' });
  });
});

describe('Flink 2.2 alarms', () => {
  const { template, appId, application } = synth(FlinkRuntime.FLINK_2_2);

  test('restarts replace downtime: RATE(numRestarts) of the Average over a minute, above 0', () => {
    const alarm = alarmByIdPrefix(template, 'AnalyticsRestartsAlarm');
    expect(alarm.Metrics).toEqual(rateOf('numRestarts', 'Restarts per second', application));
    expect(alarm).toEqual(expect.objectContaining({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }));
    expect(Object.keys(alarmsById(template)).filter((id) => id.startsWith('AnalyticsDowntimeAlarm'))).toEqual([]);
  });

  test('failed checkpoints are watched the same way as on 1.20', () => {
    expect(alarmByIdPrefix(template, 'AnalyticsFailedCheckpointsAlarm').Metrics)
      .toEqual(rateOf('numberOfFailedCheckpoints', 'Failed checkpoints per second', application));
  });

  test('the dashboard graphs the restart rate, not uptime or downtime', () => {
    const body = dashboardBody(template);
    // The widget's default statistic is Average, as in the alarm.
    expect(body).toContain('[{\\"label\\":\\"Restarts per second\\",\\"expression\\":\\"RATE(m)\\",\\"period\\":60}],'
      + `[\\"AWS/KinesisAnalytics\\",\\"numRestarts\\",\\"Application\\",\\"",{"Ref":"${appId}"},"\\",{\\"id\\":\\"m\\",\\"visible\\":false,\\"period\\":60}]`);
    expect(body).not.toContain('\\"uptime\\"');
    expect(body).not.toContain('\\"downtime\\"');
  });
});

describe('dashboard', () => {
  test.each([FlinkRuntime.FLINK_1_20, FlinkRuntime.FLINK_2_2])('%s: KPUs graphed as the Maximum per hour', (runtime) => {
    const body = dashboardBody(synth(runtime).template);
    expect(body).toMatch(/\\"KPUs\\",\\"Application\\",\\"",\{"Ref":"Analytics[A-Za-z0-9]+"\},"\\",\{\\"period\\":3600,\\"stat\\":\\"Maximum\\"\}/);
  });
});
