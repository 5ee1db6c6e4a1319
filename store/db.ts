// The one database abstraction: Postgres (a pool for reads and short writes, plus ONE dedicated
// connection for COPY, so bulk loads never starve the pool) or, with no DATABASE_URL, embedded PGlite.
// Both run the same migrations and take the same binary COPY bytes.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdirSync } from 'node:fs';
import { StoreError } from '../engine/errors.js';
import { migrateUp } from './migrate.js';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export interface CopyStats {
  rows: number;
  batches: number;
  bytes: number;
  /** Time blocked on the server (backpressure and the final flush), milliseconds. */
  waitMs: number;
}

/** A transaction on the writer connection, able to COPY. */
export interface WriteTx extends Queryable {
  /** COPY table (columns) FROM STDIN (FORMAT binary); chunks are PGCOPY bytes (header first, trailer last). */
  copyBinary(table: string, columns: string[], chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, rows: number): Promise<CopyStats>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Where the data lives, never with a password: "postgres 127.0.0.1:5432/test" or "pglite ./.simcast/pg". */
  readonly description: string;
  /** A transaction on the pool (or the embedded database). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A transaction on the single writer connection. */
  writeTransaction<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** Lifetime totals of the writer: rows, batches, bytes, time waiting on the server. */
  readonly copyTotals: CopyStats;
  /** The writer connection's backend pid (Postgres), for tests that kill it. */
  writerPid(): Promise<number | null>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  url?: string;
  dataDir?: string;
  /** A schema to work in (created if missing): tests isolate themselves with it. */
  schema?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

export const DEFAULT_DATA_DIR = './.simcast/pg';

export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  // An explicit empty url asks for the embedded database even when DATABASE_URL is set.
  const url = opts.url ?? process.env.DATABASE_URL;
  // SIMCAST_DB_SCHEMA puts every table in a schema of its own (tests, or several deployments in one database).
  const schema = opts.schema ?? (process.env.SIMCAST_DB_SCHEMA || undefined);
  const db = url ? await openPostgres(url, schema) : await openPglite(opts.dataDir ?? DEFAULT_DATA_DIR, schema);
  if (opts.migrate !== false) {
    try {
      await migrateUp(db);
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return db;
}

function newTotals(): CopyStats {
  return { rows: 0, batches: 0, bytes: 0, waitMs: 0 };
}

function addTotals(t: CopyStats, s: CopyStats): void {
  t.rows += s.rows;
  t.batches += s.batches;
  t.bytes += s.bytes;
  t.waitMs += s.waitMs;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

function describeUrl(url: string): { host: string; database: string } {
  try {
    const u = new URL(url);
    return { host: `${u.hostname || 'localhost'}:${u.port || '5432'}`, database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres' };
  } catch {
    throw new StoreError('DATABASE_UNREACHABLE', 'DATABASE_URL is not a valid postgres:// URL');
  }
}

async function openPostgres(url: string, schema?: string): Promise<Db> {
  const { host, database } = describeUrl(url);
  const description = `postgres ${host}/${database}${schema ? ` (schema ${schema})` : ''}`;
  const config: pg.PoolConfig = { connectionString: url, max: 8, connectionTimeoutMillis: 5000 };
  if (schema) config.options = `-c search_path=${schema},public`;
  const pool = new pg.Pool(config);
  pool.on('error', () => {}); // idle client errors surface on the next query
  const unreachable = (e: unknown) =>
    new StoreError('DATABASE_UNREACHABLE', `cannot reach database ${database} at ${host}: ${(e as Error).message.replace(/password[^,]*/i, '')}`, { cause: e });
  try {
    if (schema) {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      await c.connect();
      await c.query(`create schema if not exists ${quoteIdent(schema)}`);
      await c.end();
    }
    await pool.query('select 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw unreachable(e);
  }
  let writer: pg.Client | null = null;
  let writerBusy: Promise<unknown> = Promise.resolve();
  const totals = newTotals();
  const getWriter = async (): Promise<pg.Client> => {
    if (writer !== null) return writer;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, ...(schema ? { options: `-c search_path=${schema},public` } : {}) });
    c.on('error', () => {
      if (writer === c) writer = null;
    });
    try {
      await c.connect();
    } catch (e) {
      throw unreachable(e);
    }
    writer = c;
    return c;
  };
  const asQueryable = (c: pg.ClientBase | pg.Pool): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
  });
  return {
    kind: 'postgres',
    description,
    copyTotals: totals,
    ...asQueryable(pool),
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const out = await fn(asQueryable(c));
        await c.query('commit');
        return out;
      } catch (e) {
        await c.query('rollback').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    async writeTransaction(fn) {
      // One writer: transactions on it run one after another.
      const run = writerBusy.then(async () => {
        const c = await getWriter();
        const tx: WriteTx = {
          ...asQueryable(c),
          async copyBinary(table, columns, chunks, rows) {
            const stats: CopyStats = { rows, batches: 0, bytes: 0, waitMs: 0 };
            const stream = c.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin (format binary)`));
            let encodeMs = 0;
            const started = performance.now();
            async function* counted() {
              let t = performance.now();
              for await (const chunk of chunks as AsyncIterable<Uint8Array>) {
                encodeMs += performance.now() - t;
                stats.batches++;
                stats.bytes += chunk.length;
                yield chunk;
                t = performance.now();
              }
              encodeMs += performance.now() - t;
            }
            await pipeline(Readable.from(counted()), stream as unknown as Writable);
            stats.waitMs = Math.max(0, performance.now() - started - encodeMs);
            addTotals(totals, stats);
            return stats;
          },
        };
        try {
          await c.query('begin');
          const out = await fn(tx);
          await c.query('commit');
          return out;
        } catch (e) {
          await c.query('rollback').catch(() => {});
          // A broken connection is replaced on the next use.
          if (writer === c && (e as { code?: string }).code !== undefined && /^(57P|08)/.test((e as { code: string }).code)) {
            writer = null;
            c.end().catch(() => {});
          }
          throw e;
        }
      });
      writerBusy = run.catch(() => {});
      return run;
    },
    async writerPid() {
      const c = await getWriter();
      const r = await c.query('select pg_backend_pid() as pid');
      return r.rows[0].pid as number;
    },
    async close() {
      const w = writer;
      writer = null;
      await Promise.allSettled([w?.end(), pool.end()]);
    },
  };
}

async function openPglite(dataDir: string, schema?: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  let lite: PGlite;
  try {
    lite = await PGlite.create(dataDir);
  } catch (e) {
    throw new StoreError('DATABASE_UNREACHABLE', `cannot open the embedded database in ${dataDir}: ${(e as Error).message}`, { cause: e });
  }
  if (schema) {
    await lite.exec(`create schema if not exists ${quoteIdent(schema)}; set search_path to ${quoteIdent(schema)}, public;`);
  }
  const totals = newTotals();
  type LiteQ = { query: PGlite['query'] };
  const asQueryable = (q: LiteQ): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      const r = await q.query<R>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  });
  const copyVia = (q: LiteQ): WriteTx['copyBinary'] => async (table, columns, chunks, rows) => {
    // PGlite reads a COPY from a Blob (COPY FROM STDIN over its socket is broken upstream), so each
    // call loads what the caller hands over; callers keep batches bounded.
    const parts: Uint8Array[] = [];
    let bytes = 0;
    let batches = 0;
    for await (const c of chunks as AsyncIterable<Uint8Array>) {
      parts.push(c);
      bytes += c.length;
      batches++;
    }
    const started = performance.now();
    await q.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob' (format binary)`, [], { blob: new Blob(parts as BlobPart[]) });
    const stats = { rows, batches, bytes, waitMs: performance.now() - started };
    addTotals(totals, stats);
    return stats;
  };
  return {
    kind: 'pglite',
    description: `pglite ${dataDir}`,
    copyTotals: totals,
    ...asQueryable(lite),
    transaction: (fn) => lite.transaction((tx) => fn(asQueryable(tx))),
    writeTransaction: (fn) => lite.transaction((tx) => fn({ ...asQueryable(tx), copyBinary: copyVia(tx) })),
    async writerPid() {
      return null;
    },
    async close() {
      if (!lite.closed) await lite.close();
    },
  };
}

