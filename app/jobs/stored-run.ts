// A job run to its end in this process and kept in the database (`tournament --persist`, `calcutta
// optimize --persist`), or the completion of one that failed or was cancelled (--resume): the shards
// already committed stay, the rest run, and the results equal an uninterrupted run's.
import { StoreError } from '../../core/errors.js';
import type { CopyStats, Db } from '../../store/db.js';
import { getRun, markStatus } from '../../store/runs.js';
import { createJobRun, forgetRun, prepareRun } from './execute.js';
import { LEASE_SECONDS, leaseOwner, runLocally } from './local-queue.js';
import type { JobSpec } from './registry.js';
import type { Shard } from './shards.js';

export interface StoredRunOptions {
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (simsDone: number, simsPlanned: number) => void;
  afterShard?: (shard: Shard) => void | Promise<void>;
}

export interface StoredRunResult<R> {
  runId: number;
  report: R;
  /** Rows written by COPY in this process for this run, and the writer's counters. */
  copy: CopyStats;
  shards: number;
  shardsRunNow: number;
  elapsedMs: number;
}

/** A new job (spec) or the rest of a stored run of the given kind (resume: its id). */
type StoredRunTarget = { spec: JobSpec } | { resume: number; kind: JobSpec['kind'] };

export async function runStoredJob<R>(db: Db, target: StoredRunTarget, o: StoredRunOptions = {}): Promise<StoredRunResult<R>> {
  const started = performance.now();
  let runId: number;
  // A new run is created with this process's lease on it: the runner then skips taking it.
  let createdWithLease: string | undefined;
  if ('resume' in target) {
    const run = await getRun(db, target.resume);
    if (run.status === 'complete') throw new StoreError('CONFLICT', `run ${run.id} is already complete`);
    if (run.kind !== target.kind) throw new StoreError('CONFLICT', `run ${run.id} is a ${run.kind} run, not a ${target.kind} run`);
    runId = run.id;
    forgetRun(db, runId);
    await markStatus(db, runId, 'running');
  } else {
    createdWithLease = leaseOwner();
    runId = await createJobRun(db, target.spec, 'local', 'running', { owner: createdWithLease, seconds: LEASE_SECONDS });
  }
  const before = { ...db.copyTotals };
  // Prepared here (its run row read once): runLocally finds it in the cache instead of reading the run again.
  const { run } = await prepareRun(db, runId);
  const shardsRunNow = run.shards_planned - run.shards_done;
  try {
    const report = (await runLocally(db, runId, {
      threads: o.threads,
      signal: o.signal,
      onProgress: o.onProgress,
      afterShard: o.afterShard,
      ...(createdWithLease === undefined ? {} : { createdWithLease }),
    })) as R;
    const after = db.copyTotals;
    return {
      runId,
      report,
      copy: {
        rows: after.rows - before.rows,
        batches: after.batches - before.batches,
        bytes: after.bytes - before.bytes,
        waitMs: after.waitMs - before.waitMs,
      },
      shards: run.shards_planned,
      shardsRunNow,
      elapsedMs: performance.now() - started,
    };
  } finally {
    forgetRun(db, runId);
  }
}
