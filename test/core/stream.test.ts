import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { StreamingPatternProps } from '../../src/core/pattern-props';
import { expectNoNagFindings } from '../nag-harness';
import { TestPattern } from './test-pattern';

function streamTemplate(props: StreamingPatternProps): Template {
  const stack = new Stack();
  new TestPattern(stack, 'Pattern', props);
  return Template.fromStack(stack);
}

/** The error a TestPattern at Default/Pattern throws. */
function patternError(message: string): string {
  return `Default/Pattern (TestPattern): ${message}`;
}

describe('the stream of a pattern defaults', () => {
  const template = streamTemplate({});

  test('creates one ON_DEMAND stream', () => {
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      ShardCount: Match.absent(),
    });
  });

  test('keeps records 24 hours', () => {
    template.hasResourceProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: 24 });
  });

  test('encrypts with the AWS managed key, set explicitly so no region condition is added', () => {
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
    expect(Object.keys(template.toJSON().Conditions ?? {})).toEqual([]);
  });

  test('has no shard-level metrics (enhanced monitoring off)', () => {
    template.hasResourceProperties('AWS::Kinesis::Stream', { DesiredShardLevelMetrics: Match.absent() });
  });

  test('lets CloudFormation name the stream', () => {
    template.hasResourceProperties('AWS::Kinesis::Stream', { Name: Match.absent() });
  });
});

describe('the stream of a pattern props', () => {
  test('PROVISIONED gets 2 shards by default, as the AWS solution', () => {
    streamTemplate({ streamProps: { streamMode: kinesis.StreamMode.PROVISIONED } })
      .hasResourceProperties('AWS::Kinesis::Stream', {
        ShardCount: 2,
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
      });
  });

  test('PROVISIONED with shardCount', () => {
    streamTemplate({ streamProps: { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 5 } })
      .hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 5 });
  });

  test('retentionPeriod', () => {
    streamTemplate({ streamProps: { retentionPeriod: Duration.days(7) } })
      .hasResourceProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: 168 });
  });

  test('retentionPeriod at both limits', () => {
    streamTemplate({ streamProps: { retentionPeriod: Duration.hours(8760) } })
      .hasResourceProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: 8760 });
    streamTemplate({ streamProps: { retentionPeriod: Duration.hours(24) } })
      .hasResourceProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: 24 });
  });

  test('encryptionKey encrypts with that customer key', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'Key');
    new TestPattern(stack, 'Pattern', { streamProps: { encryptionKey: key } });
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
    });
  });

  test('streamName', () => {
    streamTemplate({ streamProps: { streamName: 'clicks' } })
      .hasResourceProperties('AWS::Kinesis::Stream', { Name: 'clicks' });
  });

  test('enhancedMonitoring turns on all shard-level metrics', () => {
    streamTemplate({ enhancedMonitoring: true })
      .hasResourceProperties('AWS::Kinesis::Stream', { DesiredShardLevelMetrics: ['ALL'] });
  });

  test('existingStream is returned as it is and nothing is created', () => {
    const stack = new Stack();
    const existing = kinesis.Stream.fromStreamArn(stack, 'Existing', 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
    expect(new TestPattern(stack, 'Pattern', { existingStream: existing }).stream).toBe(existing);
    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::Stream', 0);
  });

  test('two streams in one stack get distinct generated names', () => {
    const stack = new Stack();
    new TestPattern(stack, 'A', {});
    new TestPattern(stack, 'B', {});
    const streams = Template.fromStack(stack).findResources('AWS::Kinesis::Stream');
    expect(Object.keys(streams)).toHaveLength(2);
    for (const stream of Object.values(streams)) {
      expect(stream.Properties.Name).toBeUndefined();
    }
  });
});

describe('the stream of a pattern validation', () => {
  const stack = () => new Stack();

  test('existingStream with streamProps', () => {
    const s = stack();
    const existing = kinesis.Stream.fromStreamArn(s, 'E', 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
    expect(() => new TestPattern(s, 'Pattern', { existingStream: existing, streamProps: {} }))
      .toThrow(patternError('Provide either existingStream or streamProps, not both: streamProps only describes a stream the pattern creates.'));
  });

  test('existingStream with enhancedMonitoring', () => {
    const s = stack();
    const existing = kinesis.Stream.fromStreamArn(s, 'E', 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
    expect(() => new TestPattern(s, 'Pattern', { existingStream: existing, enhancedMonitoring: true }))
      .toThrow(patternError('enhancedMonitoring only applies to a stream the pattern creates'));
  });

  test('shardCount with the default ON_DEMAND mode', () => {
    expect(() => new TestPattern(stack(), 'Pattern', { streamProps: { shardCount: 2 } }))
      .toThrow(patternError('streamProps.shardCount only applies with streamProps.streamMode StreamMode.PROVISIONED (got streamMode ON_DEMAND); ON_DEMAND streams scale their own shards.'));
  });

  test.each([0, -1, 1.5])('shardCount %p', (shardCount) => {
    expect(() => new TestPattern(stack(), 'Pattern', { streamProps: { streamMode: kinesis.StreamMode.PROVISIONED, shardCount } }))
      .toThrow(patternError(`streamProps.shardCount must be a whole number, at least 1 (got ${shardCount}).`));
  });

  test.each([
    ['23', Duration.hours(23)],
    ['8761', Duration.hours(8761)],
    ['25.5', Duration.minutes(1530)],
  ])('retentionPeriod of %s hours', (hours, retentionPeriod) => {
    expect(() => new TestPattern(stack(), 'Pattern', { streamProps: { retentionPeriod } }))
      .toThrow(patternError(`streamProps.retentionPeriod must be whole hours from 24 to 8760 (got ${hours} hours).`));
  });
});

describe('the stream of a pattern and cdk-nag', () => {
  test('the default stream has no findings', () => {
    const stack = new Stack();
    new TestPattern(stack, 'Pattern', {});
    expectNoNagFindings(stack);
  });

  test('a stream with a customer key acknowledges KDS3 on that stream only', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new TestPattern(stack, 'Pattern', { streamProps: { encryptionKey: key } });
    expectNoNagFindings(stack);
    const stream = Object.values(Template.fromStack(stack).findResources('AWS::Kinesis::Stream'))[0];
    expect(stream.Metadata.cdk_nag.rules_to_suppress).toEqual([
      { id: 'AwsSolutions-KDS3', reason: expect.stringMatching(/streamProps.encryptionKey/) },
    ]);
  });
});
