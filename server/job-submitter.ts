// Where the server sends a job: with Postgres, its shards go to the pg-boss queue for `simcast worker`s
// (any machine); with the embedded database, this process runs them in the background. One per app,
// shared by the routes that start jobs (POST /v1/jobs, POST /v1/calcutta/optimize).
import { cancelRun } from '../jobs/cancel.js';
import { createJobRun, shardsOf } from '../jobs/execute.js';
import type { JobSpec } from '../jobs/job-spec.js';
import { runLocally } from '../jobs/local-queue.js';
import { cancelQueuedShards, enqueueShards, startBoss } from '../jobs/pgboss-queue.js';
import type { PgBoss } from '../jobs/pgboss.js';
import type { Db } from '../store/db.js';
import { getRun } from '../store/runs.js';

export class JobSubmitter {
  private boss: PgBoss | null = null;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly threads: number | undefined) {}

  private async getBoss(): Promise<PgBoss> {
    return (this.boss ??= await startBoss({ url: process.env.DATABASE_URL! }));
  }

  /** Creates the job's run and queues or starts its shards; answers the run id. */
  async submit(db: Db, spec: JobSpec): Promise<number> {
    if (db.kind === 'postgres') {
      const id = await createJobRun(db, spec, 'pg-boss');
      await enqueueShards(await this.getBoss(), id, shardsOf(await getRun(db, id)));
      return id;
    }
    const id = await createJobRun(db, spec, 'local');
    // Failures are recorded on the run (status failed, error); nothing to report here.
    const job = runLocally(db, id, { threads: this.threads, retries: 3 }).catch(() => {});
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
    return id;
  }

  async cancel(db: Db, id: number): Promise<void> {
    await getRun(db, id);
    await cancelRun(db, id);
    if (db.kind === 'postgres') await cancelQueuedShards(await this.getBoss(), db, id);
  }

  async close(): Promise<void> {
    await this.boss?.stop({ graceful: false }).catch(() => {});
    await Promise.allSettled(this.running);
  }
}
