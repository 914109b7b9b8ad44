import { CfnParameter, Duration, Size, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { KinesisFirehoseDelivery, KinesisFirehoseDeliveryProps } from '../../src';

/** The whole message a bad prop raises: the pattern's path and class, then what to fix. */
function error(message: string): Error {
  return new Error(`Default/Delivery (KinesisFirehoseDelivery): ${message}`);
}

function build(props: KinesisFirehoseDeliveryProps, stack = new Stack()): KinesisFirehoseDelivery {
  return new KinesisFirehoseDelivery(stack, 'Delivery', props);
}

const PARQUET = { databaseName: 'db', tableName: 'tbl' };

describe('buffering', () => {
  test.each([
    ['200', Size.mebibytes(200)],
    ['0', Size.mebibytes(0)],
    ['129', Size.mebibytes(129)],
    ['1.5', Size.kibibytes(1536)],
  ])('bufferingSize of %s MiB', (got, bufferingSize) => {
    expect(() => build({ bufferingSize })).toThrow(error(`bufferingSize must be whole MiB from 1 to 128 (got ${got} MiB).`));
  });

  test.each([
    ['901', Duration.seconds(901)],
    ['1.5', Duration.millis(1500)],
  ])('bufferingInterval of %s seconds', (got, bufferingInterval) => {
    expect(() => build({ bufferingInterval })).toThrow(error(`bufferingInterval must be whole seconds from 0 to 900 (got ${got} seconds).`));
  });

  test.each([
    ['0', Duration.seconds(0)],
    ['59', Duration.seconds(59)],
  ])('dynamic partitioning with a %s-second buffer', (got, bufferingInterval) => {
    expect(() => build({ dynamicPartitioningKeys: { customer: '.customer' }, bufferingInterval }))
      .toThrow(error(`bufferingInterval must be at least 60 seconds with dynamicPartitioningKeys: Firehose refuses a shorter buffer for dynamic partitioning (got ${got} seconds).`));
  });

  test('dynamic partitioning with a buffer under 64 MiB', () => {
    expect(() => build({ dynamicPartitioningKeys: { customer: '.customer' }, bufferingSize: Size.mebibytes(5) }))
      .toThrow(error('bufferingSize must be at least 64 MiB with dynamicPartitioningKeys: Firehose refuses a smaller buffer for dynamic partitioning (got 5 MiB).'));
  });

  test('newlineDelimiter with Parquet conversion', () => {
    expect(() => build({ parquetConversion: PARQUET, newlineDelimiter: true }))
      .toThrow(error('newlineDelimiter only applies without parquetConversion: Parquet files hold records in columns, not lines (got newlineDelimiter true).'));
  });

  test('Parquet conversion with a buffer under 64 MiB', () => {
    expect(() => build({ parquetConversion: PARQUET, bufferingSize: Size.mebibytes(5) }))
      .toThrow(error('bufferingSize must be at least 64 MiB with parquetConversion: Firehose needs it to write Parquet files (got 5 MiB).'));
  });

  test('unresolved tokens are not validated', () => {
    const stack = new Stack();
    const size = new CfnParameter(stack, 'Size', { type: 'Number' });
    const interval = new CfnParameter(stack, 'Interval', { type: 'Number' });
    build({
      bufferingSize: Size.mebibytes(size.valueAsNumber),
      bufferingInterval: Duration.seconds(interval.valueAsNumber),
      dataOutputPrefix: Token.asString(new CfnParameter(stack, 'Prefix').value),
    }, stack);
    const destination = Object.values(Template.fromStack(stack).findResources('AWS::KinesisFirehose::DeliveryStream'))[0]
      .Properties.ExtendedS3DestinationConfiguration;
    expect(destination.BufferingHints).toEqual({ IntervalInSeconds: { Ref: 'Interval' }, SizeInMBs: { Ref: 'Size' } });
    expect(destination.Prefix).toEqual({ Ref: 'Prefix' });
  });
});

describe('compression', () => {
  test('an unknown compression format', () => {
    expect(() => build({ compression: firehose.Compression.of('LZ4') }))
      .toThrow(error('compression must be one of GZIP, HADOOP_SNAPPY, Snappy, ZIP, UNCOMPRESSED (got LZ4).'));
  });

  test('a compression format with Parquet conversion', () => {
    expect(() => build({ parquetConversion: PARQUET, compression: firehose.Compression.GZIP }))
      .toThrow(error('compression must be left unset or UNCOMPRESSED with parquetConversion: Parquet files are compressed inside (parquetConversion.outputFormat) (got GZIP).'));
  });
});

describe('prefixes', () => {
  test('an unclosed expression in dataOutputPrefix', () => {
    expect(() => build({ dataOutputPrefix: 'data/!{timestamp:yyyy/' }))
      .toThrow(error('dataOutputPrefix has an unbalanced !{...} expression at position 5: every !{ needs a closing } before the next !{ (got \'data/!{timestamp:yyyy/\').'));
  });

  test('a nested expression in errorOutputPrefix', () => {
    expect(() => build({ errorOutputPrefix: 'errors/!{firehose:!{firehose:error-output-type}}/' }))
      .toThrow(error('errorOutputPrefix has an unbalanced !{...} expression at position 7: every !{ needs a closing } before the next !{ (got \'errors/!{firehose:!{firehose:error-output-type}}/\').'));
  });

  test('an unknown namespace in dataOutputPrefix', () => {
    expect(() => build({ dataOutputPrefix: 'data/!{partitionKeyFromLambda:customer}/' }))
      .toThrow(error('dataOutputPrefix cannot use !{partitionKeyFromLambda:customer}: the expressions allowed there are firehose:random-string, timestamp:<format> and partitionKeyFromQuery:<key>.'));
  });

  test('the error output type in dataOutputPrefix', () => {
    expect(() => build({ dataOutputPrefix: 'data/!{firehose:error-output-type}/' }))
      .toThrow(error('dataOutputPrefix cannot use !{firehose:error-output-type}: the expressions allowed there are firehose:random-string, timestamp:<format> and partitionKeyFromQuery:<key>.'));
  });

  test('a partition key in errorOutputPrefix', () => {
    expect(() => build({ dynamicPartitioningKeys: { customer: '.customer' }, errorOutputPrefix: 'errors/!{firehose:error-output-type}/!{partitionKeyFromQuery:customer}/' }))
      .toThrow(error('errorOutputPrefix cannot use !{partitionKeyFromQuery:customer}: the expressions allowed there are firehose:error-output-type, firehose:random-string and timestamp:<format>.'));
  });

  test('errorOutputPrefix without the error output type', () => {
    expect(() => build({ errorOutputPrefix: 'errors/!{timestamp:yyyy}/' }))
      .toThrow(error('errorOutputPrefix must contain !{firehose:error-output-type}, so that each kind of failure gets its own folder (got \'errors/!{timestamp:yyyy}/\').'));
  });

  test('errorOutputPrefix without a fixed folder', () => {
    expect(() => build({ errorOutputPrefix: '!{firehose:error-output-type}/' }))
      .toThrow('errorOutputPrefix must start with a fixed folder, such as \'errors/\', before any !{...} expression, and dataOutputPrefix must not start with that folder: '
        + 'the failure notification watches it (got errorOutputPrefix \'!{firehose:error-output-type}/\', dataOutputPrefix \'data/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/\').');
  });

  test('dataOutputPrefix inside the error folder', () => {
    expect(() => build({ dataOutputPrefix: 'out/errors/!{timestamp:yyyy}/', errorOutputPrefix: 'out/!{firehose:error-output-type}/' }))
      .toThrow(/^Default\/Delivery \(KinesisFirehoseDelivery\): errorOutputPrefix must start with a fixed folder.*dataOutputPrefix must not start with that folder/);
  });

  test('errorOutputPrefix given as a token', () => {
    const stack = new Stack();
    expect(() => build({ errorOutputPrefix: new CfnParameter(stack, 'Errors').valueAsString }, stack))
      .toThrow(error('errorOutputPrefix must be a literal string, not a token: the folder the failure notification watches is taken from it at synth time.'));
  });
});

describe('dynamic partitioning', () => {
  test('a partition key in dataOutputPrefix without dynamicPartitioningKeys', () => {
    expect(() => build({ dataOutputPrefix: 'data/!{partitionKeyFromQuery:customer}/' }))
      .toThrow(error('dataOutputPrefix uses !{partitionKeyFromQuery:customer}, which needs dynamicPartitioningKeys (got no dynamicPartitioningKeys).'));
  });

  test('a partition key that dynamicPartitioningKeys does not define', () => {
    expect(() => build({ dynamicPartitioningKeys: { customer: '.customer' }, dataOutputPrefix: 'data/!{partitionKeyFromQuery:region}/' }))
      .toThrow(error('dataOutputPrefix uses !{partitionKeyFromQuery:region}, but dynamicPartitioningKeys has no key \'region\' (keys: customer).'));
  });

  test('dynamicPartitioningKeys with a dataOutputPrefix that uses none of them', () => {
    expect(() => build({ dynamicPartitioningKeys: { customer: '.customer' }, dataOutputPrefix: 'data/!{timestamp:yyyy}/' }))
      .toThrow(error('dataOutputPrefix must use at least one !{partitionKeyFromQuery:<key>} expression with dynamicPartitioningKeys (keys: customer; got \'data/!{timestamp:yyyy}/\').'));
  });

  test('no keys', () => {
    expect(() => build({ dynamicPartitioningKeys: {} }))
      .toThrow(error('dynamicPartitioningKeys must have at least one key, such as { customer_id: \'.customer_id\' } (got none).'));
  });

  test('a key name that cannot be used in a prefix', () => {
    expect(() => build({ dynamicPartitioningKeys: { 'customer id': '.customer' } }))
      .toThrow(error('dynamicPartitioningKeys names must be letters, digits, _ or - (got \'customer id\').'));
  });

  test('an empty jq expression', () => {
    expect(() => build({ dynamicPartitioningKeys: { customer: ' ' } }))
      .toThrow(error('dynamicPartitioningKeys.customer must be a jq expression, such as \'.customer\' (got an empty string).'));
  });

  test('retryDuration without dynamic partitioning', () => {
    expect(() => build({ retryDuration: Duration.minutes(5) }))
      .toThrow(error('retryDuration only applies with dynamicPartitioningKeys: it is how long Firehose retries a partitioned delivery to S3 (got no dynamicPartitioningKeys).'));
  });

  test('retryDuration over 7,200 seconds', () => {
    expect(() => build({ dynamicPartitioningKeys: { customer: '.customer' }, retryDuration: Duration.hours(3) }))
      .toThrow(error('retryDuration must be whole seconds from 0 to 7200 (got 10800 seconds).'));
  });
});

describe('alarm threshold', () => {
  test.each([
    ['30', {}, Duration.seconds(30)],
    ['300', {}, Duration.seconds(300)],
  ])('dataFreshnessAlarmThreshold of %s seconds with the default 300 s buffer', (got, extra, dataFreshnessAlarmThreshold) => {
    expect(() => build({ ...extra, dataFreshnessAlarmThreshold }))
      .toThrow(error(`dataFreshnessAlarmThreshold must be at least 60 seconds and longer than bufferingInterval (300 seconds), or the alarm fires while records wait in the buffer as they should (got ${got} seconds).`));
  });

  test('dataFreshnessAlarmThreshold within 1.5 times the buffer with dynamic partitioning', () => {
    expect(() => build({ dynamicPartitioningKeys: { customer: '.customer' }, dataFreshnessAlarmThreshold: Duration.seconds(450) }))
      .toThrow(error('dataFreshnessAlarmThreshold must be at least 60 seconds and longer than 1.5 times bufferingInterval (450 seconds) with dynamicPartitioningKeys, '
        + 'or the alarm fires while records wait in Firehose\'s buffers as they should (got 450 seconds).'));
  });

  test.each([
    ['0', Duration.seconds(0)],
    ['1.5', Duration.millis(1.5)],
  ])('millisBehindLatestAlarmThreshold of %s milliseconds', (got, millisBehindLatestAlarmThreshold) => {
    expect(() => build({ millisBehindLatestAlarmThreshold })).toThrow(error(`millisBehindLatestAlarmThreshold must be whole milliseconds, more than 0 (got ${got} milliseconds).`));
  });
});

describe('existing and new resources', () => {
  test('existingBucket with bucketProps', () => {
    const stack = new Stack();
    expect(() => build({ existingBucket: s3.Bucket.fromBucketName(stack, 'B', 'archive'), bucketProps: { versioned: true } }, stack))
      .toThrow(error('Provide either existingBucket or bucketProps, not both: bucketProps only describes a bucket the pattern creates.'));
  });

  test('bucketProps with its own encryption', () => {
    const stack = new Stack();
    expect(() => build({ bucketProps: { encryptionKey: new kms.Key(stack, 'K') } }, stack))
      .toThrow(error('bucketProps.encryption and bucketProps.encryptionKey cannot be set: the bucket is always KMS encrypted; give a customer managed key in encryptionKey (Firehose encrypts with it too).'));
    expect(() => build({ bucketProps: { encryption: s3.BucketEncryption.S3_MANAGED } }))
      .toThrow(error('bucketProps.encryption and bucketProps.encryptionKey cannot be set: the bucket is always KMS encrypted; '
      + 'give a customer managed key in encryptionKey (Firehose encrypts with it too).'));
  });

  test('existingStream with streamProps', () => {
    const stack = new Stack();
    const existingStream = kinesis.Stream.fromStreamArn(stack, 'S', 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
    expect(() => build({ existingStream, streamProps: {} }, stack))
      .toThrow(error('Provide either existingStream or streamProps, not both: streamProps only describes a stream the pattern creates.'));
  });
});
