import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { acknowledgeNagRule } from './nag';
import { StreamingPatternProps } from './pattern-props';
import { PropsValidator } from './validation';

/** The shard count a PROVISIONED stream gets when none is given (as in the AWS solution). */
export const DEFAULT_PROVISIONED_SHARD_COUNT = 2;
const MIN_RETENTION_HOURS = 24;
const MAX_RETENTION_HOURS = 8760;

/**
 * Returns the stream a pattern works on: `existingStream` when given, otherwise a new encrypted
 * stream created in `scope` with id `Stream`. The only place in the library where a stream is created.
 */
export function createOrUseStream(
  scope: Construct,
  validator: PropsValidator,
  props: StreamingPatternProps,
  removalPolicy: RemovalPolicy,
): kinesis.IStream {
  validator.exclusive('existingStream', props.existingStream, 'streamProps', props.streamProps,
    'streamProps only describes a stream the pattern creates.');
  if (props.existingStream) {
    validator.check(!props.enhancedMonitoring, 'enhancedMonitoring only applies to a stream the pattern creates; enable shard-level metrics '
      + 'where existingStream is defined (StreamProps.shardLevelMetrics in aws-cdk-lib).');
    return props.existingStream;
  }

  const streamProps = props.streamProps ?? {};
  const streamMode = streamProps.streamMode ?? kinesis.StreamMode.ON_DEMAND;
  validator.onlyWith('streamProps.shardCount', streamProps.shardCount, streamMode === kinesis.StreamMode.PROVISIONED,
    `with streamProps.streamMode StreamMode.PROVISIONED (got streamMode ${streamMode}); ON_DEMAND streams scale their own shards`);
  validator.wholeNumber('streamProps.shardCount', streamProps.shardCount, 1);
  validator.duration('streamProps.retentionPeriod', streamProps.retentionPeriod, 'hours',
    { min: MIN_RETENTION_HOURS, max: MAX_RETENTION_HOURS, whole: true });

  const stream = new kinesis.Stream(scope, 'Stream', {
    streamName: streamProps.streamName,
    streamMode,
    shardCount: streamMode === kinesis.StreamMode.PROVISIONED
      ? streamProps.shardCount ?? DEFAULT_PROVISIONED_SHARD_COUNT
      : undefined,
    retentionPeriod: streamProps.retentionPeriod ?? Duration.hours(MIN_RETENTION_HOURS),
    // Explicit encryption: without it aws-cdk-lib adds a region condition to the template.
    encryption: streamProps.encryptionKey ? kinesis.StreamEncryption.KMS : kinesis.StreamEncryption.MANAGED,
    encryptionKey: streamProps.encryptionKey,
    shardLevelMetrics: props.enhancedMonitoring ? [kinesis.ShardLevelMetrics.ALL] : undefined,
    removalPolicy,
  });
  if (streamProps.encryptionKey) {
    acknowledgeNagRule(stream, {
      ruleId: 'AwsSolutions-KDS3',
      reason: 'Encrypted with the customer managed key given in streamProps.encryptionKey, a deliberate choice for control over the key; KDS3 only accepts the AWS managed key.',
    });
  }
  return stream;
}
