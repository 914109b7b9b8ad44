#!/usr/bin/env node
// Checks that a synthesized bindings app is the app the README promises, so that three identical
// templates also prove something (three empty stacks would be identical too):
//   node assert-app-template.js <cdk.out dir>
// - every pattern is there: an API Gateway REST API (KinesisIngestApi), a Lambda event source
//   mapping (KinesisLambdaProcessor), a Managed Flink application (KinesisFlinkAnalytics) and
//   Firehose delivery streams (KinesisFirehoseDelivery);
// - the shared stream feeds the processor, a delivery stream and the Flink application;
// - the second stream is the non-default one: provisioned with 4 shards, encrypted with a
//   customer managed key of the stack, shard-level metrics on, read by the other delivery stream.
'use strict';

const fs = require('fs');
const path = require('path');

const STACK_TEMPLATE = 'BindingsExample.template.json';

function check(template) {
  const problems = [];
  const resources = Object.entries(template.Resources ?? {});
  const ofType = (type) => resources.filter(([, r]) => r.Type === type);
  const mentions = ([, r], logicalId) => JSON.stringify(r.Properties ?? {}).includes(`"${logicalId}"`);
  const expectCount = (type, n) => {
    const found = ofType(type).length;
    if (found !== n) problems.push(`expected ${n} ${type}, found ${found}`);
  };

  expectCount('AWS::ApiGateway::RestApi', 1);
  expectCount('AWS::Lambda::EventSourceMapping', 1);
  expectCount('AWS::KinesisAnalyticsV2::Application', 1);
  expectCount('AWS::KinesisFirehose::DeliveryStream', 2);
  expectCount('AWS::Kinesis::Stream', 2);
  // The four patterns of the shared stream on one dashboard (the archive has none): four sections,
  // and the stream's graphs once, which holds only if the stream and the dashboard keep their
  // identity through the language's bindings.
  expectCount('AWS::CloudWatch::Dashboard', 1);
  const [dashboard] = ofType('AWS::CloudWatch::Dashboard');
  if (dashboard) {
    const body = JSON.stringify(dashboard[1].Properties?.DashboardBody ?? '');
    const sections = (body.match(/\\"markdown\\":\\"## /g) ?? []).length;
    const streamRows = (body.match(/Stream incoming records and bytes/g) ?? []).length;
    if (sections !== 4) problems.push(`the dashboard has ${sections} pattern sections, expected 4`);
    if (streamRows !== 1) problems.push(`the dashboard shows the shared stream's graphs ${streamRows} times, expected once`);
  }

  const streams = ofType('AWS::Kinesis::Stream');
  const shared = streams.find(([, r]) => r.Properties?.StreamModeDetails?.StreamMode === 'ON_DEMAND');
  const own = streams.find(([, r]) => r.Properties?.StreamModeDetails?.StreamMode === 'PROVISIONED');
  if (!shared) problems.push('no ON_DEMAND stream (the shared one)');
  if (!own) problems.push('no PROVISIONED stream (the one with non-default props)');

  if (shared) {
    const [id] = shared;
    for (const type of ['AWS::Lambda::EventSourceMapping', 'AWS::KinesisAnalyticsV2::Application']) {
      if (!ofType(type).some((r) => mentions(r, id))) problems.push(`the ${type} does not read the shared stream ${id}`);
    }
    if (!ofType('AWS::KinesisFirehose::DeliveryStream').some((r) => mentions(r, id))) {
      problems.push(`no delivery stream reads the shared stream ${id}`);
    }
  }
  if (own) {
    const [id, r] = own;
    const p = r.Properties;
    if (p.ShardCount !== 4) problems.push(`${id}: ShardCount ${JSON.stringify(p.ShardCount)}, expected 4`);
    if (JSON.stringify(p.DesiredShardLevelMetrics) !== '["ALL"]') problems.push(`${id}: no shard-level metrics (ALL)`);
    const keyId = p.StreamEncryption?.KeyId;
    const keyRef = keyId && (keyId['Fn::GetAtt']?.[0] ?? keyId.Ref);
    if (!keyRef || template.Resources[keyRef]?.Type !== 'AWS::KMS::Key') {
      problems.push(`${id}: not encrypted with a customer managed key of the stack (KeyId ${JSON.stringify(keyId)})`);
    }
    if (!ofType('AWS::KinesisFirehose::DeliveryStream').some((d) => mentions(d, id))) {
      problems.push(`no delivery stream reads the stream ${id}`);
    }
  }
  return problems;
}

function main(argv) {
  if (argv.length !== 1) {
    console.error('usage: assert-app-template.js <cdk.out dir>');
    return 2;
  }
  const file = path.join(argv[0], STACK_TEMPLATE);
  if (!fs.existsSync(file)) {
    console.error(`${file} does not exist`);
    return 1;
  }
  const problems = check(JSON.parse(fs.readFileSync(file, 'utf-8')));
  for (const p of problems) console.log(`  ${p}`);
  if (problems.length) {
    console.log(`NOT THE APP: ${STACK_TEMPLATE} is not the bindings app described in examples/bindings/README.md`);
    return 1;
  }
  console.log(`${STACK_TEMPLATE}: every pattern on one shared stream, plus the provisioned, customer-key stream with shard-level metrics`);
  return 0;
}

module.exports = { check };

if (require.main === module) {
  process.exit(main(process.argv.slice(2)));
}
