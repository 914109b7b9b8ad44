import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  FailureDestinationType, FlinkCode, KinesisFirehoseDelivery, KinesisFlinkAnalytics, KinesisIngestApi, KinesisLambdaProcessor, SampleProcessor,
} from '../src';
import { FLINK_PLACEHOLDER } from './pattern-fixtures';
import { Permission, permissionsOf } from './policy-grants';

/** The object ARNs (`<bucket ARN>/<key pattern>`) an action is granted on. */
function objectResources(permissions: Permission[], action: string): unknown[] {
  return permissions.filter((permission) => permission.action === action && JSON.stringify(permission.resource).includes('Fn::Join'))
    .map((permission) => permission.resource);
}

/** A stack with a role of the user's to grant to; `permissions()` lists what the role may do. */
function setup() {
  const stack = new Stack(new App(), 'Stack');
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  const permissions = (): Permission[] => {
    const policy = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(reader.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy)];
    return permissionsOf(policy.Properties.PolicyDocument.Statement);
  };
  const arn = (construct: { node: { defaultChild?: unknown } }, attribute = 'Arn') => ({ 'Fn::GetAtt': [stack.getLogicalId(construct.node.defaultChild as never), attribute] });
  return { stack, reader, permissions, arn };
}

const CONSUME_MESSAGES = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];

test('KinesisIngestApi.grantPutRecords: PutRecord and PutRecords on the stream, and GenerateDataKey on its customer key', () => {
  const { stack, reader, permissions, arn } = setup();
  const key = new kms.Key(stack, 'StreamKey', { enableKeyRotation: true });
  const ingest = new KinesisIngestApi(stack, 'Ingest', { streamProps: { encryptionKey: key } });
  ingest.grantPutRecords(reader);
  expect(permissions()).toEqual([
    { action: 'kinesis:PutRecord', resource: arn(ingest.stream as never) },
    { action: 'kinesis:PutRecords', resource: arn(ingest.stream as never) },
    { action: 'kms:GenerateDataKey', resource: arn(key) },
  ]);
});

test('grantPutRecords is on every pattern: a producer of the processor\'s stream', () => {
  const { stack, reader, permissions, arn } = setup();
  const processor = new KinesisLambdaProcessor(stack, 'Processor', { functionProps: SampleProcessor.functionProps() });
  processor.grantPutRecords(reader);
  expect(permissions()).toEqual([
    { action: 'kinesis:PutRecord', resource: arn(processor.stream as never) },
    { action: 'kinesis:PutRecords', resource: arn(processor.stream as never) },
  ]);
});

describe('KinesisLambdaProcessor.grantConsumeFailures', () => {
  test('SQS destination: consume the failure queue and decrypt with its key', () => {
    const { stack, reader, permissions, arn } = setup();
    const processor = new KinesisLambdaProcessor(stack, 'Processor', { functionProps: SampleProcessor.functionProps() });
    processor.grantConsumeFailures(reader);
    const granted = permissions();
    for (const action of CONSUME_MESSAGES) {
      expect(granted).toContainEqual({ action, resource: arn(processor.failureQueue as never) });
    }
    expect(granted).toContainEqual({ action: 'kms:Decrypt', resource: arn(processor.node.findChild('FailureQueue').node.findChild('Key') as never) });
    expect(granted.filter((permission) => permission.action.startsWith('s3:'))).toEqual([]);
  });

  test('S3 destination: also read the failure bucket, with its key', () => {
    const { stack, reader, permissions, arn } = setup();
    const processor = new KinesisLambdaProcessor(stack, 'Processor', {
      functionProps: SampleProcessor.functionProps(),
      failureDestination: FailureDestinationType.S3,
    });
    processor.grantConsumeFailures(reader);
    const granted = permissions();
    expect(granted).toContainEqual({ action: 's3:GetObject*', resource: { 'Fn::Join': ['', [arn(processor.failureBucket as never), '/*']] } });
    expect(granted).toContainEqual({ action: 'kms:Decrypt', resource: arn(processor.node.findChild('FailureBucket').node.findChild('Key') as never) });
    expect(granted.filter((permission) => /^s3:(Put|Delete)/.test(permission.action))).toEqual([]);
  });
});

describe('KinesisFlinkAnalytics grants', () => {
  test('grantReadOutput: the objects under the output prefix only', () => {
    const { stack, reader, permissions, arn } = setup();
    const analytics = new KinesisFlinkAnalytics(stack, 'Analytics', { code: FlinkCode.fromAsset(FLINK_PLACEHOLDER), outputPrefix: 'results/' });
    analytics.grantReadOutput(reader);
    const granted = permissions();
    expect(objectResources(granted, 's3:GetObject*')).toEqual([{ 'Fn::Join': ['', [arn(analytics.bucket as never), '/results/*']] }]);
    expect(granted.filter((permission) => /^s3:(Put|Delete)/.test(permission.action))).toEqual([]);
    expect(granted.filter((permission) => permission.action.startsWith('sqs:'))).toEqual([]);
  });

  test('grantConsumeFailures: the failure queue', () => {
    const { stack, reader, permissions, arn } = setup();
    const analytics = new KinesisFlinkAnalytics(stack, 'Analytics', { code: FlinkCode.fromAsset(FLINK_PLACEHOLDER) });
    analytics.grantConsumeFailures(reader);
    expect(permissions()).toContainEqual({ action: 'sqs:ReceiveMessage', resource: arn(analytics.failureQueue as never) });
  });
});

describe('KinesisFirehoseDelivery grants', () => {
  test('grantReadOutput: the objects under the data folder, not the errors', () => {
    const { stack, reader, permissions, arn } = setup();
    const delivery = new KinesisFirehoseDelivery(stack, 'Delivery');
    delivery.grantReadOutput(reader);
    expect(objectResources(permissions(), 's3:GetObject*')).toEqual([{ 'Fn::Join': ['', [arn(delivery.bucket as never), '/data/*']] }]);
  });

  test('the key Firehose encrypts with is granted too, also when the bucket is imported', () => {
    const { stack, reader, permissions, arn } = setup();
    const key = new kms.Key(stack, 'DeliveryKey', { enableKeyRotation: true });
    const existingBucket = s3.Bucket.fromBucketName(stack, 'Archive', 'archive');
    const delivery = new KinesisFirehoseDelivery(stack, 'Delivery', { existingBucket, encryptionKey: key });
    delivery.grantReadOutput(reader);
    delivery.grantConsumeFailures(reader);
    expect(permissions().filter((permission) => permission.action === 'kms:Decrypt')).toEqual([
      { action: 'kms:Decrypt', resource: arn(key) },
      { action: 'kms:Decrypt', resource: arn(delivery.node.findChild('FailureQueue').node.findChild('Key') as never) },
    ]);
  });

  test('grantConsumeFailures: the failure queue and the objects under the errors folder', () => {
    const { stack, reader, permissions, arn } = setup();
    const delivery = new KinesisFirehoseDelivery(stack, 'Delivery', { errorOutputPrefix: 'failed/!{firehose:error-output-type}/' });
    delivery.grantConsumeFailures(reader);
    const granted = permissions();
    expect(granted).toContainEqual({ action: 'sqs:DeleteMessage', resource: arn(delivery.failureQueue as never) });
    expect(objectResources(granted, 's3:GetObject*')).toEqual([{ 'Fn::Join': ['', [arn(delivery.bucket as never), '/failed/*']] }]);
  });
});
