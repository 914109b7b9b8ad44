// The shared building blocks of every pattern, deployed together: a default stream, a
// provisioned stream with a customer key and enhanced monitoring, a failure queue, their alarms
// (with an SNS action) and a dashboard.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { createIntegApp } from './integ-app';
import { FailureQueue } from '../src/core/failure-queue';
import { PatternMonitoring } from '../src/core/monitoring';
import { createOrUseStream } from '../src/core/stream';
import { addStreamReadAlarms, addStreamWidgets, addStreamWriteAlarms } from '../src/core/stream-monitoring';

const app = createIntegApp();
const stack = new Stack(app, 'CoreBuildingBlocks');

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const topic = new sns.Topic(stack, 'AlarmTopic', { masterKey: key, enforceSSL: true });
const monitoring = new PatternMonitoring([new cloudwatchActions.SnsAction(topic)]);

const defaultStream = createOrUseStream(stack, 'DefaultStream', {});
const provisionedStream = createOrUseStream(stack, 'ProvisionedStream', {
  streamProps: {
    streamMode: kinesis.StreamMode.PROVISIONED,
    shardCount: 3,
    retentionPeriod: Duration.hours(48),
    encryptionKey: key,
  },
  enhancedMonitoring: true,
});

for (const stream of [defaultStream, provisionedStream]) {
  addStreamWriteAlarms(monitoring, stream, stream);
  addStreamReadAlarms(monitoring, stream, stream);
  addStreamWidgets(monitoring, stream);
}
new FailureQueue(stack, 'FailureQueue', monitoring);
monitoring.createDashboard(stack, 'Dashboard', 'Core building blocks');

new IntegTest(app, 'CoreBuildingBlocksTest', { testCases: [stack] });
