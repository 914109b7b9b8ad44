import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createSecureBucket } from '../core/secure-bucket';

/** The output bucket and, when the pattern created it, its server access log bucket. */
export interface OutputBucket {
  readonly bucket: s3.IBucket;
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * Returns `existingBucket`, or a new secure bucket (see `createSecureBucket`), versioned, with a
 * lifecycle: Intelligent-Tiering from day 0, incomplete uploads aborted after 7 days, noncurrent
 * versions expired after 90 days. `bucketProps` are merged over those defaults.
 */
export function createOrUseOutputBucket(
  scope: Construct,
  existingBucket: s3.IBucket | undefined,
  bucketProps: s3.BucketProps | undefined,
  removalPolicy: RemovalPolicy,
): OutputBucket {
  if (existingBucket) {
    return { bucket: existingBucket };
  }
  return createSecureBucket(scope, {
    bucketId: 'Bucket',
    serverAccessLogsBucketId: 'AccessLogs',
    purpose: 'output',
    versioned: true,
    lifecycleRules: [
      { id: 'IntelligentTiering', transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(0) }] },
      { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      { id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: Duration.days(90) },
    ],
    removalPolicy,
    bucketProps,
  });
}
