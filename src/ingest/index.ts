export * from './kinesis-ingest-api-props';
export * from './kinesis-ingest-api';
