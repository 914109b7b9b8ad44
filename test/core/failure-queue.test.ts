import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { allowEventBridgeToSend } from '../../src/core/failure-queue';
import { FailureQueueProps } from '../../src/core/failure-queue-props';
import { PatternMonitoring } from '../../src/core/monitoring';
import { expectNoNagFindings } from '../nag-harness';
import { newFailureQueue } from './test-pattern';

function build(props?: FailureQueueProps, monitoring = new PatternMonitoring()) {
  const stack = new Stack();
  const failureQueue = newFailureQueue(stack, 'Failures', monitoring, props);
  return { stack, failureQueue, monitoring };
}

describe('FailureQueue defaults', () => {
  const { stack, failureQueue, monitoring } = build();
  const template = Template.fromStack(stack);
  const queueLogicalId = stack.getLogicalId(failureQueue.queue.node.defaultChild as sqs.CfnQueue);

  test('encrypts with a new customer managed key that rotates', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FailuresKey'), 'Arn'] },
    });
  });

  test('keeps messages 14 days', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 1209600 });
  });

  test('denies any request that does not use TLS', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
  });

  test('alarms on any visible message, on the queue itself, not breaching on missing data', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueLogicalId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      EvaluationPeriods: 1,
    });
  });

  test('alarms when the oldest message is 7 days old', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueLogicalId, 'QueueName'] } }],
      Threshold: 604800,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('registers both alarms with the pattern monitoring, built from its metric methods', () => {
    const stackOf = (metric: object) => JSON.stringify(stack.resolve(metric));
    expect(monitoring.alarms.map((alarm) => stackOf(alarm.metric))).toEqual([
      stackOf(failureQueue.metricMessagesVisible()),
      stackOf(failureQueue.metricAgeOfOldestMessage()),
    ]);
  });

  test('keeps the queue and its key when they leave the stack', () => {
    template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('acknowledges the two dead-letter-queue rules on the queue alone, with a reason', () => {
    const queue = template.findResources('AWS::SQS::Queue');
    const metadata = Object.values(queue)[0].Metadata;
    expect(metadata.cdk_nag.rules_to_suppress).toEqual([
      { id: 'AwsSolutions-SQS3', reason: expect.stringMatching(/dead-letter destination/) },
      { id: 'Serverless-SQSRedrivePolicy', reason: expect.stringMatching(/dead-letter destination/) },
    ]);
    for (const other of ['AWS::KMS::Key', 'AWS::SQS::QueuePolicy', 'AWS::CloudWatch::Alarm']) {
      for (const resource of Object.values(template.findResources(other))) {
        expect(resource.Metadata?.cdk_nag).toBeUndefined();
      }
    }
  });
});

describe('FailureQueue props', () => {
  test('encryptionKey replaces the generated key', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'MyKey');
    newFailureQueue(stack, 'Failures', new PatternMonitoring(), { encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] },
    });
  });

  test('retentionPeriod and ageOfOldestMessageAlarmThreshold', () => {
    const { stack } = build({ retentionPeriod: Duration.days(4), ageOfOldestMessageAlarmThreshold: Duration.days(2) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 345600 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 172800,
    });
  });

  test('alarm actions of the pattern are attached to both alarms', () => {
    const stack = new Stack();
    const topic = new sns.Topic(stack, 'Topic');
    newFailureQueue(stack, 'Failures', new PatternMonitoring([new cloudwatchActions.SnsAction(topic)]));
    const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms)).toHaveLength(2);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }]);
    }
  });

  test('two failure queues in one stack do not collide', () => {
    const stack = new Stack();
    const monitoring = new PatternMonitoring();
    newFailureQueue(stack, 'A', monitoring);
    newFailureQueue(stack, 'B', monitoring);
    const queues = Template.fromStack(stack).findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    for (const queue of Object.values(queues)) {
      expect(queue.Properties.QueueName).toBeUndefined();
    }
  });
});

describe('FailureQueue validation', () => {
  test.each([Duration.seconds(59), Duration.days(15)])('retentionPeriod %p', (retentionPeriod) => {
    expect(() => build({ retentionPeriod, ageOfOldestMessageAlarmThreshold: Duration.minutes(5) }))
      .toThrow(/^Default \(Stack\): failureQueueProps.retentionPeriod must be whole seconds from 60 to 1209600 \(got .+ seconds\)\.$/);
  });

  test('ageOfOldestMessageAlarmThreshold not shorter than retentionPeriod', () => {
    expect(() => build({ retentionPeriod: Duration.days(2), ageOfOldestMessageAlarmThreshold: Duration.days(2) }))
      .toThrow('Default (Stack): failureQueueProps.ageOfOldestMessageAlarmThreshold must be at least 5 minutes and shorter than failureQueueProps.retentionPeriod (2 days) (got 2 days).');
  });

  test('ageOfOldestMessageAlarmThreshold under 5 minutes', () => {
    expect(() => build({ ageOfOldestMessageAlarmThreshold: Duration.minutes(4) }))
      .toThrow('Default (Stack): failureQueueProps.ageOfOldestMessageAlarmThreshold must be at least 5 minutes and shorter than failureQueueProps.retentionPeriod (14 days) (got 4 minutes).');
  });
});

test('cdk-nag AwsSolutions and Serverless report nothing unacknowledged', () => {
  expectNoNagFindings(build().stack);
});

describe('allowEventBridgeToSend', () => {
  test('the queue policy allows one rule; the key policy allows EventBridge without a source condition, as AWS documents it', () => {
    const { stack, failureQueue } = build();
    allowEventBridgeToSend(failureQueue, 'arn:aws:events:eu-west-1:111122223333:rule/r');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:111122223333:rule/r' } },
        })]),
      },
    });
    const keyStatements = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    expect(keyStatements).toContainEqual({
      Sid: 'AllowEventBridgeToSendFailureNotices',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Principal: { Service: 'events.amazonaws.com' },
      Resource: '*',
    });
  });

  test('an imported key: a warning with the statement to add', () => {
    const stack = new Stack();
    const encryptionKey = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:111122223333:key/abc');
    const failureQueue = newFailureQueue(stack, 'Failures', new PatternMonitoring(), { encryptionKey });
    allowEventBridgeToSend(failureQueue, 'arn:aws:events:eu-west-1:111122223333:rule/r');
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('EventBridge cannot send to the failure queue'));
  });
});
