// Once per test run: an embedded database folder with every migration applied, which tests copy
// (CLI tests) or load (in-process tests) instead of creating and migrating a new one each time
// (about 10 s each on a loaded 2-core machine). Removed when the run ends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDb } from '../store/db.js';

export default async function setup(): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'simcast-test-template-'));
  const dir = join(root, 'pg');
  const db = await openDb({ url: '', dataDir: dir });
  await db.close();
  const lite = await PGlite.create(dir);
  const tar = await lite.dumpDataDir('none');
  await lite.close();
  writeFileSync(join(root, 'pg.tar'), Buffer.from(await tar.arrayBuffer()));
  process.env.SIMCAST_TEST_TEMPLATE = root;
  // Say which servers the tests use: they are real ones, and a developer's own `test` database is one.
  const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test (the default; DATABASE_URL sets it)';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379 (the default; REDIS_URL sets it)';
  console.log(`simcast tests: Postgres ${pgUrl}, each test in a schema of its own, dropped after; Redis ${redisUrl}, keys under a prefix of their own`);
  return () => rmSync(root, { recursive: true, force: true });
}
