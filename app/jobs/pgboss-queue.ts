// Shards across machines: with a Postgres server, every shard of a job is a pg-boss job on that same
// Postgres. Any `simcast worker` pulls shards, runs them on its pool and commits each shard's rows, its
// run_shards row and the pg-boss completion in ONE transaction (pg-boss runs its complete() through our
// transaction's executeSql), so a shard is persisted exactly once however often it is retried. A
// worker that dies mid-shard rolls its transaction back; its pg-boss job expires and runs elsewhere.
import { PgBoss } from './pgboss.js';
import { StoreError } from '../../core/errors.js';
import { pingDb, type Db } from '../../store/db.js';
import { bossDb, queuedShardJobs } from '../../store/queue-jobs.js';
import { executeShard, finalizeRun } from './execute.js';
import type { Shard } from './shards.js';

export const SHARD_QUEUE = 'simcast-shards';

/** pg-boss's schema: SIMCAST_BOSS_SCHEMA, or 'pgboss'. */
function bossSchema(schema?: string): string {
  return schema ?? (process.env.SIMCAST_BOSS_SCHEMA || 'pgboss');
}

export interface ShardMessage {
  runId: number;
  shard: Shard;
}

interface BossOptions {
  url: string;
  /** pg-boss's own schema (tests isolate themselves with one of theirs). */
  schema?: string;
  /** A shard not finished in this time is taken back and retried elsewhere (default 300 s). */
  expireInSeconds?: number;
  /** How often pg-boss looks for expired shards (default 30 s). */
  maintenanceIntervalSeconds?: number;
  retryLimit?: number;
}

export async function startBoss(o: BossOptions & { onError?: (e: Error) => void }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: o.url,
    schema: bossSchema(o.schema),
    maintenanceIntervalSeconds: o.maintenanceIntervalSeconds ?? 30,
    max: 4,
  });
  // pg-boss's own failures (maintenance, its connection pool): reported, never swallowed.
  boss.on('error', (e: Error) => o.onError?.(e));
  await boss.start();
  await ensureShardQueue(boss, o);
  return boss;
}

/** Deadlock's SQLSTATE: Postgres aborted one of two transactions waiting on each other. */
const DEADLOCK = '40P01';

/**
 * Creates the shard queue once. pg-boss's create_queue attaches a partition to its job table; two
 * processes starting together (two `simcast worker`s, a worker and the server) can deadlock there and
 * Postgres aborts one of them. The other has made the queue by then, or soon will: look again and retry.
 */
async function ensureShardQueue(boss: PgBoss, o: BossOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(SHARD_QUEUE)) return;
    try {
      await boss.createQueue(SHARD_QUEUE, {
        name: SHARD_QUEUE,
        retryLimit: o.retryLimit ?? 5,
        retryDelay: 1,
        retryBackoff: true,
        expireInSeconds: o.expireInSeconds ?? 300,
      });
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== DEADLOCK || attempt >= 5) throw e;
    }
  }
}

/**
 * How long a shard may run before pg-boss takes it back for another worker. pg-boss fixes it on each
 * job when it is queued, so it belongs to whoever queues (`simcast run`, the server), not to workers:
 * SIMCAST_SHARD_EXPIRE_SECONDS, default 300.
 */
function shardExpirySeconds(): number {
  const v = Number(process.env.SIMCAST_SHARD_EXPIRE_SECONDS);
  return Number.isInteger(v) && v >= 1 && v <= 86_400 ? v : 300;
}

/** Longest wait for a look at the queue (or the database behind it) before it counts as failed. */
const FETCH_TIMEOUT_MS = 10_000;

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Queue rows per insert statement: a big job's shards go in bounded batches. */
const ENQUEUE_BATCH = 1000;

/** Queues every shard of a run not yet done. */
export async function enqueueShards(boss: PgBoss, runId: number, shards: Shard[], o: Pick<BossOptions, 'expireInSeconds' | 'retryLimit'> = {}): Promise<void> {
  for (let i = 0; i < shards.length; i += ENQUEUE_BATCH) {
    await boss.insert(
      shards.slice(i, i + ENQUEUE_BATCH).map((shard) => ({
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
}

interface WorkerOptions {
  threads?: number;
  /** Wait between looks at an empty queue (default 0.5 s); a busy queue is read again at once. */
  pollingIntervalSeconds?: number;
  onShard?: (m: ShardMessage, outcome: string) => void;
  /** Shards worked at once (default 2: the next computes while one commits). */
  inFlight?: number;
  /** Each failed look at the queue (its database unreachable): reported, then retried with backoff. */
  onQueueError?: (e: Error, attempt: number) => void;
  /** Consecutive failed looks before the worker gives up (default 8: about 40 seconds of backoff). */
  maxQueueFailures?: number;
}

export interface ShardWorker {
  /** Stops fetching; shards in progress get `graceMs` (default 5 s) to commit, then are handed back. */
  stop(graceMs?: number): Promise<void>;
  /** 'ok', or 'degraded' with the last queue error while looks at the queue fail. */
  status(): { state: 'ok' | 'degraded'; detail?: string };
  /** Rejects when the queue stayed unreachable past maxQueueFailures (the worker has stopped). */
  readonly failed: Promise<never>;
}

/**
 * Pulls shards until stopped, two at a time by default. Our own loop over fetch() rather than pg-boss's work():
 * work() waits a polling interval after every job, which at 64 shards cost more than the shards did
 * (bench/jobs.ts); here the next shard is fetched as soon as one commits.
 */
export function workShards(db: Db, boss: PgBoss, o: WorkerOptions = {}): ShardWorker {
  let stopping = false;
  const halt = new AbortController();
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const wake = () => {
        sleepers.delete(wake);
        clearTimeout(timer);
        r();
      };
      sleepers.add(wake);
      const timer = setTimeout(wake, ms);
    });
  let failures = 0;
  let lastError: string | undefined;
  let giveUp: (e: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (giveUp = reject));
  failed.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
  const fetchShard = async () => {
    try {
      const jobs = await withTimeout(boss.fetch<ShardMessage>(SHARD_QUEUE, { batchSize: 1 }), FETCH_TIMEOUT_MS, 'the job queue did not answer');
      // pg-boss answers an empty list (and emits 'error') when its database is gone: an empty queue is
      // told apart from an unreachable one by a round trip of our own.
      if (jobs.length === 0) await pingDb(db, FETCH_TIMEOUT_MS);
      failures = 0;
      lastError = undefined;
      return jobs[0];
    } catch (e) {
      failures++;
      lastError = (e as Error).message;
      o.onQueueError?.(e as Error, failures);
      if (failures >= (o.maxQueueFailures ?? 8)) {
        stopping = true;
        giveUp(new StoreError('DATABASE_UNREACHABLE', `the job queue has been unreachable for ${failures} attempts: ${lastError}`, { cause: e }));
        return undefined;
      }
      await sleep(Math.min(30_000, 500 * 2 ** failures));
      return undefined;
    }
  };
  const pull = async (): Promise<void> => {
    while (!stopping) {
      const job = await fetchShard();
      if (!job) {
        if (failures === 0 && !stopping) await sleep((o.pollingIntervalSeconds ?? 0.5) * 1000);
        continue;
      }
      const { runId, shard } = job.data;
      try {
        const outcome = await executeShard(db, runId, shard, {
          threads: o.threads,
          signal: halt.signal,
          // pg-boss's completion runs through our transaction: rows, run_shards and the queue job commit together.
          inTransaction: (tx) => boss.complete(SHARD_QUEUE, job.id, {}, { db: bossDb(tx) }),
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
    async stop(graceMs = 5000) {
      stopping = true;
      for (const wake of sleepers) wake();
      // Shards in progress get `graceMs` to commit; then they stop and roll back, and pg-boss hands them
      // to another worker (retry): stopping never waits on a long shard.
      const timer = setTimeout(() => halt.abort(), graceMs);
      await Promise.all(loops);
      clearTimeout(timer);
    },
    status: () => (failures > 0 ? { state: 'degraded', detail: lastError } : { state: 'ok' }),
    failed,
  };
}

/** Cancels the queued shards of a run (running ones see the run's status and stop), in bounded batches. */
export async function cancelQueuedShards(boss: PgBoss, db: Db, runId: number, schema = bossSchema()): Promise<void> {
  for (;;) {
    const ids = await queuedShardJobs(db, schema, SHARD_QUEUE, runId, ENQUEUE_BATCH);
    if (ids.length === 0) return;
    await boss.cancel(SHARD_QUEUE, ids);
    if (ids.length < ENQUEUE_BATCH) return;
  }
}
