import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AlarmTopic } from '../../src';
import { expectNoNagFindings } from '../nag-harness';

type Json = Record<string, any>;

function build(configure: (stack: Stack) => AlarmTopic = (stack) => new AlarmTopic(stack, 'Alarms')) {
  const stack = new Stack(new App(), 'Stack');
  const alarms = configure(stack);
  new cloudwatch.Alarm(stack, 'Alarm', {
    metric: new cloudwatch.Metric({ namespace: 'Test', metricName: 'Errors' }),
    threshold: 1,
    evaluationPeriods: 1,
  }).addAlarmAction(...alarms.alarmActions);
  return { stack, alarms, template: Template.fromStack(stack) };
}

const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

describe('AlarmTopic defaults', () => {
  const { stack, alarms, template } = build();
  const keyId = stack.getLogicalId(alarms.encryptionKey.node.defaultChild as kms.CfnKey);
  const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];

  test('a topic encrypted with a new rotating key, deleted 7 days after the stack', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, DisplayName: 'Alarms of Stack/Alarms' });
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 7 }), DeletionPolicy: 'Delete' });
  });

  test('the topic policy refuses publishing without TLS and lets CloudWatch alarms of this account and region publish', () => {
    const statements = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement as Json[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual({
      Sid: 'AllowCloudWatchAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: topicId },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': join('arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*') },
      },
    });
  });

  test("the key lets CloudWatch encrypt for this account's topics in the region (SNS's encryption context)", () => {
    const statements = template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement as Json[];
    expect(statements).toContainEqual({
      Sid: 'AllowCloudWatchAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        StringLike: {
          'kms:EncryptionContext:aws:sns:topicArn': join('arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':*'),
        },
      },
    });
  });

  test('alarmActions notify the topic; no subscription', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topicId }] });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('no cdk-nag finding', () => {
    expectNoNagFindings(stack);
  });
});

describe('AlarmTopic props', () => {
  test('email and displayName', () => {
    const { template } = build((stack) => new AlarmTopic(stack, 'Alarms', { email: 'ops@example.com', displayName: 'Streaming alarms' }));
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Streaming alarms' });
  });

  test('encryptionKey: the topic uses it and its policy gets the CloudWatch statement; no other key', () => {
    const { stack, template } = build((s) => new AlarmTopic(s, 'Alarms', { encryptionKey: new kms.Key(s, 'Shared', { enableKeyRotation: true }) }));
    template.resourceCountIs('AWS::KMS::Key', 1);
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    expect(keyId).toMatch(/^Shared/);
    template.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublish' })]) } });
    expectNoNagFindings(stack);
  });

  test('an imported key: a warning with the statement to add', () => {
    const { stack } = build((s) => new AlarmTopic(s, 'Alarms', {
      encryptionKey: kms.Key.fromKeyArn(s, 'Imported', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    }));
    Annotations.fromStack(stack).hasWarning('/Stack/Alarms', Match.stringLikeRegexp('no alarm notification reaches the topic'));
  });
});
