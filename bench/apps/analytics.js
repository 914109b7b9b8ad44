// KinesisFlinkAnalytics alone with its defaults, its code in an existing bucket, from the compiled library.
const { App, Stack } = require('aws-cdk-lib');
const s3 = require('aws-cdk-lib/aws-s3');
const { FlinkCode, KinesisFlinkAnalytics } = require('../../lib');

const app = new App();
const stack = new Stack(app, 'Analytics');
const code = FlinkCode.fromBucket(s3.Bucket.fromBucketName(stack, 'Code', 'bench-flink-code'), 'app.jar');
new KinesisFlinkAnalytics(stack, 'Analytics', { code });
app.synth();
