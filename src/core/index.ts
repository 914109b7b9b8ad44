// Public types only: the helpers in core/ are internal building blocks of the patterns.
export { StreamingPatternProps } from './pattern-props';
export { StreamProps } from './stream';
export { FailureQueueProps } from './failure-queue';
