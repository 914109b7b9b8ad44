export * from './kinesis-lambda-processor-props';
export * from './kinesis-lambda-processor';
export * from './sample-processor';
