// Database options shared by commands: DATABASE_URL (Postgres) or the embedded PGlite in --data-dir.
import { DEFAULT_DATA_DIR, openDatabase, type Db } from '../app/database.js';

export const DB_HELP = `Database:
  --data-dir DIR       embedded database folder when DATABASE_URL is not set (default: ${DEFAULT_DATA_DIR})
  DATABASE_URL         postgres://user@host:port/db to use a Postgres server instead
`;

export const DB_OPTIONS = { 'data-dir': { type: 'string' } } as const;

export function openCliDb(values: { 'data-dir'?: string }, migrate = true): Promise<Db> {
  return openDatabase({ dataDir: values['data-dir'], migrate });
}
