// Running a job's shards, wherever they run (this process, or any worker on the same Postgres):
// - createJobRun: validates, saves inputs and plans the run (status queued);
// - executeShard: one shard in ONE transaction on the writer connection: the kind's work (bronze rows
//   by COPY), the shard's tallies and run_shards row, and (pg-boss) the queue job's completion;
//   a shard already in is skipped, so retries never duplicate rows;
// - finalizeRun: once every shard is in, the tallies summed in shard order become the results.
import { CancelledError, SimcastError } from '../core/errors.js';
import { BLOCK_SIZE, blockCount, STREAM_SCHEME } from '../engine/random/stream-scheme.js';
import { compileSeason, type SeasonSpec } from '../engine/season/season.js';
import { parseFieldObject } from '../engine/field/load-field.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { verifyWinModel, winModelByName } from '../engine/tournament/win-probability.js';
import { VERSION } from '../core/version.js';
import type { Db, WriteTx } from '../store/db.js';
import {
  createRun,
  getRun,
  hashInputs,
  markComplete,
  markStatus,
  recordShard,
  shardIsDone,
  sumShardTallies,
  type RunRow,
} from '../store/runs.js';
import { fieldFromStored, getTournamentField, saveTournament, storableField } from '../store/tournaments.js';
import type { JobSpec } from './job-spec.js';
import { DEFAULT_SHARD_BLOCKS } from './job-spec.js';
import type { PreparedRun } from './kinds/kind.js';
import { prepareSeason } from './kinds/season.js';
import { prepareTournament } from './kinds/tournament.js';
import { prepareSlate, type SlateSpec } from './kinds/slate.js';
import { prepareCalcutta } from './kinds/calcutta.js';
import { inlineFieldReader, parseCalcuttaObject } from '../engine/calcutta/parse.js';
import { createCalcuttaRun } from '../store/calcutta.js';
import { planShards, type Shard } from './shards.js';
import { registerShard } from './cancel.js';
import { resolveSeasonSource } from './season-source.js';

export function defaultShardBlocks(db: Db, spec: JobSpec): number {
  // PGlite loads a COPY from one in-memory blob: keep its shards small when rows are kept.
  if (spec.kind === 'calcutta') return blockCount(spec.sims); // one shard: the optimiser needs every tournament
  if (spec.shardBlocks !== undefined) return spec.shardBlocks;
  return db.kind === 'pglite' && spec.kind === 'tournament' && spec.persist === 'rows' ? 4 : DEFAULT_SHARD_BLOCKS;
}

/** Validates a job, saves what it needs and creates its run (queued); returns the run id. */
export async function createJobRun(db: Db, spec: JobSpec, queue: 'local' | 'pg-boss' = 'local'): Promise<number> {
  const shardBlocks = defaultShardBlocks(db, spec);
  const shardsPlanned = planShards(spec.sims, shardBlocks).length;
  const common = {
    inputsHash: '',
    seed: spec.seed,
    streamScheme: STREAM_SCHEME,
    sims: spec.sims,
    blockSize: BLOCK_SIZE,
    shardBlocks,
    shardsPlanned,
    version: VERSION,
    queue,
    status: 'queued' as const,
  };
  if (spec.kind === 'tournament') {
    const field = parseFieldObject(spec.field, 'job.field');
    const bracket = compileBracket(field);
    const model = spec.model ?? { name: '538' as const };
    verifyWinModel(winModelByName(model.name, model.sigma), bracket.ratings);
    const params = { model, hot: spec.hot ?? null };
    const tournamentId = await saveTournament(db, field);
    const stored = storableField(field);
    return createRun(db, {
      ...common,
      kind: 'tournament',
      tournamentId,
      inputsHash: hashInputs({ field: stored, sims: spec.sims, seed: spec.seed, ...params }),
      persist: spec.persist ?? 'aggregates',
      params,
      spec: { ...spec, field: stored },
    });
  }
  if (spec.kind === 'calcutta') {
    const calcutta = await parseCalcuttaObject(spec.calcutta, 'job.calcutta', { fieldReader: inlineFieldReader('job.calcutta') });
    const { runId } = await createCalcuttaRun(db, calcutta, { sims: spec.sims, seed: spec.seed, queue, status: 'queued', input: spec.calcutta });
    return runId;
  }
  if (spec.kind === 'slate') {
    return createRun(db, {
      ...common,
      kind: 'slate',
      inputsHash: hashInputs({ slate: spec.slate, sims: spec.sims, seed: spec.seed }),
      persist: 'aggregates',
      params: {},
      spec: spec as unknown as Record<string, unknown>,
    });
  }
  const season = await resolveSeasonSource(spec.season);
  compileSeason(season as unknown as SeasonSpec);
  const params = { hot: spec.hot ?? null };
  return createRun(db, {
    ...common,
    kind: 'season',
    inputsHash: hashInputs({ season, sims: spec.sims, seed: spec.seed, ...params }),
    persist: 'aggregates',
    params,
    spec: { ...spec, season } as unknown as Record<string, unknown>,
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
  let p: PreparedRun;
  if (run.kind === 'tournament') {
    const spec = run.tournament_id !== null ? await getTournamentField(db, run.tournament_id) : fieldFromStored((run.spec as { field: Record<string, unknown> }).field);
    p = prepareTournament(run, spec);
  } else if (run.kind === 'season') {
    p = prepareSeason(run, (run.spec as { season: SeasonSpec }).season);
  } else if (run.kind === 'slate') {
    p = prepareSlate(run, (run.spec as { slate: SlateSpec }).slate);
  } else if (run.kind === 'calcutta' && (run.spec as { input?: unknown }).input !== undefined) {
    const input = (run.spec as { input: unknown }).input;
    p = prepareCalcutta(db, run, await parseCalcuttaObject(input, `run ${runId}: calcutta`, { fieldReader: inlineFieldReader(`run ${runId}: calcutta`) }));
  } else throw new SimcastError('CONFLICT', `run ${runId} is a ${run.kind} run, which is not run as shards`);
  prepared.set(runId, p);
  return p;
}

export function forgetRun(db: Db, runId: number): void {
  preparedByDb.get(db)?.delete(runId);
}

export interface ShardOptions {
  threads?: number;
  signal?: AbortSignal;
  onSims?: (n: number) => void;
  /** Runs inside the shard's transaction before it commits (e.g. the queue job's completion). */
  inTransaction?: (tx: WriteTx) => Promise<void>;
  /** How often to look for a cancellation in the database while a shard runs (ms); 0 = never. */
  pollCancelMs?: number;
}

export type ShardOutcome = 'done' | 'already-done' | 'cancelled';

export async function executeShard(db: Db, runId: number, shard: Shard, o: ShardOptions = {}): Promise<ShardOutcome> {
  const p = await prepareRun(db, runId);
  const status = (await getRun(db, runId)).status;
  if (status === 'cancelled') return 'cancelled';
  if (status === 'queued') await markStatus(db, runId, 'running');
  const abort = new AbortController();
  const unregister = registerShard(db, runId, abort);
  const onAbort = () => abort.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const poll =
    (o.pollCancelMs ?? 500) > 0
      ? setInterval(() => {
          getRun(db, runId).then((r) => r.status === 'cancelled' && abort.abort(), () => {});
        }, o.pollCancelMs ?? 500)
      : null;
  const base = { threads: o.threads, signal: abort.signal, onSims: o.onSims ?? (() => {}) };
  let computed: unknown;
  try {
    if (p.compute && !(await shardIsDone(db, runId, shard.index))) computed = await p.compute(shard, base);
    return await db.writeTransaction(async (tx) => {
      if (await shardIsDone(tx, runId, shard.index)) {
        await o.inTransaction?.(tx);
        return 'already-done' as const;
      }
      const out = await p.runShard(shard, { ...base, tx, computed });
      const recorded = await recordShard(tx, runId, {
        shardIndex: shard.index,
        blockStart: shard.firstBlock,
        blockCount: shard.blockCount,
        sims: out.sims,
        rows: out.rows,
        tallies: out.tallies,
      });
      // Committed by another worker meanwhile: roll ours back, theirs stands.
      if (!recorded) throw new ShardAlreadyDone();
      await o.inTransaction?.(tx);
      return 'done' as const;
    });
  } catch (e) {
    if (e instanceof ShardAlreadyDone) return 'already-done';
    // Stopped because the run was cancelled (here or by another process), not by our caller.
    if (abort.signal.aborted && !o.signal?.aborted) return 'cancelled';
    throw e;
  } finally {
    if (computed !== undefined) p.release?.(computed);
    unregister();
    if (poll) clearInterval(poll);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

class ShardAlreadyDone extends Error {}

/**
 * Completes the run if every shard is in: sums the shards' tallies, writes the kind's results and
 * marks it complete, all in one transaction that holds the run row (so two workers finishing the
 * last shards at once complete it once). Returns the report, or null when shards are still missing.
 */
export async function finalizeRun(db: Db, runId: number): Promise<unknown | null> {
  const p = await prepareRun(db, runId);
  return db.transaction(async (tx) => {
    const r = await tx.query<{ status: string; shards_done: number; shards_planned: number; started_at: string }>(
      'select status, shards_done, shards_planned, started_at::text from runs where id = $1 for update',
      [runId],
    );
    const row = r.rows[0];
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

export { CancelledError };
