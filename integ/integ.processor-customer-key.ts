// KinesisLambdaProcessor on a stream encrypted with a customer managed key, with enhanced
// monitoring, the failure queue encrypted with the same key, and alarm actions. Everything the
// pattern creates is deleted with the test stack (removalPolicy DESTROY).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { createIntegApp } from './integ-app';
import { AlarmTopic, KinesisLambdaProcessor, SampleProcessor } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'ProcessorCustomerKey');

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const alarms = new AlarmTopic(stack, 'Alarms', { encryptionKey: key });

new KinesisLambdaProcessor(stack, 'Processor', {
  functionProps: SampleProcessor.functionProps(),
  streamProps: { encryptionKey: key, retentionPeriod: Duration.days(7) },
  enhancedMonitoring: true,
  failureQueueProps: { encryptionKey: key },
  alarmActions: alarms.alarmActions,
  removalPolicy: RemovalPolicy.DESTROY,
});

new IntegTest(app, 'ProcessorCustomerKeyTest', { testCases: [stack] });
