// The floor: a plain aws-cdk-lib app with one encrypted stream, what any pattern costs at least.
// Plain JavaScript, like an app after compilation, so that no TypeScript compiler is timed.
const { App, Stack } = require('aws-cdk-lib');
const kinesis = require('aws-cdk-lib/aws-kinesis');

const app = new App();
const stack = new Stack(app, 'Floor');
new kinesis.Stream(stack, 'Stream', { streamMode: kinesis.StreamMode.ON_DEMAND, encryption: kinesis.StreamEncryption.MANAGED });
app.synth();
