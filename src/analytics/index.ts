export * from './kinesis-flink-analytics-props';
export * from './flink-code';
export * from './kinesis-flink-analytics';
