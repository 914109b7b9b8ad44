import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PatternMonitoring } from '../../src/core/monitoring';
import { ObjectCreatedNotices } from '../../src/core/object-created-notices';
import { expectNoNagFindings } from '../nag-harness';
import { newFailureQueue } from './test-pattern';

function setup(bucketFor: (stack: Stack) => s3.IBucket, keyPrefix?: string) {
  const stack = new Stack();
  const monitoring = new PatternMonitoring();
  const failureQueue = newFailureQueue(stack, 'FailureQueue', monitoring);
  const bucket = bucketFor(stack);
  const notices = new ObjectCreatedNotices(stack, 'Notices', { bucket, keyPrefix, failureQueue, monitoring });
  return { stack, monitoring, failureQueue, bucket, notices };
}

const ownBucket = (stack: Stack) => new s3.Bucket(stack, 'Bucket', { enforceSSL: true });

test('turns on EventBridge on a bucket of this app, keeping its other notification settings', () => {
  const { stack } = setup((s) => {
    const bucket = ownBucket(s);
    (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      topicConfigurations: [{ event: 's3:ObjectRemoved:*', topic: 'arn:aws:sns:eu-west-1:111122223333:removed' }],
    };
    return bucket;
  });
  Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
    NotificationConfiguration: {
      EventBridgeConfiguration: { EventBridgeEnabled: true },
      TopicConfigurations: [{ Event: 's3:ObjectRemoved:*', Topic: 'arn:aws:sns:eu-west-1:111122223333:removed' }],
    },
  });
});

test('a rule for objects created in that bucket under the prefix, targeting the failure queue', () => {
  const { stack, bucket, failureQueue } = setup(ownBucket, 'errors/');
  const template = Template.fromStack(stack);
  template.resourceCountIs('Custom::S3BucketNotifications', 0);
  template.resourceCountIs('AWS::Lambda::Function', 0);
  template.hasResourceProperties('AWS::Events::Rule', {
    Name: Match.stringLikeRegexp('^Notices'),
    EventPattern: {
      'source': ['aws.s3'],
      'detail-type': ['Object Created'],
      'detail': {
        bucket: { name: [{ Ref: stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket) }] },
        object: { key: [{ prefix: 'errors/' }] },
      },
    },
    Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [stack.getLogicalId(failureQueue.queue.node.defaultChild as never), 'Arn'] } })],
  });
});

test('without a prefix, every object of the bucket', () => {
  const { stack } = setup(ownBucket);
  const rule = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'))[0];
  expect(rule.Properties.EventPattern.detail.object).toBeUndefined();
});

test('EventBridge may send to the queue for this rule only, and use its key without a source condition', () => {
  const { stack } = setup(ownBucket);
  const template = Template.fromStack(stack);
  const ruleName = Object.values(template.findResources('AWS::Events::Rule'))[0].Properties.Name;
  const ruleArn = stack.resolve(stack.formatArn({ service: 'events', resource: 'rule', resourceName: ruleName }));
  const condition = { ArnEquals: { 'aws:SourceArn': ruleArn } };
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Condition: condition })]) },
  });
  const keyStatement = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement
    .find((statement: { Principal?: { Service?: string } }) => statement.Principal?.Service === 'events.amazonaws.com');
  expect(keyStatement).toEqual({
    Sid: 'AllowEventBridgeToSendFailureNotices', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Principal: { Service: 'events.amazonaws.com' }, Resource: '*',
  });
});

test('an alarm on notices EventBridge could not deliver, dimensioned by the rule name', () => {
  const { stack, monitoring, notices } = setup(ownBucket);
  expect(monitoring.alarms).toContain(notices.deliveryFailedAlarm);
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/Events',
    MetricName: 'FailedInvocations',
    Dimensions: [{ Name: 'RuleName', Value: Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'))[0].Properties.Name }],
    Threshold: 1,
    TreatMissingData: 'notBreaching',
  });
});

test('an imported bucket gets a warning to turn on its EventBridge notifications', () => {
  const { stack } = setup((s) => s3.Bucket.fromBucketName(s, 'Imported', 'archive'));
  Annotations.fromStack(stack).hasWarning('/Default/Notices', Match.stringLikeRegexp('Turn on Amazon EventBridge notifications on bucket archive'));
});

test('an imported failure queue key gets a warning with the statement to add', () => {
  const stack = new Stack();
  const monitoring = new PatternMonitoring();
  const key = kms.Key.fromKeyArn(stack, 'ImportedKey', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  const failureQueue = newFailureQueue(stack, 'FailureQueue', monitoring, { encryptionKey: key });
  new ObjectCreatedNotices(stack, 'Notices', { bucket: ownBucket(stack), failureQueue, monitoring });
  Annotations.fromStack(stack).hasWarning('/Default/ImportedKey', Match.stringLikeRegexp('EventBridge cannot send to the failure queue'));
});

test('cdk-nag: only the EventBridge DLQ rule is acknowledged, on the rule', () => {
  const stack = new Stack();
  const monitoring = new PatternMonitoring();
  const failureQueue = newFailureQueue(stack, 'FailureQueue', monitoring);
  const logs = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
  const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true, serverAccessLogsBucket: logs });
  new ObjectCreatedNotices(stack, 'Notices', { bucket, failureQueue, monitoring });
  const rule = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'))[0];
  expect(rule.Metadata.cdk_nag.rules_to_suppress).toEqual([{ id: 'Serverless-EventBusDLQ', reason: expect.any(String) }]);
  const findings = new Stack();
  const m = new PatternMonitoring();
  const q = newFailureQueue(findings, 'FailureQueue', m);
  new ObjectCreatedNotices(findings, 'Notices', { bucket: s3.Bucket.fromBucketName(findings, 'Imported', 'archive'), failureQueue: q, monitoring: m });
  expectNoNagFindings(findings);
});
