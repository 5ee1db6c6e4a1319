// The process's compute resources as interfaces see them: default thread count, the worker pool's
// state, and releasing it when a command or the server ends.
export { closePool as closeWorkers, defaultThreads, poolStats } from '../workers/pool.js';
