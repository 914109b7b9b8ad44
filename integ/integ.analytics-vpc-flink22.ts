// KinesisFlinkAnalytics on Flink 2.2 in a VPC, with the application state, the stream and the
// failure queue encrypted with one customer managed key, allowNonRestoredState and alarm actions.
// Everything the pattern creates is deleted with the test stack (removalPolicy DESTROY; buckets
// only when they are empty).
import * as path from 'path';
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { createIntegApp } from './integ-app';
import { AlarmTopic, FlinkCode, FlinkRuntime, KinesisFlinkAnalytics } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'AnalyticsVpcFlink22');

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const alarms = new AlarmTopic(stack, 'Alarms', { encryptionKey: key });
// No restrictDefaultSecurityGroup: its custom resource provider is a stack-wide singleton; the default group is unused.
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false });
new ec2.FlowLog(stack, 'FlowLog', { resourceType: ec2.FlowLogResourceType.fromVpc(vpc) });

new KinesisFlinkAnalytics(stack, 'Analytics', {
  code: FlinkCode.fromAsset(path.join(__dirname, 'assets', 'flink-placeholder')),
  runtime: FlinkRuntime.FLINK_2_2,
  // The placeholder code cannot run (see integ.analytics-default.ts).
  startApplication: false,
  vpc,
  applicationEncryptionKey: key,
  streamProps: { encryptionKey: key },
  failureQueueProps: { encryptionKey: key },
  allowNonRestoredState: true,
  parallelism: 2,
  propertyGroups: { Business: { AlertThreshold: '100' } },
  alarmActions: alarms.alarmActions,
  removalPolicy: RemovalPolicy.DESTROY,
});

new IntegTest(app, 'AnalyticsVpcFlink22Test', { testCases: [stack] });
