// KinesisFlinkAnalytics with its defaults but the start on deploy: Flink 1.20, autoscaling,
// checkpoints, snapshots, system rollback, a new stream, output bucket and failure queue. The code
// is a small placeholder asset (the real application is built separately): it gives the template
// a real code location. Its removal policy is DESTROY, so that a sandbox run leaves nothing behind
// (the buckets are empty: the placeholder never runs).
import * as path from 'path';
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { createIntegApp } from './integ-app';
import { FlinkCode, KinesisFlinkAnalytics } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'AnalyticsDefault');

new KinesisFlinkAnalytics(stack, 'Analytics', {
  code: FlinkCode.fromAsset(path.join(__dirname, 'assets', 'flink-placeholder')),
  // The placeholder cannot run: started on deploy, it would fail the deploy. The start function is
  // tested against a local fake of the service (test/analytics/start-application.test.ts) and
  // deployed by the reference solution's Flink stacks, which run the real application.
  startApplication: false,
  removalPolicy: RemovalPolicy.DESTROY,
});

new IntegTest(app, 'AnalyticsDefaultTest', { testCases: [stack] });
