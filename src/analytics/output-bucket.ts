import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeNagRule } from '../core/nag';

/** The output bucket and, when the pattern created it, its server access log bucket. */
export interface OutputBucket {
  readonly bucket: s3.IBucket;
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * Returns `existingBucket`, or a new bucket: SSE-KMS with a bucket key, TLS 1.2 or later only,
 * public access blocked, versioned, server access logs to a second bucket, and a lifecycle
 * (Intelligent-Tiering from day 0, incomplete uploads aborted after 7 days, noncurrent versions
 * expired after 90 days). `bucketProps` are merged over those defaults.
 */
export function createOrUseOutputBucket(scope: Construct, existingBucket?: s3.IBucket, bucketProps?: s3.BucketProps): OutputBucket {
  if (existingBucket) {
    return { bucket: existingBucket };
  }
  // S3 server access logs can only be delivered to a bucket with S3-managed encryption.
  const accessLogsBucket = new s3.Bucket(scope, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
  });
  acknowledgeNagRule(accessLogsBucket, {
    ruleId: 'AwsSolutions-S1',
    reason: 'This bucket receives the server access logs of the output bucket; logging its own accesses would log the log writes.',
  });
  const bucket = new s3.Bucket(scope, 'Bucket', {
    encryption: s3.BucketEncryption.KMS_MANAGED,
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    serverAccessLogsBucket: accessLogsBucket,
    lifecycleRules: [
      { id: 'IntelligentTiering', transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(0) }] },
      { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      { id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: Duration.days(90) },
    ],
    ...bucketProps,
  });
  return { bucket, accessLogsBucket };
}
