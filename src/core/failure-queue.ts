import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FailureQueueProps } from './failure-queue-props';
import { graph, PatternMonitoring } from './monitoring';
import { acknowledgeNagRule } from './nag';

const MAX_RETENTION = Duration.days(14);
const MIN_RETENTION = Duration.minutes(1);
const PERIOD = Duration.minutes(5);


/** The defaults of `FailureQueueProps`. */
export const FAILURE_QUEUE_DEFAULTS = {
  retentionPeriod: MAX_RETENTION,
  ageAlarmThreshold: Duration.days(7),
};

/**
 * An encrypted, TLS-only SQS queue that receives a pattern's failed records, with an alarm on
 * its depth (any message is a failure a person should look at) and on the age of its oldest
 * message (failures left unattended before SQS deletes them).
 */
export class FailureQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly encryptionKey: kms.IKey;
  public readonly depthAlarm: cloudwatch.Alarm;
  public readonly ageAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, monitoring: PatternMonitoring, props: FailureQueueProps = {}) {
    super(scope, id);
    const retentionPeriod = props.retentionPeriod ?? FAILURE_QUEUE_DEFAULTS.retentionPeriod;
    const ageAlarmThreshold = props.ageAlarmThreshold ?? FAILURE_QUEUE_DEFAULTS.ageAlarmThreshold;
    validate(retentionPeriod, ageAlarmThreshold);

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the failure queue ${this.node.path}`,
      enableKeyRotation: true,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod,
    });
    // Both rules ask for a dead-letter queue; this queue is where failures end.
    for (const ruleId of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      acknowledgeNagRule(this.queue, {
        ruleId,
        reason: 'This queue is the dead-letter destination itself: failed records end here, watched by its depth and age alarms.',
      });
    }

    this.depthAlarm = monitoring.addAlarm(this, 'DepthAlarm', {
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `Failed records are waiting in ${this.queue.queueName}: read them, fix the cause and replay them.`,
    });
    this.ageAlarm = monitoring.addAlarm(this, 'AgeAlarm', {
      metric: this.queue.metricApproximateAgeOfOldestMessage({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD }),
      threshold: ageAlarmThreshold.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `The oldest failed record in ${this.queue.queueName} is ${ageAlarmThreshold.toHumanString()} old; SQS deletes it after ${retentionPeriod.toHumanString()}.`,
    });
    monitoring.addWidgetRow(graph('Failure queue: messages visible and oldest age (s)',
      [this.queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD })],
      [this.queue.metricApproximateAgeOfOldestMessage({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD })]));
  }
}

/**
 * Lets an AWS service send failure notices to the queue for one source only: the queue policy
 * and (when the key is one this construct can change) the key policy allow `service` to send
 * when `aws:SourceArn` is `sourceArn`, so no other resource can use the service as a deputy.
 */
export function allowServiceToSend(failureQueue: FailureQueue, service: string, sourceArn: string): void {
  const principal = new iam.ServicePrincipal(service);
  const conditions = { ArnEquals: { 'aws:SourceArn': sourceArn } };
  failureQueue.queue.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['sqs:SendMessage'],
    principals: [principal],
    resources: [failureQueue.queue.queueArn],
    conditions,
  }));
  const keyStatement = new iam.PolicyStatement({
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    principals: [principal],
    resources: ['*'],
    conditions,
  });
  if (!failureQueue.encryptionKey.addToResourcePolicy(keyStatement, true).statementAdded) {
    Annotations.of(failureQueue.encryptionKey).addWarningV2('cdk-streaming-data-patterns:failureQueueKeyPolicy',
      `The policy of this imported key cannot be changed here: add ${JSON.stringify(keyStatement.toStatementJson())} to it, or ${service} cannot send to the failure queue.`);
  }
}

function validate(retentionPeriod: Duration, ageAlarmThreshold: Duration): void {
  if (retentionPeriod.isUnresolved() || ageAlarmThreshold.isUnresolved()) {
    return;
  }
  const retention = retentionPeriod.toSeconds({ integral: false });
  if (retention < MIN_RETENTION.toSeconds() || retention > MAX_RETENTION.toSeconds()) {
    throw new Error(`failureQueueProps.retentionPeriod must be from 1 minute to 14 days (got ${retentionPeriod.toHumanString()}).`);
  }
  const age = ageAlarmThreshold.toSeconds({ integral: false });
  if (age < PERIOD.toSeconds() || age >= retention) {
    throw new Error(`failureQueueProps.ageAlarmThreshold must be at least 5 minutes and shorter than retentionPeriod (${retentionPeriod.toHumanString()}) (got ${ageAlarmThreshold.toHumanString()}).`);
  }
}
