// KinesisLambdaProcessor with its defaults, running the sample processor shipped with the library.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Stack } from 'aws-cdk-lib';
import { createIntegApp } from './integ-app';
import { KinesisLambdaProcessor, SampleProcessor } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'ProcessorDefault');

new KinesisLambdaProcessor(stack, 'Processor', {
  functionProps: SampleProcessor.functionProps(),
});

new IntegTest(app, 'ProcessorDefaultTest', { testCases: [stack] });
