// The HTTP API through fastify.inject and through a real listening server: every route, its schema in
// the OpenAPI document, the safety rails (caps, auth, rate limit, CORS, body limit) and the error contract.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App, type AppOptions } from '../server/app.js';
import { createModelsPredictor, type Predictor } from '../app/predictions/predictor.js';
import { predictCached } from '../app/predictions/predict-cached.js';
import { Cache } from '../store/cache/index.js';
import { nflSlice } from './helpers/nfl-slice.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { parseFieldJson } from '../engine/field/read-json.js';
import { simulateTournament } from '../app/tournaments/simulate.js';
import { loadTravel } from '../app/inputs/travel-files.js';
import { travelToJson } from '../engine/field/read-travel.js';
import { closePool } from '../workers/pool.js';

const predictor = createModelsPredictor({ games: { nfl: nflSlice() } });
const fourTeams = JSON.parse(readFileSync(new URL('../examples/four-teams.json', import.meta.url), 'utf8')) as Record<string, unknown>;

async function app(extra: Partial<AppOptions> = {}): Promise<App> {
  return buildApp({ predictor, redisUrl: null, rateLimit: false, apiKey: null, defaultMetrics: false, threads: 2, ...extra });
}

const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('routes (inject)', () => {
  let a: App;
  beforeAll(async () => {
    a = await app();
  });
  afterAll(async () => {
    await a.close();
    await closePool();
  });

  it('GET /health answers ok', async () => {
    const r = await a.inject('/health');
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('ok');
  });

  it('GET /health/ready reports database absent, memory cache ok, pool idle, models loaded', async () => {
    const r = await a.inject('/health/ready');
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.status).toBe('ok');
    expect(b.checks.database.state).toBe('absent');
    expect(b.checks.cache).toEqual({ state: 'ok', backend: 'memory' });
    expect(b.checks.models.leagues).toEqual(['nfl']);
    expect(b.checks.pool.state).toBe('ok');
  });

  it('serves an OpenAPI document with a schema for every route, and Swagger UI at /docs', async () => {
    const doc = (await a.inject('/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[] }>>;
    for (const [path, method] of [
      ['/v1/predictions/games', 'post'],
      ['/v1/predictions/games', 'get'],
      ['/v1/teams/{league}', 'get'],
      ['/v1/teams/{league}/{team}', 'get'],
      ['/v1/tournaments/simulate', 'post'],
      ['/health', 'get'],
      ['/health/ready', 'get'],
      ['/metrics', 'get'],
    ] as const) {
      expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
      if (path.startsWith('/v1')) expect(paths[path][method].responses['200'], `${method} ${path} 200`).toBeDefined();
    }
    expect(paths['/v1/predictions/games'].post.requestBody).toBeDefined();
    expect(paths['/v1/predictions/games'].get.parameters!.length).toBeGreaterThanOrEqual(3);
    const ui = await a.inject('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('GET /v1/predictions/games: every field, then the same answer from the cache', async () => {
    const url = '/v1/predictions/games?league=nfl&home=KAN&away=BUF&spread=-5.5&total=48.5';
    const first = (await a.inject(url)).json();
    expect(first).toMatchObject({
      league: 'nfl',
      home: 'KAN',
      away: 'BUF',
      neutral: false,
      spread: -5.5,
      total: 48.5,
      date: null,
      season: null,
      pDraw: null,
      cached: false,
    });
    for (const k of ['pHome', 'pCover', 'pPush', 'pOver', 'pTotalPush', 'confidence']) {
      expect(first[k]).toBeGreaterThanOrEqual(0);
      expect(first[k]).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(first.models)).toEqual(['elo', 'pythagorean', 'logistic', 'montecarlo', 'ensemble', 'ensembleWithLine']);
    expect(first).toMatchObject({ basis: 'ensembleWithLine', pHome: first.models.ensembleWithLine });
    expect(Number.isFinite(first.expectedMargin) && Number.isFinite(first.expectedTotal)).toBe(true);
    const d = first.marginDistribution;
    expect(d.counts).toHaveLength(d.max - d.min + 1);
    expect(d.counts.reduce((x: number, y: number) => x + y, 0)).toBe(d.sims);
    // without odds only the lines (at -110) can be bet, on the side the answer's own cover or over probability favours
    const rec = first.recommendation;
    if (rec !== null) expect(rec.side).toBe(rec.market === 'spread' ? (first.pCover > 0.5 ? 'home' : 'away') : first.pOver > 0.5 ? 'over' : 'under');
    expect(first.ratingsVersion).toBe(predictor.ratingsVersion('nfl'));
    const second = (await a.inject(url)).json();
    expect(second).toEqual({ ...first, cached: true });
  });

  it('POST /v1/predictions/games takes one game or a slate, in order', async () => {
    const one = await a.inject({ method: 'POST', url: '/v1/predictions/games', ...json({ league: 'nfl', home: 'PHI', away: 'DAL', neutral: true }) });
    expect(one.statusCode).toBe(200);
    expect(one.json().predictions).toHaveLength(1);
    expect(one.json().predictions[0]).toMatchObject({
      home: 'PHI',
      away: 'DAL',
      neutral: true,
      spread: null,
      pCover: null,
      pPush: null,
      pOver: null,
      pTotalPush: null,
      basis: 'ensemble',
    });
    const slate = [
      { league: 'nfl', home: 'SFO', away: 'RAV', spread: -2.5, total: 47, odds: { home: -140, away: 120, over: -110, under: -110 } },
      { league: 'nfl', home: 'DET', away: 'MIA' },
      { league: 'nfl', home: 'PHI', away: 'DAL', neutral: true },
    ];
    const r = await a.inject({ method: 'POST', url: '/v1/predictions/games', ...json(slate) });
    expect(r.statusCode).toBe(200);
    const preds = r.json().predictions;
    expect(preds.map((p: { home: string }) => p.home)).toEqual(['SFO', 'DET', 'PHI']);
    expect(preds[2].cached).toBe(true);
    expect(preds[0].pCover).not.toBeNull();
    expect(preds[0].pTotalPush).toBeGreaterThan(0); // a whole-number total
  });

  it('a recommendation names its market, side, edge, stake and the odds taken', async () => {
    const r = await a.inject({
      method: 'POST',
      url: '/v1/predictions/games',
      ...json({ league: 'nfl', home: 'KAN', away: 'BUF', odds: { home: -10000, away: 5000 } }),
    });
    expect(r.json().predictions[0].recommendation).toMatchObject({ market: 'moneyline', side: 'away', odds: 5000 });
    for (const k of ['edge', 'ev', 'kelly', 'stake']) expect(typeof r.json().predictions[0].recommendation[k]).toBe('number');
  });

  it('neutral site and odds are part of the cache key', async () => {
    const base = { league: 'nfl', home: 'GNB', away: 'RAM' };
    const r1 = (await a.inject({ method: 'POST', url: '/v1/predictions/games', ...json(base) })).json().predictions[0];
    const r2 = (await a.inject({ method: 'POST', url: '/v1/predictions/games', ...json({ ...base, neutral: true }) })).json().predictions[0];
    const r3 = (await a.inject({ method: 'POST', url: '/v1/predictions/games', ...json({ ...base, odds: { home: 150, away: -170 } }) })).json().predictions[0];
    expect([r1.cached, r2.cached, r3.cached]).toEqual([false, false, false]);
    expect(r2.pHome).toBeLessThan(r1.pHome);
  });

  it('date and season reach the models (rest days, between-season reversion) and are part of the cache key', async () => {
    const base = '/v1/predictions/games?league=nfl&home=BUF&away=RAV&spread=1.5&total=50.5';
    const plain = (await a.inject(base)).json();
    const dated = (await a.inject(`${base}&date=2025-09-07&season=2025`)).json();
    expect(dated).toMatchObject({ date: '2025-09-07', season: 2025, cached: false });
    expect(dated.models.elo).not.toBe(plain.models.elo); // the 2025 season reverts 2024's ratings
    expect((await a.inject(`${base}&date=2025-09-07&season=2025`)).json()).toEqual({ ...dated, cached: true });
    const direct = predictor.predict({ league: 'nfl', home: 'BUF', away: 'RAV', spread: 1.5, total: 50.5, date: '2025-09-07', season: 2025 });
    expect({ ...dated, cached: undefined }).toEqual(JSON.parse(JSON.stringify({ ...direct, cached: undefined })));
    const post = await a.inject({
      method: 'POST',
      url: '/v1/predictions/games',
      ...json({ league: 'nfl', home: 'BUF', away: 'RAV', spread: 1.5, total: 50.5, date: '2025-09-07', season: 2025 }),
    });
    expect(post.json().predictions[0]).toEqual({ ...dated, cached: true });
    const seasonOnly = (await a.inject(`${base}&season=2025`)).json();
    expect(seasonOnly).toMatchObject({ date: null, season: 2025, cached: false });
  });

  it('a slate above the cap is LIMIT_EXCEEDED (413)', async () => {
    const big = Array.from({ length: 65 }, () => ({ league: 'nfl', home: 'KC', away: 'BUF' }));
    const r = await a.inject({ method: 'POST', url: '/v1/predictions/games', ...json(big) });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toEqual({ error: { code: 'LIMIT_EXCEEDED', message: 'a slate holds at most 64 games (got 65)' } });
  });

  it('GET /v1/teams/:league and /:team: rating, Pythagorean, form', async () => {
    const all = (await a.inject('/v1/teams/nfl')).json();
    expect(all.teams).toHaveLength(32);
    expect(all.ratingsVersion).toBe(predictor.ratingsVersion('nfl'));
    const kc = await a.inject('/v1/teams/nfl/KC');
    expect(kc.statusCode).toBe(200);
    const t = kc.json();
    const played = nflSlice().filter((g) => g.homeScore !== null && (g.home === 'KAN' || g.away === 'KAN')).length;
    expect(t).toMatchObject({ league: 'nfl', team: 'KAN', games: played, cached: false });
    expect(t.pythagorean.expectation).toBeGreaterThan(0);
    expect(t.pythagorean.expectation).toBeLessThan(1);
    expect(t.form.last).toBe(5);
    expect(t.form.results).toMatch(/^[WLT]{5}$/);
    expect((await a.inject('/v1/teams/nfl/KAN')).json().cached).toBe(true);
    expect((await a.inject('/v1/teams/nfl/XXX')).json()).toEqual({ error: { code: 'NOT_FOUND', message: "unknown team 'XXX' in league nfl" } });
    const nba = await a.inject('/v1/teams/nba');
    expect(nba.statusCode).toBe(404);
    expect(nba.json().error.code).toBe('NOT_FOUND');
  });

  it('POST /v1/tournaments/simulate answers the same JSON as the CLI (exact and Monte Carlo)', async () => {
    const bracket = compileBracket(parseFieldJson(JSON.stringify(fourTeams), 'four-teams.json'));
    const exact = await a.inject({ method: 'POST', url: '/v1/tournaments/simulate', ...json({ field: fourTeams, exact: true, model: { name: 'elo' } }) });
    expect(exact.statusCode).toBe(200);
    const want = await simulateTournament(bracket, { exact: true, model: { name: 'elo' } });
    const got = exact.json();
    expect({ ...got, elapsedMs: 0 }).toEqual(JSON.parse(JSON.stringify({ ...want, elapsedMs: 0 })));
    const mc = await a.inject({
      method: 'POST',
      url: '/v1/tournaments/simulate',
      ...json({ field: fourTeams, sims: 20000, seed: 42, model: { name: 'elo' } }),
    });
    expect(mc.statusCode).toBe(200);
    const wantMc = await simulateTournament(bracket, { sims: 20000, seed: 42, threads: 2, model: { name: 'elo' } });
    const gotMc = mc.json();
    expect(gotMc.teams).toEqual(JSON.parse(JSON.stringify(wantMc.teams)));
    expect(gotMc).toMatchObject({ mode: 'montecarlo', sims: 20000, seed: 42, streamScheme: wantMc.streamScheme });
  });

  it('POST /v1/tournaments/simulate with travel: the CLI --sites --locations answer; a bad travel object is 400 TRAVEL_INVALID', async () => {
    const text = readFileSync(new URL('../examples/ncaa-2016.json', import.meta.url), 'utf8');
    const travel = await loadTravel('examples/ncaa-2016-sites.csv', 'examples/ncaa-2016-locations.csv');
    const r = await a.inject({
      method: 'POST',
      url: '/v1/tournaments/simulate',
      ...json({ field: JSON.parse(text), exact: true, travel: travelToJson(travel) }),
    });
    expect(r.statusCode).toBe(200);
    const want = await simulateTournament(compileBracket(parseFieldJson(text, 'f')), { exact: true, travel });
    expect(r.json().travelK).toBe(want.travelK);
    expect(r.json().teams).toEqual(JSON.parse(JSON.stringify(want.teams)));
    const bad = await a.inject({
      method: 'POST',
      url: '/v1/tournaments/simulate',
      ...json({ field: JSON.parse(text), exact: true, travel: { ...travelToJson(travel), locations: [{ team: 'Kansas', lat: 100, lon: 0 }] } }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toEqual({
      code: 'TRAVEL_INVALID',
      message: 'body.travel.locations[0].lat: latitude must be a number of degrees from -90 to 90 (got 100)',
    });
  });

  it('tournament caps and field errors are 4xx with codes', async () => {
    const over = await a.inject({ method: 'POST', url: '/v1/tournaments/simulate', ...json({ field: fourTeams, sims: 1_000_001 }) });
    expect(over.statusCode).toBe(413);
    expect(over.json().error.code).toBe('LIMIT_EXCEEDED');
    const bad = await a.inject({
      method: 'POST',
      url: '/v1/tournaments/simulate',
      ...json({ field: { name: 'x', teams: [{ name: 'A', rating: 1 }], slots: ['A', 'B'] }, exact: true }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toMatch(/^(FIELD_INVALID|TEAM_UNKNOWN|SIZE_INVALID|SLOT_INVALID)$/);
    const hotExact = await a.inject({
      method: 'POST',
      url: '/v1/tournaments/simulate',
      ...json({ field: fourTeams, exact: true, hot: 5, model: { name: 'elo' } }),
    });
    expect(hotExact.statusCode).toBe(400);
    expect(hotExact.json().error.code).toBe('OPTION_INVALID');
  });

  it('GET /metrics: request durations by route, cache hits and misses, pool gauges', async () => {
    const r = await a.inject('/metrics');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/plain/);
    const text = r.body;
    expect(text).toMatch(/simcast_http_request_duration_seconds_bucket\{[^}]*route="\/v1\/predictions\/games"/);
    expect(text).toMatch(/simcast_cache_hits_total\{kind="pred"\} [1-9]/);
    expect(text).toMatch(/simcast_cache_misses_total\{kind="pred"\} [1-9]/);
    expect(text).toMatch(/simcast_pool_utilization \d/);
    expect(text).toMatch(/simcast_pool_queue_depth \d/);
    expect(text).toMatch(/simcast_cache_up\{backend="memory"\} 1/);
  });
});

describe('user errors are 4xx with a code; nothing else leaks', () => {
  let a: App;
  beforeAll(async () => {
    a = await app({ limits: { bodyLimit: 4096 } });
  });
  afterAll(async () => {
    await a.close();
  });

  const post = (payload: string, type = 'application/json') =>
    a.inject({ method: 'POST', url: '/v1/predictions/games', payload, headers: { 'content-type': type } });

  it.each([
    ['malformed JSON', '{"league": "nfl", ', 400, 'BODY_INVALID', /not valid JSON/],
    ['empty body', '', 400, 'BODY_INVALID', /empty/],
    ['wrong type', '{"league":"nfl","home":"KC","away":"BUF","spread":"five"}', 400, 'OPTION_INVALID', /^body\.spread must be number$/],
    ['missing field', '{"league":"nfl","home":"KC"}', 400, 'OPTION_INVALID', /^body\.away is required$/],
    ['unknown property', '{"league":"nfl","home":"KC","away":"BUF","when":"now"}', 400, 'OPTION_INVALID', /^body has an unknown property 'when'$/],
    ['absurd spread', '{"league":"nfl","home":"KC","away":"BUF","spread":1e9}', 400, 'OPTION_INVALID', /^body\.spread must be <= 100$/],
    ['a string for a number', '{"league":"nfl","home":"KC","away":"BUF","spread":"-3"}', 400, 'OPTION_INVALID', /^body\.spread must be number$/],
    ['absurd odds', '{"league":"nfl","home":"KC","away":"BUF","odds":{"home":50}}', 400, 'OPTION_INVALID', /^body\.odds\.home must be/],
    [
      'a spread off the half points',
      '{"league":"nfl","home":"KC","away":"BUF","spread":-2.75}',
      400,
      'OPTION_INVALID',
      /^body\.spread must be multiple of 0\.5$/,
    ],
    ['a total off the half points', '{"league":"nfl","home":"KC","away":"BUF","total":44.1}', 400, 'OPTION_INVALID', /^body\.total must be multiple of 0\.5$/],
    ['fractional odds', '{"league":"nfl","home":"KC","away":"BUF","odds":{"away":120.5}}', 400, 'OPTION_INVALID', /^body\.odds\.away must be/],
    [
      'a date that is not a day',
      '{"league":"nfl","home":"KC","away":"BUF","date":"2025-02-30"}',
      400,
      'OPTION_INVALID',
      /^body\.date must be a day as YYYY-MM-DD from 1900 to 2199 \(got '2025-02-30'\)$/,
    ],
    ['a date in another form', '{"league":"nfl","home":"KC","away":"BUF","date":"9/7/2025"}', 400, 'OPTION_INVALID', /^body\.date must match pattern/],
    ['a season out of range', '{"league":"nfl","home":"KC","away":"BUF","season":20250}', 400, 'OPTION_INVALID', /^body\.season must be <= 2199$/],
    [
      'slate item wrong',
      '[{"league":"nfl","home":"KC","away":"BUF"},{"league":"nfl","home":"KC","away":7,"total":-1}]',
      400,
      'OPTION_INVALID',
      /^body\[1\]\.away must be string$/,
    ],
    ['empty slate', '[]', 400, 'OPTION_INVALID', /^body must NOT have fewer than 1 items$/],
    [
      'unknown team',
      '{"league":"nfl","home":"KC","away":"Buffalo"}',
      400,
      'TEAM_UNKNOWN',
      /^body\.away: unknown team 'Buffalo' in league nfl \(GET \/v1\/teams\/nfl lists its teams\)$/,
    ],
    ['unknown league', '{"league":"xfl","home":"KC","away":"BUF"}', 400, 'OPTION_INVALID', /^body\.league 'xfl' is not loaded/],
    ['same team twice', '{"league":"nfl","home":"KC","away":"KC"}', 400, 'OPTION_INVALID', /different teams/],
    ['a number for a body', '42', 400, 'OPTION_INVALID', /^body must be a game \(an object\) or a slate/],
    [
      'huge body',
      JSON.stringify({ league: 'nfl', home: 'KC', away: 'BUF', pad: 'x'.repeat(10_000) }),
      413,
      'LIMIT_EXCEEDED',
      /exceeds the limit of 4096 bytes/,
    ],
  ])('%s', async (_name, payload, status, code, message) => {
    const r = await post(payload);
    expect(r.statusCode).toBe(status);
    const b = r.json();
    expect(Object.keys(b)).toEqual(['error']);
    expect(b.error.code).toBe(code);
    expect(b.error.message).toMatch(message);
    expect(r.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('a content type other than JSON is BODY_INVALID', async () => {
    const r = await post('league=nfl', 'application/x-www-form-urlencoded');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('BODY_INVALID');
  });

  it('query strings are validated the same way', async () => {
    const r = await a.inject('/v1/predictions/games?league=nfl&home=KC&away=BUF&total=lots');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({ error: { code: 'OPTION_INVALID', message: 'querystring.total must be number' } });
    const inf = await a.inject('/v1/predictions/games?league=nfl&home=KC&away=BUF&spread=Infinity');
    expect(inf.statusCode).toBe(400);
    expect(inf.json().error.code).toBe('OPTION_INVALID');
    const missing = await a.inject('/v1/predictions/games?league=nfl&home=KC');
    expect(missing.json()).toEqual({ error: { code: 'OPTION_INVALID', message: 'querystring.away is required' } });
  });

  it('an unknown route is NOT_FOUND', async () => {
    const r = await a.inject('/v2/anything');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /v2/anything' } });
  });

  it('a failure inside the models is a 500 with only an id; the stack goes to the log', async () => {
    const logged: string[] = [];
    const broken: Predictor = {
      ...predictor,
      predict: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'rating')");
      },
    };
    const b = await buildApp({
      predictor: broken,
      redisUrl: null,
      rateLimit: false,
      defaultMetrics: false,
      logger: { level: 'error', stream: { write: (s: string) => void logged.push(s) } },
    });
    const r = await b.inject('/v1/predictions/games?league=nfl&home=KC&away=BUF');
    expect(r.statusCode).toBe(500);
    const body = r.json();
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.message).toMatch(/^internal error [0-9a-z-]+$/);
    expect(r.body).not.toMatch(/rating|TypeError|\.ts/);
    const id = body.error.message.replace('internal error ', '');
    expect(logged.join('')).toContain(id);
    expect(logged.join('')).toContain('TypeError');
    await b.close();
  });
});

describe('cache keys: what enters them is normalised and bounded', () => {
  const ctx = { cache: new Cache({ redisUrl: null, prefix: 'keys-test' }), predictor };
  afterAll(() => ctx.cache.close());

  it('one key per question: -0 and 0, team aliases, absent and empty odds', async () => {
    expect((await predictCached(ctx, { league: 'nfl', home: 'KAN', away: 'BUF', spread: 0 })).cached).toBe(false);
    expect((await predictCached(ctx, { league: 'nfl', home: 'KC', away: 'Buffalo Bills', spread: -0, odds: {} })).cached).toBe(true);
  });

  it('lines off the half points, fractional odds, dates and seasons out of range are OPTION_INVALID, and nothing is stored', async () => {
    const misses = ctx.cache.counters.misses;
    const g = { league: 'nfl', home: 'KAN', away: 'BUF' };
    for (const [bad, message] of [
      [{ spread: 2.25 }, 'q.spread must be a multiple of 0.5 from -100 to 100 (got 2.25)'],
      [{ spread: 100.5 }, 'q.spread must be a multiple of 0.5 from -100 to 100 (got 100.5)'],
      [{ total: 47.3 }, 'q.total must be a multiple of 0.5 from 0 to 1000 (got 47.3)'],
      [{ total: Number.NaN }, 'q.total must be a multiple of 0.5 from 0 to 1000 (got NaN)'],
      [{ odds: { home: -110.5 } }, 'q.odds.home must be whole American odds, <= -100 or >= 100, at most 100000 either way (got -110.5)'],
      [{ odds: { awaySpread: 99 } }, 'q.odds.awaySpread must be whole American odds, <= -100 or >= 100, at most 100000 either way (got 99)'],
      [{ date: '1899-12-31' }, "q.date must be a day as YYYY-MM-DD from 1900 to 2199 (got '1899-12-31')"],
      [{ season: 2024.5 }, 'q.season must be a year from 1900 to 2199 (got 2024.5)'],
    ] as const) {
      await expect(predictCached(ctx, { ...g, ...bad }, 'q.'), message).rejects.toMatchObject({ code: 'OPTION_INVALID', message });
    }
    expect(ctx.cache.counters.misses).toBe(misses);
  });

  it('over HTTP: a client varying a float gets 400s, not new keys', async () => {
    const a = await app();
    const misses = a.simcast.cache.counters.misses;
    for (let i = 0; i < 20; i++) {
      const r = await a.inject(`/v1/predictions/games?league=nfl&home=KAN&away=BUF&spread=${-3 + i / 100 + 0.001}`);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('OPTION_INVALID');
    }
    expect(a.simcast.cache.counters.misses).toBe(misses);
    await a.close();
  });
});

describe('safety: API key, rate limit, CORS', () => {
  it('write routes need the bearer key when one is set; reads do not', async () => {
    const a = await app({ apiKey: 's3cret' });
    const body = json({ league: 'nfl', home: 'KC', away: 'BUF' });
    const none = await a.inject({ method: 'POST', url: '/v1/predictions/games', ...body });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHORIZED');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const wrong = await a.inject({
      method: 'POST',
      url: '/v1/predictions/games',
      payload: body.payload,
      headers: { ...body.headers, authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await a.inject({
      method: 'POST',
      url: '/v1/predictions/games',
      payload: body.payload,
      headers: { ...body.headers, authorization: 'Bearer s3cret' },
    });
    expect(right.statusCode).toBe(200);
    const sim = await a.inject({ method: 'POST', url: '/v1/tournaments/simulate', ...json({ field: fourTeams, exact: true, model: { name: 'elo' } }) });
    expect(sim.statusCode).toBe(401);
    expect((await a.inject('/v1/predictions/games?league=nfl&home=KC&away=BUF')).statusCode).toBe(200);
    await a.close();
  });

  it('too many requests from one client is 429 RATE_LIMITED; health stays exempt', async () => {
    const a = await app({ rateLimit: { max: 3, timeWindow: 60_000 } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await a.inject('/v1/teams/nfl/KC')).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const r = await a.inject('/v1/teams/nfl/KC');
    expect(r.json().error.code).toBe('RATE_LIMITED');
    expect(r.json().error.message).toMatch(/rate limit of 3 requests exceeded; retry in/);
    expect(r.headers['retry-after']).toBeDefined();
    expect((await a.inject('/health')).statusCode).toBe(200);
    await a.close();
  });

  it('a made-up bearer token does not buy a fresh allowance: the limit keys on the verified key or the address', async () => {
    const a = await app({ rateLimit: { max: 3, timeWindow: 60_000 }, apiKey: 'sekret' });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await a.inject({ url: '/v1/teams/nfl/KC', headers: { authorization: `Bearer random-${i}` } })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    // The real key is its own client (the operator's), with its own allowance.
    expect((await a.inject({ url: '/v1/teams/nfl/KC', headers: { authorization: 'Bearer sekret' } })).statusCode).toBe(200);
    await a.close();
  });

  it('CORS headers only for configured origins', async () => {
    const a = await app({ cors: ['https://ok.example'] });
    const ok = await a.inject({ url: '/health', headers: { origin: 'https://ok.example' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://ok.example');
    const other = await a.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await a.close();
    const b = await app();
    expect((await b.inject({ url: '/health', headers: { origin: 'https://ok.example' } })).headers['access-control-allow-origin']).toBeUndefined();
    await b.close();
  });
});

describe('a real listening server', () => {
  it('answers over HTTP, and close() drains an in-flight request before stopping', async () => {
    const a = await app();
    const address = await a.listen({ port: 0, host: '127.0.0.1' });
    const r = await fetch(`${address}/v1/predictions/games?league=nfl&home=KC&away=BUF&spread=-3`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect((await r.json()).pHome).toBeGreaterThan(0);
    const post = await fetch(`${address}/v1/predictions/games`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"league":"nfl","home":"KC"',
    });
    expect(post.status).toBe(400);
    expect((await post.json()).error.code).toBe('BODY_INVALID');
    // A simulation in flight when close() is called still gets its answer.
    const inflight = fetch(`${address}/v1/tournaments/simulate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ field: fourTeams, sims: 200_000, seed: 3, model: { name: 'elo' } }),
    });
    await new Promise<void>((resolve) => a.server.once('request', () => resolve()));
    const closing = a.close();
    const res = await inflight;
    expect(res.status).toBe(200);
    expect((await res.json()).sims).toBe(200_000);
    await closing;
    await expect(fetch(`${address}/health`)).rejects.toThrow();
    await closePool();
  });
});
