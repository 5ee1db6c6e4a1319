// Cancelling a run. Workers in other processes see the status in the database (they poll it while a
// shard runs); shards running in THIS process are aborted directly, which matters for the embedded
// database, where a shard's transaction holds the only connection and a poll would wait for it.
import type { Db } from '../../store/db.js';
import { markStatus } from '../../store/runs.js';

const active = new WeakMap<Db, Map<number, Set<AbortController>>>();

export function registerShard(db: Db, runId: number, controller: AbortController): () => void {
  let runs = active.get(db);
  if (!runs) active.set(db, (runs = new Map()));
  let set = runs.get(runId);
  if (!set) runs.set(runId, (set = new Set()));
  set.add(controller);
  return () => set.delete(controller);
}

/** Marks the run cancelled (unless it already finished) and stops its shards in this process at once. */
export async function cancelRun(db: Db, runId: number, reason = 'cancelled by the user'): Promise<boolean> {
  const local = active.get(db)?.get(runId);
  for (const c of local ?? []) c.abort();
  return markStatus(db, runId, 'cancelled', reason);
}
