// The job queue's state as the runs table holds it, the same on pg-boss and the embedded queue.
import type { Queryable } from '../../store/db.js';
import { pendingShards, runsByStatus, type RunStatus } from '../../store/runs.js';

export async function jobCounts(q: Queryable): Promise<{ pendingShards: number; byStatus: { status: RunStatus; n: number }[] }> {
  return { pendingShards: await pendingShards(q), byStatus: await runsByStatus(q) };
}
