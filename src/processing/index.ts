export * from './failure-bucket-props';
export * from './kinesis-lambda-processor';
export * from './sample-processor';
export * from './sample-processor-function';
