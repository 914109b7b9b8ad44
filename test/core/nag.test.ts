import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNagRule } from '../../src/core/nag';
import { nagFindings } from '../nag-harness';

const REASON = 'A reason long enough for cdk-nag.';

function unencryptedQueue(stack: Stack, id: string): sqs.Queue {
  return new sqs.Queue(stack, id, { encryption: sqs.QueueEncryption.UNENCRYPTED, enforceSSL: true });
}

test('writes the cdk-nag 2 metadata on the L1 resource of an L2', () => {
  const stack = new Stack();
  const queue = unencryptedQueue(stack, 'Queue');
  acknowledgeNagRule(queue, { ruleId: 'AwsSolutions-SQS2', reason: REASON });
  acknowledgeNagRule(queue, { ruleId: 'AwsSolutions-SQS3', reason: REASON });

  const resource = Object.values(Template.fromStack(stack).findResources('AWS::SQS::Queue'))[0];
  expect(resource.Metadata.cdk_nag).toEqual({
    rules_to_suppress: [
      { id: 'AwsSolutions-SQS2', reason: REASON },
      { id: 'AwsSolutions-SQS3', reason: REASON },
    ],
  });
});

function validationAcknowledgements(resource: Construct): unknown {
  return resource.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).at(-1)?.data;
}

test('records the acknowledgements for cdk-nag 3 as Validations.acknowledge() does', () => {
  const stack = new Stack();
  const queue = unencryptedQueue(stack, 'Queue');
  acknowledgeNagRule(queue, { ruleId: 'AwsSolutions-SQS2', reason: REASON });
  acknowledgeNagRule(queue, { ruleId: 'AwsSolutions-SQS3', reason: 'Another reason, also long.' });

  expect(validationAcknowledgements(queue.node.defaultChild as Construct)).toEqual({
    'annotation::AwsSolutions-SQS2': REASON,
    'annotation::AwsSolutions-SQS3': 'Another reason, also long.',
  });

  // The same record aws-cdk-lib's own API writes.
  const reference = unencryptedQueue(stack, 'Reference');
  Validations.of(reference.node.defaultChild!).acknowledge({ id: 'AwsSolutions-SQS2', reason: REASON });
  expect(validationAcknowledgements(reference.node.defaultChild as Construct)).toEqual({ 'annotation::AwsSolutions-SQS2': REASON });
});

test('appliesTo acknowledges only the named findings of a multi-finding rule', () => {
  const stack = new Stack();
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:PutLogEvents', 'xray:PutTraceSegments'], resources: ['*'] }));
  const policy = role.node.findChild('DefaultPolicy') as iam.Policy;
  acknowledgeNagRule(policy, { ruleId: 'AwsSolutions-IAM5', reason: REASON, appliesTo: ['Resource::*'] });

  expect(validationAcknowledgements(policy.node.defaultChild as Construct)).toEqual({ 'annotation::AwsSolutions-IAM5[Resource::*]': REASON });
  expect(nagFindings(stack).filter((f) => f.includes('AwsSolutions-IAM5'))).toEqual([]);
});

test('appliesTo findings that contain "::", such as partition tokens, are recorded', () => {
  const stack = new Stack();
  const queue = unencryptedQueue(stack, 'Queue');
  const finding = 'Resource::arn:<AWS::Partition>:s3:::bucket/*';
  acknowledgeNagRule(queue, { ruleId: 'AwsSolutions-IAM5', reason: REASON, appliesTo: [finding] });
  expect(validationAcknowledgements(queue.node.defaultChild as Construct)).toEqual({ [`annotation::AwsSolutions-IAM5[${finding}]`]: REASON });
});

test('cdk-nag 2 honours it on that resource and still reports the same rule elsewhere', () => {
  const stack = new Stack();
  acknowledgeNagRule(unencryptedQueue(stack, 'Acknowledged'), { ruleId: 'AwsSolutions-SQS2', reason: REASON });
  unencryptedQueue(stack, 'Other');

  const sqs2 = nagFindings(stack).filter((f) => f.includes('AwsSolutions-SQS2'));
  expect(sqs2).toEqual([expect.stringMatching(/^\/Default\/Other\/Resource: /)]);
});

test('rejects a short reason', () => {
  const stack = new Stack();
  expect(() => acknowledgeNagRule(unencryptedQueue(stack, 'Queue'), { ruleId: 'AwsSolutions-SQS2', reason: 'because' }))
    .toThrow('The reason for acknowledging AwsSolutions-SQS2 on Default/Queue/Resource must be at least 10 characters.');
});

test('rejects a scope that is not a resource, so nothing is acknowledged in bulk', () => {
  const stack = new Stack();
  const group = new Construct(stack, 'Group');
  expect(() => acknowledgeNagRule(group, { ruleId: 'AwsSolutions-SQS2', reason: REASON }))
    .toThrow('Cannot acknowledge a cdk-nag rule on Default/Group: it is not a CloudFormation resource and has no default child resource.');
});
