// The web page's files and the examples over HTTP: the page at / (dist/web, built by `npm run build`),
// the examples listed and sent by name, every way of reaching outside examples/ or dist/web refused, the
// field check answering the bracket's layout, and the new routes in the OpenAPI document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../server/app.js';
import { webRoutes } from '../server/routes/web.js';
import { createModelsPredictor } from '../app/predictions/predictor.js';
import { nflSlice } from './helpers/nfl-slice.js';
import { closePool } from '../workers/pool.js';
import { tempDir } from './helpers/temp.js';
import { embeddedDb } from './helpers/databases.js';

const example = (name: string) => readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

describe('web page and examples routes (inject)', () => {
  let a: App;
  beforeAll(async () => {
    a = await buildApp({
      predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
      redisUrl: null,
      rateLimit: false,
      apiKey: null,
      defaultMetrics: false,
    });
  });
  afterAll(async () => {
    await a.close();
    await closePool();
  });

  it('serves the page at / and its bundle, styles and source map', async () => {
    const page = await a.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<script type="module" src="app.js"></script>');
    const js = await a.inject('/app.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect((await a.inject('/style.css')).headers['content-type']).toMatch(/text\/css/);
    expect((await a.inject('/uPlot.min.css')).statusCode).toBe(200);
    expect((await a.inject('/index.html')).statusCode).toBe(200);
    expect((await a.inject('/app.js.map')).statusCode).toBe(200);
  });

  it('unknown paths keep the API error answer; paths out of dist/web are refused', async () => {
    for (const url of [
      '/nope.js',
      '/v1/nope',
      '/../package.json',
      '/..%2Fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/web/..%2f..%2fpackage.json',
    ]) {
      const r = await a.inject(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code, url).toBe('NOT_FOUND');
      expect(r.body, url).not.toContain('"simcast"');
    }
    // Swagger UI is still where it was.
    expect((await a.inject('/docs/')).statusCode).toBe(200);
  });

  it('GET /v1/examples lists the bundled files with their kind', async () => {
    const r = await a.inject('/v1/examples');
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { name: string; kind: string; teams: number | null; title: string | null }[];
    const by = Object.fromEntries(items.map((i) => [i.name, i]));
    expect(by['ncaa-2016.json']).toMatchObject({ kind: 'field', teams: 68 });
    expect(by['four-teams.json']).toMatchObject({ kind: 'field', teams: 4, title: 'Four-team playoff' });
    expect(by['calcutta-2016.json'].kind).toBe('calcutta');
    expect(by['job-tournament.json'].kind).toBe('job');
    expect(items.every((i) => i.name.endsWith('.json') && !i.name.includes('/'))).toBe(true);
  });

  it('GET /v1/examples/:name sends the file as it is', async () => {
    const r = await a.inject('/v1/examples/ncaa-2016.json');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(r.body).toBe(example('ncaa-2016.json'));
  });

  it('GET /v1/examples/:name refuses traversal, other folders, other extensions and unknown names', async () => {
    for (const name of [
      '..%2Fpackage.json',
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2fpackage.json',
      'data%2Fnfl-teams.csv',
      '..%5Cpackage.json',
      'nope.json',
      '.hidden.json',
      '%2Fetc%2Fpasswd',
      'package.json',
    ]) {
      const r = await a.inject(`/v1/examples/${name}`);
      expect(r.statusCode, name).toBe(404);
      expect(r.json().error.code, name).toBe('NOT_FOUND');
    }
    // A NUL in a path parameter is refused before any route sees it (core/json-guards.ts): 400.
    const nul = await a.inject('/v1/examples/ncaa-2016.json%00.txt');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.code).toBe('OPTION_INVALID');
    const up = await a.inject('/v1/examples/../../package.json');
    expect(up.statusCode).toBe(404);
    expect(up.body).not.toContain('"simcast"');
  });

  it('POST /v1/tournaments/field answers the bracket layout of a valid field', async () => {
    const r = await a.inject({ method: 'POST', url: '/v1/tournaments/field', payload: { field: JSON.parse(example('ncaa-2016.json')) } });
    expect(r.statusCode).toBe(200);
    const l = r.json();
    expect(l.teams).toHaveLength(68);
    expect(l.games).toHaveLength(67);
    expect(l.rounds).toBe(7);
    expect(l.games.filter((g: { round: number }) => g.round === 1)).toHaveLength(4);
    expect(l.games.at(-1).round).toBe(7);
    expect(l.teams[0]).toEqual({ name: 'Kansas', seed: 1, region: 'South', rating: 94.46 });

    const four = JSON.parse(example('four-teams.json'));
    const decided = await a.inject({
      method: 'POST',
      url: '/v1/tournaments/field',
      payload: { field: { ...four, results: [{ winner: 'Texas', loser: 'Alabama' }] } },
    });
    expect(decided.json().games[0]).toEqual({ round: 2, a: 0, b: 3, winner: 3 });
  });

  it('POST /v1/tournaments/field: a bad field is a 400 naming the code and the field at fault', async () => {
    const four = JSON.parse(example('four-teams.json'));
    const r = await a.inject({
      method: 'POST',
      url: '/v1/tournaments/field',
      payload: { field: { ...four, slots: ['Alabama', 'Texas', 'Michigan', 'Georgai'] } },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('TEAM_UNKNOWN');
    expect(r.json().error.message).toContain("'Georgai'");
    const bad = await a.inject({ method: 'POST', url: '/v1/tournaments/field', payload: { field: four, extra: 1 } });
    expect(bad.statusCode).toBe(400);
  });

  it('documents the new routes in the OpenAPI document', async () => {
    const paths = (await a.inject('/docs/json')).json().paths as Record<string, Record<string, unknown>>;
    expect(paths['/v1/examples']?.get).toBeDefined();
    expect(paths['/v1/examples/{name}']?.get).toBeDefined();
    expect(paths['/v1/tournaments/field']?.post).toBeDefined();
    expect(Object.keys(paths).some((p) => p.includes('index.html') || p === '/app.js')).toBe(false);
  });
});

describe('web page not built', () => {
  it('answers / with 503 and how to build it', async () => {
    const f = Fastify();
    await f.register(webRoutes(join(tempDir('simcast-noweb-'), 'web')));
    const r = await f.inject('/');
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run build');
    await f.close();
  });
});

describe('GET /v1/jobs (the page runs view) on the embedded database', async () => {
  const db = await embeddedDb();
  const app = await buildApp({
    predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
    db,
    redisUrl: null,
    rateLimit: false,
    apiKey: null,
    defaultMetrics: false,
    threads: 2,
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await closePool();
  });
  const job = JSON.parse(example('job-tournament.json'));

  it('lists jobs newest first with their progress, filtered by status', async () => {
    expect((await app.inject('/v1/jobs')).json()).toEqual({ items: [] });
    const submitted = (await app.inject({ method: 'POST', url: '/v1/jobs', payload: { ...job, sims: 8192 } })).json();
    let done: { status: string } | null = null;
    for (let i = 0; i < 600 && done?.status !== 'complete'; i++) {
      done = (await app.inject(`/v1/jobs/${submitted.id}`)).json();
      if (done?.status !== 'complete') await new Promise((r) => setTimeout(r, 100));
    }
    expect(done?.status).toBe('complete');
    const all = (await app.inject('/v1/jobs?limit=5')).json().items;
    expect(all[0]).toMatchObject({ id: submitted.id, kind: 'tournament', status: 'complete', simsDone: 8192, sims: 8192 });
    expect((await app.inject('/v1/jobs?status=complete')).json().items.map((j: { id: number }) => j.id)).toContain(submitted.id);
    expect((await app.inject('/v1/jobs?status=running')).json().items).toEqual([]);
    const bad = await app.inject('/v1/jobs?status=done');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBeDefined();
  });
});

describe('GET /v1/jobs without a database', () => {
  it('is a 503 naming what is missing', async () => {
    const app = await buildApp({
      predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
      redisUrl: null,
      rateLimit: false,
      apiKey: null,
      defaultMetrics: false,
    });
    const r = await app.inject('/v1/jobs');
    expect(r.statusCode).toBe(503);
    expect(r.json().error.code).toBe('DATABASE_UNREACHABLE');
    await app.close();
  });
});
