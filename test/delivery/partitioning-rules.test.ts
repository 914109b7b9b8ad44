import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { addSolutionStacks, SOLUTION_STACKS } from '../../examples/solution/solution-app';
import { FlinkCode } from '../../src';

// Firehose's rules for dynamic partitioning, checked over every delivery stream the reference
// solution's stacks and the committed integ snapshots deploy, and the partition expressions run
// through jq 1.6 (Firehose's JsonParsingEngine JQ-1.6) on a record without a trailing newline, as
// the ingest API writes them.
// https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-enable.html
// https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-partitioning-keys.html

type Json = Record<string, any>;
const ROOT = path.join(__dirname, '..', '..');
const PLACEHOLDER_CODE = path.join(ROOT, 'integ', 'assets', 'flink-placeholder');

/** A record with every field a partition key of the solution or the integ apps reads. */
const RECORD = '{"ticker":"AMZN","price":181.5,"event_time":"2026-11-27T10:00:00Z","customer_id":"c-42"}';

interface DeliveryStream {
  readonly where: string;
  readonly destination: Json;
}

function solutionStreams(): DeliveryStream[] {
  const app = new App();
  addSolutionStacks(app, { flinkCode: FlinkCode.fromAsset(PLACEHOLDER_CODE) });
  const assembly = app.synth();
  return Object.values(SOLUTION_STACKS).flatMap((name) => streamsOf(`solution ${name}`, assembly.getStackByName(name).template));
}

function snapshotStreams(): DeliveryStream[] {
  const integ = path.join(ROOT, 'integ');
  return fs.readdirSync(integ).filter((entry) => entry.endsWith('.snapshot')).flatMap((snapshot) =>
    fs.readdirSync(path.join(integ, snapshot)).filter((file) => file.endsWith('.template.json')).flatMap((file) =>
      streamsOf(`${snapshot}/${file}`, JSON.parse(fs.readFileSync(path.join(integ, snapshot, file), 'utf8')))));
}

function streamsOf(where: string, template: Json): DeliveryStream[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => (resource as Json).Type === 'AWS::KinesisFirehose::DeliveryStream')
    .map(([id, resource]) => ({ where: `${where} ${id}`, destination: (resource as Json).Properties.ExtendedS3DestinationConfiguration }));
}

function jq(filter: string, input: string): string {
  return execFileSync('jq', ['-c', filter], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

const streams = [...solutionStreams(), ...snapshotStreams()];
const partitioned = streams.filter((stream) => stream.destination.DynamicPartitioningConfiguration?.Enabled === true);

test('the solution and the integ apps deploy partitioned delivery streams (the rules below are not checked on nothing)', () => {
  expect(partitioned.map((stream) => stream.where)).toEqual(expect.arrayContaining([
    expect.stringMatching(/^solution StreamingData-FirehoseToS3 /),
    expect.stringMatching(/^solution StreamingData-AllPatterns /),
    expect.stringMatching(/^integ\.delivery-partitioned\.ts\.snapshot\/DeliveryPartitioned\.template\.json /),
  ]));
});

test('jq is installed (apt-get install jq): 1.6, the engine Firehose runs the expressions with, or 1.7, which reads them alike', () => {
  expect(jq('.', '1')).toBe('1');
  expect(execFileSync('jq', ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^jq-1\.[67](\.\d+)?$/);
});

describe.each(partitioned.map((stream) => [stream.where, stream.destination] as const))('%s', (_where, destination) => {
  const processors = (destination.ProcessingConfiguration?.Processors ?? []) as Json[];
  const extraction = processors.find((processor) => processor.Type === 'MetadataExtraction');
  const parameters = Object.fromEntries(((extraction?.Parameters ?? []) as Json[])
    .map((parameter) => [parameter.ParameterName, parameter.ParameterValue]));
  const prefixKeys = [...String(destination.Prefix).matchAll(/!\{partitionKeyFromQuery:([^}]+)\}/g)].map((match) => match[1]);

  test('buffers at least 64 MiB and 60 s', () => {
    expect(destination.BufferingHints.SizeInMBs).toBeGreaterThanOrEqual(64);
    expect(destination.BufferingHints.IntervalInSeconds).toBeGreaterThanOrEqual(60);
  });

  test('extracts its keys with jq 1.6, retries, and writes one record per line', () => {
    expect(destination.ProcessingConfiguration.Enabled).toBe(true);
    expect(parameters.JsonParsingEngine).toBe('JQ-1.6');
    expect(typeof parameters.MetadataExtractionQuery).toBe('string');
    expect(destination.DynamicPartitioningConfiguration.RetryOptions.DurationInSeconds).toBeGreaterThan(0);
    expect(processors.map((processor) => processor.Type)).toContain('AppendDelimiterToRecord');
  });

  test('the prefix uses the extracted keys, and the errors go to their own folder by error type', () => {
    expect(prefixKeys.length).toBeGreaterThan(0);
    expect(String(destination.ErrorOutputPrefix)).toContain('!{firehose:error-output-type}');
    expect(String(destination.Prefix).endsWith('/')).toBe(true);
  });

  test('jq turns a record without a trailing newline into every key of the prefix', () => {
    const keys = JSON.parse(jq(parameters.MetadataExtractionQuery, RECORD)) as Json;
    for (const key of prefixKeys) {
      expect({ key, value: typeof keys[key] }).toEqual({ key, value: expect.stringMatching(/^(string|number)$/) });
    }
  });

  test('a record without the fields gives null keys rather than a jq error', () => {
    const keys = JSON.parse(jq(parameters.MetadataExtractionQuery, '{"other":1}')) as Json;
    expect(prefixKeys.map((key) => keys[key])).toEqual(prefixKeys.map(() => null));
  });
});
