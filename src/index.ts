export * from './core';
export * from './processing';
export * from './analytics';
export * from './delivery';
