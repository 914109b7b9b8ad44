import { Duration, Token } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { acknowledgeNagRule } from './nag';
import { StreamingPatternProps } from './pattern-props';

/** The shard count a PROVISIONED stream gets when none is given (the seed solution's default). */
export const DEFAULT_PROVISIONED_SHARD_COUNT = 2;
const MIN_RETENTION_HOURS = 24;
const MAX_RETENTION_HOURS = 8760;


/**
 * Returns the stream a pattern works on: `existingStream` when given, otherwise a new encrypted
 * stream created in `scope`. The only place in the library where a stream is created.
 */
export function createOrUseStream(scope: Construct, id: string, props: StreamingPatternProps): kinesis.IStream {
  if (props.existingStream && props.streamProps) {
    throw new Error('Provide either existingStream or streamProps, not both: streamProps only describes a stream the pattern creates.');
  }
  if (props.existingStream) {
    if (props.enhancedMonitoring) {
      throw new Error('enhancedMonitoring only applies to a stream the pattern creates; enable shard-level metrics where existingStream is defined (StreamProps.shardLevelMetrics in aws-cdk-lib).');
    }
    return props.existingStream;
  }

  const streamProps = props.streamProps ?? {};
  const streamMode = streamProps.streamMode ?? kinesis.StreamMode.ON_DEMAND;
  validateShardCount(streamMode, streamProps.shardCount);
  validateRetention(streamProps.retentionPeriod);

  const stream = new kinesis.Stream(scope, id, {
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
  });
  if (streamProps.encryptionKey) {
    acknowledgeNagRule(stream, {
      ruleId: 'AwsSolutions-KDS3',
      reason: 'Encrypted with the customer managed key given in streamProps.encryptionKey, a deliberate choice for control over the key; KDS3 only accepts the AWS managed key.',
    });
  }
  return stream;
}

function validateShardCount(streamMode: kinesis.StreamMode, shardCount: number | undefined): void {
  if (shardCount === undefined || Token.isUnresolved(shardCount)) {
    return;
  }
  if (streamMode !== kinesis.StreamMode.PROVISIONED) {
    throw new Error(`streamProps.shardCount is only allowed with streamProps.streamMode StreamMode.PROVISIONED (got streamMode ${streamMode}); ON_DEMAND streams scale their own shards.`);
  }
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new Error(`streamProps.shardCount must be a whole number of at least 1 (got ${shardCount}).`);
  }
}

function validateRetention(retentionPeriod: Duration | undefined): void {
  if (retentionPeriod === undefined || retentionPeriod.isUnresolved()) {
    return;
  }
  const hours = retentionPeriod.toHours({ integral: false });
  if (!Number.isInteger(hours) || hours < MIN_RETENTION_HOURS || hours > MAX_RETENTION_HOURS) {
    throw new Error(`streamProps.retentionPeriod must be whole hours from ${MIN_RETENTION_HOURS} to ${MAX_RETENTION_HOURS} (got ${hours} hours).`);
  }
}
