// The embedded default: a job's shards run in this process (each on every core through the worker
// pool, two in flight so commits overlap compute), with retries and exponential backoff. The process
// holds the run's lease while it works, so a second process (a --resume of a run still being written) is
// refused instead of racing it; a stop of the server (abort reason SHUTDOWN) hands the run back (queued).
import { CancelledError, StoreError } from '../../core/errors.js';
import type { Db } from '../../store/db.js';
import { doneShards } from '../../store/run-shards.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { leaseOf, markStatus, releaseLease, takeLease } from '../../store/runs.js';
import { executeShard, finalizeRun, prepareRun, shardsOf } from './execute.js';
import { FinishAhead } from './finish-ahead.js';
import { shardSims, type Shard } from './shards.js';

interface LocalRunOptions {
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (simsDone: number, simsPlanned: number) => void;
  /** Attempts per shard beyond the first (default 0: a failure fails the run, to be resumed). */
  retries?: number;
  /** First backoff in ms, doubled per attempt. */
  backoffMs?: number;
  afterShard?: (shard: Shard) => void | Promise<void>;
  /** Shards in flight for kinds that compute outside the write (default 2). */
  inFlight?: number;
  /**
   * The run was created by this process just now with this lease owner (createJobRun's lease): the
   * lease is already held and no shard can be in, so neither is looked up before the first shard.
   */
  createdWithLease?: string;
}

/** A lease owner for this process and run (stored-run.ts creates a run holding it). */
export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** The abort reason of a stopping server: its runs are handed back (queued), not cancelled. */
export const SHUTDOWN = 'shutdown';

/** A lease lasts this long unless renewed (every third of it): a crashed holder frees the run within a minute. */
export const LEASE_SECONDS = 60;

export async function runLocally(db: Db, runId: number, o: LocalRunOptions = {}): Promise<unknown> {
  const owner = o.createdWithLease ?? leaseOwner();
  if (o.createdWithLease === undefined && (await takeLease(db, runId, owner, LEASE_SECONDS)) === null) {
    const held = await leaseOf(db, runId);
    throw new StoreError(
      'CONFLICT',
      `run ${runId} is being written by ${held ? `${held.owner} (lease until ${held.until})` : 'another process'}; wait for it to finish, or cancel it first`,
    );
  }
  const renew = setInterval(() => void takeLease(db, runId, owner, LEASE_SECONDS).catch(() => {}), (LEASE_SECONDS * 1000) / 3);
  renew.unref();
  try {
    return await runLeased(db, runId, o);
  } finally {
    clearInterval(renew);
    await releaseLease(db, runId, owner).catch(() => {});
  }
}

async function runLeased(db: Db, runId: number, o: LocalRunOptions): Promise<unknown> {
  // The run's plan (sims, shard size) does not change: the prepared run's row (cached per process) has it.
  const prepared = await prepareRun(db, runId);
  const run = prepared.run;
  const sims = Number(run.sims);
  const done = o.createdWithLease !== undefined ? new Set<number>() : await doneShards(db, runId);
  const todo = shardsOf(run).filter((s) => !done.has(s.index));
  const planned = todo.reduce((n, s) => n + shardSims(sims, s), 0);
  let simsDone = 0;
  // Sims of shards still in flight (reported by their onSims, dropped when they finish or retry).
  let inFlightSims = 0;
  let failed = false;
  let next = 0;
  // One shard computes at a time, on every thread of the pool: lanes that computed together would reach
  // the one writer connection together and leave the pool idle while both commit. So the shard after
  // the one computing waits, and starts the moment it is done, while that one commits.
  let computing: Promise<unknown> = Promise.resolve();
  const computeGate = <T>(compute: () => Promise<T>): Promise<T> => {
    const turn = computing.then(compute);
    computing = turn.catch(() => {});
    return turn;
  };
  // Set once the run is prepared: the completing transaction, started while the last shard loads.
  let ahead: FinishAhead | null = null;
  const lane = async (): Promise<void> => {
    while (next < todo.length && !failed) {
      if (o.signal?.aborted) throw new CancelledError('run cancelled');
      const shard = todo[next++];
      let reported = 0;
      for (let attempt = 0; ; attempt++) {
        try {
          const outcome = await executeShard(db, runId, shard, {
            threads: o.threads,
            signal: o.signal,
            computeGate,
            onComputed: (out) => ahead?.computed(shard.index, out),
            onSims: (n) => {
              reported += n;
              inFlightSims += n;
              o.onProgress?.(simsDone + inFlightSims, planned);
            },
          });
          if (outcome === 'cancelled') throw new CancelledError('run cancelled');
          break;
        } catch (e) {
          inFlightSims -= reported;
          reported = 0;
          if (e instanceof CancelledError || o.signal?.aborted || attempt >= (o.retries ?? 0)) {
            failed = true;
            throw e;
          }
          await new Promise((r) => setTimeout(r, (o.backoffMs ?? 250) * 2 ** attempt));
        }
      }
      inFlightSims -= reported;
      simsDone += shardSims(sims, shard);
      o.onProgress?.(simsDone + inFlightSims, planned);
      await o.afterShard?.(shard);
    }
  };
  try {
    // Shards in flight when a kind computes before (or while) it writes (kinds with `compute`): two, one
    // computing on the pool while the other commits (bench/jobs.ts measures the bookkeeping this hides).
    // Two also when the kind streams its computation into the COPY (rows on Postgres): the simulation is
    // faster than the COPY, so a shard ahead is enough, and a third shard's buffer cost more (its fresh
    // memory, CPU the COPY's backend needs) than it hid (bench/RESULTS.md). Other kinds go one by one.
    // Each shard is its own transaction either way; results do not depend on the order.
    if (FinishAhead.applies(db, prepared, done.size)) ahead = new FinishAhead(db, runId, prepared, todo.length);
    const overlap = prepared.compute !== undefined;
    const lanes = Math.max(1, Math.min(overlap ? (o.inFlight ?? 2) : 1, todo.length));
    const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    // Stopped after the last shard was taken: whole shards are in, the run is not finished here.
    if (o.signal?.aborted) throw new CancelledError('run cancelled');
    const report = (await ahead?.complete()) ?? (await finalizeRun(db, runId));
    if (report === null) throw new StoreError('CONFLICT', `run ${runId} is not complete: it was cancelled or shards are missing`);
    return report;
  } catch (e) {
    ahead?.abandon();
    if (o.signal?.aborted && o.signal.reason === SHUTDOWN) {
      await markStatus(db, runId, 'queued', 'handed back by a stopping server: its committed shards stay, and it runs again when one starts').catch(() => {});
      throw new CancelledError(`run ${runId} handed back (queued) by a stopping server`);
    }
    const cancelled = e instanceof CancelledError || o.signal?.aborted;
    await markStatus(db, runId, cancelled ? 'cancelled' : 'failed', (e as Error).message).catch(() => {});
    if (cancelled) throw new CancelledError(`run ${runId} cancelled; finish it with --resume ${runId}`);
    throw new StoreError(
      'RUN_FAILED',
      `run ${runId} failed (${(e as Error).message.split('\n')[0]}); no partial shard was kept: finish it with --resume ${runId}`,
      {
        cause: e,
      },
    );
  }
}
