// Tiers over HTTP (app/props/tiers.ts): a request's key sets its rate limit and its simulation cap;
// no key is anonymous, a made-up key 401, a suspended user 403 USER_SUSPENDED. Over the cap nothing is
// priced (the same slip asked by a richer tier is not in the cache). On Postgres and PGlite, with the
// answers cached in Redis as a deployed server does.
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.js';
import { createModelsPredictor } from '../app/predictions/predictor.js';
import { PropsBook } from '../app/props/book.js';
import { TIERS } from '../app/props/tiers.js';
import { parseNbaGameLog, parseNflverseSchedules, parseNflverseWeekly } from '../engine/props/index.js';
import { backends, postgresReachable } from './helpers/databases.js';
import { nflSlice } from './helpers/nfl-slice.js';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/props/${f}`, import.meta.url), 'utf8');
const book = PropsBook.fromRows({
  nfl: { weekly: parseNflverseWeekly(fixture('nfl-player-weekly.csv')).rows, schedules: parseNflverseSchedules(fixture('nfl-schedules.csv')).rows },
  nba: { logs: parseNbaGameLog(fixture('nba-player-games.csv')).rows },
});
const predictor = createModelsPredictor({ games: { nfl: nflSlice() } });
const slip = JSON.parse(readFileSync(new URL('../examples/slip-nfl.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const prop = { league: 'nfl', game: '2022_06_BUF_KC', player: 'Patrick Mahomes', stat: 'passing_yards', line: 274.5 };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

for (const backend of backends('props_tiers')) {
  describe(`props tiers on ${backend.name}`, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    const prefix = `t_tiers_${backend.name}_${process.pid}_${Date.now().toString(36)}`;
    afterAll(async () => {
      await backend.cleanup();
      const r = new Redis(REDIS_URL);
      const keys = await r.keys(`${prefix}:*`);
      if (keys.length) await r.del(...keys);
      r.disconnect();
    });

    it.skipIf(skip)('each tier its rate limit and simulation cap; unknown keys 401, suspended users 403', async () => {
      const db = await backend.open();
      // the server's general limit is low: the props routes follow their tiers, not it
      const app = await buildApp({
        predictor,
        db,
        propsBook: book,
        redisUrl: REDIS_URL,
        cachePrefix: prefix,
        rateLimit: { max: 10, timeWindow: '1 minute' },
        apiKey: 'admin',
        defaultMetrics: false,
      });
      try {
        const admin = { authorization: 'Bearer admin' };
        const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
          app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
        const free = (await post('/v1/users', { name: 'fay' }, admin)).json();
        const pro = (await post('/v1/users', { name: 'pat', tier: 'pro' }, admin)).json();
        expect([free.tier, pro.tier]).toEqual(['free', 'pro']);
        const asFree = { authorization: `Bearer ${free.apiKey}` };
        const asPro = { authorization: `Bearer ${pro.apiKey}` };

        // simulations: anonymous 20,000, free 100,000; over the cap 413 and nothing priced
        const big = { ...slip, sims: 50_000 };
        const refused = await post('/v1/slips/price', big);
        expect([refused.statusCode, refused.json().error.code]).toEqual([413, 'LIMIT_EXCEEDED']);
        expect(refused.json().error.message).toMatch(/anonymous tier allows at most 20,000/);
        const byFree = await post('/v1/slips/price', big, asFree);
        expect(byFree.statusCode, byFree.body).toBe(200);
        expect(byFree.json().cached).toBe(false);
        const huge = { ...slip, sims: 200_000 };
        expect((await post('/v1/slips/price', huge, asFree)).json().error.code).toBe('LIMIT_EXCEEDED');
        expect((await post('/v1/slips', huge, asFree)).json().error.code).toBe('LIMIT_EXCEEDED');
        expect((await post('/v1/slips/price', huge, asPro)).json().cached).toBe(false);
        expect((await post('/v1/slips/price', { ...slip, sims: 1_000_001 }, asPro)).json().error.code).toBe('LIMIT_EXCEEDED');

        // requests a minute: each caller its own count, at its tier's rate
        const limitOf = async (headers: Record<string, string>) => Number((await post('/v1/props/price', prop, headers)).headers['x-ratelimit-limit']);
        expect(await limitOf({})).toBe(TIERS.anonymous.requestsPerMinute);
        expect(await limitOf(asFree)).toBe(TIERS.free.requestsPerMinute);
        expect(await limitOf(asPro)).toBe(TIERS.pro.requestsPerMinute);
        expect(await limitOf(admin)).toBe(TIERS.internal.requestsPerMinute);
        const codes: number[] = [];
        for (let i = 0; i < TIERS.anonymous.requestsPerMinute; i++) codes.push((await post('/v1/props/price', prop)).statusCode);
        expect(codes.filter((c) => c === 429).length).toBe(1); // one request made above, so the 60th more is over
        const limited = await post('/v1/props/price', prop);
        expect([limited.statusCode, limited.json().error.code]).toEqual([429, 'RATE_LIMITED']);
        expect((await post('/v1/props/price', prop, asFree)).statusCode).toBe(200); // the user's own count

        // a key that is no one's is refused, not counted as anonymous; a suspended user is 403
        const bogus = await post('/v1/props/price', prop, { authorization: 'Bearer sk_nobody' });
        expect([bogus.statusCode, bogus.json().error.code]).toEqual([401, 'UNAUTHORIZED']);
        expect((await post(`/v1/users/${free.id}`, { status: 'suspended' }, admin)).json().status).toBe('suspended');
        for (const r of [
          await post('/v1/props/price', prop, asFree),
          await post('/v1/slips', slip, asFree),
          await app.inject({ method: 'GET', url: '/v1/slips', headers: asFree }),
        ]) {
          expect([r.statusCode, r.json().error.code]).toEqual([403, 'USER_SUSPENDED']);
        }
        // a tier changed by the server's key applies to the next request
        await post(`/v1/users/${free.id}`, { status: 'active', tier: 'pro' }, admin);
        expect(await limitOf(asFree)).toBe(TIERS.pro.requestsPerMinute);
        expect((await post('/v1/users/999999', { status: 'active' }, admin)).statusCode).toBe(404);
        expect((await post(`/v1/users/${free.id}`, { status: 'active' })).statusCode).toBe(401);
      } finally {
        await app.close();
        await db.close();
      }
    });
  });
}
