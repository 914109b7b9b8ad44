export * from './core';
export * from './processing';
