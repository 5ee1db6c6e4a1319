// Pool blocks on the worker pool: one task per stream block, a few in flight per thread, results handed
// over in block order (so sums over blocks, and so every figure, are the one-thread run's to the bit).
import { randomUUID } from 'node:crypto';
import { CancelledError } from '../core/errors.js';
import type { Seed } from '../core/seed.js';
import type { HoldoutTarget } from '../engine/pool/holdout.js';
import type { PoolContext } from '../engine/pool/pool-context.js';
import { blockCount } from '../engine/random/stream-scheme.js';
import { getPool, validateThreads } from './pool.js';
import type { PoolTask, PoolTaskResult } from './pool-task.js';

export interface PoolBlocksOptions {
  ctx: PoolContext;
  model: { name: string; sigma?: number };
  seed: Seed;
  sims: number;
  mode: 'sample' | 'holdout';
  targets?: HoldoutTarget[];
  scored?: Uint8Array[];
  withSample?: boolean;
  threads: number;
  signal?: AbortSignal;
  /** Each block's result, in block order. */
  onResult: (r: PoolTaskResult) => void;
}

export async function runPoolBlocks(o: PoolBlocksOptions): Promise<void> {
  const threads = validateThreads(o.threads);
  const pool = await getPool(threads);
  const key = randomUUID();
  const total = blockCount(o.sims);
  const ready = new Map<number, PoolTaskResult>();
  let next = 0;
  let handed = 0;
  let failure: unknown = null;
  const task = (block: number): PoolTask => ({
    kind: 'pool',
    key,
    ctx: o.ctx,
    model: o.model,
    seed: o.seed,
    sims: o.sims,
    block,
    mode: o.mode,
    ...(o.targets ? { targets: o.targets } : {}),
    ...(o.scored ? { scored: o.scored } : {}),
    ...(o.withSample ? { withSample: true } : {}),
  });
  // Each lane takes the next block until none is left; results wait in `ready` until their turn.
  const lane = async () => {
    while (failure === null && next < total) {
      if (o.signal?.aborted) throw new CancelledError('cancelled');
      const b = next++;
      const r = (await pool.run(task(b))) as PoolTaskResult;
      ready.set(b, r);
      while (ready.has(handed)) {
        const x = ready.get(handed)!;
        ready.delete(handed);
        handed++;
        o.onResult(x);
      }
    }
  };
  const lanes = Array.from({ length: Math.min(total, threads + 1) }, () =>
    lane().catch((e: unknown) => {
      failure ??= e;
    }),
  );
  await Promise.all(lanes);
  if (failure !== null) throw failure;
  if (o.signal?.aborted) throw new CancelledError('cancelled');
}
