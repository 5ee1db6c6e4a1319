// Reads of pg-boss's job table that its API does not offer: the queued (not yet running) jobs of a run.
import type { Queryable } from './db.js';

const IDENT = /^[a-z_][a-z0-9_]*$/;

export async function queuedShardJobs(q: Queryable, bossSchema: string, queue: string, runId: number, limit: number): Promise<string[]> {
  if (!IDENT.test(bossSchema)) throw new Error(`invalid pg-boss schema name '${bossSchema}'`);
  const r = await q.query<{ id: string }>(
    `select id::text from ${bossSchema}.job where name = $1 and state in ('created', 'retry') and (data->>'runId')::bigint = $2 limit $3`,
    [queue, runId, limit],
  );
  return r.rows.map((x) => x.id);
}

/** A transaction as pg-boss takes a database (its SQL then runs in our transaction: a shard and its completion commit together). */
export function bossDb(tx: Queryable): { executeSql: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }> } {
  return { executeSql: (text, values) => tx.query(text, values) };
}
