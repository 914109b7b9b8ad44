import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { PatternMonitoring } from '../../src/core/monitoring';
import { createOrUseStream } from '../../src/core/stream';
import { addStreamReadAlarms, addStreamWidgets, addStreamWriteAlarms } from '../../src/core/stream-monitoring';

function setup() {
  const stack = new Stack();
  const stream = createOrUseStream(stack, 'Stream', {});
  const monitoring = new PatternMonitoring();
  const streamDimension = [{ Name: 'StreamName', Value: { Ref: stack.getLogicalId((stream as kinesis.Stream).node.defaultChild as kinesis.CfnStream) } }];
  return { stack, stream, monitoring, streamDimension };
}

test('write alarm: any WriteProvisionedThroughputExceeded on this stream, per minute', () => {
  const { stack, stream, monitoring, streamDimension } = setup();
  const alarms = addStreamWriteAlarms(monitoring, stack, stream);
  expect(monitoring.alarms).toEqual(alarms);
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/Kinesis',
    MetricName: 'WriteProvisionedThroughputExceeded',
    Dimensions: streamDimension,
    Statistic: 'Sum',
    Period: 60,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });
});

test('read alarms: iterator age of 60 s (the seed threshold) and read throttling on this stream', () => {
  const { stack, stream, monitoring, streamDimension } = setup();
  const alarms = addStreamReadAlarms(monitoring, stack, stream);
  expect(alarms).toHaveLength(2);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'GetRecords.IteratorAgeMilliseconds',
    Dimensions: streamDimension,
    Statistic: 'Maximum',
    Threshold: 60000,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'ReadProvisionedThroughputExceeded',
    Dimensions: streamDimension,
    Statistic: 'Sum',
    Threshold: 1,
    TreatMissingData: 'notBreaching',
  });
});

test('read alarms: iterator age threshold', () => {
  const { stack, stream, monitoring } = setup();
  addStreamReadAlarms(monitoring, stack, stream, Duration.minutes(5));
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'GetRecords.IteratorAgeMilliseconds',
    Threshold: 300000,
  });
});

test('alarms on an existing stream use its name as the dimension', () => {
  const stack = new Stack();
  const stream = kinesis.Stream.fromStreamArn(stack, 'Existing', 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
  addStreamReadAlarms(new PatternMonitoring(), stack, stream);
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'GetRecords.IteratorAgeMilliseconds',
    Dimensions: [{ Name: 'StreamName', Value: 'clicks' }],
  });
});

test('stream widgets: traffic, lag and throttling of this stream', () => {
  const { stack, stream, monitoring } = setup();
  addStreamWidgets(monitoring, stream);
  monitoring.createDashboard(stack, 'Dashboard', 'Stream');
  const body = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  for (const metric of ['IncomingRecords', 'IncomingBytes', 'GetRecords.IteratorAgeMilliseconds', 'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded']) {
    expect(body).toContain(`"${metric}\\",\\"StreamName\\"`);
  }
});
