// `simcast tournament --persist`: a tournament job run in this process (the local queue), or the
// completion of an earlier one (--resume). See jobs/execute.ts for the shard transaction.
import { StoreError } from '../core/errors.js';
import type { FieldSpec } from '../engine/field/types.js';
import type { Seed } from '../core/seed.js';
import type { TournamentReport } from '../engine/tournament/report.js';
import type { CopyStats, Db } from '../store/db.js';
import { getRun, markStatus } from '../store/runs.js';
import { storableField } from '../store/tournaments.js';
import type { WinModelRef } from '../workers/tournament-task.js';
import { createJobRun, forgetRun } from './execute.js';
import { parseJobSpec } from './job-spec.js';
import { runLocally } from './local-queue.js';
import type { Shard } from './shards.js';

export interface PersistedTournamentOptions {
  db: Db;
  spec?: FieldSpec;
  sims?: number;
  seed?: Seed;
  model?: WinModelRef;
  hotK?: number | null;
  persist?: 'aggregates' | 'rows';
  shardBlocks?: number;
  resumeRunId?: number;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (simsDone: number, simsPlanned: number) => void;
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

export async function runPersistedTournament(o: PersistedTournamentOptions): Promise<PersistedTournamentResult> {
  const started = performance.now();
  const db = o.db;
  let runId: number;
  if (o.resumeRunId !== undefined) {
    const run = await getRun(db, o.resumeRunId);
    if (run.status === 'complete') throw new StoreError('CONFLICT', `run ${run.id} is already complete`);
    if (run.kind !== 'tournament') throw new StoreError('CONFLICT', `run ${run.id} is not a tournament run`);
    runId = run.id;
    forgetRun(db, runId);
    await markStatus(db, runId, 'running');
  } else {
    if (!o.spec || o.sims === undefined) throw new StoreError('CONFLICT', 'a new persisted run needs a field and a simulation count');
    const spec = parseJobSpec(
      {
        kind: 'tournament',
        field: {},
        sims: o.sims,
        seed: o.seed ?? 1,
        ...(o.model ? { model: o.model } : {}),
        hot: o.hotK ?? null,
        persist: o.persist ?? 'aggregates',
        ...(o.shardBlocks ? { shardBlocks: o.shardBlocks } : {}),
      },
      'options',
    );
    runId = await createJobRun(db, { ...spec, kind: 'tournament', field: fieldJson(o.spec) }, 'local');
  }
  const before = { ...db.copyTotals };
  const run = await getRun(db, runId);
  const shardsRunNow = run.shards_planned - run.shards_done;
  const report = (await runLocally(db, runId, { threads: o.threads, signal: o.signal, onProgress: o.onProgress, afterShard: o.afterShard })) as TournamentReport;
  const after = db.copyTotals;
  return {
    runId,
    report: { ...report, threads: o.threads ?? null },
    copy: { rows: after.rows - before.rows, batches: after.batches - before.batches, bytes: after.bytes - before.bytes, waitMs: after.waitMs - before.waitMs },
    shards: run.shards_planned,
    shardsRunNow,
    elapsedMs: performance.now() - started,
  };
}

/** A FieldSpec back to the native JSON (slots form), as a job carries it. */
function fieldJson(spec: FieldSpec): Record<string, unknown> {
  const s = storableField(spec);
  return {
    ...(spec.name ? { name: spec.name } : {}),
    teams: spec.teams.map((t) => ({ name: t.name, rating: t.rating, ...(t.region ? { region: t.region } : {}), ...(t.seed ? { seed: t.seed } : {}) })),
    slots: s.slots,
    ...(spec.results.length ? { results: s.results } : {}),
  };
}
