import { Fn, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { wildcardResourceFinding } from '../../src/core/nag-findings';

test('the objects of a bucket defined in the stack, as cdk-nag writes the IAM5 finding', () => {
  const stack = new Stack();
  const bucket = new s3.Bucket(stack, 'Bucket');
  const id = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  expect(wildcardResourceFinding(stack, bucket.arnForObjects('*'))).toBe(`Resource::<${id}.Arn>/*`);
});

test('an imported bucket: the partition pseudo parameter in angle brackets', () => {
  const stack = new Stack();
  const bucket = s3.Bucket.fromBucketName(stack, 'Imported', 'archive');
  expect(wildcardResourceFinding(stack, bucket.arnForObjects('*'))).toBe('Resource::arn:<AWS::Partition>:s3:::archive/*');
});

test('Ref, Fn::Sub and Fn::ImportValue are flattened too', () => {
  const stack = new Stack();
  expect(wildcardResourceFinding(stack, Fn.join('', [Fn.ref('Thing'), '/*']))).toBe('Resource::<Thing>/*');
  expect(wildcardResourceFinding(stack, Fn.sub('arn:${AWS::Partition}:s3:::x/*'))).toBe('Resource::arn:<AWS::Partition>:s3:::x/*');
  expect(wildcardResourceFinding(stack, Fn.join('', [Fn.importValue('Shared'), '/*']))).toBe('Resource::Shared/*');
});
