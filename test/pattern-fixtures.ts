import * as path from 'path';
import { Size, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  FailureDestinationType, FlinkCode, KinesisFirehoseDelivery, KinesisFlinkAnalytics, KinesisIngestApi, KinesisLambdaProcessor, SampleProcessor,
  StreamingPattern, StreamingPatternProps,
} from '../src';

/** A Flink application to deploy in tests: any local folder, zipped as an asset. */
export const FLINK_PLACEHOLDER = path.join(__dirname, '../integ/assets/flink-placeholder');

/** What a fixture gets besides its stack: resources a user would bring. */
export interface FixtureResources {
  readonly key: kms.IKey;
  readonly vpc: ec2.IVpc;
}

/** Builds one pattern, with id `Pattern`, in `stack`, with `common` props added. */
export type PatternFixture = (stack: Stack, resources: FixtureResources, common?: StreamingPatternProps) => StreamingPattern;

/** Each pattern with its defaults (the processor needs a function). */
export const DEFAULT_PATTERNS: Record<string, PatternFixture> = {
  ingest: (stack, _resources, common) => new KinesisIngestApi(stack, 'Pattern', { ...common }),
  processor: (stack, _resources, common) => new KinesisLambdaProcessor(stack, 'Pattern', { ...common, functionProps: SampleProcessor.functionProps() }),
  analytics: (stack, _resources, common) => new KinesisFlinkAnalytics(stack, 'Pattern', { ...common, code: FlinkCode.fromAsset(FLINK_PLACEHOLDER) }),
  delivery: (stack, _resources, common) => new KinesisFirehoseDelivery(stack, 'Pattern', { ...common }),
};

/** Each pattern with the options that create the most resources. */
export const FULL_PATTERNS: Record<string, PatternFixture> = {
  ingest: (stack, { key }, common) => new KinesisIngestApi(stack, 'Pattern', {
    ...common,
    streamProps: { encryptionKey: key },
    enhancedMonitoring: true,
    loggingLevel: apigateway.MethodLoggingLevel.ERROR,
    createAccountCloudWatchRole: true,
    apiKeyRequired: true,
  }),
  processorS3: (stack, { key }, common) => new KinesisLambdaProcessor(stack, 'Pattern', {
    ...common,
    functionProps: SampleProcessor.functionProps(),
    streamProps: { encryptionKey: key },
    failureDestination: FailureDestinationType.S3,
    enhancedFanOut: true,
  }),
  analytics: (stack, { key, vpc }, common) => new KinesisFlinkAnalytics(stack, 'Pattern', {
    ...common,
    code: FlinkCode.fromAsset(FLINK_PLACEHOLDER),
    vpc,
    applicationEncryptionKey: key,
  }),
  delivery: (stack, { key }, common) => new KinesisFirehoseDelivery(stack, 'Pattern', {
    ...common,
    encryptionKey: key,
    dynamicPartitioningKeys: { customer: '.customer' },
    bufferingSize: Size.mebibytes(64),
  }),
};

/** A customer key and a VPC in `stack`, created the same way whatever the app's feature flags. */
export function fixtureResources(stack: Stack): FixtureResources {
  return {
    key: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    vpc: new ec2.Vpc(stack, 'Vpc', { restrictDefaultSecurityGroup: false, natGateways: 1 }),
  };
}
