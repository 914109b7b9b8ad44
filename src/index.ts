export * from './core';
export * from './processing';
export * from './delivery';
