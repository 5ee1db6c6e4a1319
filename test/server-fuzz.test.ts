// Many generated bodies, well-formed, wrong and absurd: the API answers each with a 2xx or a 4xx that has
// a code, never a 5xx and never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../core/errors.js';
import { HTTP_STATUS } from '../server/http-status.js';
import { buildApp, type App } from '../server/app.js';
import { createModelsPredictor } from '../app/predictions/predictor.js';
import { nflSlice, nflSliceTeams } from './helpers/nfl-slice.js';
import { closePool } from '../workers/pool.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.FUZZ_SEED ?? 20240917);
// franchise ids, and a few of the aliases the API also takes
const TEAMS = [...nflSliceTeams(), 'KC', 'LVR', 'Buffalo Bills'];
const r = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const weird: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  0.5,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 1,
  -110,
  100,
  150,
  '',
  ' ',
  'KC',
  'nfl',
  'NFL',
  'x'.repeat(65),
  'x'.repeat(2000),
  '\u0000',
  '😀',
  '__proto__',
  'constructor',
  '-5.5',
  'NaN',
  'Infinity',
  [],
  [1],
  {},
  { a: 1 },
  { __proto__: { polluted: 1 } },
  [[[]]],
];

function value(depth = 0): unknown {
  const k = r();
  if (k < 0.5 || depth > 2) return pick(weird);
  if (k < 0.7) return TEAMS[Math.floor(r() * TEAMS.length)];
  if (k < 0.85) return (r() - 0.5) * 10 ** Math.floor(r() * 12);
  if (k < 0.93) return Array.from({ length: Math.floor(r() * 3) }, () => value(depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(r() * 3) }, () => [pick(['home', 'away', 'x', 'league', 'odds']), value(depth + 1)]));
}

function game(): Record<string, unknown> {
  const g: Record<string, unknown> = { league: r() < 0.85 ? 'nfl' : value(), home: r() < 0.7 ? pick(TEAMS) : value(), away: r() < 0.7 ? pick(TEAMS) : value() };
  if (r() < 0.4) g.spread = r() < 0.6 ? Math.round((r() - 0.5) * 30) / 2 : value();
  if (r() < 0.4) g.total = r() < 0.6 ? 30 + Math.round(r() * 40) / 2 : value();
  if (r() < 0.2) g.neutral = r() < 0.7 ? r() < 0.5 : value();
  if (r() < 0.15) g.date = r() < 0.6 ? pick(['2025-09-07', '2024-12-25', '2030-01-01']) : value();
  if (r() < 0.15) g.season = r() < 0.6 ? pick([2024, 2025, 2026]) : value();
  if (r() < 0.2) g.odds = r() < 0.6 ? { home: pick([-300, -110, 120, 250, 99, -99, 0]), away: pick([-110, 140, 1e9]) } : value();
  if (r() < 0.05) g[pick(['extra', 'weight', '__proto__'])] = value();
  if (r() < 0.1) delete g[pick(['league', 'home', 'away'])];
  return g;
}

function body(): { payload: string; route: string; type: string } {
  const k = r();
  if (k < 0.45) return { route: '/v1/predictions/games', payload: JSON.stringify(game()), type: 'application/json' };
  if (k < 0.7) return { route: '/v1/predictions/games', payload: JSON.stringify(Array.from({ length: Math.floor(r() * 70) }, game)), type: 'application/json' };
  if (k < 0.8) {
    const field =
      r() < 0.5
        ? {
            name: 'f',
            teams: [
              { name: 'A', rating: value() },
              { name: 'B', rating: 1500 },
            ],
            slots: ['A', 'B'],
          }
        : value();
    return {
      route: '/v1/tournaments/simulate',
      payload: JSON.stringify({
        field,
        exact: r() < 0.8,
        sims: r() < 0.5 ? Math.floor(r() * 1000) + 1 : value(),
        seed: value(),
        model: r() < 0.5 ? { name: pick(['538', 'elo', 'normal', 'x']) } : value(),
      }),
      type: 'application/json',
    };
  }
  if (k < 0.9) {
    const s = JSON.stringify(game());
    return { route: '/v1/predictions/games', payload: s.slice(0, Math.floor(r() * s.length)), type: 'application/json' };
  }
  return {
    route: '/v1/predictions/games',
    payload: JSON.stringify(value()),
    type: pick(['application/json', 'text/plain', 'application/json; charset=utf-8']),
  };
}

function query(): string {
  const g = game();
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(g)) if (r() < 0.9) q.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  return `/v1/predictions/games?${q}`;
}

describe(`randomised bodies never produce a 5xx (FUZZ_SEED=${SEED})`, () => {
  let app: App;
  beforeAll(async () => {
    app = await buildApp({
      predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
      redisUrl: null,
      rateLimit: false,
      defaultMetrics: false,
      threads: 1,
      limits: { bodyLimit: 64 * 1024 },
    });
  });
  afterAll(async () => {
    await app.close();
    await closePool();
  });

  it('1,500 generated requests: each a 200 or a documented 4xx code, never a stack', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 1500; i++) {
      const req = r() < 0.8 ? body() : { route: query(), payload: undefined, type: '' };
      const res = await app.inject(
        req.payload === undefined
          ? { method: 'GET', url: req.route }
          : { method: 'POST', url: req.route, payload: req.payload, headers: { 'content-type': req.type } },
      );
      const what = `#${i} ${req.route} ${String(req.payload).slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
      expect(res.statusCode, what).toBeLessThan(500);
      if (res.statusCode >= 400) {
        const b = res.json();
        expect(Object.keys(ERROR_CODES), what).toContain(b.error.code);
        expect(HTTP_STATUS[b.error.code as keyof typeof ERROR_CODES], what).toBe(res.statusCode);
        expect(b.error.message, what).not.toMatch(/\n\s+at /);
        seen.set(b.error.code, (seen.get(b.error.code) ?? 0) + 1);
      } else seen.set(String(res.statusCode), (seen.get(String(res.statusCode)) ?? 0) + 1);
    }
    // The generator reaches both successes and several kinds of refusal.
    expect(seen.get('200') ?? 0).toBeGreaterThan(50);
    expect(seen.size).toBeGreaterThanOrEqual(4);
  });
});
