// KinesisLambdaProcessor with its defaults, running the sample processor shipped with the library.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, Stack } from 'aws-cdk-lib';
import { createIntegApp } from './integ-app';
import { KinesisLambdaProcessor, SampleProcessor } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'ProcessorDefault');

new KinesisLambdaProcessor(stack, 'Processor', {
  lambdaFunctionProps: SampleProcessor.functionProps({ memorySize: 256, timeout: Duration.seconds(30) }),
});

new IntegTest(app, 'ProcessorDefaultTest', { testCases: [stack] });
