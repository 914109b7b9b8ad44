import { Annotations, Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { allowEventBridgeToSend, FailureQueue } from './failure-queue';
import { PatternMonitoring } from './monitoring';
import { acknowledgeNagRule } from './nag';

/** Which objects are announced, and where. */
export interface ObjectCreatedNoticesProps {
  /** The bucket failed records are written to. */
  readonly bucket: s3.IBucket;
  /**
   * Only objects whose key starts with this.
   *
   * @default - every object of the bucket
   */
  readonly keyPrefix?: string;
  readonly failureQueue: FailureQueue;
  readonly monitoring: PatternMonitoring;
}

/**
 * Puts a notice on the failure queue for every object created in a bucket (under a key prefix),
 * so failed records stored in S3 raise the failure queue's alarms like every other failure.
 *
 * Goes through EventBridge rather than an S3 event notification: aws-cdk-lib adds notifications
 * (and its own `eventBridgeEnabled`) through a custom resource whose function is a stack-wide
 * singleton outside the pattern. Here the bucket's EventBridge switch is set on its L1 resource,
 * and the rule, named so the queue and key policies can name it without a dependency cycle, lives
 * in this construct. An undelivered notice is alarmed on; the object itself stays in the bucket.
 */
export class ObjectCreatedNotices extends Construct {
  public readonly rule: events.Rule;
  public readonly deliveryFailedAlarm: cloudwatch.Alarm;
  private readonly ruleName: string;

  constructor(scope: Construct, id: string, props: ObjectCreatedNoticesProps) {
    super(scope, id);
    enableEventBridgeNotifications(this, props.bucket);

    const ruleName = Names.uniqueResourceName(this, { maxLength: 64 });
    const ruleArn = Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: ruleName });
    this.rule = new events.Rule(this, 'Rule', {
      ruleName,
      description: `Announces objects created in the failure location of ${scope.node.path} on its failure queue`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          ...(props.keyPrefix ? { object: { key: events.Match.prefix(props.keyPrefix) } } : {}),
        },
      },
      targets: [{ bind: () => ({ arn: props.failureQueue.queue.queueArn }) }],
    });
    allowEventBridgeToSend(props.failureQueue, ruleArn);
    acknowledgeNagRule(this.rule, {
      ruleId: 'Serverless-EventBusDLQ',
      reason: 'The target is the failure queue itself; an undelivered notice is alarmed on (FailedInvocations) and the object stays in the bucket.',
    });

    this.ruleName = ruleName;
    this.deliveryFailedAlarm = props.monitoring.addAlarm(this, 'DeliveryFailedAlarm', {
      metric: this.metricFailedInvocations(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `EventBridge could not put the notice of a failed-record object on the failure queue; look in the bucket of ${scope.node.path}.`,
    });
  }

  /** Notices EventBridge could not put on the failure queue (`FailedInvocations` of the rule, sum over 5 minutes). */
  public metricFailedInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensionsMap: { RuleName: this.ruleName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...props,
    });
  }
}

/**
 * Turns on the bucket's EventBridge notifications when the bucket is defined in this app (keeping
 * its other notification settings); an imported bucket must have them on already.
 */
function enableEventBridgeNotifications(scope: Construct, bucket: s3.IBucket): void {
  const cfnBucket = bucket.node.defaultChild;
  if (cfnBucket instanceof s3.CfnBucket) {
    const current = cfnBucket.notificationConfiguration as s3.CfnBucket.NotificationConfigurationProperty | undefined;
    cfnBucket.notificationConfiguration = { ...current, eventBridgeConfiguration: { eventBridgeEnabled: true } };
  } else {
    Annotations.of(scope).addWarningV2('cdk-streaming-data-patterns:eventBridgeNotifications',
      `Turn on Amazon EventBridge notifications on bucket ${bucket.bucketName}: objects of failed records written there are announced on the failure queue through EventBridge.`);
  }
}
