// Shards across machines: with a Postgres server, every shard of a job is a pg-boss job on that same
// Postgres. Any `simcast worker` pulls shards, runs them on its pool and commits each shard's rows, its
// run_shards row and the pg-boss completion in ONE transaction (pg-boss runs its complete() through our
// transaction's executeSql), so a shard is persisted exactly once however often it is retried. A
// worker that dies mid-shard rolls its transaction back; its pg-boss job expires and runs elsewhere.
import { PgBoss } from './pgboss.js';
import type { Db } from '../store/db.js';
import { executeShard, finalizeRun } from './execute.js';
import type { Shard } from './shards.js';

export const SHARD_QUEUE = 'simcast-shards';

/** pg-boss's schema: SIMCAST_BOSS_SCHEMA, or 'pgboss'. */
export function bossSchema(schema?: string): string {
  return schema ?? (process.env.SIMCAST_BOSS_SCHEMA || 'pgboss');
}

export interface ShardMessage {
  runId: number;
  shard: Shard;
}

export interface BossOptions {
  url: string;
  /** pg-boss's own schema (tests isolate themselves with one of theirs). */
  schema?: string;
  /** A shard not finished in this time is taken back and retried elsewhere (default 300 s). */
  expireInSeconds?: number;
  /** How often pg-boss looks for expired shards (default 30 s). */
  maintenanceIntervalSeconds?: number;
  retryLimit?: number;
}

export async function startBoss(o: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: o.url,
    schema: bossSchema(o.schema),
    maintenanceIntervalSeconds: o.maintenanceIntervalSeconds ?? 30,
    max: 4,
  });
  boss.on('error', () => {}); // surfaced through failed shards and run status instead
  await boss.start();
  await boss.createQueue(SHARD_QUEUE, {
    name: SHARD_QUEUE,
    retryLimit: o.retryLimit ?? 5,
    retryDelay: 1,
    retryBackoff: true,
    expireInSeconds: o.expireInSeconds ?? 300,
  });
  return boss;
}

/**
 * How long a shard may run before pg-boss takes it back for another worker. pg-boss fixes it on each
 * job when it is queued, so it belongs to whoever queues (`simcast run`, the server), not to workers:
 * SIMCAST_SHARD_EXPIRE_SECONDS, default 300.
 */
export function shardExpirySeconds(): number {
  const v = Number(process.env.SIMCAST_SHARD_EXPIRE_SECONDS);
  return Number.isInteger(v) && v >= 1 && v <= 86_400 ? v : 300;
}

/** Queues every shard of a run not yet done. */
export async function enqueueShards(boss: PgBoss, runId: number, shards: Shard[], o: Pick<BossOptions, 'expireInSeconds' | 'retryLimit'> = {}): Promise<void> {
  await boss.insert(
    shards.map((shard) => ({
      name: SHARD_QUEUE,
      data: { runId, shard } satisfies ShardMessage,
      singletonKey: `${runId}:${shard.index}`,
      retryLimit: o.retryLimit ?? 5,
      retryDelay: 1,
      retryBackoff: true,
      expireInSeconds: o.expireInSeconds ?? shardExpirySeconds(),
    })),
  );
}

export interface WorkerOptions {
  threads?: number;
  /** Wait between looks at an empty queue (default 0.5 s); a busy queue is read again at once. */
  pollingIntervalSeconds?: number;
  onShard?: (m: ShardMessage, outcome: string) => void;
  /** Shards worked at once (default 2: the next computes while one commits). */
  inFlight?: number;
}

export interface ShardWorker {
  stop(): Promise<void>;
}

/**
 * Pulls shards until stopped, two at a time by default. Our own loop over fetch() rather than pg-boss's work():
 * work() waits a polling interval after every job, which at 64 shards cost more than the shards did
 * (bench/jobs.ts); here the next shard is fetched as soon as one commits.
 */
export function workShards(db: Db, boss: PgBoss, o: WorkerOptions = {}): ShardWorker {
  let stopping = false;
  const sleepers = new Set<() => void>();
  const pull = async (): Promise<void> => {
    while (!stopping) {
      const [job] = await boss.fetch<ShardMessage>(SHARD_QUEUE, { batchSize: 1 }).catch(() => []);
      if (!job) {
        await new Promise<void>((r) => {
          const wake = () => {
            sleepers.delete(wake);
            r();
          };
          sleepers.add(wake);
          setTimeout(wake, (o.pollingIntervalSeconds ?? 0.5) * 1000);
        });
        continue;
      }
      const { runId, shard } = job.data;
      try {
        const outcome = await executeShard(db, runId, shard, {
          threads: o.threads,
          // pg-boss's completion runs through our transaction: rows, run_shards and the queue job commit together.
          inTransaction: (tx) => boss.complete(SHARD_QUEUE, job.id, {}, { db: { executeSql: (text: string, values: unknown[]) => tx.query(text, values) } }),
        });
        if (outcome === 'cancelled') await boss.cancel(SHARD_QUEUE, job.id).catch(() => {});
        else await finalizeRun(db, runId);
        o.onShard?.(job.data, outcome);
      } catch (e) {
        // The shard's transaction rolled back; pg-boss retries it with backoff (or fails it after the limit).
        await boss.fail(SHARD_QUEUE, job.id, { message: (e as Error).message }).catch(() => {});
        o.onShard?.(job.data, `failed: ${(e as Error).message}`);
      }
    }
  };
  // Two shards in flight: one computes on the pool while the other commits and fetches the next.
  const loops = Array.from({ length: Math.max(1, o.inFlight ?? 2) }, pull);
  return {
    async stop() {
      stopping = true;
      for (const wake of sleepers) wake();
      await Promise.all(loops);
    },
  };
}

/** Cancels the queued shards of a run (running ones see the run's status and stop). */
export async function cancelQueuedShards(boss: PgBoss, db: Db, runId: number, schema = bossSchema()): Promise<void> {
  const r = await db.query<{ id: string }>(
    `select id::text from ${schema}.job where name = $1 and state in ('created', 'retry') and (data->>'runId')::bigint = $2`,
    [SHARD_QUEUE, runId],
  );
  if (r.rows.length > 0) await boss.cancel(SHARD_QUEUE, r.rows.map((x) => x.id));
}
