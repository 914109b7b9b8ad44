import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FailureBucketProps } from './kinesis-lambda-processor-props';
import { FailureQueue } from '../core/failure-queue';
import { PatternMonitoring } from '../core/monitoring';
import { ObjectCreatedNotices } from '../core/object-created-notices';
import { createSecureBucket } from '../core/secure-bucket';

/** The default of `FailureBucketProps.expiration`. */
export const DEFAULT_FAILURE_BUCKET_EXPIRATION = Duration.days(90);

/** What the processor gives its failure bucket. */
export interface FailureBucketConstructProps {
  /** The user's settings (`failureBucketProps`). */
  readonly settings?: FailureBucketProps;
  readonly failureQueue: FailureQueue;
  readonly monitoring: PatternMonitoring;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A KMS-encrypted secure bucket (see `createSecureBucket`) where Lambda writes each failed batch
 * (the invocation record and the whole batch payload), objects expiring after
 * `FailureBucketProps.expiration`. Every object written is announced to the failure queue through
 * EventBridge, so a failed batch raises the same alarm as on the SQS destination.
 */
export class FailureBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly encryptionKey: kms.IKey;
  public readonly notices: ObjectCreatedNotices;

  constructor(scope: Construct, id: string, props: FailureBucketConstructProps) {
    super(scope, id);
    const settings = props.settings ?? {};
    this.encryptionKey = settings.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the failed batches in ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.bucket = createSecureBucket(this, {
      bucketId: 'Bucket',
      serverAccessLogsBucketId: 'AccessLogs',
      purpose: 'failure',
      encryptionKey: this.encryptionKey,
      versioned: false,
      lifecycleRules: [{
        expiration: settings.expiration ?? DEFAULT_FAILURE_BUCKET_EXPIRATION,
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
      removalPolicy: props.removalPolicy,
      bucketProps: settings.autoDeleteObjects ? { autoDeleteObjects: true } : undefined,
    }).bucket;
    this.notices = new ObjectCreatedNotices(this, 'Notices', { bucket: this.bucket, failureQueue: props.failureQueue, monitoring: props.monitoring });
  }
}
