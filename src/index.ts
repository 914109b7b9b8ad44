export * from './core';
export * from './ingest';
export * from './processing';
export * from './analytics';
export * from './delivery';
