// The two backends every storage test runs on: a real Postgres server (DATABASE_URL, or the local
// default) in a schema of its own, and embedded PGlite in memory.
import pg from 'pg';
import { openDb, type Db, type OpenDbOptions } from '../../store/db.js';
import { embeddedTemplate } from './temp.js';

export const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: boolean | null = null;
export async function postgresReachable(): Promise<boolean> {
  if (reachable !== null) return reachable;
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    reachable = true;
  } catch {
    reachable = false;
  }
  if (!reachable && process.env.CI) throw new Error(`Postgres at ${PG_URL} is not reachable, and CI must not skip its tests`);
  if (!reachable) console.warn(`skipping Postgres tests: no server answers at ${PG_URL}`);
  return reachable;
}

export interface Backend {
  name: 'postgres' | 'pglite';
  open(extra?: Partial<OpenDbOptions>): Promise<Db>;
  /** Removes what open() created (the test schema). */
  cleanup(): Promise<void>;
}

export function backends(tag: string): Backend[] {
  const schema = `t_${tag}_${process.pid}_${Date.now().toString(36)}`;
  return [
    {
      name: 'postgres',
      open: (extra) => openDb({ url: PG_URL, schema, ...extra }),
      async cleanup() {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    },
    {
      name: 'pglite',
      open: (extra) => openDb({ url: '', dataDir: 'memory://', template: extra?.migrate === false ? undefined : embeddedTemplate(), ...extra }),
      cleanup: async () => {},
    },
  ];
}

/** An embedded database in memory, already migrated (from the run's template). */
export function embeddedDb(extra: Partial<OpenDbOptions> = {}): Promise<Db> {
  return openDb({ url: '', dataDir: 'memory://', template: embeddedTemplate(), ...extra });
}
