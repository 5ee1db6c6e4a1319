// Routes over stored data need a database; a server started without one answers 503 with a code.
import { StoreError } from '../core/errors.js';
import type { Db } from '../app/database.js';
import type { JobQueues } from '../app/jobs/queues.js';

export function requireDb(db: Db | null, what: string): Db {
  if (db === null) throw new StoreError('DATABASE_UNREACHABLE', `this server runs without a database; ${what} need one`);
  return db;
}

export function requireJobs(jobs: JobQueues | null): JobQueues {
  if (jobs === null) throw new StoreError('DATABASE_UNREACHABLE', 'this server runs without a database; jobs need one');
  return jobs;
}
