// The shared building blocks of every pattern, deployed together: a default stream, a
// provisioned stream with a customer key and enhanced monitoring, a failure queue, their alarms
// (with an SNS action) and a dashboard. Each stream belongs to the smallest pattern there is
// (test/core/test-pattern.ts), as the building blocks only exist inside a pattern.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { createIntegApp } from './integ-app';
import { FailureQueue } from '../src/core/failure-queue';
import { addStreamReadAlarms, addStreamWidgets, addStreamWriteAlarms } from '../src/core/stream-monitoring';
import { TestPattern } from '../test/core/test-pattern';

const app = createIntegApp();
const stack = new Stack(app, 'CoreBuildingBlocks');

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
// CloudWatch publishes alarm notifications to the encrypted topic with this key.
key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
const topic = new sns.Topic(stack, 'AlarmTopic', { masterKey: key, enforceSSL: true });
const alarmActions = [new cloudwatchActions.SnsAction(topic)];

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

new IntegTest(app, 'CoreBuildingBlocksTest', { testCases: [stack] });
