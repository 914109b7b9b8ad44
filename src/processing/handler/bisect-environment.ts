/**
 * The environment variable that tells a function `KinesisLambdaProcessor` builds from
 * `functionProps` whether the mapping splits a batch whose invocation fails
 * (`bisectBatchOnError`): the sample processor only fails an invocation then. Shared by the
 * construct and the handler, so it has no dependency.
 */
export const BISECT_ENVIRONMENT = 'STREAMING_DATA_PATTERNS_BISECT_BATCH_ON_ERROR';
