// The shared building blocks of every pattern, deployed together: a default stream, a
// provisioned stream with a customer key and enhanced monitoring, a failure queue, their alarms
// (notifying an AlarmTopic encrypted with that key) and a dashboard. Each stream belongs to the
// smallest pattern there is (test/core/test-pattern.ts), as the building blocks only exist inside
// a pattern. Deployed to a sandbox account, the assertions force one alarm into ALARM and wait for
// its notification on a queue subscribed to the topic: the alarm path works end to end.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { createIntegApp } from './integ-app';
import { AlarmTopic } from '../src';
import { FailureQueue } from '../src/core/failure-queue';
import { acknowledgeNagRule } from '../src/core/nag';
import { addStreamReadAlarms, addStreamWidgets, addStreamWriteAlarms } from '../src/core/stream-monitoring';
import { TestPattern } from '../test/core/test-pattern';

const app = createIntegApp();
const stack = new Stack(app, 'CoreBuildingBlocks');

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const alarmTopic = new AlarmTopic(stack, 'Alarms', { encryptionKey: key });
const alarmActions = alarmTopic.alarmActions;

// What the alarm path test reads: the notifications, on a queue subscribed to the topic.
const notifications = new sqs.Queue(stack, 'Notifications', {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  // Short, so that a notification of an earlier run cannot satisfy this run's assertion.
  retentionPeriod: Duration.minutes(2),
  removalPolicy: RemovalPolicy.DESTROY,
});
const testQueueReason = 'A test queue the assertions read alarm notifications from; nothing is processed from it, so there is nothing to redrive.';
acknowledgeNagRule(notifications, { ruleId: 'AwsSolutions-SQS3', reason: testQueueReason });
acknowledgeNagRule(notifications, { ruleId: 'Serverless-SQSRedrivePolicy', reason: testQueueReason });
const subscription = alarmTopic.topic.addSubscription(new subscriptions.SqsSubscription(notifications, { rawMessageDelivery: true }));
acknowledgeNagRule(subscription, {
  ruleId: 'Serverless-SNSRedrivePolicy',
  reason: 'The subscription of the test queue: a notification it cannot deliver fails the assertion, which is what the test reports.',
});

const defaultStream = new TestPattern(stack, 'OnDemand', { alarmActions, removalPolicy: RemovalPolicy.DESTROY });
const provisionedStream = new TestPattern(stack, 'Provisioned', {
  streamProps: {
    streamMode: kinesis.StreamMode.PROVISIONED,
    shardCount: 3,
    retentionPeriod: Duration.hours(48),
    encryptionKey: key,
  },
  enhancedMonitoring: true,
  alarmActions,
  removalPolicy: RemovalPolicy.DESTROY,
});

for (const pattern of [defaultStream, provisionedStream]) {
  addStreamWriteAlarms(pattern.monitoring, pattern, pattern);
  addStreamReadAlarms(pattern.monitoring, pattern, pattern);
  addStreamWidgets(pattern.monitoring, pattern);
}
new FailureQueue(defaultStream, 'FailureQueue', {
  monitoring: defaultStream.monitoring,
  validator: defaultStream.validator,
  removalPolicy: defaultStream.removalPolicy,
});
defaultStream.monitoring.createDashboard(defaultStream, 'Dashboard', 'Core building blocks');

const integ = new IntegTest(app, 'CoreBuildingBlocksTest', { testCases: [stack] });

// The alarm path: force the failure queue's depth alarm into ALARM, then wait for CloudWatch's
// notification (published to the encrypted, TLS-only topic) on the subscribed queue.
const depthAlarm = defaultStream.monitoring.alarms.find((alarm) => alarm.node.id === 'DepthAlarm')!;
const STATE_REASON = 'integ test: the alarm path to the alarm topic';
const setAlarmState = integ.assertions.awsApiCall('CloudWatch', 'setAlarmState', {
  AlarmName: depthAlarm.alarmName,
  StateValue: 'ALARM',
  StateReason: STATE_REASON,
});
// This alarm's notification, in whatever order CloudWatch writes the fields.
const notification = `^(?=.*"AlarmName":\\s*"${depthAlarm.alarmName}")(?=.*"NewStateValue":\\s*"ALARM")(?=.*"NewStateReason":\\s*"${STATE_REASON}")`;
const receive = integ.assertions.awsApiCall('SQS', 'receiveMessage', {
  QueueUrl: notifications.queueUrl,
  WaitTimeSeconds: 20,
  MaxNumberOfMessages: 10,
});
receive
  .expect(ExpectedResult.objectLike({ Messages: Match.arrayWith([Match.objectLike({ Body: Match.stringLikeRegexp(notification) })]) }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) });
setAlarmState.next(receive);
