// Runs a plan of blocks on the worker pool, tasks of consecutive blocks, with a bounded ring of tasks in
// flight, and hands finished tasks back IN BLOCK ORDER (README, Determinism), so whatever the caller combines
// or writes is the same on 1 or 16 threads. Kernel-specific parts (task message, ring slot layout) come
// from the caller.
import { CancelledError, OptionError } from '../core/errors.js';
import { BLOCK_SIZE, blockCount } from '../engine/random/stream-scheme.js';
import { getPool } from './pool.js';

export interface BlockTaskResult {
  sims: number;
  ms: number;
}

interface BlockPlan<Task> {
  sims: number;
  threads: number;
  /** Only these blocks (a shard, or a resumed remainder); default all. */
  blocks?: { first: number; count: number };
  /** Blocks per task; default chosen from the run size (at most 16, about 4 tasks per thread). */
  blocksPerTask?: number;
  /** Ring slots are reused once their task is consumed; the caller sizes its buffer from slotsFor(). */
  makeTask(slot: number, firstBlock: number, blockCount: number): Task;
  /** Called in block order; the slot is reused when the promise resolves. */
  consume(slot: number, firstBlock: number, blockCount: number, result: BlockTaskResult): void | Promise<void>;
  signal?: AbortSignal;
  onProgress?: (simsDone: number, simsPlanned: number) => void;
}

interface BlockRunShape {
  first: number;
  count: number;
  perTask: number;
  tasks: number;
  slots: number;
  simsPlanned: number;
}

/** The shape of a run before it starts: which blocks, how many per task, how many ring slots. */
export function planBlocks(sims: number, threads: number, blocks?: { first: number; count: number }, blocksPerTask?: number): BlockRunShape {
  if (!Number.isSafeInteger(sims) || sims < 1) throw new OptionError(`options.sims must be a positive integer (got ${sims})`);
  const all = blockCount(sims);
  const first = blocks?.first ?? 0;
  const count = blocks?.count ?? all - first;
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > all) {
    throw new OptionError(`options.blocks must lie within blocks 0..${all - 1}`);
  }
  const perTask = blocksPerTask ?? Math.max(1, Math.min(16, Math.ceil(count / (threads * 4))));
  const tasks = Math.ceil(count / perTask);
  const slots = Math.max(1, Math.min(tasks, threads * 2));
  const simsPlanned = Math.max(0, Math.min(sims, (first + count) * BLOCK_SIZE) - first * BLOCK_SIZE);
  return { first, count, perTask, tasks, slots, simsPlanned };
}

export async function runBlocks<Task>(shape: BlockRunShape, plan: BlockPlan<Task>): Promise<{ sims: number; computeMs: number }> {
  const { first, count, perTask, tasks, slots, simsPlanned } = shape;
  if (tasks === 0) return { sims: 0, computeMs: 0 };
  const pool = await getPool(plan.threads);
  const freeSlots = Array.from({ length: slots }, (_, i) => slots - 1 - i);
  const done = new Map<number, { slot: number; result: BlockTaskResult }>();
  // Cancellation never aborts a running task: piscina terminates that worker, and its late reply then
  // surfaces as an uncaught "Unexpected message from Worker". Tasks are short (at most 16 blocks), so
  // stopping means submitting no more and letting those in flight finish, their results discarded.
  const inFlight = new Set<Promise<unknown>>();
  let wake: () => void = () => {};
  const onAbort = () => wake();
  plan.signal?.addEventListener('abort', onAbort, { once: true });
  let failure: unknown = null;
  let nextTask = 0;
  let nextToConsume = 0;
  let simsDone = 0;
  let computeMs = 0;
  const range = (i: number) => {
    const firstBlock = first + i * perTask;
    return { firstBlock, blocks: Math.min(perTask, first + count - firstBlock) };
  };
  const submit = (i: number, slot: number) => {
    const { firstBlock, blocks } = range(i);
    const p = pool.run(plan.makeTask(slot, firstBlock, blocks)).then(
      (result: BlockTaskResult) => {
        done.set(i, { slot, result });
        wake();
      },
      (e: unknown) => {
        failure ??= e;
        wake();
      },
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  try {
    while (nextToConsume < tasks) {
      if (plan.signal?.aborted) throw new CancelledError('run cancelled');
      if (failure !== null) throw failure;
      while (nextTask < tasks && freeSlots.length > 0) submit(nextTask++, freeSlots.pop()!);
      const ready = done.get(nextToConsume);
      if (ready === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      done.delete(nextToConsume);
      const { firstBlock, blocks } = range(nextToConsume);
      await plan.consume(ready.slot, firstBlock, blocks, ready.result);
      simsDone += ready.result.sims;
      computeMs += ready.result.ms;
      plan.onProgress?.(simsDone, simsPlanned);
      freeSlots.push(ready.slot);
      nextToConsume++;
    }
  } catch (e) {
    // Let the tasks in flight finish before their ring slots can be reused by anyone.
    await Promise.allSettled([...inFlight]);
    if (plan.signal?.aborted) throw new CancelledError('run cancelled');
    throw e;
  } finally {
    plan.signal?.removeEventListener('abort', onAbort);
  }
  return { sims: simsDone, computeMs };
}
