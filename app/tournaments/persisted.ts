// `simcast tournament --persist`: a tournament job run in this process and kept in the database, or the
// completion of an earlier one (--resume). app/jobs/stored-run.ts runs it; this module builds the job.
import { rowsDiskBytes } from '../../store/rows-disk.js';
import type { Seed } from '../../core/seed.js';
import { fieldToJson } from '../../engine/field/to-json.js';
import type { FieldSpec } from '../../engine/field/types.js';
import { travelToJson } from '../../engine/field/read-travel.js';
import type { TravelSpec } from '../../engine/tournament/travel.js';
import type { TournamentReport } from '../../engine/tournament/report.js';
import type { Db } from '../../store/db.js';
import type { WinModelRef } from '../../workers/tournament-task.js';
import { parseJobSpec } from '../jobs/parse.js';
import { runStoredJob, type StoredRunOptions, type StoredRunResult } from '../jobs/stored-run.js';

export interface PersistedTournamentOptions extends StoredRunOptions {
  db: Db;
  spec?: FieldSpec;
  sims?: number;
  seed?: Seed;
  model?: WinModelRef;
  hotK?: number | null;
  travel?: TravelSpec;
  persist?: 'aggregates' | 'rows';
  shardBlocks?: number;
  resumeRunId?: number;
}

export async function runPersistedTournament(o: PersistedTournamentOptions): Promise<StoredRunResult<TournamentReport>> {
  const { db, spec, sims, seed, model, hotK, travel, persist, shardBlocks, resumeRunId, ...run } = o;
  if (resumeRunId !== undefined) {
    const r = await runStoredJob<TournamentReport>(db, { resume: resumeRunId, kind: 'tournament' }, run);
    return { ...r, report: { ...r.report, threads: o.threads ?? null } };
  }
  const job = parseJobSpec(
    {
      kind: 'tournament',
      field: spec ? fieldToJson(spec) : {},
      sims,
      seed: seed ?? 1,
      ...(model ? { model } : {}),
      hot: hotK ?? null,
      ...(travel ? { travel: travelToJson(travel) } : {}),
      persist: persist ?? 'aggregates',
      ...(shardBlocks ? { shardBlocks } : {}),
    },
    'options',
  );
  const r = await runStoredJob<TournamentReport>(db, { spec: job }, run);
  return { ...r, report: { ...r.report, threads: o.threads ?? null } };
}

/** Bytes `--persist rows` will add on disk for a field of `teams` teams and `sims` simulations (an estimate). */
export function persistedRowsBytes(teams: number, sims: number): number {
  return rowsDiskBytes(teams, sims);
}
