// `simcast pool optimize|evaluate --persist`: a pool job run in this process and kept in the database,
// or the completion of one that failed or was cancelled (--resume), like any job.
import type { Seed } from '../../core/seed.js';
import type { Db } from '../../store/db.js';
import { parseJobSpec } from '../jobs/parse.js';
import { runStoredJob, type StoredRunOptions, type StoredRunResult } from '../jobs/stored-run.js';
import type { PoolDocument } from './document.js';

export async function runPersistedPool<R>(
  db: Db,
  target: { mode: 'optimize' | 'evaluate'; document: PoolDocument; sims: number; seed: Seed } | { resume: number },
  o: StoredRunOptions = {},
): Promise<StoredRunResult<R & { runId: number }>> {
  if ('resume' in target) return runStoredJob(db, { resume: target.resume, kind: 'pool' }, o);
  const spec = parseJobSpec({ kind: 'pool', mode: target.mode, pool: target.document, sims: target.sims, seed: target.seed }, 'options');
  return runStoredJob(db, { spec }, o);
}
