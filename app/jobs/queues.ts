// Where a job goes, decided in one place: with Postgres its shards go to the pg-boss queue in that same
// database, for any `simcast worker` (or this process) to pull; with the embedded database this process
// runs them (in the background for the server, in the foreground for `simcast run`).
import type { Db } from '../../store/db.js';
import { getRun, queuedLocalRuns } from '../../store/runs.js';
import { cancelRun } from './cancel.js';
import { createJobRun, shardsOf } from './execute.js';
import { runLocally, SHUTDOWN } from './local-queue.js';
import { cancelQueuedShards, enqueueShards, startBoss } from './pgboss-queue.js';
import type { PgBoss } from './pgboss.js';
import type { JobSpec } from './registry.js';

interface JobQueuesOptions {
  threads?: number;
  /** pg-boss's own failures (its maintenance, its connections), reported here. */
  onQueueError?: (e: Error) => void;
}

export class JobQueues {
  private bossStarting: Promise<PgBoss> | null = null;
  private readonly background = new Set<Promise<unknown>>();
  private readonly controllers = new Set<AbortController>();

  constructor(
    readonly db: Db,
    private readonly o: JobQueuesOptions = {},
  ) {}

  /** 'pg-boss' on a Postgres server, 'local' on the embedded database. */
  get queue(): 'local' | 'pg-boss' {
    return this.db.url !== null ? 'pg-boss' : 'local';
  }

  /** The one pg-boss of this process: concurrent callers share its start. */
  boss(): Promise<PgBoss> {
    if (this.db.url === null) throw new Error('the embedded database has no job queue');
    this.bossStarting ??= startBoss({ url: this.db.url, onError: this.o.onQueueError }).catch((e: unknown) => {
      this.bossStarting = null;
      throw e;
    });
    return this.bossStarting;
  }

  /**
   * Creates the job's run and sends its shards where they go; answers the run id. On the embedded
   * database the shards run in this process: in the background with `background` (the server), else
   * the caller runs them (runLocally).
   */
  async submit(spec: JobSpec, o: { background?: boolean } = {}): Promise<number> {
    if (this.queue === 'pg-boss') {
      const id = await createJobRun(this.db, spec, 'pg-boss');
      await enqueueShards(await this.boss(), id, shardsOf(await getRun(this.db, id)));
      return id;
    }
    const id = await createJobRun(this.db, spec, 'local');
    if (o.background) this.runInBackground(id);
    return id;
  }

  private runInBackground(id: number): void {
    const controller = new AbortController();
    this.controllers.add(controller);
    // Failures are recorded on the run (status failed, error); nothing to report here.
    const job = runLocally(this.db, id, { threads: this.o.threads, retries: 3, signal: controller.signal }).catch(() => {});
    this.background.add(job);
    void job.finally(() => {
      this.background.delete(job);
      this.controllers.delete(controller);
    });
  }

  /** The embedded queue's runs a stop handed back (queued), started again in the background; their ids. */
  async resumeHandedBack(): Promise<number[]> {
    if (this.queue !== 'local') return [];
    const ids = await queuedLocalRuns(this.db);
    for (const id of ids) this.runInBackground(id);
    return ids;
  }

  async cancel(id: number): Promise<boolean> {
    await getRun(this.db, id);
    const changed = await cancelRun(this.db, id);
    if (this.queue === 'pg-boss') await cancelQueuedShards(await this.boss(), this.db, id);
    return changed;
  }

  /**
   * Stops: background runs are handed back (their committed shards stay; they are queued again and
   * resumeHandedBack() starts them when a server starts) and awaited, pg-boss stops.
   */
  async close(): Promise<void> {
    for (const c of this.controllers) c.abort(SHUTDOWN);
    await Promise.allSettled(this.background);
    const boss = this.bossStarting;
    this.bossStarting = null;
    if (boss) await (await boss.catch(() => null))?.stop({ graceful: false }).catch(() => {});
  }
}
