import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FailureBucketProps } from './failure-bucket-props';
import { FailureQueue } from '../core/failure-queue';
import { PatternMonitoring } from '../core/monitoring';
import { acknowledgeNagRule } from '../core/nag';
import { ObjectCreatedNotices } from '../core/object-created-notices';


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

    new ObjectCreatedNotices(this, 'Notices', { bucket: this.bucket, failureQueue, monitoring });
  }
}
