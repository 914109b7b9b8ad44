import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { AlarmTopic, KinesisFirehoseDelivery, KinesisIngestApi, KinesisLambdaProcessor, SampleProcessor } from '../../src';

interface Widget {
  readonly type: string;
  readonly properties: { title?: string; markdown?: string; alarms?: unknown[] };
}

/** The widgets of the stack's one dashboard, tokens replaced by 'TOKEN'. */
function widgetsOf(stack: Stack): Widget[] {
  const dashboards = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = stack.resolve(dashboards[0].Properties.DashboardBody);
  const json = typeof body === 'string' ? body : body['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : '"TOKEN"')).join('');
  return JSON.parse(json.replace(/""TOKEN""/g, '"TOKEN"')).widgets;
}

const titled = (widgets: Widget[], title: string) => widgets.filter((w) => w.properties.title === title);
const headings = (widgets: Widget[]) => widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown);

describe('patterns on one dashboard', () => {
  test('each pattern adds a titled section with its alarms; the shared stream\'s row appears once', () => {
    const stack = new Stack();
    const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard');
    const ingest = new KinesisIngestApi(stack, 'Ingest', { dashboard });
    const processor = new KinesisLambdaProcessor(stack, 'Processor', {
      existingStream: ingest.stream, functionProps: SampleProcessor.functionProps(), dashboard,
    });
    const delivery = new KinesisFirehoseDelivery(stack, 'Delivery', { existingStream: ingest.stream, dashboard });

    expect([ingest.dashboard, processor.dashboard, delivery.dashboard]).toEqual([dashboard, dashboard, dashboard]);
    const widgets = widgetsOf(stack);
    expect(headings(widgets)).toEqual([
      `## API Gateway -> Kinesis: ${ingest.node.path}`,
      `## Kinesis Lambda processor ${processor.node.path}`,
      `## Kinesis -> Firehose -> S3: ${delivery.node.path}`,
    ]);
    expect(titled(widgets, 'Alarms').map((w) => w.properties.alarms!.length))
      .toEqual([ingest.alarms.length, processor.alarms.length, delivery.alarms.length]);
    expect(titled(widgets, 'Stream incoming records and bytes')).toHaveLength(1);
  });

  test('on dashboards of their own, each pattern shows the stream', () => {
    const stack = new Stack();
    const ingest = new KinesisIngestApi(stack, 'Ingest');
    new KinesisFirehoseDelivery(stack, 'Delivery', { existingStream: ingest.stream });
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 2);
  });

  test.each([false, true])('dashboard with createDashboard %s is refused', (createDashboard) => {
    const stack = new Stack();
    const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard');
    expect(() => new KinesisIngestApi(stack, 'Ingest', { dashboard, createDashboard })).toThrow(
      `Default/Ingest (KinesisIngestApi): dashboard only applies when createDashboard is not set (got createDashboard ${createDashboard}): `
      + 'the pattern adds its section to dashboard instead of making its own.',
    );
  });

  test('a dashboard of another stack is refused', () => {
    const app = new App();
    const dashboard = new cloudwatch.Dashboard(new Stack(app, 'Monitoring'), 'Dashboard');
    expect(() => new KinesisFirehoseDelivery(new Stack(app, 'Pipeline'), 'Delivery', { dashboard })).toThrow(
      'Pipeline/Delivery (KinesisFirehoseDelivery): dashboard must be in the pattern\'s stack Pipeline (got a dashboard in Monitoring): '
      + 'the alarms and metrics of its section would become cross-stack references.',
    );
  });
});

describe('stream alarms', () => {
  const STREAM_METRICS = ['WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'GetRecords.IteratorAgeMilliseconds'];
  const streamAlarmsOf = (api: KinesisIngestApi) => api.alarms.filter((a) => ['WriteThrottledAlarm', 'ReadThrottledAlarm', 'IteratorAgeAlarm'].includes(a.node.id));
  const streamAlarmResources = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
    .filter((a) => STREAM_METRICS.includes(a.Properties.MetricName));

  test('two ingest APIs on one stream: the stream\'s alarms once, listed by both, notifying both APIs\' actions', () => {
    const stack = new Stack();
    const first = new KinesisIngestApi(stack, 'First', { alarmActions: [new AlarmTopic(stack, 'FirstTeam').alarmActions[0]] });
    const secondTeam = new AlarmTopic(stack, 'SecondTeam');
    const second = new KinesisIngestApi(stack, 'Second', { existingStream: first.stream, alarmActions: secondTeam.alarmActions });
    // The same action objects again (one AlarmTopic for two patterns) are attached once.
    new KinesisIngestApi(stack, 'Third', { existingStream: first.stream, alarmActions: secondTeam.alarmActions });

    expect(streamAlarmsOf(first).map((a) => a.node.path)).toEqual(['Default/First/WriteThrottledAlarm', 'Default/First/IteratorAgeAlarm', 'Default/First/ReadThrottledAlarm']);
    expect(streamAlarmsOf(second)).toEqual(streamAlarmsOf(first));
    const alarms = streamAlarmResources(stack);
    expect(alarms).toHaveLength(3);
    const topicIds = Object.keys(Template.fromStack(stack).findResources('AWS::SNS::Topic'));
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions.map((a: { Ref: string }) => a.Ref).sort()).toEqual(topicIds.sort());
    }
  });

  test('a stream imported twice by ARN is one stream; streams in two stacks are alarmed in each', () => {
    const app = new App();
    const stack = new Stack(app, 'Apis');
    const arn = 'arn:aws:kinesis:eu-west-1:123456789012:stream/events';
    new KinesisIngestApi(stack, 'First', { existingStream: kinesis.Stream.fromStreamArn(stack, 'Events1', arn) });
    new KinesisIngestApi(stack, 'Second', { existingStream: kinesis.Stream.fromStreamArn(stack, 'Events2', arn) });
    const other = new Stack(app, 'OtherApis');
    new KinesisIngestApi(other, 'Api', { existingStream: kinesis.Stream.fromStreamArn(other, 'Events', arn) });
    expect(streamAlarmResources(stack)).toHaveLength(3);
    expect(streamAlarmResources(other)).toHaveLength(3);
  });
});
