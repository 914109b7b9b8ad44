// KinesisLambdaProcessor on a stream encrypted with a customer managed key, with enhanced
// monitoring, the failure queue encrypted with the same key, and alarm actions. Everything the
// pattern creates is deleted with the test stack (removalPolicy DESTROY).
// Deployed, the assertions follow good records and a poison record through it (data-path/processor-data-path.ts).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { assertProcessorDataPath } from './data-path/processor-data-path';
import { createIntegApp } from './integ-app';
import { AlarmTopic, KinesisLambdaProcessor, SampleProcessor } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'ProcessorCustomerKey');

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const alarms = new AlarmTopic(stack, 'Alarms', { encryptionKey: key });

const processor = new KinesisLambdaProcessor(stack, 'Processor', {
  functionProps: SampleProcessor.functionProps(),
  streamProps: { encryptionKey: key, retentionPeriod: Duration.days(7) },
  enhancedMonitoring: true,
  failureQueueProps: { encryptionKey: key },
  alarmActions: alarms.alarmActions,
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'ProcessorCustomerKeyTest', { testCases: [stack] });
assertProcessorDataPath(integ, processor);
