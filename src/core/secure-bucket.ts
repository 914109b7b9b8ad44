import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeNagRule } from './nag';

/** A bucket a pattern creates for its data, and how. */
export interface SecureBucketOptions {
  /** The construct ids of the bucket and of its server access log bucket, in the pattern's scope. */
  readonly bucketId: string;
  readonly serverAccessLogsBucketId: string;
  /** What the bucket holds, for the descriptions. */
  readonly purpose: string;
  /**
   * The customer managed key of the bucket.
   *
   * @default - SSE-KMS with the AWS managed key `alias/aws/s3`
   */
  readonly encryptionKey?: kms.IKey;
  readonly versioned: boolean;
  readonly lifecycleRules: s3.LifecycleRule[];
  readonly removalPolicy: RemovalPolicy;
  /**
   * The user's settings, merged over the pattern's (never the encryption: see the pattern's
   * validation). A given `serverAccessLogsBucket` replaces the log bucket the pattern creates.
   *
   * @default - the pattern's settings only
   */
  readonly bucketProps?: s3.BucketProps;
}

/** The data bucket and, unless the user gave one, the bucket its server access logs go to. */
export interface SecureBuckets {
  readonly bucket: s3.Bucket;
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * The one way the library creates a bucket for data: SSE-KMS with a bucket key, TLS 1.2 or later
 * only, public access blocked, ACLs disabled, and server access logs to a second bucket
 * (SSE-S3, the only encryption S3 log delivery supports; logs kept one year) that lets
 * `logging.s3.amazonaws.com` write through its bucket policy (feature flags pinned in
 * `feature-flags.ts`), not an ACL.
 */
export function createSecureBucket(scope: Construct, options: SecureBucketOptions): SecureBuckets {
  const serverAccessLogsBucket = options.bucketProps?.serverAccessLogsBucket
    ?? createServerAccessLogsBucket(scope, options);
  const bucket = new s3.Bucket(scope, options.bucketId, {
    encryption: options.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.KMS_MANAGED,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: options.versioned,
    lifecycleRules: options.lifecycleRules,
    removalPolicy: options.removalPolicy,
    ...options.bucketProps,
    serverAccessLogsBucket,
  });
  return { bucket, serverAccessLogsBucket: options.bucketProps?.serverAccessLogsBucket ? undefined : serverAccessLogsBucket };
}

function createServerAccessLogsBucket(scope: Construct, options: SecureBucketOptions): s3.Bucket {
  const logs = new s3.Bucket(scope, options.serverAccessLogsBucketId, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    // The logs go with the bucket they describe.
    removalPolicy: options.bucketProps?.removalPolicy ?? options.removalPolicy,
    autoDeleteObjects: options.bucketProps?.autoDeleteObjects,
  });
  acknowledgeNagRule(logs, {
    ruleId: 'AwsSolutions-S1',
    reason: `This bucket receives the server access logs of the ${options.purpose} bucket; logging its own accesses would log the log writes.`,
  });
  return logs;
}
