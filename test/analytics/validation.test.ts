import * as path from 'path';
import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlinkCode, KinesisFlinkAnalytics, KinesisFlinkAnalyticsProps } from '../../src';

/** The whole message a bad prop raises: the pattern's path and class, then what to fix. */
function error(message: string): Error {
  return new Error(`Default/Analytics (KinesisFlinkAnalytics): ${message}`);
}

const CODE = FlinkCode.fromAsset(path.join(__dirname, '../../integ/assets/flink-placeholder'));

function build(props: Partial<KinesisFlinkAnalyticsProps>, stack = new Stack()): KinesisFlinkAnalytics {
  return new KinesisFlinkAnalytics(stack, 'Analytics', { code: CODE, ...props });
}

describe('parallelism', () => {
  test.each([0, 257, 1.5])('parallelism %s', (parallelism) => {
    expect(() => build({ parallelism })).toThrow(error(`parallelism must be a whole number from 1 to 256 (got ${parallelism}).`));
  });

  test.each([0, 9])('parallelismPerKpu %s', (parallelismPerKpu) => {
    expect(() => build({ parallelismPerKpu })).toThrow(error(`parallelismPerKpu must be a whole number from 1 to 8 (got ${parallelismPerKpu}).`));
  });

  test('unresolved tokens are not validated', () => {
    const stack = new Stack();
    const parallelism = new CfnParameter(stack, 'Parallelism', { type: 'Number' }).valueAsNumber;
    build({ parallelism }, stack);
    const app = Object.values(Template.fromStack(stack).findResources('AWS::KinesisAnalyticsV2::Application'))[0];
    expect(app.Properties.ApplicationConfiguration.FlinkApplicationConfiguration.ParallelismConfiguration.Parallelism).toEqual({ Ref: 'Parallelism' });
  });
});

describe('checkpointing', () => {
  test('checkpointInterval without checkpointing', () => {
    expect(() => build({ checkpointingEnabled: false, checkpointInterval: Duration.seconds(30) }))
      .toThrow(error('checkpointInterval only applies with checkpointing: remove it or set checkpointingEnabled to true (got checkpointingEnabled false).'));
  });

  test('minPauseBetweenCheckpoints without checkpointing', () => {
    expect(() => build({ checkpointingEnabled: false, minPauseBetweenCheckpoints: Duration.seconds(1) }))
      .toThrow(error('minPauseBetweenCheckpoints only applies with checkpointing: remove it or set checkpointingEnabled to true (got checkpointingEnabled false).'));
  });

  test('a zero checkpointInterval', () => {
    expect(() => build({ checkpointInterval: Duration.seconds(0) })).toThrow(error('checkpointInterval must be whole milliseconds, more than 0 (got 0 milliseconds).'));
  });

  test('a fractional minPauseBetweenCheckpoints', () => {
    expect(() => build({ minPauseBetweenCheckpoints: Duration.millis(0.5) }))
      .toThrow(error('minPauseBetweenCheckpoints must be whole milliseconds, at least 0 (got 0.5 milliseconds).'));
  });

  test('a zero millisBehindLatestAlarmThreshold', () => {
    expect(() => build({ millisBehindLatestAlarmThreshold: Duration.millis(0) }))
      .toThrow(error('millisBehindLatestAlarmThreshold must be whole milliseconds, more than 0 (got 0 milliseconds).'));
  });
});

describe('start and restore', () => {
  test('allowNonRestoredState without snapshots', () => {
    expect(() => build({ snapshotsEnabled: false, allowNonRestoredState: true })).toThrow(error(
      'allowNonRestoredState only applies with snapshots: it lets a start from a snapshot skip state the code no longer has (got snapshotsEnabled false).'));
  });
});

describe('resources', () => {
  test('missing application code', () => {
    expect(() => new KinesisFlinkAnalytics(new Stack(), 'Analytics', {} as KinesisFlinkAnalyticsProps))
      .toThrow(error('code is required: give the application code with FlinkCode.fromAsset(path) or FlinkCode.fromBucket(bucket, key).'));
  });

  test('an empty code key', () => {
    const stack = new Stack();
    expect(() => build({ code: FlinkCode.fromBucket(new s3.Bucket(stack, 'Code'), '') }, stack))
      .toThrow(error('FlinkCode.fromBucket needs the key of the JAR or ZIP file (got an empty key).'));
  });

  test('both existingStream and streamProps', () => {
    const stack = new Stack();
    expect(() => build({ existingStream: new kinesis.Stream(stack, 'S'), streamProps: {} }, stack))
      .toThrow(error('Provide either existingStream or streamProps, not both: streamProps only describes a stream the pattern creates.'));
  });

  test('both existingBucket and bucketProps', () => {
    const stack = new Stack();
    expect(() => build({ existingBucket: new s3.Bucket(stack, 'B'), bucketProps: {} }, stack))
      .toThrow(error('Provide either existingBucket or bucketProps, not both: bucketProps only describes a bucket the pattern creates.'));
  });

  test('bucketProps with an encryption key', () => {
    const stack = new Stack();
    expect(() => build({ bucketProps: { encryptionKey: new kms.Key(stack, 'K') } }, stack))
      .toThrow('bucketProps.encryption and bucketProps.encryptionKey cannot be set: the output bucket is always encrypted with SSE-KMS; '
        + 'bring a bucket encrypted with your own key as existingBucket.');
  });

  test('vpcSubnets without vpc', () => {
    expect(() => build({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }))
      .toThrow(error('vpcSubnets only applies with vpc: give the vpc the application runs in, or remove vpcSubnets.'));
  });

  test('securityGroups without vpc', () => {
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    expect(() => build({ securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })] }, stack))
      .toThrow(error('securityGroups only applies with vpc: give the vpc the application runs in, or remove securityGroups.'));
  });
});

describe('output and properties', () => {
  test.each(['', '/output/', 'output', 'out*/'])('outputPrefix %j', (outputPrefix) => {
    expect(() => build({ outputPrefix }))
      .toThrow(error(`outputPrefix must be a folder such as 'output/': not empty, no leading '/', no '*', ending with '/' (got '${outputPrefix}').`));
  });

  test('the pattern property group given by the user', () => {
    expect(() => build({ propertyGroups: { StreamingDataPatterns: { A: 'b' } } }))
      .toThrow(error('propertyGroups cannot contain the group StreamingDataPatterns: the pattern fills it with the stream, bucket and queue of the application.'));
  });

  test('a property group id with a space', () => {
    expect(() => build({ propertyGroups: { 'my group': {} } }))
      .toThrow("propertyGroups ids must be 1 to 50 letters, digits, '_', '.' or '-' (got 'my group').");
  });

  test('more than 50 properties in a group', () => {
    const properties = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(() => build({ propertyGroups: { Big: properties } })).toThrow(error('propertyGroups.Big may hold at most 50 properties (got 51).'));
  });
});
