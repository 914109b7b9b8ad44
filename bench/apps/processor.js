// KinesisLambdaProcessor alone with its defaults and the sample processor, from the compiled library.
const { App, Stack } = require('aws-cdk-lib');
const { KinesisLambdaProcessor, SampleProcessor } = require('../../lib');

const app = new App();
const stack = new Stack(app, 'Processor');
new KinesisLambdaProcessor(stack, 'Processor', { functionProps: SampleProcessor.functionProps() });
app.synth();
