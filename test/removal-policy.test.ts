import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FailureDestinationType, KinesisFirehoseDelivery, KinesisLambdaProcessor, SampleProcessor } from '../src';
import { DEFAULT_PATTERNS, fixtureResources, FULL_PATTERNS, PatternFixture } from './pattern-fixtures';

/** The resource types that hold data or cost money after the stack is gone. */
const STATEFUL_TYPES = [
  'AWS::Kinesis::Stream',
  'AWS::SQS::Queue',
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
  'AWS::Logs::LogStream',
  'AWS::Cognito::UserPool',
];

interface Resource {
  readonly Type: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Properties?: Record<string, unknown>;
}

/** The stateful resources the pattern created (the key and VPC of the fixture are the user's). */
function statefulResources(build: PatternFixture, removalPolicy?: RemovalPolicy): Array<[string, Resource]> {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  build(stack, fixtureResources(stack), removalPolicy ? { removalPolicy } : {});
  const resources = app.synth().getStackByName('Stack').template.Resources as Record<string, Resource>;
  return Object.entries(resources).filter(([id, resource]) => id.startsWith('Pattern') && STATEFUL_TYPES.includes(resource.Type));
}

const FIXTURES = [
  ...Object.entries(DEFAULT_PATTERNS).map(([name, build]) => [`${name} (defaults)`, build] as const),
  ...Object.entries(FULL_PATTERNS).map(([name, build]) => [`${name} (every option)`, build] as const),
];

describe.each(FIXTURES)('%s', (_name, build) => {
  test('keeps every stateful resource it creates by default', () => {
    const resources = statefulResources(build);
    expect(resources.length).toBeGreaterThan(0);
    for (const [id, resource] of resources) {
      expect({ id, deletion: resource.DeletionPolicy, replace: resource.UpdateReplacePolicy }).toEqual({ id, deletion: 'Retain', replace: 'Retain' });
    }
  });

  test('removalPolicy DESTROY deletes every stateful resource it creates, and turns off the user pool\'s deletion protection', () => {
    for (const [id, resource] of statefulResources(build, RemovalPolicy.DESTROY)) {
      expect({ id, deletion: resource.DeletionPolicy, replace: resource.UpdateReplacePolicy }).toEqual({ id, deletion: 'Delete', replace: 'Delete' });
      if (resource.Type === 'AWS::Cognito::UserPool') {
        expect(resource.Properties?.DeletionProtection).toBe('INACTIVE');
      }
    }
  });
});

test('a user pool kept on deletion is protected from deletion', () => {
  const [, pool] = statefulResources(DEFAULT_PATTERNS.ingest).find(([, resource]) => resource.Type === 'AWS::Cognito::UserPool')!;
  expect(pool.Properties?.DeletionProtection).toBe('ACTIVE');
});

test('the removal policy of bucketProps wins for the bucket and its access logs', () => {
  const stack = new Stack(new App(), 'Stack');
  new KinesisFirehoseDelivery(stack, 'Pattern', { bucketProps: { removalPolicy: RemovalPolicy.DESTROY } });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const buckets = Object.values(resources).filter((resource) => resource.Type === 'AWS::S3::Bucket');
  expect(buckets.map((bucket) => bucket.DeletionPolicy)).toEqual(['Delete', 'Delete']);
  expect(Object.values(resources).filter((resource) => resource.Type === 'AWS::Kinesis::Stream').map((stream) => stream.DeletionPolicy)).toEqual(['Retain']);
});

test('the processor\'s failure bucket can be emptied on deletion, with DESTROY', () => {
  const stack = new Stack(new App(), 'Stack');
  new KinesisLambdaProcessor(stack, 'Pattern', {
    functionProps: SampleProcessor.functionProps(),
    failureDestination: FailureDestinationType.S3,
    failureBucketProps: { autoDeleteObjects: true },
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // aws-cdk-lib's auto-delete: one custom resource per bucket (the failed batches and their access logs).
  Template.fromStack(stack).resourceCountIs('Custom::S3AutoDeleteObjects', 2);
});
