import { CfnApplication } from 'aws-cdk-lib/aws-kinesisanalyticsv2';

/** The id of the property group the pattern fills; the application reads exactly these keys (README). */
export const PATTERN_PROPERTY_GROUP = 'StreamingDataPatterns';

/** What the application needs to find its input, output and failure queue. */
export interface PatternProperties {
  readonly inputStreamName: string;
  readonly inputStreamArn: string;
  readonly region: string;
  readonly outputBucketName: string;
  readonly outputPrefix: string;
  readonly failureQueueUrl: string;
}

/**
 * The runtime properties of the application: the pattern's group (its keys are the contract
 * documented in the README), then the user's groups in the order given.
 */
export function propertyGroups(
  pattern: PatternProperties,
  userGroups: { [groupId: string]: { [key: string]: string } } = {},
): CfnApplication.PropertyGroupProperty[] {
  return [
    {
      propertyGroupId: PATTERN_PROPERTY_GROUP,
      propertyMap: {
        InputStreamName: pattern.inputStreamName,
        InputStreamArn: pattern.inputStreamArn,
        Region: pattern.region,
        OutputBucketName: pattern.outputBucketName,
        OutputPrefix: pattern.outputPrefix,
        FailureQueueUrl: pattern.failureQueueUrl,
      },
    },
    ...Object.entries(userGroups).map(([propertyGroupId, propertyMap]) => ({ propertyGroupId, propertyMap })),
  ];
}
