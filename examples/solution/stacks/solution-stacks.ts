// One stack per deployment option of the seed solution, each composed from the library's
// patterns. Every stack has its own alarm topic, its own stream, one dashboard and one key for
// its failure queues.
import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AlarmTopic, FlinkCode } from '../../../src';
import { SolutionKnobs } from '../knobs';
import {
  addFirehoseDelivery,
  addFlinkAnalytics,
  addIngestApi,
  addLambdaProcessor,
  SolutionContext,
} from './solution-patterns';

export interface SolutionStackProps extends StackProps {
  readonly knobs: SolutionKnobs;
}

export interface FlinkSolutionStackProps extends SolutionStackProps {
  /** The reference Flink application's JAR (examples/flink-app). */
  readonly flinkCode: FlinkCode;
}

abstract class SolutionStack extends Stack {
  protected readonly context: SolutionContext;

  constructor(scope: Construct, id: string, props: SolutionStackProps) {
    super(scope, id, props);
    const alarms = new AlarmTopic(this, 'Alarms', { email: props.knobs.alarmEmail });
    // One dashboard for the stack (billed monthly beyond an account's first three), a section per pattern.
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `# ${id}`, width: 24, height: 1 }));
    // One key for the stack's failure queues, kept like the queues (the knob removalPolicy).
    const failureQueueKey = new kms.Key(this, 'FailureQueueKey', {
      description: `Encrypts the failure queues of ${id}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy[props.knobs.removalPolicy],
    });
    this.context = { knobs: props.knobs, alarmActions: alarms.alarmActions, dashboard, failureQueueKey };
  }
}

/** Option 1: API Gateway + Cognito -> Kinesis -> Lambda (the sample processor), failures to SQS. */
export class ApiToLambdaStack extends SolutionStack {
  constructor(scope: Construct, id: string, props: SolutionStackProps) {
    super(scope, id, props);
    const ingest = addIngestApi(this, this.context);
    addLambdaProcessor(this, this.context, ingest.stream);
  }
}

/** Option 2: Kinesis -> Managed Service for Apache Flink (the reference application) -> S3. */
export class FlinkToS3Stack extends SolutionStack {
  constructor(scope: Construct, id: string, props: FlinkSolutionStackProps) {
    super(scope, id, props);
    addFlinkAnalytics(this, this.context, props.flinkCode);
  }
}

/** Option 3: Kinesis -> Firehose (dynamic partitioning by ticker) -> encrypted S3 data lake. */
export class FirehoseToS3Stack extends SolutionStack {
  constructor(scope: Construct, id: string, props: SolutionStackProps) {
    super(scope, id, props);
    addFirehoseDelivery(this, this.context);
  }
}

/**
 * Option 4: all four patterns on one stream, to compare the consumers side by side on the same
 * records. The ingest API creates the stream; the three consumers each poll it (3 of the 5
 * GetRecords calls per second a shard allows).
 */
export class AllPatternsStack extends SolutionStack {
  constructor(scope: Construct, id: string, props: FlinkSolutionStackProps) {
    super(scope, id, props);
    const ingest = addIngestApi(this, this.context);
    addLambdaProcessor(this, this.context, ingest.stream);
    addFlinkAnalytics(this, this.context, props.flinkCode, ingest.stream);
    addFirehoseDelivery(this, this.context, ingest.stream);
  }
}
