// Self-test of compare-templates.js (it must pass identical assemblies and fail, naming the
// difference, on assemblies that differ) and of assert-app-template.js. Run by check.sh first,
// with Node's test runner (no Python, Maven or synthesis needed; about a second):
//   node --test examples/bindings/compare-templates.test.js
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, test } = require('node:test');
const { check } = require('./assert-app-template');

const SCRIPT = path.join(__dirname, 'compare-templates.js');

const TEMPLATE = {
  Resources: {
    Stream: {
      Type: 'AWS::Kinesis::Stream',
      Properties: { ShardCount: 4, StreamModeDetails: { StreamMode: 'PROVISIONED' } },
    },
    Function: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Key: 'effbf02c.zip' }, Layers: ['a', 'b'] },
    },
  },
};

const made = [];
after(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Writes a cloud assembly directory with the given { fileName: object or raw text } files. */
function assembly(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-templates-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  }
  return dir;
}

function compare(...dirs) {
  const labels = ['typescript', 'python', 'java'];
  const r = spawnSync(process.execPath, [SCRIPT, ...dirs.map((d, i) => `${labels[i]}=${d}`)], { encoding: 'utf-8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

function withChange(change) {
  const copy = structuredClone(TEMPLATE);
  change(copy);
  return copy;
}

test('identical templates pass, whatever the key order and formatting', () => {
  const reordered = { Resources: { Function: TEMPLATE.Resources.Function, Stream: TEMPLATE.Resources.Stream } };
  const r = compare(
    assembly({ 'App.template.json': TEMPLATE }),
    assembly({ 'App.template.json': JSON.stringify(reordered) }),
    assembly({ 'App.template.json': TEMPLATE }),
  );
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /IDENTICAL/);
});

test('a differing value fails and names its path and both values', () => {
  const r = compare(
    assembly({ 'App.template.json': TEMPLATE }),
    assembly({ 'App.template.json': TEMPLATE }),
    assembly({ 'App.template.json': withChange((t) => { t.Resources.Stream.Properties.ShardCount = 3; }) }),
  );
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /java: App.template.json differs from typescript's in 1 place/);
  assert.match(r.output, /\.Resources\.Stream\.Properties\.ShardCount: typescript=4 java=3/);
  assert.match(r.output, /python: App.template.json is identical/);
  assert.match(r.output, /DIFFERENT/);
});

test('a differing asset hash fails: asset hashes are not ignored', () => {
  const r = compare(
    assembly({ 'App.template.json': TEMPLATE }),
    assembly({ 'App.template.json': withChange((t) => { t.Resources.Function.Properties.Code.S3Key = '0000.zip'; }) }),
  );
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /Code\.S3Key: typescript="effbf02c\.zip" python="0000\.zip"/);
});

test('a number and a string of the same digits differ', () => {
  const r = compare(
    assembly({ 'App.template.json': TEMPLATE }),
    assembly({ 'App.template.json': withChange((t) => { t.Resources.Stream.Properties.ShardCount = '4'; }) }),
  );
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /ShardCount: typescript=4 python="4"/);
});

test('a missing or extra resource, and a reordered array, fail', () => {
  const r = compare(
    assembly({ 'App.template.json': TEMPLATE }),
    assembly({
      'App.template.json': withChange((t) => {
        delete t.Resources.Function;
        t.Resources.Extra = { Type: 'AWS::SQS::Queue' };
      }),
    }),
    assembly({ 'App.template.json': withChange((t) => { t.Resources.Function.Properties.Layers.reverse(); }) }),
  );
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /\.Resources\.Function: typescript=\{.*\} python=\(absent\)/);
  assert.match(r.output, /\.Resources\.Extra: typescript=\(absent\) python=\{"Type":"AWS::SQS::Queue"\}/);
  assert.match(r.output, /\.Layers\[0\]: typescript="a" java="b"/);
});

test('a missing or extra template file fails', () => {
  const r = compare(
    assembly({ 'App.template.json': TEMPLATE, 'Other.template.json': TEMPLATE }),
    assembly({ 'App.template.json': TEMPLATE, 'Third.template.json': TEMPLATE }),
  );
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /python: Other.template.json is missing/);
  assert.match(r.output, /python: Third.template.json is extra/);
});

test('assemblies without templates fail instead of comparing nothing', () => {
  const r = compare(assembly({ 'manifest.json': {} }), assembly({ 'manifest.json': {} }));
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /no \*\.template\.json/);
});

test('a missing assembly directory or a single assembly is a usage error', () => {
  const dir = assembly({ 'App.template.json': TEMPLATE });
  assert.equal(compare(dir, path.join(dir, 'nope')).status, 2);
  assert.equal(compare(dir).status, 2);
});

/** A dashboard body with four pattern sections and the shared stream's row `streamRows` times. */
function dashboardBody(streamRows) {
  const sections = ['Ingest', 'Processor', 'Delivery', 'Analytics'].map((p) => ({ type: 'text', properties: { markdown: `## ${p}` } }));
  const rows = Array.from({ length: streamRows }, () => ({ type: 'metric', properties: { title: 'Stream incoming records and bytes' } }));
  return JSON.stringify({ widgets: [...sections, ...rows] });
}

test('assert-app-template accepts the app and names what is missing from another', () => {
  const app = {
    Resources: {
      Shared: { Type: 'AWS::Kinesis::Stream', Properties: { StreamModeDetails: { StreamMode: 'ON_DEMAND' } } },
      Key: { Type: 'AWS::KMS::Key' },
      Own: {
        Type: 'AWS::Kinesis::Stream',
        Properties: {
          ShardCount: 4,
          DesiredShardLevelMetrics: ['ALL'],
          StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
          StreamModeDetails: { StreamMode: 'PROVISIONED' },
        },
      },
      Api: { Type: 'AWS::ApiGateway::RestApi' },
      Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Shared', 'Arn'] } } },
      Flink: { Type: 'AWS::KinesisAnalyticsV2::Application', Properties: { X: { 'Fn::GetAtt': ['Shared', 'Arn'] } } },
      Delivery: { Type: 'AWS::KinesisFirehose::DeliveryStream', Properties: { S: { 'Fn::GetAtt': ['Shared', 'Arn'] } } },
      Archive: { Type: 'AWS::KinesisFirehose::DeliveryStream', Properties: { S: { 'Fn::GetAtt': ['Own', 'Arn'] } } },
      Dashboard: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', [dashboardBody(1)]] } } },
    },
  };
  assert.deepEqual(check(app), []);
  const broken = structuredClone(app);
  delete broken.Resources.Flink;
  broken.Resources.Own.Properties.ShardCount = 2;
  broken.Resources.Own.Properties.StreamEncryption.KeyId = 'alias/aws/kinesis';
  broken.Resources.Dashboard.Properties.DashboardBody['Fn::Join'][1] = [dashboardBody(2)];
  assert.deepEqual(check(broken), [
    'expected 1 AWS::KinesisAnalyticsV2::Application, found 0',
    'the dashboard shows the shared stream\'s graphs 2 times, expected once',
    'the AWS::KinesisAnalyticsV2::Application does not read the shared stream Shared',
    'Own: ShardCount 2, expected 4',
    'Own: not encrypted with a customer managed key of the stack (KeyId "alias/aws/kinesis")',
  ]);
  assert.ok(check({ Resources: {} }).length > 0);
});
