import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FailureBucketProps } from './failure-bucket-props';
import { allowServiceToSend, FailureQueue } from '../core/failure-queue';
import { PatternMonitoring } from '../core/monitoring';
import { acknowledgeNagRule } from '../core/nag';


/**
 * A KMS-encrypted, TLS-only, private bucket where Lambda writes each failed batch (the
 * invocation record and the whole batch payload), with server access logs and a lifecycle.
 * Every object written is announced to the failure queue through EventBridge, so a failed batch
 * raises the same alarm as on the SQS destination.
 */
export class FailureBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly encryptionKey: kms.IKey;
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, failureQueue: FailureQueue, monitoring: PatternMonitoring, props: FailureBucketProps = {}) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the failed batches in ${this.node.path}`,
      enableKeyRotation: true,
    });
    // S3 server access logs can only be delivered to a bucket with S3-managed encryption.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ expiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    acknowledgeNagRule(this.accessLogsBucket, {
      ruleId: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket of the failure bucket; logging its own access would loop.',
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      lifecycleRules: [{
        expiration: props.expiration ?? Duration.days(90),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });

    // Set on the L1: the L2's `eventBridgeEnabled` goes through the bucket-notifications custom
    // resource, a singleton function created at stack level, outside this construct.
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    // The rule is named so its ARN can be written without referring to the rule: the key policy
    // needs that ARN, and a reference would close a cycle (key -> rule -> queue -> key).
    const ruleName = Names.uniqueResourceName(this, { maxLength: 64 });
    const ruleArn = Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: ruleName });
    const rule = new events.Rule(this, 'ObjectCreatedRule', {
      ruleName,
      description: `Announces failed batches written to ${this.node.path} on the failure queue`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [this.bucket.bucketName] } },
      },
      targets: [{ bind: () => ({ arn: failureQueue.queue.queueArn }) }],
    });
    allowServiceToSend(failureQueue, 'events.amazonaws.com', ruleArn);

    // A notice EventBridge cannot deliver is counted here; the batch itself stays in the bucket.
    monitoring.addAlarm(this, 'NoticeDeliveryFailedAlarm', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { RuleName: ruleName },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `EventBridge could not put the notice of a failed batch on the failure queue; look for the batch in ${this.node.path}.`,
    });
    acknowledgeNagRule(rule, {
      ruleId: 'Serverless-EventBusDLQ',
      reason: 'The target is the failure queue; an undelivered notice is alarmed on (FailedInvocations) and the failed batch itself stays in the bucket.',
    });
  }
}
