import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addSolutionStacks, SOLUTION_STACKS } from '../../examples/solution/solution-app';
import { describeFixedMonthlyUnits, fixedMonthlyUnits, TemplateResource } from '../../scripts/fixed-monthly-units';
import { FlinkCode } from '../../src';

const PLACEHOLDER_CODE = path.join(__dirname, '..', '..', 'integ', 'assets', 'flink-placeholder');

function solutionResources(context: Record<string, unknown> = {}): Record<string, Record<string, TemplateResource>> {
  const app = new App({ context });
  addSolutionStacks(app, { flinkCode: FlinkCode.fromAsset(PLACEHOLDER_CODE) });
  return Object.fromEntries(Object.values(SOLUTION_STACKS).map((id) =>
    [id, Template.fromStack(app.node.findChild(id) as Stack).toJSON().Resources as Record<string, TemplateResource>]));
}

describe('what a stack is billed monthly at zero traffic', () => {
  test('the reference solution with the seed\'s settings: each figure from the template\'s resources', () => {
    const stacks = solutionResources();
    const units = Object.fromEntries(Object.entries(stacks).map(([id, resources]) => [id, fixedMonthlyUnits(resources)]));
    // PROVISIONED streams of 2 shards, 24 h; Flink at parallelism 1, 1 per KPU: 1 KPU and 1 for orchestration.
    const common = { provisionedShardHours: 2 * 730, onDemandStreamHours: 0, extendedRetentionShardHours: 0, customerManagedKeys: 2, dashboards: 1 };
    const flink = { flinkKpuHours: 2 * 730, flinkRunningStorageGbMonths: 50 };
    const noFlink = { flinkKpuHours: 0, flinkRunningStorageGbMonths: 0 };
    const alarms = (id: string) => Object.values(stacks[id]).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').length;
    expect(units).toEqual({
      [SOLUTION_STACKS.apiToLambda]: { ...common, ...noFlink, alarms: alarms(SOLUTION_STACKS.apiToLambda) },
      [SOLUTION_STACKS.flinkToS3]: { ...common, ...flink, alarms: alarms(SOLUTION_STACKS.flinkToS3) },
      [SOLUTION_STACKS.firehoseToS3]: { ...common, ...noFlink, alarms: alarms(SOLUTION_STACKS.firehoseToS3) },
      [SOLUTION_STACKS.allPatterns]: { ...common, ...flink, alarms: alarms(SOLUTION_STACKS.allPatterns) },
    });
    expect(Object.values(units).map((u) => u.alarms)).toEqual([14, 9, 10, 33]);
    expect(describeFixedMonthlyUnits(units[SOLUTION_STACKS.flinkToS3])).toBe('billed monthly at zero traffic: 1,460 shard-hours, '
      + '1,460 Flink KPU-hours (orchestration KPU included), 50 GB-months of Flink running storage, 2 KMS key-months, 1 dashboard-month, 9 alarm-months');
  });

  test('knobs that change the fixed bill: ON_DEMAND, longer retention, more Flink KPUs', () => {
    const knobs = { streamMode: 'ON_DEMAND', flinkParallelism: '5', flinkParallelismPerKpu: '2' };
    const onDemand = fixedMonthlyUnits(solutionResources(knobs)[SOLUTION_STACKS.flinkToS3]);
    // ceil(5 / 2) = 3 KPUs and 1 for orchestration; 50 GB of running storage for each of the 3.
    expect(onDemand).toMatchObject({ provisionedShardHours: 0, onDemandStreamHours: 730, flinkKpuHours: 4 * 730, flinkRunningStorageGbMonths: 150 });
    const retained = fixedMonthlyUnits(solutionResources({ shardCount: '4', retentionHours: '48' })[SOLUTION_STACKS.firehoseToS3]);
    expect(retained).toMatchObject({ provisionedShardHours: 4 * 730, extendedRetentionShardHours: 4 * 730 });
  });

  test('a Flink application with the DEFAULT parallelism configuration, and a shard count the template does not fix', () => {
    expect(fixedMonthlyUnits({ App: { Type: 'AWS::KinesisAnalyticsV2::Application', Properties: {} } }))
      .toMatchObject({ flinkKpuHours: 2 * 730, flinkRunningStorageGbMonths: 50 });
    expect(() => fixedMonthlyUnits({ S: { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: { Ref: 'Shards' } } } }))
      .toThrow('S: ShardCount is {"Ref":"Shards"}, not a number the template fixes; its cost cannot be read from the template');
    expect(describeFixedMonthlyUnits(fixedMonthlyUnits({}))).toBe('billed monthly at zero traffic: nothing');
  });
});
