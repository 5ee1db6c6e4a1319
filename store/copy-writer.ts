// The COPY writer: one connection that takes binary COPY batches (Postgres through pg-copy-streams with
// backpressure, PGlite through its '/dev/blob' COPY) inside its transactions, and counts what it moved
// and how long it waited on the server. store/run-shards.ts commits a shard through it.
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Queryable } from './db.js';

export type CopyChunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface CopyStats {
  rows: number;
  batches: number;
  bytes: number;
  /** Time blocked on the server (backpressure, drain and the final flush), milliseconds. */
  waitMs: number;
}

/** A transaction of the pool where a WriteTx is expected, for writers that only query: its COPY fails with `why`. */
export function queriesOnly(q: Queryable, why: string): WriteTx {
  return {
    query: (sql, params) => q.query(sql, params),
    copyBinary: () => Promise.reject(new Error(why)),
    commitWith: () => {
      throw new Error(why);
    },
  };
}

/** A transaction on the writer connection, able to COPY. */
export interface WriteTx extends Queryable {
  /**
   * COPY table (columns) FROM STDIN (FORMAT binary); chunks are PGCOPY bytes (header in the first,
   * trailer in the last). The row count is the server's; `rows` is only a fallback.
   */
  copyBinary(table: string, columns: string[], chunks: CopyChunks, rows?: number): Promise<CopyStats>;
  /**
   * A last statement (plain SQL, no parameters) sent with the COMMIT in one round trip once the
   * transaction's function returns; if it fails, the transaction rolls back and the error is thrown.
   */
  commitWith(sql: string): void;
}

/** What a backend provides: transactions on its one writer connection, and a raw COPY inside them. */
type RawCopy = (table: string, columns: string[], chunks: CopyChunks) => Promise<CopyStats>;
interface WriterConnection {
  /** Runs fn in a transaction, then `last` (if any) and the commit, in one round trip where it can. */
  transaction<T>(fn: (q: Queryable, copy: RawCopy) => Promise<{ value: T; last: string | null }>): Promise<T>;
  backendPid(): Promise<number | null>;
}

function zeroStats(): CopyStats {
  return { rows: 0, batches: 0, bytes: 0, waitMs: 0 };
}

function addStats(t: CopyStats, s: CopyStats): void {
  t.rows += s.rows;
  t.batches += s.batches;
  t.bytes += s.bytes;
  t.waitMs += s.waitMs;
}

export class CopyWriter {
  /** Lifetime totals of this writer. */
  readonly counters: CopyStats = zeroStats();

  constructor(private readonly conn: WriterConnection) {}

  /** One transaction on the writer connection (they run one after another). */
  transaction<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    return this.conn.transaction(async (q, copy) => {
      let last: string | null = null;
      const value = await fn({
        query: (sql, params) => q.query(sql, params),
        copyBinary: async (table, columns, chunks, rows) => {
          const s = await copy(table, columns, chunks);
          if (s.rows === 0 && rows !== undefined) s.rows = rows;
          addStats(this.counters, s);
          return s;
        },
        commitWith: (sql) => {
          last = sql;
        },
      });
      return { value, last };
    });
  }

  /** The writer's server backend pid (Postgres; null for PGlite), e.g. for tests that kill it. */
  backendPid(): Promise<number | null> {
    return this.conn.backendPid();
  }
}

const copySql = (table: string, columns: string[], source: string) => `copy ${table} (${columns.join(', ')}) from ${source} (format binary)`;

/** Streams chunks into COPY FROM STDIN on a pg client; pipeline applies the copy stream's backpressure. */
export async function copyFromStdin(client: pg.ClientBase, table: string, columns: string[], chunks: CopyChunks): Promise<CopyStats> {
  const stats = zeroStats();
  const stream = client.query(copyFrom(copySql(table, columns, 'stdin')));
  let produceMs = 0;
  const started = performance.now();
  // Time spent producing chunks (the caller's encoding or simulation) is not time waiting on the server.
  async function* counted() {
    let t = performance.now();
    for await (const chunk of chunks) {
      produceMs += performance.now() - t;
      stats.batches++;
      stats.bytes += chunk.length;
      yield chunk;
      t = performance.now();
    }
    produceMs += performance.now() - t;
  }
  await pipeline(Readable.from(counted()), stream as unknown as Writable);
  stats.waitMs = Math.max(0, performance.now() - started - produceMs);
  stats.rows = stream.rowCount ?? 0;
  return stats;
}

/** PGlite's query with its blob option (COPY FROM STDIN over its socket is broken upstream). */
export interface BlobQueryable {
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ affectedRows?: number }>;
}

/** Loads chunks into PGlite by COPY FROM '/dev/blob': the batch is gathered into one Blob first. */
export async function copyFromBlob(q: BlobQueryable, table: string, columns: string[], chunks: CopyChunks): Promise<CopyStats> {
  const stats = zeroStats();
  const parts: Uint8Array[] = [];
  for await (const c of chunks) {
    parts.push(c);
    stats.bytes += c.length;
    stats.batches++;
  }
  const started = performance.now();
  const r = await q.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob(parts as BlobPart[]) });
  stats.waitMs = performance.now() - started;
  stats.rows = r.affectedRows ?? 0;
  return stats;
}
