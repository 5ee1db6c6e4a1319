// Over 10,000 generated requests over every route of the app's own OpenAPI document (read at test time, so
// a route added tomorrow is fuzzed without touching this file): well-formed, mutated and absurd path
// parameters, query strings, bodies, content types, credentials and methods. Each answer is a 2xx, or a
// 4xx whose body is exactly { error: { code, message } } with a code docs/errors.md lists at that status;
// never a 5xx and never a stack trace.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../core/errors.js';
import { HTTP_STATUS } from '../server/http-status.js';
import { buildApp, type App } from '../server/app.js';
import { createModelsPredictor } from '../app/predictions/predictor.js';
import { parseJobSpec } from '../app/jobs/parse.js';
import type { Db } from '../store/db.js';
import { nflSlice, nflSliceTeams } from './helpers/nfl-slice.js';
import { embeddedDb } from './helpers/databases.js';
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
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_500);
const KEY = 'fuzz-key';
const r = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const DOCUMENTED = new Map(
  [...readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8').matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]),
);

// franchise ids, and a few of the aliases the API also takes
const TEAMS = [...nflSliceTeams(), 'KC', 'LVR', 'Buffalo Bills'];
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
  1e12,
  -110,
  100,
  '',
  ' ',
  'KC',
  'nfl',
  'x'.repeat(65),
  'x'.repeat(2000),
  '\u0000',
  'A\u0000B',
  '😀',
  '\ud800',
  '__proto__',
  'constructor',
  '-5.5',
  'NaN',
  'Infinity',
  '1e309',
  [],
  [1],
  {},
  { a: 1 },
  { __proto__: { polluted: 1 } },
  [[[]]],
];
const weirdText = [
  '',
  '0',
  '-1',
  '1.5',
  '1e309',
  'Infinity',
  'NaN',
  '9223372036854775808',
  '9'.repeat(40),
  'abc',
  '%00',
  'a%00b',
  '%E0%A4%A',
  '%',
  '%FF',
  '%F0%9F%98%80',
  'x'.repeat(150),
  '%2e%2e',
  '..',
  'true',
  'null',
  '[]',
  '{}',
  '__proto__',
  ' 1',
  '0x10',
];

function value(depth = 0): unknown {
  const k = r();
  if (k < 0.5 || depth > 2) return pick(weird);
  if (k < 0.7) return pick(TEAMS);
  if (k < 0.85) return (r() - 0.5) * 10 ** Math.floor(r() * 12);
  if (k < 0.93) return Array.from({ length: int(0, 2) }, () => value(depth + 1));
  return Object.fromEntries(Array.from({ length: int(0, 2) }, () => [pick(['home', 'away', 'x', 'league', 'odds', 'name', 'teams']), value(depth + 1)]));
}

// ---- values from a JSON Schema (the OpenAPI document's), valid most of the time ----
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  examples?: unknown[];
  default?: unknown;
}

function fromSchema(s: Schema | undefined, depth = 0): unknown {
  if (!s || r() < 0.08 || depth > 6) return value();
  if (s.const !== undefined) return s.const;
  if (s.enum) return pick(s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fromSchema(pick(branches), depth + 1);
  if (s.examples && r() < 0.3) return pick(s.examples);
  const type = Array.isArray(s.type) ? pick(s.type) : s.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) if (s.required?.includes(k) ? r() < 0.95 : r() < 0.5) o[k] = fromSchema(p, depth + 1);
      if (r() < 0.05) o[pick(['extra', 'x', '__proto__'])] = value();
      return o;
    }
    case 'array': {
      const lo = s.minItems ?? 0;
      const hi = Math.min(s.maxItems ?? lo + 4, lo + 4);
      return Array.from({ length: int(lo, hi) }, () => fromSchema(s.items, depth + 1));
    }
    case 'integer':
    case 'number': {
      const lo = Math.max(s.minimum ?? -1000, -1e6);
      const hi = Math.min(s.maximum ?? 1000, lo + 1e4);
      const n = lo + r() * (hi - lo);
      return type === 'integer' ? Math.round(n) : n;
    }
    case 'boolean':
      return r() < 0.5;
    case 'string':
      return pick([...TEAMS, 'nfl', 'nba', 'elo', '538', 'normal', 'x', 'seed-1']);
    case 'null':
      return null;
    default:
      return value();
  }
}

/** A deep copy of `v` with one leaf replaced, one key dropped or one added. */
function mutate(v: unknown): unknown {
  const copy = structuredClone(v) as Record<string, unknown>;
  let node: unknown = copy;
  for (let d = 0; d < 6; d++) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const k = pick(keys);
    const child = (node as Record<string, unknown>)[k];
    if (child === null || typeof child !== 'object' || r() < 0.3) {
      const x = r();
      if (x < 0.6) (node as Record<string, unknown>)[k] = value();
      else if (x < 0.85 && !Array.isArray(node)) delete (node as Record<string, unknown>)[k];
      else if (!Array.isArray(node)) (node as Record<string, unknown>)[`${k}_`] = value();
      break;
    }
    node = child;
  }
  return copy;
}

// ---- known-good bodies the mutations start from ----
const example = (name: string) => JSON.parse(readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const small = (job: Record<string, unknown>, sims = 4096) => ({ ...job, sims });
const fourTeams = example('four-teams.json');

function game(): Record<string, unknown> {
  const g: Record<string, unknown> = { league: r() < 0.85 ? 'nfl' : value(), home: r() < 0.7 ? pick(TEAMS) : value(), away: r() < 0.7 ? pick(TEAMS) : value() };
  if (r() < 0.4) g.spread = r() < 0.6 ? Math.round((r() - 0.5) * 30) / 2 : value();
  if (r() < 0.4) g.total = r() < 0.6 ? 30 + Math.round(r() * 40) / 2 : value();
  if (r() < 0.2) g.neutral = r() < 0.7 ? r() < 0.5 : value();
  if (r() < 0.15) g.date = r() < 0.6 ? pick(['2025-09-07', '2024-12-25', '2030-01-01']) : value();
  if (r() < 0.15) g.season = r() < 0.6 ? pick([2024, 2025, 2026]) : value();
  if (r() < 0.2) g.odds = r() < 0.6 ? { home: pick([-300, -110, 120, 250, 99, -99, 0]), away: pick([-110, 140, 1e9]) } : value();
  return g;
}

const EXAMPLES: Partial<Record<string, () => unknown>> = {
  'POST /v1/predictions/games': () => (r() < 0.6 ? game() : Array.from({ length: int(0, 70) }, game)),
  'POST /v1/tournaments/simulate': () => ({
    field: r() < 0.7 ? fourTeams : example('byes-and-playins.json'),
    exact: r() < 0.7,
    sims: int(1, 2000),
    seed: int(0, 1000),
    model: { name: pick(['elo', 'normal', '538']) },
  }),
  'POST /v1/jobs': () => small(pick([example('job-tournament.json'), example('job-season.json'), example('job-calcutta.json')]), int(1, 2048)),
  'POST /v1/calcutta/optimize': () => ({ calcutta: example('calcutta-tiny.json'), sims: int(1, 1000), seed: int(0, 99) }),
};

// ---- the routes, from the OpenAPI document ----
interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
  required?: boolean;
}
interface Route {
  method: string;
  path: string;
  params: Param[];
  body: Schema | undefined;
  write: boolean;
}

function routesOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      out.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters as Param[] | undefined) ?? [],
        body: content?.['application/json']?.schema,
        write: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return out;
}

/** encodeURIComponent, or the text as is when it holds a lone surrogate (which cannot be encoded). */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

function pathParam(p: Param, ids: number[]): string {
  const k = r();
  const t = p.schema?.type;
  if (k < 0.7) {
    if (t === 'integer' || t === 'number') return String(r() < 0.7 ? pick(ids) : int(0, 50));
    return enc(String(fromSchema(p.schema)));
  }
  if (k < 0.9) return pick(weirdText);
  return enc(String(value()));
}

function queryOf(route: Route): string {
  const q: string[] = [];
  const key = (name: string, v: string) => `${encodeURIComponent(name)}=${v}`;
  const isPredictions = route.path === '/v1/predictions/games';
  const g = isPredictions ? game() : {};
  for (const p of route.params.filter((x) => x.in === 'query')) {
    if (!(p.required ? r() < 0.95 : r() < 0.6)) continue;
    const k = r();
    const v = isPredictions && p.name in g && k < 0.8 ? g[p.name] : k < 0.75 ? fromSchema(p.schema) : k < 0.9 ? pick(weirdText) : value();
    q.push(key(p.name, typeof v === 'string' && weirdText.includes(v) ? v : enc(typeof v === 'object' ? JSON.stringify(v) : String(v))));
    if (r() < 0.03) q.push(key(p.name, '1'));
  }
  if (r() < 0.05) q.push(key(pick(['x', '__proto__', 'constructor[prototype]']), pick(weirdText)));
  return q.length ? `?${q.join('&')}` : '';
}

interface Request {
  method: string;
  url: string;
  payload?: string;
  headers: Record<string, string>;
}

function requestFor(route: Route, ids: number[]): Request {
  const url = route.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    pathParam(route.params.find((p) => p.in === 'path' && p.name === name) ?? { name, in: 'path' }, ids),
  );
  const headers: Record<string, string> = {};
  const a = r();
  if (a < 0.88) headers.authorization = `Bearer ${KEY}`;
  else if (a < 0.94) headers.authorization = pick(['Bearer nope', 'Basic Zm9vOmJhcg==', 'Bearer ', 'bearer fuzz-key ']);
  const req: Request = { method: route.method, url: url + queryOf(route), headers };
  if (route.body !== undefined || route.method === 'POST') {
    const ex = EXAMPLES[`${route.method} ${route.path}`];
    const k = r();
    const body = ex && k < 0.35 ? ex() : ex && k < 0.75 ? mutate(ex()) : k < 0.9 ? fromSchema(route.body) : value();
    let text = JSON.stringify(body) ?? 'null';
    const t = r();
    if (t < 0.04) text = text.slice(0, int(0, text.length));
    else if (t < 0.06) text = text.replace(/"[^"]*"/, `"${'['.repeat(70)}`);
    else if (t < 0.07) text = JSON.stringify({ a: JSON.parse('['.repeat(3000) + ']'.repeat(3000)) });
    req.payload = text;
    req.headers['content-type'] =
      r() < 0.93 ? 'application/json' : pick(['text/plain', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'application/xml']);
  }
  if (r() < 0.02) req.method = pick(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'POST', 'GET']);
  if (r() < 0.01) req.url = pick(['/v1/nothing', '/v1/runs', '/v1//jobs/1', '/docs/static/../../package.json', '/%E0%A4%A', `/v1/${'a'.repeat(3000)}`]);
  return req;
}

describe(`every OpenAPI route under generated requests (FUZZ_SEED=${SEED})`, () => {
  let app: App;
  let db: Db;
  const ids: number[] = [1, 2];
  beforeAll(async () => {
    db = await embeddedDb();
    app = await buildApp({
      predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
      db,
      redisUrl: null,
      rateLimit: false,
      apiKey: KEY,
      defaultMetrics: false,
      threads: 1,
      limits: { bodyLimit: 64 * 1024, maxSims: 5000 },
    });
    // A finished tournament job and a finished Calcutta job, so the read routes also answer 200.
    for (const job of [small(example('job-tournament.json')), small(example('job-calcutta.json'), 2000)])
      ids.push(await app.simcast.jobs!.submit(parseJobSpec(job)));
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await closePool();
  });

  it(
    `${REQUESTS.toLocaleString('en-US')} requests: each a 2xx or a documented 4xx in { error: { code, message } }, never a 5xx`,
    { timeout: 1_200_000 },
    async () => {
      await app.ready();
      const routes = routesOf(app.swagger() as never);
      expect(routes.length).toBeGreaterThanOrEqual(20);
      const byRoute = new Map<string, Map<string, number>>(routes.map((x) => [`${x.method} ${x.path}`, new Map()]));
      let fivexx = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const route = routes[i % routes.length];
        const req = requestFor(route, ids);
        const res = await app.inject({ method: req.method as 'GET', url: req.url, payload: req.payload, headers: req.headers });
        const what = `#${i} ${req.method} ${req.url.slice(0, 200)} ${String(req.payload).slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
        const tally = byRoute.get(`${route.method} ${route.path}`)!;
        if (res.statusCode >= 500) fivexx++;
        expect(res.statusCode, what).toBeLessThan(500);
        if (res.statusCode >= 400) {
          const b = res.json() as { error: { code: string; message: string } };
          expect(Object.keys(b), what).toEqual(['error']);
          expect(Object.keys(b.error).sort(), what).toEqual(['code', 'message']);
          expect(Object.keys(ERROR_CODES), what).toContain(b.error.code);
          expect(DOCUMENTED.get(b.error.code), what).toBe(res.statusCode);
          expect(HTTP_STATUS[b.error.code as ErrorCode], what).toBe(res.statusCode);
          expect(b.error.message, what).not.toMatch(/\n\s+at /);
          tally.set(b.error.code, (tally.get(b.error.code) ?? 0) + 1);
        } else tally.set(String(res.statusCode), (tally.get(String(res.statusCode)) ?? 0) + 1);
      }
      expect(fivexx).toBe(0);
      // Every route was reached, and the generator reaches successes and several kinds of refusal.
      const all = new Map<string, number>();
      for (const [name, t] of byRoute) {
        expect(
          [...t.values()].reduce((a, b) => a + b, 0),
          name,
        ).toBeGreaterThan(REQUESTS / routes.length - 2);
        for (const [k, n] of t) all.set(k, (all.get(k) ?? 0) + n);
      }
      expect([...all.keys()].filter((k) => /^2\d\d$/.test(k)).reduce((a, k) => a + all.get(k)!, 0)).toBeGreaterThan(REQUESTS / 20);
      expect(all.size).toBeGreaterThanOrEqual(8);
      console.log(`fuzz: ${REQUESTS} requests over ${routes.length} routes; answers ${JSON.stringify(Object.fromEntries([...all].sort()))}`);
    },
  );
});
