import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { FailureQueue } from '../../src/core/failure-queue';
import { FailureQueueProps } from '../../src/core/failure-queue-props';
import { PatternMonitoring } from '../../src/core/monitoring';
import { StreamingPatternProps } from '../../src/core/pattern-props';
import { resolveRemovalPolicy } from '../../src/core/removal-policy';
import { createOrUseStream } from '../../src/core/stream';
import { StreamingPattern } from '../../src/core/streaming-pattern';
import { PropsValidator } from '../../src/core/validation';

/**
 * The smallest pattern: a stream (created or given) and what a pattern hands its building blocks
 * (monitoring, validator, removal policy), for the tests and integ app of the core building blocks.
 */
export class TestPattern extends StreamingPattern {
  public readonly stream: kinesis.IStream;
  public readonly monitoring: PatternMonitoring;
  public readonly validator: PropsValidator;
  public readonly removalPolicy: RemovalPolicy;
  public readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: StreamingPatternProps = {}) {
    super(scope, id);
    this.validator = new PropsValidator(this);
    this.removalPolicy = resolveRemovalPolicy(this.validator, props);
    this.monitoring = new PatternMonitoring(props.alarmActions);
    this.stream = createOrUseStream(this, this.validator, props, this.removalPolicy);
  }

  public get alarms(): cloudwatch.Alarm[] {
    return this.monitoring.alarms;
  }
}

/** A failure queue as a pattern makes it, in `scope` (errors name `scope`), kept on deletion. */
export function newFailureQueue(scope: Construct, id: string, monitoring = new PatternMonitoring(), settings?: FailureQueueProps): FailureQueue {
  return new FailureQueue(scope, id, { settings, monitoring, validator: new PropsValidator(scope), removalPolicy: RemovalPolicy.RETAIN });
}
