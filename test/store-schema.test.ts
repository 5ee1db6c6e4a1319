import { tempDir } from './helpers/temp.js';
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrateDown, migrateUp, migrationHold, migrationStatus } from '../store/migrate.js';
import { BinaryCopyEncoder, PGCOPY_HEADER } from '../store/copy-binary.js';
import { backends, postgresReachable } from './helpers/databases.js';

const TABLES = [
  'runs',
  'run_shards',
  'tournaments',
  'tournament_teams',
  'simulated_tournaments',
  'calcuttas',
  'entry_bids',
  'payouts',
  'advancement_probabilities',
  'team_tournament_value',
  'predicted_game_outcomes',
  'predicted_market_share',
  'optimization_runs',
  'recommended_entry_bids',
  'entry_simulation_outcomes',
  'run_results',
  'season_team_outcomes',
  'season_team_results',
  'season_team_places',
  'season_game_importance',
  'entry_performance',
  'detailed_investment_report',
  'games_history',
  'team_ratings_history',
  'odds_history',
  'model_performance',
  'pool_runs',
  'pool_entries',
  'pool_entry_scores',
  'pool_entry_percentiles',
  'pool_game_importance',
  'simulated_outcomes',
  'simulated_tournament_rows',
  'run_bracket_teams',
  'simulated_outcome_counts',
  'simulated_shard_counts',
  'simulated_advancement',
  'simulated_wins_distribution',
  'season_team_results',
  'season_team_places',
  'season_game_importance',
  'player_game_stats',
  'game_schedules',
  'prop_prices',
  'player_aliases',
  'users',
  'snapshots',
  'prop_markets',
  'slips',
  'experiments',
];
/** Every migration, in order (the file names in sql/). */
const ALL = loadMigrations().map((m) => m.name);

/** Expected bytes, built field by field (after node-postgres's test-buffers). */
class ExpectedBytes {
  private parts: Buffer[] = [];
  int16(v: number) {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.parts.push(b);
    return this;
  }
  int32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  bytes(...v: number[]) {
    this.parts.push(Buffer.from(v));
    return this;
  }
  utf8(s: string) {
    this.parts.push(Buffer.from(s, 'utf8'));
    return this;
  }
  join() {
    return Buffer.concat(this.parts);
  }
}

describe('binary COPY encoder', () => {
  it('writes the PGCOPY wire format byte for byte', () => {
    const enc = new BinaryCopyEncoder(8);
    enc
      .header()
      .row(6)
      .int2(-2)
      .int4(70000)
      .int8(2 ** 40 + 5)
      .bool(true)
      .null()
      .text('é\t"x"')
      .trailer();
    const expected = new ExpectedBytes()
      .utf8('PGCOPY\n')
      .bytes(0xff, 0x0d, 0x0a, 0x00)
      .int32(0)
      .int32(0)
      .int16(6)
      .int32(2)
      .int16(-2)
      .int32(4)
      .int32(70000)
      .int32(8)
      .int32(256)
      .int32(5)
      .int32(1)
      .bytes(1)
      .int32(-1)
      .int32(6)
      .utf8('é\t"x"')
      .bytes(0xff, 0xff)
      .join();
    expect(enc.take().equals(expected)).toBe(true);
    expect(PGCOPY_HEADER.length).toBe(19);
    const neg = new BinaryCopyEncoder().row(1).int8(-3).take();
    expect(neg.equals(new ExpectedBytes().int16(1).int32(8).int32(-1).int32(-3).join())).toBe(true);
  });
});

for (const backend of backends('schema')) {
  describe(`schema and migrations on ${backend.name}`, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    afterAll(() => backend.cleanup());

    it.skipIf(skip)('migrates up, down and up again; every table exists', async () => {
      const db = await backend.open({ migrate: false });
      try {
        expect(await migrateUp(db)).toEqual(ALL);
        expect(await migrateUp(db)).toEqual([]);
        const tables = await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = current_schema()`);
        const names = tables.rows.map((r) => r.table_name);
        for (const t of TABLES) expect(names, t).toContain(t);
        expect((await migrationStatus(db))[0]).toMatchObject({ name: '0001_core', applied: true });
        expect(await migrateDown(db, ALL.length - 1)).toEqual(ALL.slice(1).reverse());
        expect(await migrateDown(db, 1)).toEqual(['0001_core']);
        const after = await db.query(`select 1 from information_schema.tables where table_schema = current_schema() and table_name = 'runs'`);
        expect(after.rows).toHaveLength(0);
        expect((await migrationStatus(db))[0].applied).toBe(false);
        expect(await migrateUp(db)).toEqual(ALL);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('a deliberate migrate down holds the database: opening it does not migrate it up again; migrate up lifts the hold', async () => {
      const db = await backend.open({ migrate: false });
      try {
        await migrateUp(db);
        expect(await migrateDown(db, 2)).toEqual(ALL.slice(-2).reverse());
        const held = ALL[ALL.length - 3];
        expect(await migrationHold(db)).toBe(Number(held.slice(0, 4)));
        // What every command does on open: it must not undo the down.
        await expect(migrateUp(db, undefined, { auto: true })).rejects.toMatchObject({
          code: 'MIGRATION_HELD',
          message: `the database was migrated down to migration ${held.slice(0, 4)} and 2 migrations are pending: run 'simcast migrate up' to use it again`,
        });
        expect((await migrationStatus(db)).filter((m) => m.applied).map((m) => m.name)).toEqual(ALL.slice(0, -2));
        expect(await migrateUp(db)).toEqual(ALL.slice(-2));
        expect(await migrationHold(db)).toBeNull();
        expect(await migrateUp(db, undefined, { auto: true })).toEqual([]);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('refuses to go on when an applied migration file changed', async () => {
      const db = await backend.open();
      const dir = tempDir('simcast-sql-');
      cpSync(new URL('../sql', import.meta.url).pathname, dir, { recursive: true });
      writeFileSync(join(dir, '0001_core.up.sql'), readFileSync(join(dir, '0001_core.up.sql'), 'utf8') + '\n-- edited\n');
      try {
        await expect(migrateUp(db, dir)).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM' });
        await expect(migrateUp(db, dir)).rejects.toThrow(/migration 0001_core was changed after it was applied/);
        expect(loadMigrations(dir)[0].checksum).not.toBe(loadMigrations()[0].checksum);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('binary COPY and text input give identical tables, NULLs and awkward text included', async () => {
      const db = await backend.open();
      try {
        await db.query('create table copy_check (a int2, b int4, c int8, d float8, e bool, f text)');
        const values: [number | null, number | null, number | null, number | null, boolean | null, string | null][] = [
          [-32768, -2147483648, -(2 ** 53) + 1, -1.5e-300, false, 'tab\there "quotes" \\backslash\\'],
          [32767, 2147483647, 2 ** 53 - 1, Math.PI, true, 'naïve café — 東京 🏀'],
          [null, null, null, null, null, null],
          [0, 0, 0, -0, true, 'line\nbreak, comma'],
        ];
        const enc = new BinaryCopyEncoder().header();
        for (const v of values) {
          enc.row(6);
          if (v[0] === null) enc.null();
          else enc.int2(v[0]);
          if (v[1] === null) enc.null();
          else enc.int4(v[1]);
          if (v[2] === null) enc.null();
          else enc.int8(v[2]);
          if (v[3] === null) enc.null();
          else enc.float8(v[3]);
          if (v[4] === null) enc.null();
          else enc.bool(v[4]);
          if (v[5] === null) enc.null();
          else enc.text(v[5]);
        }
        enc.trailer();
        await db.writeTransaction((tx) => tx.copyBinary('copy_check', ['a', 'b', 'c', 'd', 'e', 'f'], [enc.take()], values.length));
        await db.query('create table copy_text (like copy_check)');
        for (const v of values)
          await db.query(
            'insert into copy_text values ($1, $2, $3, $4, $5, $6)',
            v.map((x) => (typeof x === 'number' ? (Object.is(x, -0) ? '-0' : String(x)) : x)),
          );
        const a = await db.query('select a, b, c::text, d::text, e, f from copy_check order by b nulls last, a');
        const b = await db.query('select a, b, c::text, d::text, e, f from copy_text order by b nulls last, a');
        expect(a.rows).toEqual(b.rows);
        expect(a.rows).toHaveLength(4);
        const diff = await db.query(
          '(select * from copy_check except select * from copy_text) union all (select * from copy_text except select * from copy_check)',
        );
        expect(diff.rows).toHaveLength(0);
      } finally {
        await db.close();
      }
    });
  });
}
