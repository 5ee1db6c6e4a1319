// The props tables on Postgres and PGlite: feeds upserted idempotently and loaded back as the parsers
// made them, rejected rows reported by line, aliases joining a spelling to a player, users' slips seen
// by their owner only and removed with the user, and a locked snapshot frozen by the database itself.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestPropsFeed, readPropsFeed } from '../app/props/ingest.js';
import { PropsBook } from '../app/props/book.js';
import { normaliseProp } from '../app/props/price.js';
import { parseNflverseWeekly, parseOddsApiProps, type NflWeeklyRow } from '../engine/props/index.js';
import { loadFeedRows, PLAYER_STATS_TABLE, PRICES_TABLE } from '../store/props-history.js';
import {
  addMarkets,
  createSnapshot,
  createUser,
  deleteSnapshot,
  deleteUser,
  getSlip,
  getSnapshot,
  insertSlip,
  listSlips,
  lockSnapshot,
  userByApiKey,
} from '../store/props-slips.js';
import { backends, postgresReachable } from './helpers/databases.js';
import { tempDir } from './helpers/temp.js';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

const fixture = (f: string) => new URL(`./fixtures/props/${f}`, import.meta.url).pathname;
const market = {
  gameId: '2022_06_BUF_KC',
  playerId: '00-0033873',
  stat: 'passing_yards',
  line: 274.5,
  overOdds: -115,
  underOdds: -105,
  pOver: 0.54,
  pPush: 0,
  pUnder: 0.46,
};
const slip = {
  league: 'nfl',
  snapshotId: null,
  legs: [],
  stake: 1,
  payout: { kind: 'american', odds: 200 },
  pJoint: 0.3,
  ev: -0.1,
  variance: 2,
  valueAtRisk: 1,
  correlations: [],
  kelly: 0,
  placed: false,
};

for (const backend of backends('props_store')) {
  describe(`props tables on ${backend.name}`, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    afterAll(() => backend.cleanup());

    it.skipIf(skip)('feeds: upserted once, a second import changes nothing, loaded back as parsed; rejected rows by line', async () => {
      const db = await backend.open();
      try {
        const weekly = await readPropsFeed(fixture('nfl-player-weekly.csv'), 'player-stats');
        expect(weekly.format).toBe('nflverse-weekly');
        const a = await ingestPropsFeed(db, weekly, 'w.csv', 100);
        expect(a).toMatchObject({ inserted: 375, updated: 0, unchanged: 0, league: 'nfl' });
        const b = await ingestPropsFeed(db, await readPropsFeed(fixture('nfl-player-weekly.csv'), 'player-stats'), 'w.csv');
        expect(b).toMatchObject({ inserted: 0, updated: 0, unchanged: 375 });
        const parsed = parseNflverseWeekly(readFileSync(fixture('nfl-player-weekly.csv'), 'utf8')).rows;
        const loaded = await loadFeedRows<NflWeeklyRow>(db, PLAYER_STATS_TABLE, 'nfl');
        const key = (r: NflWeeklyRow) => `${r.playerId}|${r.season}|${r.week}`;
        expect(new Map(loaded.map((r) => [key(r), { ...r, line: 0 }]))).toEqual(new Map(parsed.map((r) => [key(r), { ...r, line: 0 }])));

        const prices = await ingestPropsFeed(db, await readPropsFeed(fixture('nba-threes-lines.csv'), 'props'), 'p.csv');
        expect(prices).toMatchObject({ rows: 251, valid: 250, inserted: 250 });
        expect(prices.rejected).toEqual([{ line: 252, scope: 'row', reason: expect.stringContaining('over_odds') }]);
        const stored = await loadFeedRows(db, PRICES_TABLE, 'nba');
        expect(stored).toHaveLength(parseOddsApiProps(readFileSync(fixture('nba-threes-lines.csv'), 'utf8')).rows.length);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('aliases: a spelling the stats do not use resolves once the alias is stored', async () => {
      const db = await backend.open();
      try {
        await ingestPropsFeed(db, await readPropsFeed(fixture('nba-player-games.csv'), 'player-stats'), 'g.csv');
        const loadedBefore = await PropsBook.load(db);
        const req = { league: 'nba', player: 'J. Brunson', date: '2025-01-29', opponent: 'DEN', home: true, stat: 'threes', line: 2.5 };
        expect(() => normaliseProp(loadedBefore, req)).toThrow(/unknown player 'J. Brunson'/);
        const dir = tempDir();
        writeFileSync(join(dir, 'aliases.csv'), 'alias,name\nJ. Brunson,Jalen Brunson\nJalen Brunson,Jalen Brunson\n');
        const r = await ingestPropsFeed(db, await readPropsFeed(join(dir, 'aliases.csv'), 'aliases', undefined, 'nba'), 'aliases.csv');
        expect(r).toMatchObject({ inserted: 1, rejected: [{ line: 3, scope: 'row' }] });
        const loaded = await PropsBook.load(db);
        expect(normaliseProp(loaded, req).leg.playerId).toBe('1628973');
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)("users: a slip is its owner's alone, and goes with the user", async () => {
      const db = await backend.open();
      try {
        const ann = await createUser(db, 'ann', 'pro');
        const bob = await createUser(db, 'bob');
        expect(ann.apiKey).toMatch(/^sk_/);
        expect(await userByApiKey(db, ann.apiKey)).toMatchObject({ id: ann.id, name: 'ann', tier: 'pro', status: 'active' });
        expect(await userByApiKey(db, 'sk_made_up')).toBeNull();
        const stored = await db.query<{ api_key_hash: string }>('select api_key_hash from users where id = $1', [ann.id]);
        expect(stored.rows[0].api_key_hash).not.toContain(ann.apiKey);
        const s = await insertSlip(db, ann.id, slip);
        expect(await getSlip(db, ann.id, s.id)).toMatchObject({ pJoint: 0.3, payout: { kind: 'american', odds: 200 } });
        await expect(getSlip(db, bob.id, s.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await listSlips(db, bob.id, { offset: 0, limit: 10 })).toEqual([]);
        expect(await deleteUser(db, ann.id)).toBe(true);
        expect((await db.query('select 1 from slips where id = $1', [s.id])).rows).toHaveLength(0);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('a locked snapshot cannot change, even by SQL; deleting an unlocked one keeps its experiments', async () => {
      const db = await backend.open();
      try {
        const snap = await createSnapshot(db, { league: 'nfl', season: 2022, week: 6, config: { sims: 16384 }, modelVersion: 'test', tags: ['a'] });
        expect(snap).toMatchObject({ version: 1, lockedAt: null, tags: ['a'] });
        expect((await createSnapshot(db, { league: 'nfl', season: 2022, week: 6, config: {}, modelVersion: 'test', tags: [] })).version).toBe(2);
        expect(await addMarkets(db, snap.id, 'nfl', [market])).toBe(1);
        const locked = await lockSnapshot(db, snap.id);
        expect(locked.lockedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
        await expect(addMarkets(db, snap.id, 'nfl', [market])).rejects.toMatchObject({ code: 'SNAPSHOT_LOCKED' });
        await expect(lockSnapshot(db, snap.id)).rejects.toMatchObject({ code: 'SNAPSHOT_LOCKED' });
        await expect(deleteSnapshot(db, snap.id)).rejects.toMatchObject({ code: 'SNAPSHOT_LOCKED' });
        await expect(db.query('update prop_markets set line = 1 where snapshot_id = $1', [snap.id])).rejects.toMatchObject({ code: 'P0409' });
        await expect(db.query('delete from prop_markets where snapshot_id = $1', [snap.id])).rejects.toMatchObject({ code: 'P0409' });
        await expect(db.query('update snapshots set locked_at = null where id = $1', [snap.id])).rejects.toMatchObject({ code: 'P0409' });
        expect((await getSnapshot(db, snap.id)).markets).toEqual([{ id: expect.any(Number), ...market }]);

        const open = await createSnapshot(db, { league: 'nfl', season: 2022, week: 7, config: {}, modelVersion: 'test', tags: [] });
        await addMarkets(db, open.id, 'nfl', [market]);
        const e = await db.query<{ id: number }>(
          `insert into experiments (snapshot_id, league, stat, params, risk_mode, bankroll) values ($1, 'nba', 'threes', '{}', 'balanced', 1) returning id::int as id`,
          [open.id],
        );
        expect(await deleteSnapshot(db, open.id)).toBe(true);
        const kept = await db.query<{ snapshot_id: number | null }>('select snapshot_id from experiments where id = $1', [e.rows[0].id]);
        expect(kept.rows).toEqual([{ snapshot_id: null }]);
      } finally {
        await db.close();
      }
    });
  });
}
