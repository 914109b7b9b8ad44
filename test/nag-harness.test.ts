import { Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { nagFindings } from './nag-harness';

describe('the cdk-nag harness', () => {
  test('reports findings of both packs on a non-compliant resource', () => {
    const stack = new Stack();
    new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    const findings = nagFindings(stack);

    expect(findings).toEqual(expect.arrayContaining([
      expect.stringMatching(/Plain\/Resource: AwsSolutions-SQS2/),
      expect.stringMatching(/Plain\/Resource: AwsSolutions-SQS3/),
      expect.stringMatching(/Plain\/Resource: AwsSolutions-SQS4/),
      expect.stringMatching(/Plain\/Resource: Serverless-/),
    ]));
  });

  test('reports nothing for a stack without resources', () => {
    expect(nagFindings(new Stack())).toEqual([]);
  });
});
