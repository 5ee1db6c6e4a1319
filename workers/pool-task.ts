// A bracket-pool task: simulate a range of stream blocks and, per block, either build the search
// sample's block (main wins and prize tables: the opponents' exact score distribution per tournament)
// or tally the hold-out (candidates priced against the opponents) and score the stored entries. The
// pool context travels with the task (plain typed arrays); a worker keeps the last one by key.
import type { Seed } from '../core/seed.js';
import type { HoldoutTally, HoldoutTarget } from '../engine/pool/holdout.js';
import type { PoolContext } from '../engine/pool/pool-context.js';
import type { PoolBlock } from '../engine/pool/sample.js';

export interface PoolTask {
  kind: 'pool';
  /** Identifies the context (a run): workers reuse what they built for it. */
  key: string;
  ctx: PoolContext;
  model: { name: string; sigma?: number };
  seed: Seed;
  sims: number;
  block: number;
  mode: 'sample' | 'holdout';
  /** Hold-out: what to price, and entries whose points to return per tournament. */
  targets?: HoldoutTarget[];
  scored?: Uint8Array[];
  /** Hold-out mode: also build the block's sample (prize tables), for importance. */
  withSample?: boolean;
}

export interface PoolTaskResult {
  block: number;
  count: number;
  sample?: PoolBlock;
  tally?: HoldoutTally;
  /** points[k][s]: entry k's points in tournament s of the block. */
  points?: Int32Array[];
}
