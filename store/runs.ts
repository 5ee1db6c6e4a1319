// The runs repository: a run's life (created with its per-run partitions, shards committed one by one,
// complete only when all are in), listing and dropping.
import { VERSION } from '../core/version.js';
import { StoreError } from '../core/errors.js';
import type { Db, Queryable } from './db.js';
import { iso } from './iso-time.js';
import { saveTournament } from './tournaments.js';
import type { FieldSpec } from '../engine/field/types.js';

export type RunKind = 'tournament' | 'season' | 'calcutta' | 'slate' | 'pool' | 'props-backtest';
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

interface NewRun {
  kind: RunKind;
  tournamentId?: number | null;
  /** Same as tournamentId. */
  tournament?: number | null;
  /** A tournament to save (or find, by content) in the run's transaction: a failed run leaves no tournament behind. */
  tournamentField?: FieldSpec;
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
  /** Created with its lease taken (takeLease's), by a process that runs it at once. */
  lease?: { owner: string; seconds: number };
  /** The per-simulation tables the run writes, whose partitions it gets (default: every one). */
  partitions?: readonly (typeof PARTITIONED_TABLES)[number][];
}

/**
 * Per-run partitions of the per-simulation tables: tournament rows (compact, sql/0006), the one-row-per-
 * team layout of runs stored before it (simulated_tournament_rows; read through the simulated_tournaments
 * view) and Calcutta entries.
 */
export const PARTITIONED_TABLES = ['simulated_outcomes', 'simulated_tournament_rows', 'entry_simulation_outcomes'] as const;

export function partitionName(table: (typeof PARTITIONED_TABLES)[number], runId: number): string {
  return `${table}_r${runId}`;
}

const RUN_COLUMNS = `id::float8 as id, kind, tournament_id::float8 as tournament_id, inputs_hash, seed, stream_scheme, sims::float8 as sims,
  block_size, shard_blocks, shards_planned, shards_done, persist, status, params, error, ${iso('started_at')}, ${iso('finished_at')}, timings, simcast_version,
  spec, queue`;

/** Creates the run (status running, or queued) with its partitions, in one transaction; returns its id. */
export async function createRun(db: Db, r: NewRun): Promise<number> {
  const blocks = Math.ceil(r.sims / r.blockSize);
  const shardBlocks = r.shardBlocks ?? Math.max(1, Math.ceil(blocks / r.shardsPlanned));
  return db.transaction(async (tx) => {
    const tournamentId = r.tournamentField !== undefined ? await saveTournament(tx, r.tournamentField) : (r.tournamentId ?? r.tournament ?? null);
    const res = await tx.query<{ id: number }>(
      `insert into runs (kind, tournament_id, inputs_hash, seed, stream_scheme, sims, block_size, shard_blocks, shards_planned, persist, params, simcast_version, spec, queue, status,
         lease_owner, lease_until)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now() + make_interval(secs => $17)) returning id::float8 as id`,
      [
        r.kind,
        tournamentId,
        r.inputsHash,
        String(r.seed),
        r.streamScheme,
        r.sims,
        r.blockSize,
        shardBlocks,
        r.shardsPlanned,
        r.persist ?? 'rows',
        JSON.stringify(r.params),
        r.version ?? VERSION,
        r.spec === undefined ? null : JSON.stringify(r.spec),
        r.queue ?? 'local',
        r.status ?? 'running',
        r.lease?.owner ?? null,
        // No owner, no lease: null + interval is null.
        r.lease === undefined ? null : r.lease.seconds,
      ],
    );
    const id = res.rows[0].id;
    await createRunPartitions(tx, id, r.partitions);
    return id;
  });
}

/**
 * The run's own partition of each per-simulation table (LIST by run_id), so its rows can be dropped
 * as a table. Idempotent; createRun calls it.
 */
export async function createRunPartitions(
  q: Queryable,
  runId: number,
  tables: readonly (typeof PARTITIONED_TABLES)[number][] = PARTITIONED_TABLES,
): Promise<void> {
  if (!Number.isSafeInteger(runId) || runId < 1) throw new StoreError('NOT_FOUND', `run ${runId} does not exist`);
  for (const t of tables) {
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

export async function markComplete(q: Queryable, runId: number, timings: Record<string, unknown>): Promise<void> {
  const r = await q.query(
    `update runs set status = 'complete', finished_at = now(), error = null, timings = $2
     where id = $1 and shards_done = shards_planned returning id`,
    [runId, JSON.stringify(timings)],
  );
  if (r.rows.length === 0) throw new StoreError('CONFLICT', `run ${runId} cannot be complete: not every shard is in`);
}

/**
 * Marks the run complete if every shard is in and it was neither completed nor cancelled meanwhile (one
 * statement where lockRun and markComplete take two); returns whether it did.
 */
export async function completeIfAllIn(q: Queryable, runId: number, timings: Record<string, unknown>): Promise<boolean> {
  const r = await q.query(
    `update runs set status = 'complete', finished_at = now(), error = null, timings = $2
     where id = $1 and shards_done = shards_planned and status not in ('complete', 'cancelled') returning id`,
    [runId, JSON.stringify(timings)],
  );
  return r.rows.length > 0;
}

/** Which statuses each change may start from: a complete run never changes; a cancelled run only
 * runs again when a user resumes it; failing never overwrites a cancellation. */
const ALLOWED_FROM: Record<'running' | 'failed' | 'cancelled' | 'queued', RunStatus[]> = {
  running: ['queued', 'running', 'failed', 'cancelled'],
  failed: ['queued', 'running'],
  cancelled: ['queued', 'running', 'failed'],
  // Handed back (a server stopping): it runs again when one starts.
  queued: ['running'],
};

/** Changes a run's status where ALLOWED_FROM permits; returns whether it changed. */
export async function markStatus(q: Queryable, runId: number, status: 'failed' | 'cancelled' | 'running' | 'queued', error?: string): Promise<boolean> {
  const r = await q.query(
    `update runs set status = $2, error = $3, finished_at = case when $2 in ('running', 'queued') then null else now() end
     where id = $1 and status = any($4::text[]) returning id`,
    [runId, status, error ?? null, ALLOWED_FROM[status]],
  );
  return r.rows.length > 0;
}

/** Saves a finished run's report (any kind) for the read API. */
export async function saveRunResult(q: Queryable, runId: number, report: unknown): Promise<void> {
  await q.query('insert into run_results (run_id, report) values ($1, $2) on conflict (run_id) do update set report = excluded.report', [
    runId,
    JSON.stringify(report),
  ]);
}

/** A finished run's report as its kind saved it, or null while it has none. */
export async function getRunResult<R = Record<string, unknown>>(q: Queryable, runId: number): Promise<R | null> {
  const r = await q.query<{ report: R }>('select report from run_results where run_id = $1', [runId]);
  return r.rows[0]?.report ?? null;
}

/** Simulations in the committed shards of a run, and when the last one committed. */
export async function shardTotals(q: Queryable, runId: number): Promise<{ sims: number; lastDoneAt: string | null }> {
  const r = await q.query<{ sims: number | null; last: string | null }>(
    `select sum(sims)::float8 as sims, ${iso('max(done_at)', 'last')} from run_shards where run_id = $1`,
    [runId],
  );
  return { sims: r.rows[0].sims ?? 0, lastDoneAt: r.rows[0].last };
}

/** Shards of queued or running runs not yet committed: the job queue's depth, whatever the queue. */
export async function pendingShards(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>("select coalesce(sum(shards_planned - shards_done), 0)::int as n from runs where status in ('queued', 'running')");
  return r.rows[0].n;
}

/** Runs by status. */
export async function runsByStatus(q: Queryable): Promise<{ status: RunStatus; n: number }[]> {
  const r = await q.query<{ status: RunStatus; n: number }>('select status, count(*)::int as n from runs group by status');
  return r.rows;
}

/** The title odds of a complete tournament run, best first. */
export async function titleOdds(
  q: Queryable,
  runId: number,
  limit = 10,
): Promise<{ team: string; seed: number | null; region: string | null; titleProbability: number }[]> {
  const r = await q.query<{ team: string; seed: number | null; region: string | null; titleProbability: number }>(
    'select team, seed, region, title_probability as "titleProbability" from run_title_odds where run_id = $1 order by title_probability desc limit $2',
    [runId, limit],
  );
  return r.rows;
}

/** The run row locked for the transaction (finalising a run once when two workers finish together). */
export async function lockRun(
  q: Queryable,
  runId: number,
): Promise<{ status: RunStatus; shards_done: number; shards_planned: number; started_at: string } | null> {
  const r = await q.query<{ status: RunStatus; shards_done: number; shards_planned: number; started_at: string }>(
    `select status, shards_done, shards_planned, ${iso('started_at')} from runs where id = $1 for update`,
    [runId],
  );
  return r.rows[0] ?? null;
}

/** Drops the run's partitions (no row-by-row delete) and the run with everything that hangs off it. */
export async function dropRun(db: Db, runId: number): Promise<void> {
  await getRun(db, runId);
  await db.transaction(async (tx) => {
    for (const t of PARTITIONED_TABLES) await tx.query(`drop table if exists ${partitionName(t, runId)}`);
    await tx.query('delete from runs where id = $1', [runId]);
  });
  // PGlite frees a dropped table's files and the WAL that wrote it only at a checkpoint, which its
  // single-process mode would otherwise reach only when the WAL fills up: take one now, so the data
  // folder shrinks when a run is dropped. (A Postgres server's checkpointer does this on its own.)
  if (db.kind === 'pglite') await db.query('checkpoint');
}

/** Who writes a run now: a lease its holder renews while it works. */
export interface RunLease {
  owner: string;
  until: string;
}

/** Takes (or renews) the run's lease for `seconds`; null when another holder's lease is still live. */
export async function takeLease(q: Queryable, runId: number, owner: string, seconds: number): Promise<RunLease | null> {
  const r = await q.query<{ until: string }>(
    `update runs set lease_owner = $2, lease_until = now() + make_interval(secs => $3)
     where id = $1 and (lease_owner is null or lease_owner = $2 or lease_until < now()) returning ${iso('lease_until', 'until')}`,
    [runId, owner, seconds],
  );
  return r.rows.length > 0 ? { owner, until: r.rows[0].until } : null;
}

export async function releaseLease(q: Queryable, runId: number, owner: string): Promise<void> {
  await q.query('update runs set lease_owner = null, lease_until = null where id = $1 and lease_owner = $2', [runId, owner]);
}

export async function leaseOf(q: Queryable, runId: number): Promise<RunLease | null> {
  const r = await q.query<{ owner: string | null; until: string | null }>(
    `select lease_owner as owner, ${iso('lease_until', 'until')} from runs where id = $1 and lease_until >= now()`,
    [runId],
  );
  const row = r.rows[0];
  return row?.owner ? { owner: row.owner, until: row.until! } : null;
}

/** Runs of this process's queue handed back by a stop (status queued), oldest first. */
export async function queuedLocalRuns(q: Queryable): Promise<number[]> {
  const r = await q.query<{ id: number }>("select id::float8 as id from runs where status = 'queued' and queue = 'local' order by id");
  return r.rows.map((x) => x.id);
}
