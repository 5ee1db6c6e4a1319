// `simcast run`: a job submitted and followed to its end. On the embedded database this process runs
// its shards; on Postgres they are queued for workers, and this process works on them too unless told
// not to, following the run until it finishes (Ctrl-C cancels it).
import type { Db } from '../../store/db.js';
import { getRun, markStatus } from '../../store/runs.js';
import { forgetRun } from './execute.js';
import { runLocally } from './local-queue.js';
import { workShards } from './pgboss-queue.js';
import { jobProgress } from './progress.js';
import { JobQueues } from './queues.js';
import type { JobSpec } from './registry.js';

interface RunJobOptions {
  threads?: number;
  /** Work on the queued shards in this process (default true); false: queue and return (Postgres only). */
  work?: boolean;
  signal?: AbortSignal;
  onProgress?: (simsDone: number, simsPlanned: number) => void;
  /** Told once the shards are queued (Postgres). */
  onQueued?: (runId: number, shards: number) => void;
}

/** Runs (or queues) a job; returns its run id and whether it was followed to its end. */
export async function runJob(db: Db, spec: JobSpec, o: RunJobOptions = {}): Promise<{ runId: number; followed: boolean }> {
  const queues = new JobQueues(db, { threads: o.threads });
  try {
    const runId = await queues.submit(spec);
    if (queues.queue === 'local') {
      await runLocally(db, runId, { threads: o.threads, signal: o.signal, retries: 3, onProgress: o.onProgress }).finally(() => forgetRun(db, runId));
      return { runId, followed: true };
    }
    o.onQueued?.(runId, (await getRun(db, runId)).shards_planned);
    if (o.work === false) return { runId, followed: false };
    const worker = workShards(db, await queues.boss(), { threads: o.threads });
    try {
      await Promise.race([waitForRun(db, runId, o.signal, o.onProgress), worker.failed]);
    } finally {
      await worker.stop();
      forgetRun(db, runId);
    }
    return { runId, followed: true };
  } finally {
    await queues.close();
  }
}

/** Follows a queued run until it finishes (polling its shards); an abort cancels it. */
async function waitForRun(db: Db, runId: number, signal?: AbortSignal, onProgress?: (d: number, p: number) => void): Promise<void> {
  for (;;) {
    if (signal?.aborted) {
      await markStatus(db, runId, 'cancelled', 'cancelled from the command line');
      return;
    }
    const p = await jobProgress(db, runId);
    onProgress?.(p.simsDone, p.sims);
    if (p.status === 'complete' || p.status === 'failed' || p.status === 'cancelled') return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
