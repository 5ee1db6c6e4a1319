// A tournament run that lands in the database: planned as shards of blocks, each shard simulated on
// the pool and written in ONE transaction on the writer connection (its bronze rows by binary COPY,
// its integer tallies and its run_shards row), so a failed shard leaves nothing and a retried one is
// skipped. The run is complete only when every shard is in; aggregates are the shards' tallies summed.
import { CancelledError, StoreError } from '../engine/errors.js';
import type { FieldSpec } from '../engine/field/types.js';
import { BLOCK_SIZE, parseSeed, STREAM_SCHEME, type Seed } from '../engine/random/stream-scheme.js';
import { compileBracket, type Bracket } from '../engine/tournament/bracket.js';
import { buildReport, type TournamentReport } from '../engine/tournament/report.js';
import { verifyWinModel, winModelByName } from '../engine/tournament/win-probability.js';
import { VERSION } from '../cli/version.js';
import type { CopyStats, Db } from '../store/db.js';
import {
  createRun,
  doneShards,
  getRun,
  hashInputs,
  markComplete,
  markStatus,
  partitionName,
  recordShard,
  shardIsDone,
  sumShardTallies,
} from '../store/runs.js';
import { getTournamentField, saveTournament, saveTournamentAggregates, storableField } from '../store/tournaments.js';
import { encodeTournamentRows, TOURNAMENT_ROW_COLUMNS, tournamentRowContext } from '../store/tournament-rows.js';
import { PGCOPY_TRAILER } from '../store/copy-binary.js';
import { runTournamentPool } from '../workers/tournament-run.js';
import type { WinModelRef } from '../workers/tournament-task.js';
import { Channel } from './channel.js';
import { planShards, type Shard } from './shards.js';

export interface PersistedTournamentOptions {
  db: Db;
  /** A new run: the field and its parameters. */
  spec?: FieldSpec;
  sims?: number;
  seed?: Seed;
  model?: WinModelRef;
  hotK?: number | null;
  persist?: 'aggregates' | 'rows';
  shardBlocks?: number;
  /** Or: finish an earlier run (its parameters come from the database). */
  resumeRunId?: number;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (simsDone: number, simsPlanned: number) => void;
  /** Test hook: called after each shard commits. */
  afterShard?: (shard: Shard) => void | Promise<void>;
}

export interface PersistedTournamentResult {
  runId: number;
  report: TournamentReport;
  copy: CopyStats;
  shards: number;
  shardsRunNow: number;
  elapsedMs: number;
}

/** Rows per COPY batch: 512 simulations (35K rows of a 68-team field, 1.7 MB) keeps encoding and loading overlapped. */
const BATCH_SIMS = 512;

interface RunParams {
  model: WinModelRef;
  hot: number | null;
}

export function defaultShardBlocks(db: Db, persist: 'aggregates' | 'rows'): number {
  // PGlite loads a shard's COPY from one in-memory blob: keep its shards small when rows are kept.
  return db.kind === 'pglite' && persist === 'rows' ? 4 : 64;
}

export async function runPersistedTournament(o: PersistedTournamentOptions): Promise<PersistedTournamentResult> {
  const started = performance.now();
  const db = o.db;
  let runId: number;
  let bracket: Bracket;
  let sims: number;
  let seed: Seed;
  let params: RunParams;
  let persist: 'aggregates' | 'rows';
  let shardBlocks: number;
  let tournamentId: number;

  if (o.resumeRunId !== undefined) {
    const run = await getRun(db, o.resumeRunId);
    if (run.status === 'complete') throw new StoreError('CONFLICT', `run ${run.id} is already complete`);
    if (run.kind !== 'tournament' || run.tournament_id === null) throw new StoreError('CONFLICT', `run ${run.id} is not a tournament run`);
    const spec = await getTournamentField(db, run.tournament_id);
    params = run.params as unknown as RunParams;
    runId = run.id;
    tournamentId = run.tournament_id;
    sims = Number(run.sims);
    seed = parseSeed(/^[0-9]+$/.test(run.seed) ? Number(run.seed) : run.seed);
    persist = run.persist;
    shardBlocks = run.shard_blocks;
    bracket = compileBracket(spec);
    const expected = hashInputs({ field: storableField(spec), sims, seed, ...params });
    if (expected !== run.inputs_hash) throw new StoreError('CONFLICT', `run ${run.id}: its stored inputs no longer match their hash`);
    await markStatus(db, runId, 'running');
  } else {
    if (!o.spec || o.sims === undefined) throw new StoreError('CONFLICT', 'a new persisted run needs a field and a simulation count');
    bracket = compileBracket(o.spec);
    sims = o.sims;
    seed = parseSeed(o.seed ?? 1);
    params = { model: o.model ?? { name: '538' }, hot: o.hotK ?? null };
    persist = o.persist ?? 'aggregates';
    shardBlocks = o.shardBlocks ?? defaultShardBlocks(db, persist);
    verifyWinModel(winModelByName(params.model.name, params.model.sigma), bracket.ratings);
    tournamentId = await saveTournament(db, o.spec);
    const shardsPlanned = planShards(sims, shardBlocks).length;
    runId = await createRun(db, {
      kind: 'tournament',
      tournamentId,
      inputsHash: hashInputs({ field: storableField(o.spec), sims, seed, ...params }),
      seed,
      streamScheme: STREAM_SCHEME,
      sims,
      blockSize: BLOCK_SIZE,
      shardBlocks,
      shardsPlanned,
      persist,
      params: params as unknown as Record<string, unknown>,
      version: VERSION,
    });
  }

  const T = bracket.teamCount;
  const G = bracket.gameCount;
  const shards = planShards(sims, shardBlocks);
  const already = await doneShards(db, runId);
  const todo = shards.filter((s) => !already.has(s.index));
  const rowCtx = tournamentRowContext(bracket, runId);
  const table = partitionName('simulated_tournaments', runId);
  const copy: CopyStats = { rows: 0, batches: 0, bytes: 0, waitMs: 0 };
  const simsOf = (s: Shard) => Math.min(sims, (s.firstBlock + s.blockCount) * BLOCK_SIZE) - s.firstBlock * BLOCK_SIZE;
  const simsPlanned = todo.reduce((n, s) => n + simsOf(s), 0);
  let simsDone = 0;
  // Tasks never straddle a shard: the largest divisor of the shard size up to 16 blocks.
  let perTask = Math.min(16, shardBlocks);
  while (shardBlocks % perTask !== 0) perTask--;

  try {
    for (const shard of todo) {
      if (o.signal?.aborted) throw new CancelledError('run cancelled');
      await db.writeTransaction(async (tx) => {
        if (await shardIsDone(tx, runId, shard.index)) return; // committed by another worker meanwhile
        const tallies = new Int32Array(G * T);
        const shardSims = simsOf(shard);
        const rows = persist === 'rows' ? shardSims * T : 0;
        const channel = new Channel<Uint8Array>(4);
        const abort = new AbortController();
        const onOuterAbort = () => abort.abort();
        o.signal?.addEventListener('abort', onOuterAbort, { once: true });
        let copying: Promise<CopyStats> | null = null;
        if (persist === 'rows') {
          copying = tx.copyBinary(table, TOURNAMENT_ROW_COLUMNS, channel, rows);
          copying.catch((e) => {
            channel.fail(e);
            abort.abort();
          });
        }
        let first = true;
        try {
          await runTournamentPool(bracket, {
            sims,
            seed,
            threads: o.threads,
            model: params.model,
            hotK: params.hot,
            blocks: { first: shard.firstBlock, count: shard.blockCount },
            blocksPerTask: perTask,
            withRows: persist === 'rows',
            signal: abort.signal,
            onChunk: async (c) => {
              for (let i = 0; i < c.counts.length; i++) tallies[i] += c.counts[i];
              if (c.rows !== null) {
                for (let s = 0; s < c.simCount; s += BATCH_SIMS) {
                  const n = Math.min(BATCH_SIMS, c.simCount - s);
                  const rowsView = c.rows.subarray(s * T, (s + n) * T);
                  await channel.put(encodeTournamentRows(rowCtx, rowsView, c.simStart + s, n, { header: first }));
                  first = false;
                }
              }
              simsDone += c.simCount;
              o.onProgress?.(simsDone, simsPlanned);
            },
          });
          if (copying !== null) {
            await channel.put(PGCOPY_TRAILER);
            channel.close();
            const stats = await copying;
            copy.rows += stats.rows;
            copy.batches += stats.batches;
            copy.bytes += stats.bytes;
            copy.waitMs += stats.waitMs;
          }
        } catch (e) {
          channel.fail(e);
          await copying?.catch(() => {});
          // A COPY that failed first is the real cause; the pool's abort is its consequence.
          throw o.signal?.aborted ? new CancelledError('run cancelled') : e;
        } finally {
          o.signal?.removeEventListener('abort', onOuterAbort);
        }
        const recorded = await recordShard(tx, runId, {
          shardIndex: shard.index,
          blockStart: shard.firstBlock,
          blockCount: shard.blockCount,
          sims: shardSims,
          rows,
          tallies,
        });
        // Another worker committed this shard first: roll back ours (no duplicate rows).
        if (!recorded) throw new ShardAlreadyDone();
      }).catch((e) => {
        if (!(e instanceof ShardAlreadyDone)) throw e;
      });
      await o.afterShard?.(shard);
    }
    const summed = await sumShardTallies(db, runId, G * T);
    const model = winModelByName(params.model.name, params.model.sigma);
    const elapsedMs = performance.now() - started;
    const report = buildReport(bracket, summed.tallies, summed.sims, {
      mode: 'montecarlo',
      model: model.name,
      hot: params.hot,
      sims: summed.sims,
      seed,
      threads: o.threads ?? null,
      elapsedMs,
      simsPerSecond: simsPlanned > 0 ? (simsPlanned / elapsedMs) * 1000 : null,
      streamScheme: STREAM_SCHEME,
    });
    const teamKeys = new Map(bracket.names.map((n, i) => [n, i]));
    await db.transaction(async (tx) => {
      await saveTournamentAggregates(tx, runId, report, teamKeys);
      await markComplete(tx, runId, { elapsedMs, copyWaitMs: copy.waitMs, rows: summed.rows, shardsRunNow: todo.length });
    });
    return { runId, report, copy, shards: shards.length, shardsRunNow: todo.length, elapsedMs };
  } catch (e) {
    const cancelled = e instanceof CancelledError;
    await markStatus(db, runId, cancelled ? 'cancelled' : 'failed', (e as Error).message).catch(() => {});
    if (cancelled) throw new CancelledError(`run ${runId} cancelled; finish it with --resume ${runId}`);
    throw new StoreError('RUN_FAILED', `run ${runId} failed (${(e as Error).message.split('\n')[0]}); no partial shard was kept: finish it with --resume ${runId}`, {
      cause: e,
    });
  }
}

class ShardAlreadyDone extends Error {}
