// A job's plan: shards are ranges of blocks, the unit of work, retry and storage transaction. The plan
// depends only on the simulation count and the shard size, never on machines or threads, so any
// split of the same job gives the same blocks and so the same numbers.
import { BLOCK_SIZE, blockCount } from '../../engine/random/stream-scheme.js';
import { OptionError } from '../../core/errors.js';

export interface Shard {
  index: number;
  firstBlock: number;
  blockCount: number;
}

export function planShards(sims: number, shardBlocks: number): Shard[] {
  if (!Number.isInteger(shardBlocks) || shardBlocks < 1) throw new OptionError(`options.shardBlocks must be a positive integer (got ${shardBlocks})`);
  const blocks = blockCount(sims);
  const shards: Shard[] = [];
  for (let first = 0, i = 0; first < blocks; first += shardBlocks, i++) {
    shards.push({ index: i, firstBlock: first, blockCount: Math.min(shardBlocks, blocks - first) });
  }
  return shards;
}

/** Simulations in a shard of a run of `sims` (the last shard may hold a partial block). */
export function shardSims(sims: number, shard: Shard): number {
  return Math.min(sims, (shard.firstBlock + shard.blockCount) * BLOCK_SIZE) - shard.firstBlock * BLOCK_SIZE;
}

/** How many shards planShards would make, without making them (the cap is checked before). */
export function planShardCount(sims: number, shardBlocks: number): number {
  return Math.ceil(blockCount(sims) / shardBlocks);
}
