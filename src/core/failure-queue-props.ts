import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Settings for a pattern's failure queue, where records that could not be processed end up.
 */
export interface FailureQueueProps {
  /**
   * A customer managed KMS key to encrypt the queue with.
   *
   * @default - a new customer managed key with rotation enabled (a customer key, unlike
   * `alias/aws/sqs`, can be granted to the AWS services that send failures)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long failed records stay in the queue: 1 minute to 14 days.
   *
   * @default Duration.days(14)
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
   */
  readonly retentionPeriod?: Duration;

  /**
   * The age of the oldest message (`ApproximateAgeOfOldestMessage`, maximum over 5 minutes) at
   * which the age alarm fires: at least 5 minutes and shorter than `retentionPeriod`, so it fires
   * while there is still time to act before SQS deletes messages.
   *
   * @default Duration.days(7)
   */
  readonly ageOfOldestMessageAlarmThreshold?: Duration;
}
