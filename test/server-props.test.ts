// The props routes: a prop and a slip priced over HTTP (the same answer as the engine's), read from the
// cache on repeat (in process and in Redis), bad legs and slips answered 4xx with their code, and the
// histories loaded from a database the ingest filled (Postgres and PGlite).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { buildApp, type App } from '../server/app.js';
import { createModelsPredictor } from '../app/predictions/predictor.js';
import { PropsBook } from '../app/props/book.js';
import { ingestPropsFeed, readPropsFeed } from '../app/props/ingest.js';
import { parseNbaGameLog, parseNflverseSchedules, parseNflverseWeekly } from '../engine/props/index.js';
import { backends, postgresReachable } from './helpers/databases.js';
import { nflSlice } from './helpers/nfl-slice.js';

const fixture = (f: string) => new URL(`./fixtures/props/${f}`, import.meta.url).pathname;
const text = (f: string) => readFileSync(fixture(f), 'utf8');
const book = PropsBook.fromRows({
  nfl: { weekly: parseNflverseWeekly(text('nfl-player-weekly.csv')).rows, schedules: parseNflverseSchedules(text('nfl-schedules.csv')).rows },
  nba: { logs: parseNbaGameLog(text('nba-player-games.csv')).rows },
});
const predictor = createModelsPredictor({ games: { nfl: nflSlice() } });
const slip = JSON.parse(readFileSync(new URL('../examples/slip-nfl.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const prop = { league: 'nfl', game: '2022_06_BUF_KC', player: 'Patrick Mahomes', stat: 'passing_yards', line: 274.5, overOdds: -115, underOdds: -105 };

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
async function redisReachable(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

describe('props routes (histories given, in-process cache)', () => {
  let app: App;
  beforeAll(async () => {
    app = await buildApp({ predictor, propsBook: book, redisUrl: null, rateLimit: false, apiKey: null, defaultMetrics: false });
  });
  afterAll(() => app.close());
  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });

  it('prices a prop, then answers the repeat from the cache', async () => {
    const a = await post('/v1/props/price', prop);
    expect(a.statusCode, a.body).toBe(200);
    const x = a.json();
    expect(x).toMatchObject({ player: 'Patrick Mahomes', team: 'KC', role: 'QB1', stat: 'passing_yards', side: 'over', cached: false });
    expect(x.pOver + x.pPush + x.pUnder).toBeCloseTo(1, 12);
    expect(x.market.pOver).toBeGreaterThan(0.45);
    const b = (await post('/v1/props/price', prop)).json();
    expect(b.cached).toBe(true);
    expect({ ...b, cached: false }).toEqual(x);
    // the same question spelled otherwise (the player by id) is the same key
    const id = (await post('/v1/props/price', { ...prop, player: undefined, playerId: x.playerId })).json();
    expect(id.cached).toBe(true);
  });

  it('prices the 4-leg example slip: correlation, EV, VaR, Kelly; the repeat is cached', async () => {
    const a = await post('/v1/slips/price', slip);
    expect(a.statusCode, a.body).toBe(200);
    const r = a.json();
    expect(r.legs).toHaveLength(4);
    expect(r.pairs).toHaveLength(6);
    expect(r.slip.pJoint).toBeGreaterThan(r.slip.pIndependent);
    expect(r.slip.expectedProfit).toBeCloseTo(10 * (r.slip.pJoint * 11 - 1), 9);
    expect(r.slip.valueAtRisk).toBe(10);
    expect(r.cached).toBe(false);
    expect((await post('/v1/slips/price', slip)).json().cached).toBe(true);
  });

  it('an NBA prop by date, opponent and side', async () => {
    const r = await post('/v1/props/price', {
      league: 'nba',
      player: 'Jalen Brunson',
      date: '2025-01-29',
      opponent: 'DEN',
      home: true,
      stat: 'threes',
      line: 2.5,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().mean).toBeGreaterThan(1);
  });

  it('bad input: 400 with its code, caps 413', async () => {
    const code = async (url: string, body: unknown) => {
      const r = await post(url, body);
      return [r.statusCode, r.json().error?.code];
    };
    expect(await code('/v1/props/price', { ...prop, player: 'Nobody Atall' })).toEqual([400, 'PLAYER_UNKNOWN']);
    expect(await code('/v1/props/price', { ...prop, stat: 'tackles' })).toEqual([400, 'LEG_INVALID']);
    expect(await code('/v1/props/price', { ...prop, line: 'lots' })).toEqual([400, 'OPTION_INVALID']);
    expect(await code('/v1/props/price', { ...prop, game: '2031_01_KC_BUF' })).toEqual([400, 'LEG_INVALID']);
    const legs = slip.legs as Record<string, unknown>[];
    expect(await code('/v1/slips/price', { ...slip, legs: [...legs, { league: 'nba', player: 'Jalen Brunson', stat: 'threes', line: 2.5 }] })).toEqual([
      400,
      'SLIP_INVALID',
    ]);
    expect(await code('/v1/slips/price', { ...slip, legs: Array.from({ length: 11 }, () => legs[0]) })).toEqual([413, 'LIMIT_EXCEEDED']);
    expect(await code('/v1/slips/price', { ...slip, sims: 2_000_000 })).toEqual([413, 'LIMIT_EXCEEDED']);
    expect(await code('/v1/slips/price', { ...slip, payout: { kind: 'american', odds: 50 } })).toEqual([400, 'SLIP_INVALID']);
  });
});

describe('props routes with Redis', async () => {
  const skip = !(await redisReachable());
  const prefix = `t_props_${process.pid}_${Date.now().toString(36)}`;
  afterAll(async () => {
    if (skip) return;
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${prefix}:*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  });

  it.skipIf(skip)('a slip priced once is read from Redis by another server', async () => {
    const one = await buildApp({ predictor, propsBook: book, redisUrl: REDIS_URL, cachePrefix: prefix, rateLimit: false, defaultMetrics: false });
    const a = (await one.inject({ method: 'POST', url: '/v1/slips/price', payload: slip })).json();
    // the store is not awaited by the answer: wait until the key is in Redis
    const r = new Redis(REDIS_URL);
    for (let i = 0; i < 10_000 && (await r.keys(`${prefix}:*`)).length === 0; i++) await new Promise((ok) => setImmediate(ok));
    r.disconnect();
    await one.close();
    const two = await buildApp({ predictor, propsBook: book, redisUrl: REDIS_URL, cachePrefix: prefix, rateLimit: false, defaultMetrics: false });
    const b = (await two.inject({ method: 'POST', url: '/v1/slips/price', payload: slip })).json();
    await two.close();
    expect(a.cached).toBe(false);
    expect(b.cached).toBe(true);
    expect(b.slip).toEqual(a.slip);
  });
});

for (const backend of backends('props_api')) {
  describe(`props routes over ingested histories on ${backend.name}`, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    afterAll(() => backend.cleanup());

    it.skipIf(skip)('ingest, then price from the database: the same answer as from the rows', async () => {
      const db = await backend.open();
      try {
        for (const [feed, f] of [
          ['player-stats', 'nfl-player-weekly.csv'],
          ['schedules', 'nfl-schedules.csv'],
        ] as const)
          await ingestPropsFeed(db, await readPropsFeed(fixture(f), feed), fixture(f));
        const app = await buildApp({ predictor, db, redisUrl: null, rateLimit: false, apiKey: null, defaultMetrics: false });
        const fromDb = (await app.inject({ method: 'POST', url: '/v1/slips/price', payload: slip })).json();
        await app.close();
        const direct = await buildApp({ predictor, propsBook: book, redisUrl: null, rateLimit: false, apiKey: null, defaultMetrics: false });
        const fromRows = (await direct.inject({ method: 'POST', url: '/v1/slips/price', payload: slip })).json();
        await direct.close();
        expect(fromDb.slip).toEqual(fromRows.slip);
        expect(fromDb.legs).toEqual(fromRows.legs);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)("saved slips are their user's alone; a locked snapshot answers 409 SNAPSHOT_LOCKED and stays as it was", async () => {
      const db = await backend.open();
      const app = await buildApp({ predictor, db, propsBook: book, redisUrl: null, rateLimit: false, apiKey: 'admin', defaultMetrics: false });
      try {
        const admin = { authorization: 'Bearer admin' };
        const req = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
          app.inject({ method, url, headers, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
        expect((await req('POST', '/v1/users', {}, { name: 'ann' })).statusCode).toBe(401);
        const ann = (await req('POST', '/v1/users', admin, { name: 'ann', tier: 'pro' })).json();
        const bob = (await req('POST', '/v1/users', admin, { name: 'bob' })).json();
        const asAnn = { authorization: `Bearer ${ann.apiKey}` };
        const saved = await req('POST', '/v1/slips', asAnn, { ...slip, placed: true });
        expect(saved.statusCode, saved.body).toBe(201);
        const s = saved.json();
        expect(s).toMatchObject({ userId: ann.id, placed: true, league: 'nfl', stake: 10 });
        expect(s.correlations).toHaveLength(6);
        expect((await req('GET', `/v1/slips/${s.id}`, asAnn)).json().pJoint).toBe(s.pJoint);
        expect((await req('GET', `/v1/slips/${s.id}`, { authorization: `Bearer ${bob.apiKey}` })).statusCode).toBe(404);
        expect((await req('GET', '/v1/slips', { authorization: `Bearer ${bob.apiKey}` })).json().slips).toEqual([]);
        expect((await req('GET', '/v1/slips')).json().error.code).toBe('UNAUTHORIZED');

        const mkt = { game: '2022_06_BUF_KC', player: 'Travis Kelce', stat: 'receptions', line: 6.5, overOdds: -120, underOdds: 100 };
        const created = await req('POST', '/v1/snapshots', admin, { league: 'nfl', season: 2022, week: 6, tags: ['week6'], markets: [mkt] });
        expect(created.statusCode, created.body).toBe(201);
        const snap = created.json();
        expect(snap.markets).toHaveLength(1);
        expect(snap.markets[0].pOver).toBeGreaterThan(0);
        expect((await req('POST', `/v1/snapshots/${snap.id}/markets`, admin, { markets: [{ ...mkt, line: 7.5 }] })).json().markets).toHaveLength(2);
        expect((await req('POST', `/v1/snapshots/${snap.id}/lock`, admin)).json().lockedAt).not.toBeNull();
        const refused = await req('POST', `/v1/snapshots/${snap.id}/markets`, admin, { markets: [{ ...mkt, line: 8.5 }] });
        expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'SNAPSHOT_LOCKED']);
        expect((await req('POST', `/v1/snapshots/${snap.id}/lock`, admin)).statusCode).toBe(409);
        expect((await req('GET', `/v1/snapshots/${snap.id}`)).json().markets).toHaveLength(2);

        expect((await req('DELETE', `/v1/users/${ann.id}`, admin)).statusCode).toBe(200);
        expect((await req('GET', '/v1/slips', asAnn)).statusCode).toBe(401);
      } finally {
        await app.close();
        await db.close();
      }
    });
  });
}
