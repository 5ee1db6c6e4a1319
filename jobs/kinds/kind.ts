// What a job kind provides: how to run one shard (inside the shard's write transaction) and how to
// turn the summed integer tallies of all shards into the run's results.
import type { WriteTx, Queryable, CopyStats } from '../../store/db.js';
import type { RunRow } from '../../store/runs.js';
import type { Shard } from '../shards.js';

export interface ShardContext {
  tx: WriteTx;
  threads?: number;
  signal: AbortSignal;
  onSims: (n: number) => void;
}

export interface ShardOutput {
  tallies: Int32Array;
  sims: number;
  rows: number;
  copy: CopyStats | null;
}

export interface PreparedRun {
  run: RunRow;
  /** Length of a shard's tally array. */
  tallyLength: number;
  runShard(shard: Shard, ctx: ShardContext): Promise<ShardOutput>;
  /** Writes the run's results from the summed tallies (in the completing transaction); returns the report. */
  finish(q: Queryable, tallies: Float64Array, sims: number, elapsedMs: number): Promise<unknown>;
}
