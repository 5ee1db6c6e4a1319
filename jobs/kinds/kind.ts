// What a job kind provides: how to run one shard (inside the shard's write transaction) and how to
// turn the summed integer tallies of all shards into the run's results.
import type { WriteTx, Queryable, CopyStats } from '../../store/db.js';
import type { RunRow } from '../../store/runs.js';
import type { Shard } from '../shards.js';

export interface ComputeContext {
  threads?: number;
  signal: AbortSignal;
  onSims: (n: number) => void;
}

export interface ShardContext extends ComputeContext {
  tx: WriteTx;
  /** What `compute` returned for this shard (undefined for kinds without it). */
  computed?: unknown;
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
  /**
   * Optional long computation done BEFORE the shard's transaction opens: the embedded database has one
   * connection, so a transaction held through minutes of simulation would stall every read (progress,
   * cancellation). `release` frees what it returned, whether or not the write succeeded.
   */
  compute?(shard: Shard, ctx: ComputeContext): Promise<unknown>;
  release?(computed: unknown): void;
  runShard(shard: Shard, ctx: ShardContext): Promise<ShardOutput>;
  /** Writes the run's results from the summed tallies (in the completing transaction); returns the report. */
  finish(q: Queryable, tallies: Float64Array, sims: number, elapsedMs: number): Promise<unknown>;
}

/** runShard of a kind whose shard is all computation: the transaction only records what compute returned. */
export async function computedOutput(_shard: Shard, ctx: ShardContext): Promise<ShardOutput> {
  return ctx.computed as ShardOutput;
}
