export * from './kinesis-firehose-delivery';
