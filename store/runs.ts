// The runs repository: a run's life (created with its per-run partitions, shards committed one by one,
// complete only when all are in), listing and dropping.
import { VERSION } from '../core/version.js';
import { StoreError } from '../core/errors.js';
import type { Db, Queryable } from './db.js';

export type RunKind = 'tournament' | 'season' | 'calcutta' | 'slate';
export type RunStatus = 'queued' | 'running' | 'complete' | 'failed' | 'cancelled';

export interface RunRow {
  id: number;
  kind: RunKind;
  tournament_id: number | null;
  inputs_hash: string;
  seed: string;
  stream_scheme: string;
  sims: number;
  block_size: number;
  shard_blocks: number;
  shards_planned: number;
  shards_done: number;
  persist: 'aggregates' | 'rows';
  status: RunStatus;
  params: Record<string, unknown>;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  timings: Record<string, unknown>;
  simcast_version: string;
  spec: Record<string, unknown> | null;
  queue: 'local' | 'pg-boss';
}

export interface NewRun {
  kind: RunKind;
  tournamentId?: number | null;
  /** Same as tournamentId. */
  tournament?: number | null;
  inputsHash: string;
  seed: string | number;
  streamScheme: string;
  sims: number;
  blockSize: number;
  /** Blocks per shard (default: the blocks spread evenly over shardsPlanned). */
  shardBlocks?: number;
  shardsPlanned: number;
  /** What the run keeps: aggregates (silver) or rows too (bronze); default 'rows'. */
  persist?: 'aggregates' | 'rows';
  params: Record<string, unknown>;
  /** simcast version that made the run (default: this package's). */
  version?: string;
  /** The job description it was submitted with, and where its shards are queued. */
  spec?: Record<string, unknown>;
  queue?: 'local' | 'pg-boss';
  status?: 'queued' | 'running';
}

/** Per-run partitions of the per-simulation tables. */
export const PARTITIONED_TABLES = ['simulated_tournaments', 'entry_simulation_outcomes'] as const;

export function partitionName(table: (typeof PARTITIONED_TABLES)[number], runId: number): string {
  return `${table}_r${runId}`;
}

export { hashInputs, canonicalJson } from './hash.js';
export { saveTournament, saveAdvancement, saveTeamValue, type NewTournament, type TeamRow, type AdvancementRow, type TeamValueRow } from './tournaments.js';

const RUN_COLUMNS = `id::float8 as id, kind, tournament_id::float8 as tournament_id, inputs_hash, seed, stream_scheme, sims::float8 as sims,
  block_size, shard_blocks, shards_planned, shards_done, persist, status, params, error, started_at::text, finished_at::text, timings, simcast_version,
  spec, queue`;

/** Creates the run (status running, or queued) with its partitions, in one transaction; returns its id. */
export async function createRun(db: Db, r: NewRun): Promise<number> {
  const blocks = Math.ceil(r.sims / r.blockSize);
  const shardBlocks = r.shardBlocks ?? Math.max(1, Math.ceil(blocks / r.shardsPlanned));
  return db.transaction(async (tx) => {
    const res = await tx.query<{ id: number }>(
      `insert into runs (kind, tournament_id, inputs_hash, seed, stream_scheme, sims, block_size, shard_blocks, shards_planned, persist, params, simcast_version, spec, queue, status)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id::float8 as id`,
      [r.kind, r.tournamentId ?? r.tournament ?? null, r.inputsHash, String(r.seed), r.streamScheme, r.sims, r.blockSize, shardBlocks, r.shardsPlanned,
        r.persist ?? 'rows', JSON.stringify(r.params), r.version ?? VERSION, r.spec === undefined ? null : JSON.stringify(r.spec), r.queue ?? 'local',
        r.status ?? 'running'],
    );
    const id = res.rows[0].id;
    await createRunPartitions(tx, id);
    return id;
  });
}

/**
 * The run's own partition of each per-simulation table (LIST by run_id), so its rows can be dropped
 * as a table. Idempotent; createRun calls it.
 */
export async function createRunPartitions(q: Queryable, runId: number): Promise<void> {
  if (!Number.isSafeInteger(runId) || runId < 1) throw new StoreError('NOT_FOUND', `run ${runId} does not exist`);
  for (const t of PARTITIONED_TABLES) {
    await q.query(`create table if not exists ${partitionName(t, runId)} partition of ${t} for values in (${runId})`);
  }
}

export async function getRun(q: Queryable, id: number): Promise<RunRow> {
  const r = await q.query<RunRow>(`select ${RUN_COLUMNS} from runs where id = $1`, [id]);
  if (r.rows.length === 0) throw new StoreError('NOT_FOUND', `run ${id} does not exist`);
  return r.rows[0];
}

export async function listRuns(q: Queryable, opts: { limit?: number; status?: RunStatus; tournamentId?: number } = {}): Promise<RunRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.status) where.push(`status = $${params.push(opts.status)}`);
  if (opts.tournamentId !== undefined) where.push(`tournament_id = $${params.push(opts.tournamentId)}`);
  const r = await q.query<RunRow>(
    `select ${RUN_COLUMNS} from runs ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit $${params.push(opts.limit ?? 50)}`,
    params,
  );
  return r.rows;
}

export interface ShardRecord {
  shardIndex: number;
  blockStart: number;
  blockCount: number;
  sims: number;
  rows: number;
  tallies: Int32Array;
}

/** Within a shard's write transaction: false if the shard is already in (a retry), true after recording it. */
export async function recordShard(tx: Queryable, runId: number, s: ShardRecord): Promise<boolean> {
  const r = await tx.query(
    `insert into run_shards (run_id, shard_index, block_start, block_count, sims, rows, tallies) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (run_id, shard_index) do nothing`,
    [runId, s.shardIndex, s.blockStart, s.blockCount, s.sims, s.rows, Buffer.from(s.tallies.buffer, s.tallies.byteOffset, s.tallies.byteLength)],
  );
  if (r.rowCount === 0) return false;
  await tx.query('update runs set shards_done = shards_done + 1 where id = $1', [runId]);
  return true;
}

export async function shardIsDone(q: Queryable, runId: number, shardIndex: number): Promise<boolean> {
  const r = await q.query('select 1 from run_shards where run_id = $1 and shard_index = $2', [runId, shardIndex]);
  return r.rows.length > 0;
}

export async function doneShards(q: Queryable, runId: number): Promise<Set<number>> {
  const r = await q.query<{ shard_index: number }>('select shard_index from run_shards where run_id = $1', [runId]);
  return new Set(r.rows.map((x) => x.shard_index));
}

/** The run's tallies: every shard's integer tallies summed (exact in any order), with the sims count. */
export async function sumShardTallies(q: Queryable, runId: number, length: number): Promise<{ tallies: Float64Array; sims: number; rows: number }> {
  const r = await q.query<{ tallies: Uint8Array; sims: string | number; rows: string | number }>(
    'select tallies, sims, rows from run_shards where run_id = $1 order by shard_index',
    [runId],
  );
  const tallies = new Float64Array(length);
  let sims = 0;
  let rows = 0;
  for (const s of r.rows) {
    const bytes = Buffer.from(s.tallies);
    const ints = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (ints.length !== length) throw new StoreError('RUN_FAILED', `run ${runId}: a shard holds ${ints.length} tallies, expected ${length}`);
    for (let i = 0; i < length; i++) tallies[i] += ints[i];
    sims += Number(s.sims);
    rows += Number(s.rows);
  }
  return { tallies, sims, rows };
}

export async function markComplete(q: Queryable, runId: number, timings: Record<string, unknown>): Promise<void> {
  const r = await q.query(
    `update runs set status = 'complete', finished_at = now(), error = null, timings = $2
     where id = $1 and shards_done = shards_planned returning id`,
    [runId, JSON.stringify(timings)],
  );
  if (r.rows.length === 0) throw new StoreError('CONFLICT', `run ${runId} cannot be complete: not every shard is in`);
}

export async function markFailed(q: Queryable, runId: number, error: string): Promise<boolean> {
  return markStatus(q, runId, 'failed', error);
}

/** Which statuses each change may start from: a complete run never changes; a cancelled run only
 * runs again when a user resumes it; failing never overwrites a cancellation. */
const ALLOWED_FROM: Record<'running' | 'failed' | 'cancelled', RunStatus[]> = {
  running: ['queued', 'running', 'failed', 'cancelled'],
  failed: ['queued', 'running'],
  cancelled: ['queued', 'running', 'failed'],
};

/** Changes a run's status where ALLOWED_FROM permits; returns whether it changed. */
export async function markStatus(q: Queryable, runId: number, status: 'failed' | 'cancelled' | 'running', error?: string): Promise<boolean> {
  const r = await q.query(
    `update runs set status = $2, error = $3, finished_at = case when $2 = 'running' then null else now() end
     where id = $1 and status = any($4::text[]) returning id`,
    [runId, status, error ?? null, ALLOWED_FROM[status]],
  );
  return r.rows.length > 0;
}

export async function runStatus(q: Queryable, runId: number): Promise<RunStatus> {
  return (await getRun(q, runId)).status;
}

/** Saves a finished run's report (any kind) for the read API. */
export async function saveRunResult(q: Queryable, runId: number, report: unknown): Promise<void> {
  await q.query('insert into run_results (run_id, report) values ($1, $2) on conflict (run_id) do update set report = excluded.report', [runId, JSON.stringify(report)]);
}

/** Drops the run's partitions (no row-by-row delete) and the run with everything that hangs off it. */
export async function dropRun(db: Db, runId: number): Promise<void> {
  await getRun(db, runId);
  await db.transaction(async (tx) => {
    for (const t of PARTITIONED_TABLES) await tx.query(`drop table if exists ${partitionName(t, runId)}`);
    await tx.query('delete from runs where id = $1', [runId]);
  });
}
