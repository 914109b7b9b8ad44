// KinesisIngestApi on a stream encrypted with a customer managed key, with enhanced monitoring
// (shard-level metrics and per-shard widgets) and alarm actions; a second KinesisIngestApi, for a
// partner with its own user pool, tighter throttling, a per-producer WAF rate limit and an hourly
// bytes budget alarm, puts records on the same stream as its existing stream. Everything the
// patterns create is deleted with the test stack (removalPolicy DESTROY). Deployed, the assertions
// make the same round trip as integ.ingest-default through the first API, so through the key.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { assertIngestDataPath } from './data-path/ingest-data-path';
import { createIntegApp } from './integ-app';
import { AlarmTopic, KinesisIngestApi } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'IngestCustomerKey');

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
// CloudWatch may publish to the topic and use the key for it (AlarmTopic adds both statements).
const alarmActions = new AlarmTopic(stack, 'Alarms', { encryptionKey: key }).alarmActions;

const ingest = new KinesisIngestApi(stack, 'Ingest', {
  streamProps: {
    encryptionKey: key,
    streamMode: kinesis.StreamMode.PROVISIONED,
    shardCount: 2,
    retentionPeriod: Duration.days(7),
  },
  enhancedMonitoring: true,
  alarmActions,
  removalPolicy: RemovalPolicy.DESTROY,
});

new KinesisIngestApi(stack, 'PartnerIngest', {
  existingStream: ingest.stream,
  throttlingRateLimit: 20,
  throttlingBurstLimit: 10,
  producerRateLimit: 300,
  incomingBytesAlarmThreshold: Size.gibibytes(1),
  latencyAlarmThreshold: Duration.millis(500),
  alarmActions,
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'IngestCustomerKeyTest', { testCases: [stack] });
assertIngestDataPath(integ, ingest, key);
