export * from './kinesis-firehose-delivery-props';
export * from './kinesis-firehose-delivery';
