export * from './odds.js';
export * from './recommend.js';
