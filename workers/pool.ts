// The process's one Piscina pool, reused across runs. Worker files are the built JavaScript in dist/;
// under tsx or vitest (TypeScript sources) the pool still loads dist/, which `npm test` builds first.
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { distFile } from '../core/paths.js';
import { Piscina } from 'piscina';
import { OptionError } from '../core/errors.js';

let pool: Piscina | null = null;
let poolThreads = 0;

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export function validateThreads(threads: unknown): number {
  if (threads === undefined) return defaultThreads();
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new OptionError(`options.threads must be an integer from 1 to 256 (got ${String(threads)})`);
  }
  return threads;
}

function workerFile(name: string): string {
  const file = distFile('workers', `${name}.js`);
  if (!existsSync(file)) throw new Error(`worker ${file} is missing: run 'npm run build'`);
  return file;
}

/** The pool, sized to `threads` (recreated only when a run asks for another size). */
export async function getPool(threads: number): Promise<Piscina> {
  if (pool !== null && poolThreads === threads) return pool;
  if (pool !== null) await pool.destroy();
  pool = new Piscina({
    filename: workerFile('worker'),
    // Threads start as tasks need them: a run of one block (a 1,000-simulation tournament) starts one
    // worker, not every core's (bench/startup.ts: the start-up of a short command); long runs fill all.
    minThreads: 1,
    maxThreads: threads,
    // Tasks are few and long (tens of ms); one queued task per thread keeps every core busy.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
  });
  poolThreads = threads;
  return pool;
}

export function poolStats(): { threads: number; utilization: number; queueSize: number; completed: number } | null {
  if (pool === null) return null;
  return { threads: poolThreads, utilization: pool.utilization, queueSize: pool.queueSize, completed: pool.completed };
}

export async function closePool(): Promise<void> {
  const p = pool;
  pool = null;
  poolThreads = 0;
  if (p !== null) await p.destroy();
}
