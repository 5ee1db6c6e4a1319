// The one database abstraction: Postgres (a pool for reads and short writes, plus ONE dedicated
// connection for COPY, so bulk loads never starve the pool) or, with no DATABASE_URL, embedded PGlite.
// Both run the same migrations and take the same binary COPY bytes.
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { StoreError } from '../core/errors.js';
import { lockDataDir } from './data-dir-lock.js';
import { migrateUp } from './migrate.js';
import { copyFromBlob, copyFromStdin, CopyWriter, type BlobQueryable, type CopyStats, type WriteTx } from './copy-writer.js';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export type { CopyStats, WriteTx, CopyChunks } from './copy-writer.js';
export { CopyWriter, queriesOnly } from './copy-writer.js';

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Where the data lives, never with a password: "postgres 127.0.0.1:5432/test" or "pglite ./.simcast/pg". */
  readonly description: string;
  /** The Postgres connection string (the job queue connects with it); null for the embedded database. */
  readonly url: string | null;
  /** A transaction on the pool (or the embedded database). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** The single COPY writer connection (created on first use), with its counters. */
  copyWriter(): CopyWriter;
  /** A transaction on the writer connection: copyWriter().transaction(fn). */
  writeTransaction<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** Lifetime totals of the writer (copyWriter().counters): rows, batches, bytes, time waiting on the server. */
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
  /** Embedded only: start from this data folder (PGlite's dumpDataDir), e.g. one already migrated. */
  template?: Blob;
}

export const DEFAULT_DATA_DIR = './.simcast/pg';

export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  // An explicit empty url asks for the embedded database even when DATABASE_URL is set.
  const url = opts.url ?? process.env.DATABASE_URL;
  // SIMCAST_DB_SCHEMA puts every table in a schema of its own (tests, or several deployments in one database).
  const schema = opts.schema ?? (process.env.SIMCAST_DB_SCHEMA || undefined);
  const db = url ? await openPostgres(url, schema) : await openPglite(opts.dataDir ?? DEFAULT_DATA_DIR, schema, opts.template);
  if (opts.migrate !== false) {
    try {
      await migrateUp(db, undefined, { auto: true });
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return db;
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
      // Two processes creating the schema at once: one wins, the other's duplicate error is harmless.
      await c.query(`create schema if not exists ${quoteIdent(schema)}`).catch((e: { code?: string }) => {
        if (e.code !== '23505' && e.code !== '42P06') throw e;
      });
      await c.end();
    }
    await pool.query('select 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw unreachable(e);
  }
  let writer: pg.Client | null = null;
  let writerBusy: Promise<unknown> = Promise.resolve();
  // Transactions queued for the writer, and the connection whose last commit already began the next one.
  let waiting = 0;
  let begun: pg.Client | null = null;
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
  const discardWriter = (c: pg.Client) => {
    if (writer === c) writer = null;
    c.end().catch(() => {});
  };
  const asQueryable = (c: pg.ClientBase | pg.Pool): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
  });
  const copyWriter = new CopyWriter({
    transaction(fn) {
      // One writer: its transactions run one after another.
      waiting++;
      const run = writerBusy.then(async () => {
        waiting--;
        const c = await getWriter();
        try {
          if (begun !== c) await c.query('begin');
          begun = null;
          const out = await fn(asQueryable(c), (table, columns, chunks) => copyFromStdin(c, table, columns, chunks));
          // The last statement, the commit and (when one waits) the next transaction's BEGIN as one simple
          // query: one round trip on the writer between two shards' COPYs instead of three.
          const next = waiting > 0;
          await c.query(`${out.last === null ? '' : `${out.last};\n`}commit${next ? ';\nbegin' : ''}`);
          if (next) begun = c;
          return out.value;
        } catch (e) {
          begun = null;
          // A connection that cannot even roll back (killed backend, network) is replaced on next use.
          await c.query('rollback').catch(() => discardWriter(c));
          const code = (e as { code?: unknown }).code;
          if (typeof code === 'string' && /^(57P|08)/.test(code)) discardWriter(c);
          throw e;
        }
      });
      writerBusy = run.catch(() => {});
      return run;
    },
    async backendPid() {
      const c = await getWriter();
      const r = await c.query('select pg_backend_pid() as pid');
      return r.rows[0].pid as number;
    },
  });
  return {
    kind: 'postgres',
    description,
    url,
    copyTotals: copyWriter.counters,
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
    copyWriter: () => copyWriter,
    writeTransaction: (fn) => copyWriter.transaction(fn),
    writerPid: () => copyWriter.backendPid(),
    async close() {
      const w = writer;
      writer = null;
      await Promise.allSettled([w?.end(), pool.end()]);
    },
  };
}

/**
 * PGlite runs as one process without a checkpointer: WAL grows until max_wal_size (1 GB by default)
 * forces a checkpoint, so a run of rows left a gigabyte of WAL in the data folder. The smallest WAL the
 * server allows (two 16 MB segments) keeps the folder near the size of its tables; checkpoints come
 * more often, which costs little next to the COPY that fills the WAL.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'max_wal_size=32MB', '-c', 'min_wal_size=32MB', '-c', 'wal_keep_size=0'];

async function openPglite(dataDir: string, schema?: string, template?: Blob): Promise<Db> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  let lite: PGlite;
  try {
    lite = await PGlite.create({ dataDir, startParams: PGLITE_START_PARAMS, ...(template ? { loadDataDir: template } : {}) });
  } catch (e) {
    unlock();
    const why = e instanceof Error ? e.message : String(e);
    throw new StoreError('DATABASE_UNREACHABLE', `cannot open the embedded database in ${dataDir}: ${why || 'PGlite failed to start'}`, { cause: e });
  }
  if (schema) {
    await lite.exec(`create schema if not exists ${quoteIdent(schema)}; set search_path to ${quoteIdent(schema)}, public;`);
  }
  type LiteQ = { query: PGlite['query'] };
  const asQueryable = (q: LiteQ): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      const r = await q.query<R>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  });
  // PGlite is one connection in this process: its transactions already run one at a time.
  const copyWriter = new CopyWriter({
    transaction: (fn) =>
      lite.transaction(async (tx) => {
        const out = await fn(asQueryable(tx), (table, columns, chunks) => copyFromBlob(tx as BlobQueryable, table, columns, chunks));
        if (out.last !== null) await tx.exec(out.last);
        return out.value;
      }),
    backendPid: async () => null,
  });
  return {
    kind: 'pglite',
    description: `pglite ${dataDir}`,
    url: null,
    copyTotals: copyWriter.counters,
    ...asQueryable(lite),
    transaction: (fn) => lite.transaction((tx) => fn(asQueryable(tx))),
    copyWriter: () => copyWriter,
    writeTransaction: (fn) => copyWriter.transaction(fn),
    writerPid: () => copyWriter.backendPid(),
    async close() {
      try {
        if (!lite.closed) await lite.close();
      } finally {
        unlock();
      }
    },
  };
}

/** A round trip to the database within `timeoutMs` (readiness); rejects with the reason otherwise. */
export async function pingDb(db: Queryable, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.query('select 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
