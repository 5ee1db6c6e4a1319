// The embedded default: a job's shards run one after another in this process (each on every core
// through the worker pool), with retries and exponential backoff.
import { CancelledError, StoreError } from '../engine/errors.js';
import { BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import type { Db } from '../store/db.js';
import { doneShards, getRun, markStatus } from '../store/runs.js';
import { executeShard, finalizeRun, shardsOf } from './execute.js';
import type { Shard } from './shards.js';

export interface LocalRunOptions {
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (simsDone: number, simsPlanned: number) => void;
  /** Attempts per shard beyond the first (default 0: a failure fails the run, to be resumed). */
  retries?: number;
  /** First backoff in ms, doubled per attempt. */
  backoffMs?: number;
  afterShard?: (shard: Shard) => void | Promise<void>;
}

export async function runLocally(db: Db, runId: number, o: LocalRunOptions = {}): Promise<unknown> {
  const run = await getRun(db, runId);
  const sims = Number(run.sims);
  const done = await doneShards(db, runId);
  const todo = shardsOf(run).filter((s) => !done.has(s.index));
  const simsOf = (s: Shard) => Math.min(sims, (s.firstBlock + s.blockCount) * BLOCK_SIZE) - s.firstBlock * BLOCK_SIZE;
  const planned = todo.reduce((n, s) => n + simsOf(s), 0);
  let simsDone = 0;
  try {
    for (const shard of todo) {
      if (o.signal?.aborted) throw new CancelledError('run cancelled');
      let shardSims = 0;
      for (let attempt = 0; ; attempt++) {
        try {
          const outcome = await executeShard(db, runId, shard, {
            threads: o.threads,
            signal: o.signal,
            onSims: (n) => {
              shardSims += n;
              o.onProgress?.(simsDone + shardSims, planned);
            },
          });
          if (outcome === 'cancelled') throw new CancelledError('run cancelled');
          break;
        } catch (e) {
          if (e instanceof CancelledError || o.signal?.aborted || attempt >= (o.retries ?? 0)) throw e;
          shardSims = 0;
          await new Promise((r) => setTimeout(r, (o.backoffMs ?? 250) * 2 ** attempt));
        }
      }
      simsDone += simsOf(shard);
      o.onProgress?.(simsDone, planned);
      await o.afterShard?.(shard);
    }
    const report = await finalizeRun(db, runId);
    if (report === null) throw new StoreError('CONFLICT', `run ${runId} is not complete: it was cancelled or shards are missing`);
    return report;
  } catch (e) {
    const cancelled = e instanceof CancelledError || o.signal?.aborted;
    await markStatus(db, runId, cancelled ? 'cancelled' : 'failed', (e as Error).message).catch(() => {});
    if (cancelled) throw new CancelledError(`run ${runId} cancelled; finish it with --resume ${runId}`);
    throw new StoreError('RUN_FAILED', `run ${runId} failed (${(e as Error).message.split('\n')[0]}); no partial shard was kept: finish it with --resume ${runId}`, {
      cause: e,
    });
  }
}
