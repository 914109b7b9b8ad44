// Public types only: the helpers in core/ are internal building blocks of the patterns.
export * from './pattern-props';
export * from './stream-props';
export * from './failure-queue-props';
export * from './streaming-pattern';
export * from './alarm-topic';
