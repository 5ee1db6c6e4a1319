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
import { createRun, getRun, lockRun, markComplete, markStatus, type RunRow } from '../../store/runs.js';
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
  const kind = jobKind(spec.kind)!;
  const shardBlocks = kind.shardBlocks(spec, db);
  const shardsPlanned = planShardCount(spec.sims, shardBlocks);
  checkShardCount(shardsPlanned, spec.sims, shardBlocks);
  const plan = await kind.plan(db, spec);
  return createRun(db, {
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
  });
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
}

type ShardOutcome = 'done' | 'already-done' | 'cancelled';

export async function executeShard(db: Db, runId: number, shard: Shard, o: ShardOptions = {}): Promise<ShardOutcome> {
  const p = await prepareRun(db, runId);
  const { status, shardDone } = await runAndShardState(db, runId, shard.index);
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
    return await commitShard(db, runId, shard, (tx) => p.runShard(shard, { ...base, tx, computed, computing }), o.inTransaction, notDone);
  } catch (e) {
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
