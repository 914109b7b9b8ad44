// The reference solution's knobs: the settings the seed solution ("Streaming Data Solution for
// Amazon Kinesis" v1.9.6) exposes as stack parameters, read here as CDK context values
// (`-c shardCount=4` or cdk.json) with the seed's defaults. Each value is parsed and checked up
// front; the message names the context key and the allowed values. Ranges that a pattern checks
// itself (batchSize, parallelizationFactor...) are left to the pattern, whose message names the
// prop of the same name.
import { Node } from 'constructs';

/** Seed parameters, with the names of the library props they feed. */
export interface SolutionKnobs {
  /** PROVISIONED (the seed) or ON_DEMAND. */
  readonly streamMode: 'PROVISIONED' | 'ON_DEMAND';
  /** Shards of a PROVISIONED stream (seed: 2). */
  readonly shardCount: number;
  /** Stream retention in hours, 24-8760 (seed: 24). */
  readonly retentionHours: number;
  /** Shard-level metrics on the stream (seed: off, they cost extra). */
  readonly enhancedMonitoring: boolean;
  /** Lambda event source mapping (seed: 100 / 1 / 3 / bisect on). */
  readonly batchSize: number;
  readonly parallelizationFactor: number;
  readonly retryAttempts: number;
  readonly bisectBatchOnError: boolean;
  /** API Gateway stage throttling (seed: 100 rps, burst 50). */
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  /**
   * Firehose buffering (seed: 300 s / 5 MiB; 64 MiB here, the least Firehose takes with dynamic
   * partitioning, which is on) and compression (seed: GZIP).
   */
  readonly bufferingIntervalSeconds: number;
  readonly bufferingSizeMiB: number;
  readonly compression: 'UNCOMPRESSED' | 'GZIP' | 'SNAPPY' | 'HADOOP_SNAPPY' | 'ZIP';
  /** Firehose dynamic partitioning by the records' `ticker` field (seed: optional; on here). */
  readonly dynamicPartitioning: boolean;
  /** Managed Flink (seed: parallelism 1, 1 per KPU, autoscaling on). */
  readonly flinkParallelism: number;
  readonly flinkParallelismPerKpu: number;
  readonly flinkAutoScaling: boolean;
  /** An e-mail address subscribed to every alarm (optional: alarms always go to an SNS topic). */
  readonly alarmEmail?: string;
  /**
   * What `cdk destroy` does with the streams, buckets, keys, queues, log groups and user pool:
   * RETAIN (the library's default: nothing with data is lost) or DESTROY (a sandbox: everything
   * goes, the buckets emptied first, so nothing keeps billing).
   */
  readonly removalPolicy: 'RETAIN' | 'DESTROY';
}

export const SEED_DEFAULTS: SolutionKnobs = {
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
};

/** Firehose's least buffer with dynamic partitioning (https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-enable.html). */
const MIN_PARTITIONED_BUFFER_MIB = 64;
const MIN_PARTITIONED_BUFFER_SECONDS = 60;

type Kind = 'integer' | 'boolean' | 'email' | readonly string[];

const KINDS: { readonly [K in keyof SolutionKnobs]-?: Kind } = {
  streamMode: ['PROVISIONED', 'ON_DEMAND'],
  shardCount: 'integer',
  retentionHours: 'integer',
  enhancedMonitoring: 'boolean',
  batchSize: 'integer',
  parallelizationFactor: 'integer',
  retryAttempts: 'integer',
  bisectBatchOnError: 'boolean',
  throttlingRateLimit: 'integer',
  throttlingBurstLimit: 'integer',
  bufferingIntervalSeconds: 'integer',
  bufferingSizeMiB: 'integer',
  compression: ['UNCOMPRESSED', 'GZIP', 'SNAPPY', 'HADOOP_SNAPPY', 'ZIP'],
  dynamicPartitioning: 'boolean',
  flinkParallelism: 'integer',
  flinkParallelismPerKpu: 'integer',
  flinkAutoScaling: 'boolean',
  removalPolicy: ['RETAIN', 'DESTROY'],
  alarmEmail: 'email',
};

/** The context keys the solution reads, in the order the README lists them. */
export const KNOB_NAMES = Object.keys(KINDS) as Array<keyof SolutionKnobs>;

/**
 * Reads every knob from the app's context. A value given on the command line arrives as a string
 * (`-c batchSize=200`), one from cdk.json as a JSON number or boolean: both are accepted.
 */
export function readKnobs(node: Node): SolutionKnobs {
  const knobs: Record<string, unknown> = { ...SEED_DEFAULTS };
  for (const name of KNOB_NAMES) {
    const raw: unknown = node.tryGetContext(name);
    if (raw !== undefined) {
      knobs[name] = parseKnob(name, raw, KINDS[name]);
    }
  }
  const result = knobs as unknown as SolutionKnobs;
  if (result.streamMode === 'ON_DEMAND' && node.tryGetContext('shardCount') !== undefined) {
    throw new Error('Context shardCount applies only to streamMode PROVISIONED: remove it or set -c streamMode=PROVISIONED.');
  }
  const bufferTooSmall = result.bufferingSizeMiB < MIN_PARTITIONED_BUFFER_MIB || result.bufferingIntervalSeconds < MIN_PARTITIONED_BUFFER_SECONDS;
  if (result.dynamicPartitioning && bufferTooSmall) {
    throw new Error(`Context bufferingSizeMiB must be at least ${MIN_PARTITIONED_BUFFER_MIB} and bufferingIntervalSeconds at least `
      + `${MIN_PARTITIONED_BUFFER_SECONDS} with dynamicPartitioning true: Firehose refuses smaller buffers for dynamic partitioning `
      + `(got ${result.bufferingSizeMiB} MiB, ${result.bufferingIntervalSeconds} s). Raise them or set -c dynamicPartitioning=false.`);
  }
  return result;
}

function parseKnob(name: string, raw: unknown, kind: Kind): unknown {
  const text = String(raw).trim();
  if (kind === 'integer') {
    if (!/^-?\d+$/.test(text)) {
      throw new Error(`Context ${name} must be a whole number (got '${text}').`);
    }
    return Number(text);
  }
  if (kind === 'boolean') {
    if (text !== 'true' && text !== 'false') {
      throw new Error(`Context ${name} must be true or false (got '${text}').`);
    }
    return text === 'true';
  }
  if (kind === 'email') {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) {
      throw new Error(`Context ${name} must be an e-mail address (got '${text}').`);
    }
    return text;
  }
  if (!kind.includes(text)) {
    throw new Error(`Context ${name} must be one of ${kind.join(', ')} (got '${text}').`);
  }
  return text;
}
