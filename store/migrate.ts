// Numbered up/down migrations from sql/, applied under an advisory lock. schema_migrations records
// each file's sha256; an applied file that has changed since stops everything (MIGRATION_CHECKSUM).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { projectFile } from '../core/paths.js';
import { join } from 'node:path';
import { StoreError } from '../core/errors.js';
import type { Db, Queryable } from './db.js';
import { iso } from './iso-time.js';

interface Migration {
  version: number;
  name: string;
  up: string;
  down: string;
  checksum: string;
}

export interface MigrationState {
  version: number;
  name: string;
  applied: boolean;
  appliedAt: string | null;
}

/** Key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_340_001;

/** The package's sql/ folder. */
function sqlDir(): string {
  return projectFile('sql');
}

export function loadMigrations(dir = sqlDir()): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{4}_[a-z0-9_]+\.up\.sql$/.test(f));
  return files.sort().map((f) => {
    const name = f.replace(/\.up\.sql$/, '');
    const up = readFileSync(join(dir, f), 'utf8');
    const down = readFileSync(join(dir, `${name}.down.sql`), 'utf8');
    return { version: Number(name.slice(0, 4)), name, up, down, checksum: createHash('sha256').update(up).digest('hex') };
  });
}

async function ensureTable(q: Queryable): Promise<void> {
  await q.query(`create table if not exists schema_migrations (
    version int primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())`);
  // A deliberate `migrate down` holds the database where it left it: opening it does not migrate it up
  // again behind the user's back; only `migrate up` lifts the hold.
  await q.query(`create table if not exists schema_migration_hold (
    one boolean primary key default true check (one), version int not null, held_at timestamptz not null default now())`);
}

async function heldAt(q: Queryable): Promise<number | null> {
  const r = await q.query<{ version: number }>('select version from schema_migration_hold');
  return r.rows[0]?.version ?? null;
}

async function applied(q: Queryable): Promise<Map<number, { name: string; checksum: string; applied_at: string }>> {
  const r = await q.query<{ version: number; name: string; checksum: string; applied_at: string }>(
    `select version, name, checksum, ${iso('applied_at')} from schema_migrations order by version`,
  );
  return new Map(r.rows.map((x) => [x.version, x]));
}

function checkChecksums(all: Migration[], done: Map<number, { name: string; checksum: string }>): void {
  for (const m of all) {
    const a = done.get(m.version);
    if (a && a.checksum !== m.checksum) {
      throw new StoreError(
        'MIGRATION_CHECKSUM',
        `migration ${m.name} was changed after it was applied (checksum ${a.checksum.slice(0, 12)} in the database, ${m.checksum.slice(0, 12)} on disk); add a new migration instead`,
      );
    }
  }
}

/**
 * Applies every pending migration in order, each in the lock's transaction; returns their names. `auto`
 * (a command opening the database) respects a hold left by `migrate down`: it applies nothing and says
 * how to go on; `migrate up` lifts the hold.
 */
export async function migrateUp(db: Db, dir?: string, o: { auto?: boolean } = {}): Promise<string[]> {
  const all = loadMigrations(dir);
  // DDL and its bookkeeping go in one transaction holding a transaction-scoped advisory lock, so two
  // processes opening the same database at once apply each migration exactly once.
  return db.transaction(async (q) => {
    await q.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await ensureTable(q);
    const done = await applied(q);
    checkChecksums(all, done);
    const hold = await heldAt(q);
    if (hold !== null && o.auto) {
      const pending = all.filter((m) => !done.has(m.version)).length;
      if (pending > 0) {
        throw new StoreError(
          'MIGRATION_HELD',
          `the database was migrated down to ${hold === 0 ? 'nothing' : `migration ${String(hold).padStart(4, '0')}`} and ${pending} migration${pending === 1 ? ' is' : 's are'} pending: run 'simcast migrate up' to use it again`,
        );
      }
    }
    await q.query('delete from schema_migration_hold');
    const ran: string[] = [];
    for (const m of all) {
      if (done.has(m.version)) continue;
      await execScript(q, m.up);
      await q.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [m.version, m.name, m.checksum]);
      ran.push(m.name);
    }
    return ran;
  });
}

/** Reverts the last n applied migrations (default 1). */
export async function migrateDown(db: Db, n = 1, dir?: string): Promise<string[]> {
  const all = loadMigrations(dir);
  return db.transaction(async (q) => {
    await q.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await ensureTable(q);
    const done = await applied(q);
    checkChecksums(all, done);
    const ran: string[] = [];
    const targets = all
      .filter((m) => done.has(m.version))
      .reverse()
      .slice(0, n);
    for (const m of targets) {
      await execScript(q, m.down);
      await q.query('delete from schema_migrations where version = $1', [m.version]);
      ran.push(m.name);
    }
    if (ran.length > 0) {
      const left = Math.max(0, ...[...done.keys()].filter((v) => !targets.some((t) => t.version === v)));
      await q.query('insert into schema_migration_hold (version) values ($1) on conflict (one) do update set version = excluded.version, held_at = now()', [
        left,
      ]);
    }
    return ran;
  });
}

export async function migrationStatus(db: Db, dir?: string): Promise<MigrationState[]> {
  const all = loadMigrations(dir);
  await ensureTable(db);
  const done = await applied(db);
  checkChecksums(all, done);
  return all.map((m) => ({ version: m.version, name: m.name, applied: done.has(m.version), appliedAt: done.get(m.version)?.applied_at ?? null }));
}

/** The version `migrate down` left the database held at, or null when it is not held. */
export async function migrationHold(db: Db): Promise<number | null> {
  await ensureTable(db);
  return heldAt(db);
}

/** Runs a multi-statement script: statements are split on semicolons at line ends (our files' style). */
async function execScript(q: Queryable, sql: string): Promise<void> {
  const statements = sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
  for (const s of statements) await q.query(s);
}
