// KinesisIngestApi alone with its defaults, from the compiled library.
const { App, Stack } = require('aws-cdk-lib');
const { KinesisIngestApi } = require('../../lib');

const app = new App();
const stack = new Stack(app, 'Ingest');
new KinesisIngestApi(stack, 'Ingest');
app.synth();
