// The database every command and the server work on: DATABASE_URL (a Postgres server) or the embedded
// PGlite in a data folder; migrations.
import { DEFAULT_DATA_DIR, openDb, pingDb, type Db } from '../store/db.js';
import { migrateDown, migrateUp, migrationHold, migrationStatus, type MigrationState } from '../store/migrate.js';

export { DEFAULT_DATA_DIR, pingDb };
export type { Db, MigrationState };

interface OpenDatabaseOptions {
  /** Embedded database folder when DATABASE_URL is not set. */
  dataDir?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

export function openDatabase(o: OpenDatabaseOptions = {}): Promise<Db> {
  return openDb({ dataDir: o.dataDir, migrate: o.migrate });
}

export const migrations = { up: (db: Db) => migrateUp(db), down: migrateDown, status: migrationStatus, hold: migrationHold };
