import { App } from 'aws-cdk-lib';
import { KNOB_NAMES, readKnobs, SEED_DEFAULTS } from '../../examples/solution/knobs';

function knobsFrom(context: Record<string, unknown>) {
  return readKnobs(new App({ context }).node);
}

describe('solution knobs', () => {
  test('default to the seed solution\'s parameters', () => {
    expect(knobsFrom({})).toEqual({
      streamMode: 'PROVISIONED',
      shardCount: 2,
      retentionHours: 24,
      enhancedMonitoring: false,
      batchSize: 100,
      parallelizationFactor: 1,
      retryAttempts: 3,
      bisectBatchOnError: true,
      throttlingRateLimit: 100,
      throttlingBurstLimit: 50,
      bufferingIntervalSeconds: 300,
      bufferingSizeMiB: 64,
      compression: 'GZIP',
      dynamicPartitioning: true,
      flinkParallelism: 1,
      flinkParallelismPerKpu: 1,
      flinkAutoScaling: true,
      removalPolicy: 'RETAIN',
    });
    expect(KNOB_NAMES).toEqual([...Object.keys(SEED_DEFAULTS), 'alarmEmail']);
  });

  test('accept command-line strings and cdk.json values alike', () => {
    expect(knobsFrom({ batchSize: '500', enhancedMonitoring: 'true', compression: 'ZIP', alarmEmail: 'ops@example.com' }))
      .toMatchObject({ batchSize: 500, enhancedMonitoring: true, compression: 'ZIP', alarmEmail: 'ops@example.com' });
    expect(knobsFrom({ batchSize: 500, enhancedMonitoring: true, retryAttempts: -1 }))
      .toMatchObject({ batchSize: 500, enhancedMonitoring: true, retryAttempts: -1 });
  });

  test('the seed\'s 5 MiB buffer without dynamic partitioning', () => {
    expect(knobsFrom({ bufferingSizeMiB: '5', dynamicPartitioning: 'false' })).toMatchObject({ bufferingSizeMiB: 5, dynamicPartitioning: false });
  });

  test('streamMode ON_DEMAND without shardCount', () => {
    expect(knobsFrom({ streamMode: 'ON_DEMAND' }).streamMode).toBe('ON_DEMAND');
  });

  test.each([
    [{ shardCount: '2.5' }, 'Context shardCount must be a whole number (got \'2.5\').'],
    [{ batchSize: 'many' }, 'Context batchSize must be a whole number (got \'many\').'],
    [{ enhancedMonitoring: 'yes' }, 'Context enhancedMonitoring must be true or false (got \'yes\').'],
    [{ streamMode: 'provisioned' }, 'Context streamMode must be one of PROVISIONED, ON_DEMAND (got \'provisioned\').'],
    [{ compression: 'BZIP2' }, 'Context compression must be one of UNCOMPRESSED, GZIP, SNAPPY, HADOOP_SNAPPY, ZIP (got \'BZIP2\').'],
    [{ alarmEmail: 'ops' }, 'Context alarmEmail must be an e-mail address (got \'ops\').'],
    [{ removalPolicy: 'destroy' }, 'Context removalPolicy must be one of RETAIN, DESTROY (got \'destroy\').'],
    [{ streamMode: 'ON_DEMAND', shardCount: 4 }, 'Context shardCount applies only to streamMode PROVISIONED: remove it or set -c streamMode=PROVISIONED.'],
    [{ bufferingSizeMiB: 5 }, 'Context bufferingSizeMiB must be at least 64 and bufferingIntervalSeconds at least 60 with dynamicPartitioning true: '
      + 'Firehose refuses smaller buffers for dynamic partitioning (got 5 MiB, 300 s). Raise them or set -c dynamicPartitioning=false.'],
    [{ bufferingIntervalSeconds: '30' }, 'Context bufferingSizeMiB must be at least 64 and bufferingIntervalSeconds at least 60 with dynamicPartitioning true: '
      + 'Firehose refuses smaller buffers for dynamic partitioning (got 64 MiB, 30 s). Raise them or set -c dynamicPartitioning=false.'],
  ])('refuse %j', (context, message) => {
    expect(() => knobsFrom(context)).toThrow(message);
  });
});
