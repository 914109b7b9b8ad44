import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { TestPattern } from './test-pattern';
import { addStreamReadAlarms, addStreamWidgets, addStreamWriteAlarms } from '../../src/core/stream-monitoring';

function setup() {
  const stack = new Stack();
  const pattern = new TestPattern(stack, 'Pattern');
  const monitoring = pattern.monitoring;
  const streamDimension = [{ Name: 'StreamName', Value: { Ref: stack.getLogicalId((pattern.stream as kinesis.Stream).node.defaultChild as kinesis.CfnStream) } }];
  return { stack, pattern, monitoring, streamDimension };
}

test('write alarm: any WriteProvisionedThroughputExceeded on this stream, per minute', () => {
  const { stack, pattern, monitoring, streamDimension } = setup();
  addStreamWriteAlarms(monitoring, pattern, pattern);
  expect(monitoring.alarms).toHaveLength(1);
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

test('read alarms: iterator age of 60 s (as the AWS solution) and read throttling on this stream', () => {
  const { stack, pattern, monitoring, streamDimension } = setup();
  addStreamReadAlarms(monitoring, pattern, pattern);
  expect(monitoring.alarms).toHaveLength(2);
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
  const { stack, pattern, monitoring } = setup();
  addStreamReadAlarms(monitoring, pattern, pattern, Duration.minutes(5));
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'GetRecords.IteratorAgeMilliseconds',
    Threshold: 300000,
  });
});

test('alarms on an existing stream use its name as the dimension', () => {
  const stack = new Stack();
  const stream = kinesis.Stream.fromStreamArn(stack, 'Existing', 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
  const pattern = new TestPattern(stack, 'Pattern', { existingStream: stream });
  addStreamReadAlarms(pattern.monitoring, pattern, pattern);
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'GetRecords.IteratorAgeMilliseconds',
    Dimensions: [{ Name: 'StreamName', Value: 'clicks' }],
  });
});

test('stream widgets: traffic, lag and throttling of this stream', () => {
  const { stack, pattern, monitoring } = setup();
  addStreamWidgets(monitoring, pattern);
  monitoring.createDashboard(stack, 'Dashboard', 'Stream');
  const body = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  for (const metric of ['IncomingRecords', 'IncomingBytes', 'GetRecords.IteratorAgeMilliseconds', 'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded']) {
    expect(body).toContain(`"${metric}\\",\\"StreamName\\"`);
  }
});
