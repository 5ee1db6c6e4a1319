// `simcast worker`: pulls queued shards from the pg-boss queue in Postgres and runs them here. A worker
// that loses its database says so, reports itself degraded, and gives up after a bounded retry, so its
// supervisor restarts it; a shard in progress when it stops finishes first.
import { StoreError } from '../../core/errors.js';
import type { Db } from '../../store/db.js';
import { startBoss, workShards, type ShardMessage } from './pgboss-queue.js';

interface WorkerOptions {
  threads?: number;
  /** How often pg-boss looks for expired shards: every min(30, S) seconds. */
  expireSeconds?: number;
  onShard?: (m: ShardMessage, outcome: string) => void;
  /** A failed look at the queue or a pg-boss error, with the attempt number (0 for pg-boss's own). */
  onQueueError?: (e: Error, attempt: number) => void;
  /** Consecutive failed looks at the queue before giving up (default 8: about 40 seconds of backoff). */
  maxQueueFailures?: number;
}

interface RunningWorker {
  status(): { state: 'ok' | 'degraded'; detail?: string };
  /** Rejects once the queue has stayed unreachable past the retry bound. */
  readonly failed: Promise<never>;
  /** Stops pulling, lets the shards in progress finish, stops pg-boss. */
  stop(): Promise<void>;
}

export async function startWorker(db: Db, o: WorkerOptions = {}): Promise<RunningWorker> {
  if (db.url === null)
    throw new StoreError('CONFLICT', "a worker needs DATABASE_URL pointing at Postgres (with the embedded database, 'simcast run' runs the shards itself)");
  const expire = o.expireSeconds ?? 300;
  const boss = await startBoss({
    url: db.url,
    expireInSeconds: expire,
    maintenanceIntervalSeconds: Math.min(30, expire),
    onError: (e) => o.onQueueError?.(e, 0),
  });
  const worker = workShards(db, boss, { threads: o.threads, onShard: o.onShard, onQueueError: o.onQueueError, maxQueueFailures: o.maxQueueFailures });
  return {
    status: () => worker.status(),
    failed: worker.failed,
    async stop() {
      await worker.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 }).catch(() => {});
    },
  };
}
