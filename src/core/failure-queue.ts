import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FailureQueueProps } from './failure-queue-props';
import { graph, PatternMonitoring } from './monitoring';
import { acknowledgeNagRule } from './nag';
import { PropsValidator } from './validation';

const PERIOD = Duration.minutes(5);

/** The defaults of `FailureQueueProps`. */
export const FAILURE_QUEUE_DEFAULTS = {
  retentionPeriod: Duration.days(14),
  ageOfOldestMessageAlarmThreshold: Duration.days(7),
};

/** What a pattern gives its failure queue. */
export interface FailureQueueConstructProps {
  /** The user's settings (`failureQueueProps`). */
  readonly settings?: FailureQueueProps;
  readonly monitoring: PatternMonitoring;
  readonly validator: PropsValidator;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * An encrypted, TLS-only SQS queue that receives a pattern's failed records, with an alarm on
 * its depth (any message is a failure a person should look at) and on the age of its oldest
 * message (failures left unattended before SQS deletes them).
 */
export class FailureQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: FailureQueueConstructProps) {
    super(scope, id);
    const settings = props.settings ?? {};
    const retentionPeriod = settings.retentionPeriod ?? FAILURE_QUEUE_DEFAULTS.retentionPeriod;
    const ageThreshold = settings.ageOfOldestMessageAlarmThreshold ?? FAILURE_QUEUE_DEFAULTS.ageOfOldestMessageAlarmThreshold;
    validate(props.validator, retentionPeriod, ageThreshold);

    this.encryptionKey = settings.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the failure queue ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod,
      removalPolicy: props.removalPolicy,
    });
    // Both rules ask for a dead-letter queue; this queue is where failures end.
    for (const ruleId of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      acknowledgeNagRule(this.queue, {
        ruleId,
        reason: 'This queue is the dead-letter destination itself: failed records end here, watched by its depth and age alarms.',
      });
    }

    props.monitoring.addAlarm(this, 'DepthAlarm', {
      metric: this.metricMessagesVisible(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `Failed records are waiting in ${this.queue.queueName}: read them, fix the cause and replay them.`,
    });
    props.monitoring.addAlarm(this, 'AgeAlarm', {
      metric: this.metricAgeOfOldestMessage(),
      threshold: ageThreshold.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `The oldest failed record in ${this.queue.queueName} is ${ageThreshold.toHumanString()} old; SQS deletes it after ${retentionPeriod.toHumanString()}.`,
    });
    props.monitoring.addWidgetRow(graph('Failure queue: messages visible and oldest age (s)',
      [this.metricMessagesVisible()], [this.metricAgeOfOldestMessage()]));
  }

  /** Failed records waiting (`ApproximateNumberOfMessagesVisible`, maximum over 5 minutes). */
  public metricMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD, ...props });
  }

  /** Age of the oldest failed record in seconds (`ApproximateAgeOfOldestMessage`, maximum over 5 minutes). */
  public metricAgeOfOldestMessage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateAgeOfOldestMessage({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD, ...props });
  }
}

/**
 * Lets EventBridge send failure notices to the queue for one rule only. The queue policy allows
 * `events.amazonaws.com` to send when `aws:SourceArn` is the rule, so no other rule can use it as
 * a deputy. The key policy (when this construct can change it) allows EventBridge to use the key
 * without a source condition, as AWS documents it: AWS says source conditions are not supported in
 * a key policy for EventBridge (for encrypted SNS targets), and a condition the request lacks would
 * refuse every notice. SQS only uses the key for messages the queue policy let in.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export function allowEventBridgeToSend(failureQueue: FailureQueue, ruleArn: string): void {
  const principal = new iam.ServicePrincipal('events.amazonaws.com');
  failureQueue.queue.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['sqs:SendMessage'],
    principals: [principal],
    resources: [failureQueue.queue.queueArn],
    conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
  }));
  const keyStatement = new iam.PolicyStatement({
    sid: 'AllowEventBridgeToSendFailureNotices',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    principals: [principal],
    resources: ['*'],
  });
  if (!failureQueue.encryptionKey.addToResourcePolicy(keyStatement, true).statementAdded) {
    Annotations.of(failureQueue.encryptionKey).addWarningV2('cdk-streaming-data-patterns:failureQueueKeyPolicy',
      `The policy of this imported key cannot be changed here: add ${JSON.stringify(keyStatement.toStatementJson())} to it, or EventBridge cannot send to the failure queue.`);
  }
}

function validate(validator: PropsValidator, retentionPeriod: Duration, ageThreshold: Duration): void {
  validator.duration('failureQueueProps.retentionPeriod', retentionPeriod, 'seconds', { min: 60, max: FAILURE_QUEUE_DEFAULTS.retentionPeriod.toSeconds(), whole: true });
  if (retentionPeriod.isUnresolved() || ageThreshold.isUnresolved()) {
    return;
  }
  const age = ageThreshold.toSeconds({ integral: false });
  validator.check(age >= PERIOD.toSeconds() && age < retentionPeriod.toSeconds({ integral: false }),
    'failureQueueProps.ageOfOldestMessageAlarmThreshold must be at least 5 minutes and shorter than failureQueueProps.retentionPeriod '
    + `(${retentionPeriod.toHumanString()}) (got ${ageThreshold.toHumanString()}).`);
}
