// Running a job's shards, wherever they run (this process, or any worker on the same Postgres):
// - createJobRun: the kind checks and saves its inputs, then the run is planned (status queued);
// - executeShard: one shard in ONE transaction on the writer connection (store/run-shards.ts
//   commitShard): the kind's work (bronze rows by COPY), the shard's tallies, and (pg-boss) the queue
//   job's completion; a shard already in is skipped, so retries never duplicate rows;
// - finalizeRun: once every shard is in, the tallies summed in shard order become the results.
import { CancelledError, SimcastError } from '../../core/errors.js';
import { VERSION } from '../../core/version.js';
import { BLOCK_SIZE, STREAM_SCHEME } from '../../engine/random/stream-scheme.js';
import type { Db, WriteTx } from '../../store/db.js';
import { commitShard, runAndShardState, sumShardTallies } from '../../store/run-shards.js';
import { createRun, createRunRow, getRun, lockRun, markComplete, markStatus, reserveRunId, type RunRow } from '../../store/runs.js';
import { registerShard } from './cancel.js';
import type { PreparedRun, ShardOutput } from './kinds/kind.js';
import { jobKind, type JobSpec } from './registry.js';
import { planShardCount, planShards, type Shard } from './shards.js';
import { checkShardCount } from '../limits.js';

/** Validates a job, saves what it needs and creates its run (queued); returns the run id. */
export async function createJobRun(
  db: Db,
  spec: JobSpec,
  queue: 'local' | 'pg-boss' = 'local',
  /** 'running' when this process runs it at once (stored-run.ts): its shards then skip marking it running. */
  status: 'queued' | 'running' = 'queued',
  /** Created with this process's lease on it (stored-run.ts, with status running). */
  lease?: { owner: string; seconds: number },
): Promise<number> {
  return createRun(db, await newRunOf(db, spec, queue, status, lease));
}

/** A run being created while its first shard computes (startJobRun). */
export interface StartedRun {
  runId: number;
  /** The run's transaction: resolves once the run is in (its row as read), rejects if it is not. */
  created: Promise<RunRow>;
}

/**
 * createJobRun(db, spec, 'local', 'running', lease) for a kind that starts before its run is created
 * (JobKind.startsBeforeCreated), run by this process at once: the job is validated and planned, the
 * run's id reserved (one round trip), and the run's transaction started but not awaited; the run is
 * prepared from its plan alone (in the cache, for executeShard), so its first shard can compute while
 * the run is written. Whatever writes to the run waits for `created`; if it fails nothing of the run is
 * in the database. Null when the kind does not start early (the caller then uses createJobRun).
 */
export async function startJobRun(db: Db, spec: JobSpec, lease: { owner: string; seconds: number }): Promise<StartedRun | null> {
  const kind = jobKind(spec.kind)!;
  if (kind.startsBeforeCreated?.(spec, db) !== true) return null;
  const r = await newRunOf(db, spec, 'local', 'running', lease);
  const runId = await reserveRunId(db);
  const created = createRunRow(db, { ...r, id: runId });
  created.catch(() => {});
  // The row getRun would read, from the plan (its values go through JSON as the stored ones do); the
  // tournament id (saved in the run's transaction) and start time come with the row once it is in.
  const planned: RunRow = {
    id: runId,
    kind: r.kind,
    tournament_id: null,
    inputs_hash: r.inputsHash,
    seed: String(r.seed),
    stream_scheme: r.streamScheme,
    sims: r.sims,
    block_size: r.blockSize,
    shard_blocks: r.shardBlocks!,
    shards_planned: r.shardsPlanned,
    shards_done: 0,
    persist: r.persist ?? 'rows',
    status: 'running',
    params: JSON.parse(JSON.stringify(r.params)) as Record<string, unknown>,
    error: null,
    started_at: new Date().toISOString(),
    finished_at: null,
    timings: {},
    simcast_version: r.version ?? VERSION,
    spec: r.spec === undefined ? null : (JSON.parse(JSON.stringify(r.spec)) as Record<string, unknown>),
    queue: 'local',
  };
  const p = await kind.prepare(db, planned, created);
  let prepared = preparedByDb.get(db);
  if (!prepared) preparedByDb.set(db, (prepared = new Map()));
  prepared.set(runId, p);
  // The stored row from then on (its start time is the run's, for the report's elapsed time).
  const inserted = created.then((row) => (p.run = row));
  inserted.catch(() => {});
  return { runId, created: inserted };
}

/** What createRun stores for a job: the kind's checks and plan (nothing written yet). */
async function newRunOf(
  db: Db,
  spec: JobSpec,
  queue: 'local' | 'pg-boss',
  status: 'queued' | 'running',
  lease: { owner: string; seconds: number } | undefined,
): Promise<Parameters<typeof createRun>[1]> {
  const kind = jobKind(spec.kind)!;
  const shardBlocks = kind.shardBlocks(spec, db);
  const shardsPlanned = planShardCount(spec.sims, shardBlocks);
  checkShardCount(shardsPlanned, spec.sims, shardBlocks);
  const plan = await kind.plan(db, spec);
  return {
    kind: spec.kind,
    tournamentId: plan.tournamentId ?? null,
    tournamentField: plan.tournament,
    inputsHash: plan.inputsHash,
    seed: spec.seed,
    streamScheme: STREAM_SCHEME,
    sims: spec.sims,
    blockSize: BLOCK_SIZE,
    shardBlocks,
    shardsPlanned,
    persist: plan.persist,
    params: plan.params,
    spec: plan.spec,
    version: VERSION,
    queue,
    status,
    ...(lease ? { lease } : {}),
    // A tournament run writes only its compact rows, if any (a DDL statement per partition it skips).
    ...(spec.kind === 'tournament' ? { partitions: plan.persist === 'rows' ? (['simulated_outcomes'] as const) : [] } : {}),
  };
}

// Per database: two databases (say, two embedded ones in tests) both have a run 1.
const preparedByDb = new WeakMap<Db, Map<number, PreparedRun>>();

/** The run's kind handler, built once per run per process. */
export async function prepareRun(db: Db, runId: number): Promise<PreparedRun> {
  let prepared = preparedByDb.get(db);
  if (!prepared) preparedByDb.set(db, (prepared = new Map()));
  const cached = prepared.get(runId);
  if (cached) return cached;
  const run = await getRun(db, runId);
  const kind = jobKind(run.kind);
  if (!kind) throw new SimcastError('CONFLICT', `run ${runId} is a ${run.kind} run, which is not run as shards`);
  const p = await kind.prepare(db, run);
  prepared.set(runId, p);
  return p;
}

export function forgetRun(db: Db, runId: number): void {
  preparedByDb.get(db)?.delete(runId);
}

interface ShardOptions {
  threads?: number;
  signal?: AbortSignal;
  onSims?: (n: number) => void;
  /** Runs inside the shard's transaction before it commits (e.g. the queue job's completion). */
  inTransaction?: (tx: WriteTx) => Promise<void>;
  /** How often to look for a cancellation in the database while a shard runs (ms); 0 = never. */
  pollCancelMs?: number;
  /** Runs the shard's compute (kinds with `compute`), e.g. one shard at a time on the pool. */
  computeGate?: <T>(compute: () => Promise<T>) => Promise<T>;
  /** Told what the shard's compute returned (its tallies), as soon as it has, before the shard commits. */
  onComputed?: (output: ShardOutput) => void;
  /**
   * The run is still being created by this process (startJobRun), holding its lease: the shard is not
   * in and the run not cancelled, so neither is looked up; the shard computes at once and writes only
   * once the run is in. If it is not, the shard is dropped unwritten and this rejects as creation did.
   */
  created?: Promise<unknown>;
}

type ShardOutcome = 'done' | 'already-done' | 'cancelled';

export async function executeShard(db: Db, runId: number, shard: Shard, o: ShardOptions = {}): Promise<ShardOutcome> {
  const p = await prepareRun(db, runId);
  const created = o.created;
  const { status, shardDone } = created !== undefined ? { status: 'running', shardDone: false } : await runAndShardState(db, runId, shard.index);
  if (status === 'cancelled') return 'cancelled';
  if (status === 'queued') await markStatus(db, runId, 'running');
  const abort = new AbortController();
  const unregister = registerShard(db, runId, abort);
  const onAbort = () => abort.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const poll =
    (o.pollCancelMs ?? 500) > 0
      ? setInterval(() => {
          getRun(db, runId).then(
            (r) => r.status === 'cancelled' && abort.abort(),
            () => {},
          );
        }, o.pollCancelMs ?? 500)
      : null;
  const base = { threads: o.threads, signal: abort.signal, onSims: o.onSims ?? (() => {}) };
  let computed: unknown;
  let computing: Promise<unknown> | undefined;
  // The run's creation failed (its error, thrown as is): the compute is stopped, not cancelled.
  let notCreated: { error: unknown } | null = null;
  const whenCreated = async (): Promise<void> => {
    try {
      await created;
    } catch (e) {
      notCreated = { error: e };
      abort.abort();
      throw e;
    }
  };
  try {
    const compute = p.compute;
    const notDone = compute !== undefined && !shardDone;
    if (compute && notDone) {
      const run = () => compute(shard, base);
      computing = o.computeGate ? o.computeGate(run) : run();
      // Streamed: awaited by runShard, or in `finally` when the transaction ends before it.
      computing.then(
        (c) => o.onComputed?.(c as ShardOutput),
        () => {},
      );
      if (!p.streamsCompute) computed = await computing;
    }
    // Stopped while it computed: the shard is not written (it runs again on resume).
    if (abort.signal.aborted) throw new CancelledError('run cancelled');
    if (created !== undefined && !p.streamsCompute) await whenCreated();
    return await commitShard(
      db,
      runId,
      shard,
      async (tx) => {
        // Streamed: the writer's transaction is open (its BEGIN sent) while the run is created; its COPY
        // starts once the run and its partition are in, with the rows simulated meanwhile.
        if (created !== undefined && p.streamsCompute) {
          await whenCreated();
          if (abort.signal.aborted) throw new CancelledError('run cancelled');
        }
        return p.runShard(shard, { ...base, tx, computed, computing });
      },
      o.inTransaction,
      notDone,
    );
  } catch (e) {
    if (notCreated !== null) throw (notCreated as { error: unknown }).error;
    // Stopped because the run was cancelled (here or by another process), not by our caller.
    if (abort.signal.aborted && !o.signal?.aborted) return 'cancelled';
    throw e;
  } finally {
    // A streamed compute may outlive its transaction (a failure, a shard already in): what it fills is
    // released only once it has stopped.
    if (computed === undefined && computing !== undefined) computed = await computing.catch(() => undefined);
    if (computed !== undefined) p.release?.(computed);
    unregister();
    if (poll) clearInterval(poll);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Completes the run if every shard is in: sums the shards' tallies, writes the kind's results and
 * marks it complete, all in one transaction that holds the run row (so two workers finishing the
 * last shards at once complete it once). Returns the report, or null when shards are still missing.
 */
export async function finalizeRun(db: Db, runId: number): Promise<unknown | null> {
  const p = await prepareRun(db, runId);
  // On the writer connection, so a kind's results can go in by COPY (season runs do).
  return db.writeTransaction(async (tx) => {
    const row = await lockRun(tx, runId);
    if (!row || row.status === 'complete' || row.status === 'cancelled' || row.shards_done < row.shards_planned) return null;
    const summed = await sumShardTallies(tx, runId, p.tallyLength);
    const elapsedMs = Date.now() - new Date(row.started_at).getTime();
    const report = await p.finish(tx, summed.tallies, summed.sims, elapsedMs);
    await markComplete(tx, runId, { elapsedMs, rows: summed.rows });
    return report;
  });
}

export function shardsOf(run: RunRow): Shard[] {
  return planShards(Number(run.sims), run.shard_blocks);
}
