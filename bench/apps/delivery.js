// KinesisFirehoseDelivery alone with its defaults, from the compiled library.
const { App, Stack } = require('aws-cdk-lib');
const { KinesisFirehoseDelivery } = require('../../lib');

const app = new App();
const stack = new Stack(app, 'Delivery');
new KinesisFirehoseDelivery(stack, 'Delivery');
app.synth();
