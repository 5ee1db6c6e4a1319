// `simcast calcutta optimize --persist`: a Calcutta job run in this process and kept in the database,
// or the completion of one that failed or was cancelled (--resume), like any job.
import type { Seed } from '../../core/seed.js';
import type { CalcuttaReport } from '../../engine/calcutta/report.js';
import type { Db } from '../../store/db.js';
import { parseJobSpec } from '../jobs/parse.js';
import { runStoredJob, type StoredRunOptions, type StoredRunResult } from '../jobs/stored-run.js';

/** The stored report: the engine's, with the ids of what the run wrote. */
type StoredCalcuttaReport = CalcuttaReport & { runId: number; calcuttaId: number; optimizationRunId: number };

/** A Calcutta document with its field inline (app/inputs/calcutta-file.ts loadCalcuttaDocument), run as a job. */
export async function runPersistedCalcutta(
  db: Db,
  target: { document: Record<string, unknown>; sims: number; seed: Seed } | { resume: number },
  o: StoredRunOptions = {},
): Promise<StoredRunResult<StoredCalcuttaReport>> {
  if ('resume' in target) return runStoredJob<StoredCalcuttaReport>(db, { resume: target.resume, kind: 'calcutta' }, o);
  const spec = parseJobSpec({ kind: 'calcutta', calcutta: target.document, sims: target.sims, seed: target.seed }, 'options');
  return runStoredJob<StoredCalcuttaReport>(db, { spec }, o);
}
