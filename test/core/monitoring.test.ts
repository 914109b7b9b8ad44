import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { graph, PatternMonitoring } from '../../src/core/monitoring';

function spec(queue: sqs.Queue) {
  return {
    metric: queue.metricApproximateNumberOfMessagesVisible(),
    threshold: 10,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    description: 'Too many messages',
  };
}

describe('PatternMonitoring.addAlarm', () => {
  test('creates the alarm in the given scope from the spec, one evaluation period by default', () => {
    const stack = new Stack();
    const queue = new sqs.Queue(stack, 'Queue');
    const alarm = new PatternMonitoring().addAlarm(queue, 'Alarm', spec(queue));

    expect(alarm.node.path).toBe('Default/Queue/Alarm');
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: Match.anyValue() }],
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'ignore',
      EvaluationPeriods: 1,
      AlarmDescription: 'Too many messages',
      AlarmActions: Match.absent(),
    });
  });

  test('evaluationPeriods and datapointsToAlarm', () => {
    const stack = new Stack();
    const queue = new sqs.Queue(stack, 'Queue');
    new PatternMonitoring().addAlarm(queue, 'Alarm', { ...spec(queue), evaluationPeriods: 5, datapointsToAlarm: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { EvaluationPeriods: 5, DatapointsToAlarm: 3 });
  });

  test('attaches every alarm action to every alarm and lists the alarms in order', () => {
    const stack = new Stack();
    const queue = new sqs.Queue(stack, 'Queue');
    const topicA = new sns.Topic(stack, 'A');
    const topicB = new sns.Topic(stack, 'B');
    const monitoring = new PatternMonitoring([new cloudwatchActions.SnsAction(topicA), new cloudwatchActions.SnsAction(topicB)]);
    const first = monitoring.addAlarm(queue, 'First', spec(queue));
    const second = monitoring.addAlarm(queue, 'Second', spec(queue));

    expect(monitoring.alarms).toEqual([first, second]);
    const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');
    for (const alarm of Object.values(alarms)) {
      expect(alarm.Properties.AlarmActions).toEqual([
        { Ref: stack.getLogicalId(topicA.node.defaultChild as sns.CfnTopic) },
        { Ref: stack.getLogicalId(topicB.node.defaultChild as sns.CfnTopic) },
      ]);
    }
  });

  test('alarms returns a copy that callers cannot change', () => {
    const stack = new Stack();
    const queue = new sqs.Queue(stack, 'Queue');
    const monitoring = new PatternMonitoring();
    monitoring.addAlarm(queue, 'Alarm', spec(queue));
    monitoring.alarms.pop();
    expect(monitoring.alarms).toHaveLength(1);
  });
});

describe('PatternMonitoring.createDashboard', () => {
  interface DashboardBody {
    readonly widgets: Array<{ type: string; properties: Record<string, unknown>; y: number }>;
  }

  function dashboardBody(build: (stack: Stack, monitoring: PatternMonitoring) => void): DashboardBody {
    const stack = new Stack();
    const monitoring = new PatternMonitoring();
    build(stack, monitoring);
    monitoring.createDashboard(stack, 'Dashboard', 'My pattern');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
    expect(dashboard.Properties.DashboardName).toBeUndefined();
    return JSON.parse(stack.resolve(dashboard.Properties.DashboardBody)['Fn::Join'][1]
      .map((part: unknown) => (typeof part === 'string' ? part : 'TOKEN')).join(''));
  }

  test('a title, then the alarm status, then the widget rows in order', () => {
    const body = dashboardBody((stack, monitoring) => {
      const queue = new sqs.Queue(stack, 'Queue');
      monitoring.addAlarm(queue, 'Alarm', spec(queue));
      monitoring.addWidgetRow(graph('Row one', [queue.metricNumberOfMessagesSent()]));
      monitoring.addWidgetRow(graph('Row two', [queue.metricNumberOfMessagesDeleted()]));
    });
    expect(body.widgets.map((w) => [w.type, (w.properties.title ?? w.properties.markdown)])).toEqual([
      ['text', '# My pattern'],
      ['alarm', 'Alarms'],
      ['metric', 'Row one'],
      ['metric', 'Row two'],
    ]);
    const ys = body.widgets.map((w) => w.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
  });

  test('no alarm status widget when the pattern has no alarms; empty rows are skipped', () => {
    const body = dashboardBody((stack, monitoring) => {
      const queue = new sqs.Queue(stack, 'Queue');
      monitoring.addWidgetRow();
      monitoring.addWidgetRow(graph('Only row', [queue.metricNumberOfMessagesSent()]));
    });
    expect(body.widgets.map((w) => w.type)).toEqual(['text', 'metric']);
  });
});
