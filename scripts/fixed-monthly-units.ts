// What a stack is billed for every month whatever its traffic, in AWS's own billing units, read
// from its synthesized template: the part of the bill that composing patterns changes. Multiply
// by your region's list prices (links below); the per-use charges (records, requests, GB) are
// not here. A month is 730 hours, as AWS's pricing examples count it.
//
// - Kinesis Data Streams: a PROVISIONED stream is billed per shard-hour, an ON_DEMAND stream per
//   stream-hour (https://aws.amazon.com/kinesis/data-streams/pricing/); retention beyond 24 hours
//   is billed too (extended retention, per shard-hour for PROVISIONED).
// - Managed Service for Apache Flink: KPU-hours for the application's KPUs (parallelism /
//   parallelism per KPU, rounded up) plus one KPU per application for orchestration, and 50 GB of
//   running application storage per KPU (https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html).
//   Counted while the application runs; with autoscaling, this is its least.
// - AWS KMS: each customer managed key, per month (https://aws.amazon.com/kms/pricing/: $1 a month;
//   none once scheduled for deletion).
// - CloudWatch: each dashboard (beyond an account's first three) and each alarm metric
//   (https://aws.amazon.com/cloudwatch/pricing/).

export const HOURS_PER_MONTH = 730;
/** Running application storage Managed Flink gives each KPU. */
export const FLINK_STORAGE_GB_PER_KPU = 50;

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** The billing units of one stack for a month at zero traffic. */
export interface FixedMonthlyUnits {
  readonly provisionedShardHours: number;
  readonly onDemandStreamHours: number;
  /** Shard-hours of PROVISIONED streams kept longer than 24 hours. */
  readonly extendedRetentionShardHours: number;
  readonly flinkKpuHours: number;
  readonly flinkRunningStorageGbMonths: number;
  readonly customerManagedKeys: number;
  readonly dashboards: number;
  readonly alarms: number;
}

function numberProp(value: unknown, name: string, resourceId: string): number {
  if (typeof value !== 'number') {
    throw new Error(`${resourceId}: ${name} is ${JSON.stringify(value)}, not a number the template fixes; its cost cannot be read from the template`);
  }
  return value;
}

export function fixedMonthlyUnits(resources: Record<string, TemplateResource>): FixedMonthlyUnits {
  let provisionedShards = 0;
  let onDemandStreams = 0;
  let extendedRetentionShards = 0;
  let kpus = 0;
  let appKpus = 0;
  const count = (type: string) => Object.values(resources).filter((r) => r.Type === type).length;
  for (const [id, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::Kinesis::Stream') {
      const mode = (props.StreamModeDetails as { StreamMode?: string } | undefined)?.StreamMode ?? 'PROVISIONED';
      if (mode === 'ON_DEMAND') {
        onDemandStreams += 1;
      } else {
        const shards = numberProp(props.ShardCount, 'ShardCount', id);
        provisionedShards += shards;
        if (numberProp(props.RetentionPeriodHours ?? 24, 'RetentionPeriodHours', id) > 24) extendedRetentionShards += shards;
      }
    }
    if (resource.Type === 'AWS::KinesisAnalyticsV2::Application') {
      type FlinkConfiguration = { FlinkApplicationConfiguration?: { ParallelismConfiguration?: Record<string, unknown> } };
      const config = (props.ApplicationConfiguration as FlinkConfiguration | undefined)?.FlinkApplicationConfiguration?.ParallelismConfiguration;
      // DEFAULT: parallelism 1, 1 per KPU.
      const custom = config?.ConfigurationType === 'CUSTOM';
      const parallelism = custom ? numberProp(config?.Parallelism, 'Parallelism', id) : 1;
      const perKpu = custom ? numberProp(config?.ParallelismPerKPU, 'ParallelismPerKPU', id) : 1;
      const applicationKpus = Math.ceil(parallelism / perKpu);
      appKpus += applicationKpus;
      kpus += applicationKpus + 1; // one more for orchestration
    }
  }
  return {
    provisionedShardHours: provisionedShards * HOURS_PER_MONTH,
    onDemandStreamHours: onDemandStreams * HOURS_PER_MONTH,
    extendedRetentionShardHours: extendedRetentionShards * HOURS_PER_MONTH,
    flinkKpuHours: kpus * HOURS_PER_MONTH,
    flinkRunningStorageGbMonths: appKpus * FLINK_STORAGE_GB_PER_KPU,
    customerManagedKeys: count('AWS::KMS::Key'),
    dashboards: count('AWS::CloudWatch::Dashboard'),
    alarms: count('AWS::CloudWatch::Alarm'),
  };
}

/** One line for the stack summary, naming only the units the stack has. */
export function describeFixedMonthlyUnits(units: FixedMonthlyUnits): string {
  const parts: Array<[number, string, string]> = [
    [units.provisionedShardHours, 'shard-hour', 's'],
    [units.onDemandStreamHours, 'on-demand stream-hour', 's'],
    [units.extendedRetentionShardHours, 'extended-retention shard-hour', 's'],
    [units.flinkKpuHours, 'Flink KPU-hour', 's (orchestration KPU included)'],
    [units.flinkRunningStorageGbMonths, 'GB-month', 's of Flink running storage'],
    [units.customerManagedKeys, 'KMS key-month', 's'],
    [units.dashboards, 'dashboard-month', 's'],
    [units.alarms, 'alarm-month', 's'],
  ];
  const named = parts.filter(([n]) => n > 0)
    .map(([n, unit, pluralTail]) => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? pluralTail.replace(/^s/, '') : pluralTail}`);
  return `billed monthly at zero traffic: ${named.length ? named.join(', ') : 'nothing'}`;
}
