import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { KinesisFirehoseDelivery, KinesisIngestApi, KinesisLambdaProcessor, SampleProcessor } from '../../src';

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

  test('dashboard with createDashboard false is refused', () => {
    const stack = new Stack();
    const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard');
    expect(() => new KinesisIngestApi(stack, 'Ingest', { dashboard, createDashboard: false })).toThrow(
      'Default/Ingest (KinesisIngestApi): Provide either dashboard or createDashboard false, not both: dashboard is the one the pattern adds its widgets to.',
    );
  });
});

describe('stream alarms', () => {
  test('two ingest APIs on one stream: the stream\'s alarms once, by the first', () => {
    const stack = new Stack();
    const first = new KinesisIngestApi(stack, 'First');
    const second = new KinesisIngestApi(stack, 'Second', { existingStream: first.stream });
    const streamAlarms = (api: KinesisIngestApi) => api.alarms
      .map((a) => a.node.id)
      .filter((id) => ['WriteThrottledAlarm', 'ReadThrottledAlarm', 'IteratorAgeAlarm'].includes(id));
    expect(streamAlarms(first)).toEqual(['WriteThrottledAlarm', 'IteratorAgeAlarm', 'ReadThrottledAlarm']);
    expect(streamAlarms(second)).toEqual([]);
    const watched = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties.MetricName)
      .filter((m) => ['WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'GetRecords.IteratorAgeMilliseconds'].includes(m));
    expect(watched.sort()).toEqual(['GetRecords.IteratorAgeMilliseconds', 'ReadProvisionedThroughputExceeded', 'WriteProvisionedThroughputExceeded']);
  });
});
