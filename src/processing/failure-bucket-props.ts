import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Settings of the S3 on-failure destination of a `KinesisLambdaProcessor`.
 */
export interface FailureBucketProps {
  /**
   * A customer managed KMS key to encrypt failed batches with.
   *
   * @default - a new customer managed key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long failed batches are kept before S3 deletes them.
   *
   * @default Duration.days(90)
   */
  readonly expiration?: Duration;
}
