// KinesisLambdaProcessor with its defaults, running the sample processor shipped with the library,
// except the removal policy: DESTROY, so that a sandbox run leaves no stream behind.
// Deployed, the assertions follow good records and a poison record through it (data-path/processor-data-path.ts).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { assertProcessorDataPath } from './data-path/processor-data-path';
import { createIntegApp } from './integ-app';
import { KinesisLambdaProcessor, SampleProcessor } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'ProcessorDefault');

const processor = new KinesisLambdaProcessor(stack, 'Processor', {
  functionProps: SampleProcessor.functionProps(),
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'ProcessorDefaultTest', { testCases: [stack] });
assertProcessorDataPath(integ, processor);
