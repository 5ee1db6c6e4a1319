// What a job kind provides. Each kind is one module (kinds/*.ts) exporting a JobKind; the registry
// (registry.ts) lists them. Adding a kind touches its own file and one line of the registry.
import type { TObject } from '@sinclair/typebox';
import type { Seed } from '../../../core/seed.js';
import type { CopyStats, Db, Queryable, WriteTx } from '../../../store/db.js';
import type { RunRow } from '../../../store/runs.js';
import type { FieldSpec } from '../../../engine/field/types.js';
import type { Shard } from '../shards.js';

/** What every job has beside its kind's own section. */
export interface JobSpecBase {
  kind: string;
  sims: number;
  seed: Seed;
  shardBlocks?: number;
}

/** What a kind stores with its run (the run's common columns are the executor's). */
export interface RunPlan {
  tournamentId?: number | null;
  /** A field to save as the run's tournament, in the run's own transaction (no tournament without its run). */
  tournament?: FieldSpec;
  inputsHash: string;
  persist: 'aggregates' | 'rows';
  params: Record<string, unknown>;
  /** The job as stored: everything `prepare` needs to run it again anywhere (inputs inline). */
  spec: Record<string, unknown>;
}

/** A report as a table, for the CLI (`run`, `runs show`). */
export interface RenderedTable {
  headers: string[];
  rows: (string | number)[][];
  align?: ('l' | 'r')[];
}

export interface JobKind<S extends JobSpecBase = JobSpecBase> {
  name: S['kind'];
  /** How messages name a job of this kind: 'a season job'. */
  title: string;
  /** The whole job of this kind (kind, sims, seed, ... and its own section): the one schema the CLI and HTTP validate with. */
  schema: TObject;
  /** `sims` when the job names none (kinds whose work is not simulations); without it `sims` is required. */
  defaultSims?: number;
  /** Blocks of 4,096 simulations per shard when the job names none. */
  shardBlocks(spec: S, db: Db): number;
  /** Checks what the schema cannot, saves what the run refers to, and says what to store with the run. */
  plan(db: Db, spec: S): Promise<RunPlan>;
  /** The run's work, built once per run per process. */
  prepare(db: Db, run: RunRow): Promise<PreparedRun>;
  /** The stored report as a table. */
  render(report: Record<string, unknown>): RenderedTable;
}

export interface ComputeContext {
  threads?: number;
  signal: AbortSignal;
  onSims: (n: number) => void;
}

export interface ShardContext extends ComputeContext {
  tx: WriteTx;
  /** What `compute` returned for this shard (undefined for kinds without it, and while it streams). */
  computed?: unknown;
  /** With `streamsCompute`: the shard's compute, still running when the transaction opens. */
  computing?: Promise<unknown>;
}

export interface ShardOutput {
  tallies: Int32Array;
  sims: number;
  rows: number;
  copy: CopyStats | null;
  /** Per-simulation-rows runs: the shard's win counts, recorded with the shard (store/run-shards.ts). */
  winCounts?: ArrayLike<number>[];
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
  /**
   * The shard's transaction opens while its compute runs (ShardContext.computing), so what compute
   * produces streams into the COPY as it comes: only where the writer is a connection of its own
   * (Postgres), never on the embedded database.
   */
  streamsCompute?: boolean;
  release?(computed: unknown): void;
  runShard(shard: Shard, ctx: ShardContext): Promise<ShardOutput>;
  /** Writes the run's results from the summed tallies (in the completing transaction); returns the report. */
  finish(q: WriteTx, tallies: Float64Array, sims: number, elapsedMs: number, o?: { aggregatesSaved?: boolean }): Promise<unknown>;
  /**
   * The results that do not depend on when the run ends (a tournament's advancement and team value),
   * written ahead by the local runner in the completing transaction on another connection while the
   * last shard still loads; `finish` then skips them (aggregatesSaved).
   */
  saveAggregates?(q: Queryable, tallies: Float64Array, sims: number): Promise<void>;
}

/** runShard of a kind whose shard is all computation: the transaction only records what compute returned. */
export async function computedOutput(_shard: Shard, ctx: ShardContext): Promise<ShardOutput> {
  return ctx.computed as ShardOutput;
}
