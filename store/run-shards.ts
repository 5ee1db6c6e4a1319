// The shards of a run: each committed in ONE transaction on the writer connection with its rows and
// integer tallies (run_shards), so a shard is wholly in or not at all, and a retried shard is skipped.
import { isSimcastError, StoreError } from '../core/errors.js';
import type { Db, Queryable, WriteTx } from './db.js';
import { outcomeCountColumns } from './outcome-rows.js';

interface ShardRecord {
  shardIndex: number;
  blockStart: number;
  blockCount: number;
  sims: number;
  rows: number;
  tallies: Int32Array;
  /** Per-simulation-rows runs: the shard's win counts (one simulated_shard_counts row), written with the record. */
  winCounts?: ArrayLike<number>[];
}

/** A safe integer as SQL text (the values spliced into recordShardSql are only these). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new StoreError('RUN_FAILED', `not an integer: ${n}`);
  return String(n);
}

/**
 * A shard's record as one plain statement with its values written in (no parameters), to go with the
 * commit in one round trip (WriteTx.commitWith): the shard's row, its win counts (one row a shard,
 * sql/0011: a row per team and win count cost the server about 5 ms a shard) and shards_done. A shard
 * already in fails it on run_shards' key (unique violation), which rolls the whole shard back.
 */
export function recordShardSql(runId: number, s: ShardRecord): string {
  const tallies = Buffer.from(s.tallies.buffer, s.tallies.byteOffset, s.tallies.byteLength).toString('hex');
  let counts = '';
  if (s.winCounts !== undefined) {
    const c = outcomeCountColumns(s.winCounts);
    const arr = (xs: number[]) => `'{${xs.map(int).join(',')}}'`;
    counts = `, c as (insert into simulated_shard_counts (run_id, shard_index, team_keys, wins, sims)
       values (${int(runId)}, ${int(s.shardIndex)}, ${arr(c.teams)}::int[], ${arr(c.wins)}::int2[], ${arr(c.sims)}::int8[]))`;
  }
  return `with s as (insert into run_shards (run_id, shard_index, block_start, block_count, sims, rows, tallies)
       values (${int(runId)}, ${int(s.shardIndex)}, ${int(s.blockStart)}, ${int(s.blockCount)}, ${int(s.sims)}, ${int(s.rows)}, '\\x${tallies}'::bytea)),
     u as (update runs set shards_done = shards_done + 1 where id = ${int(runId)})${counts}
     select 1`;
}

/** A unique violation of run_shards' key: the shard was already in (committed by another writer). */
function shardAlreadyIn(e: unknown): boolean {
  const x = e as { code?: unknown; constraint?: unknown };
  return x?.code === '23505' && (x.constraint === undefined || x.constraint === 'run_shards_pkey');
}

export async function shardIsDone(q: Queryable, runId: number, shardIndex: number): Promise<boolean> {
  const r = await q.query('select 1 from run_shards where run_id = $1 and shard_index = $2', [runId, shardIndex]);
  return r.rows.length > 0;
}

/** The run's status and whether the shard is in, in one round trip (a shard about to start checks both). */
export async function runAndShardState(q: Queryable, runId: number, shardIndex: number): Promise<{ status: string; shardDone: boolean }> {
  const r = await q.query<{ status: string; done: boolean }>(
    'select status, exists (select 1 from run_shards where run_id = $1 and shard_index = $2) as done from runs where id = $1',
    [runId, shardIndex],
  );
  if (r.rows.length === 0) throw new StoreError('NOT_FOUND', `run ${runId} does not exist`);
  return { status: r.rows[0].status, shardDone: r.rows[0].done };
}

export async function doneShards(q: Queryable, runId: number): Promise<Set<number>> {
  const r = await q.query<{ shard_index: number }>('select shard_index from run_shards where run_id = $1', [runId]);
  return new Set(r.rows.map((x) => x.shard_index));
}

/** Shards' integer tallies summed in the order given (exact in any order), with their sims and rows. */
export function sumTallies(
  shards: Iterable<{ tallies: ArrayLike<number>; sims: number; rows: number }>,
  length: number,
): { tallies: Float64Array; sims: number; rows: number } {
  const tallies = new Float64Array(length);
  let sims = 0;
  let rows = 0;
  for (const s of shards) {
    for (let i = 0; i < length; i++) tallies[i] += s.tallies[i];
    sims += s.sims;
    rows += s.rows;
  }
  return { tallies, sims, rows };
}

/** The run's tallies: every stored shard's integer tallies summed (sumTallies), with the sims count. */
export async function sumShardTallies(q: Queryable, runId: number, length: number): Promise<{ tallies: Float64Array; sims: number; rows: number }> {
  const r = await q.query<{ tallies: Uint8Array; sims: string | number; rows: string | number }>(
    'select tallies, sims, rows from run_shards where run_id = $1 order by shard_index',
    [runId],
  );
  const shards = r.rows.map((s) => {
    const bytes = Buffer.from(s.tallies);
    const ints = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (ints.length !== length) throw new StoreError('RUN_FAILED', `run ${runId}: a shard holds ${ints.length} tallies, expected ${length}`);
    return { tallies: ints, sims: Number(s.sims), rows: Number(s.rows) };
  });
  return sumTallies(shards, length);
}

interface ShardSpan {
  index: number;
  firstBlock: number;
  blockCount: number;
}

/** What a shard's work leaves to record: its integer tallies, simulations and rows written. */
interface ShardWork {
  tallies: Int32Array;
  sims: number;
  rows: number;
  winCounts?: ArrayLike<number>[];
}

/**
 * Commits one shard: in one writer transaction, a shard already in is skipped ('already-done'; a
 * concurrent writer of the same shard waits on the key and then skips), `work` writes the kind's rows
 * and returns the tallies, the run_shards row and shards_done are recorded, `alsoInTransaction` adds
 * writes that must commit with the shard (a queue's completion). Any failure rolls all of it back; a
 * database failure comes back as RUN_FAILED with the database error (code, detail) as cause.
 */
export async function commitShard(
  db: Db,
  runId: number,
  shard: ShardSpan,
  work: (tx: WriteTx) => Promise<ShardWork>,
  alsoInTransaction?: (tx: WriteTx) => Promise<void>,
  /**
   * The caller found the shard not in just before (executeShard, before computing it): skip looking again
   * on the writer (a round trip per shard); a shard committed meanwhile is still caught, by run_shards' key.
   */
  checkedNotDone = false,
): Promise<'done' | 'already-done'> {
  try {
    return await db.writeTransaction(async (tx) => {
      if (!checkedNotDone && (await shardIsDone(tx, runId, shard.index))) {
        await alsoInTransaction?.(tx);
        return 'already-done' as const;
      }
      const out = await work(tx);
      await alsoInTransaction?.(tx);
      // Recorded with the commit, in one round trip; committed by another worker meanwhile, the key
      // refuses ours and it all rolls back (theirs stands).
      tx.commitWith(recordShardSql(runId, { shardIndex: shard.index, blockStart: shard.firstBlock, blockCount: shard.blockCount, ...out }));
      return 'done' as const;
    });
  } catch (e) {
    if (shardAlreadyIn(e)) {
      // Ours rolled back with what had to commit with the shard: that still commits, on its own.
      if (alsoInTransaction) await db.writeTransaction(alsoInTransaction);
      return 'already-done';
    }
    if (isSimcastError(e)) throw e;
    throw new StoreError('RUN_FAILED', `shard ${shard.index} of run ${runId} was not written (rolled back, no rows kept): ${(e as Error).message}`, {
      cause: e,
    });
  }
}
