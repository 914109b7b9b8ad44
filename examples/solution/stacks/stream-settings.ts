import { Duration } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { StreamProps } from '../../../src';
import { SolutionKnobs } from '../knobs';

/** The stream every solution stack creates, from the seed's knobs. */
export function streamPropsFrom(knobs: SolutionKnobs): StreamProps {
  const provisioned = knobs.streamMode === 'PROVISIONED';
  return {
    streamMode: provisioned ? kinesis.StreamMode.PROVISIONED : kinesis.StreamMode.ON_DEMAND,
    shardCount: provisioned ? knobs.shardCount : undefined,
    retentionPeriod: Duration.hours(knobs.retentionHours),
  };
}
