// Input that used to reach Postgres or overflow the stack (issue 13, items 6 and 7): each is a 4xx with a
// documented code, nothing is written, and every error answer has the one shape.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../core/errors.js';
import { HTTP_STATUS } from '../server/http-status.js';
import { buildApp } from '../server/app.js';
import { createModelsPredictor } from '../app/predictions/predictor.js';
import { nflSlice } from './helpers/nfl-slice.js';
import { embeddedDb } from './helpers/databases.js';
import { closePool } from '../workers/pool.js';

afterAll(closePool);

const DOCUMENTED = new Map(
  [...readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8').matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]),
);

/** The contract of an error answer: { error: { code, message } }, the code documented with this status. */
function expectContract(res: { statusCode: number; body: string }, code?: ErrorCode): void {
  const what = `${res.statusCode} ${res.body.slice(0, 300)}`;
  const b = JSON.parse(res.body) as { error: { code: string; message: string } };
  expect(Object.keys(b), what).toEqual(['error']);
  expect(Object.keys(b.error).sort(), what).toEqual(['code', 'message']);
  expect(Object.keys(ERROR_CODES), what).toContain(b.error.code);
  expect(DOCUMENTED.get(b.error.code), what).toBe(res.statusCode);
  expect(HTTP_STATUS[b.error.code as ErrorCode], what).toBe(res.statusCode);
  expect(b.error.message, what).not.toMatch(/\n\s+at /);
  if (code) expect(b.error.code, what).toBe(code);
}

const deepSlots = (depth: number) => '['.repeat(depth) + '"A"' + ']'.repeat(depth);
const field = (names: [string, string] = ['A', 'B']) => ({
  name: 'f',
  teams: [
    { name: names[0], rating: 80 },
    { name: names[1], rating: 75 },
  ],
  slots: names,
});

describe('hostile input over HTTP (embedded database)', async () => {
  const db = await embeddedDb();
  const app = await buildApp({
    predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
    db,
    redisUrl: null,
    rateLimit: false,
    apiKey: 'sekret',
    defaultMetrics: false,
    threads: 1,
  });
  const auth = { authorization: 'Bearer sekret' };
  // A plugin's own 4xx statuses (as @fastify/static answers a refused file with 403).
  for (const status of [403, 405, 414, 431]) {
    app.get(`/test/status/${status}`, async () => {
      throw Object.assign(new Error(`status ${status}`), { statusCode: status });
    });
  }
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  const count = async (table: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0].n;

  it('ids beyond a safe integer, Infinity or 300 digits are 400 OPTION_INVALID', async () => {
    for (const url of [
      '/v1/runs/9223372036854775808',
      '/v1/runs/1e309',
      '/v1/runs/Infinity',
      '/v1/runs/-1',
      `/v1/jobs/${'9'.repeat(30)}`,
      `/v1/jobs/${'9'.repeat(300)}`,
      '/v1/tournaments/1e309/runs',
      '/v1/runs/1/results?offset=1e309',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expectContract(res, 'OPTION_INVALID');
    }
    const del = await app.inject({ method: 'DELETE', url: `/v1/jobs/${'9'.repeat(300)}`, headers: auth });
    expect(del.statusCode).toBe(400);
    expectContract(del, 'OPTION_INVALID');
  });

  it("Fastify's and plugins' own errors (a malformed %-escape, a 300-character parameter, a 403) answer in the contract", async () => {
    for (const url of ['/v1/runs/%E0%A4%A', '/v1/teams/nfl/%', `/v1/teams/nfl/${'x'.repeat(300)}`, `/v1/teams/${'%41'.repeat(200)}`]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expectContract(res, 'OPTION_INVALID');
    }
    const nul = await app.inject({ method: 'GET', url: '/docs/static/%00' });
    expect(nul.statusCode).toBe(400);
    expectContract(nul, 'OPTION_INVALID');
    for (const [status, want, code] of [
      [403, 404, 'NOT_FOUND'],
      [405, 404, 'NOT_FOUND'],
      [414, 400, 'OPTION_INVALID'],
      [431, 400, 'OPTION_INVALID'],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: `/test/status/${status}` });
      expect(res.statusCode, String(status)).toBe(want);
      expectContract(res, code);
    }
    const put = await app.inject({ method: 'PUT', url: '/v1/runs/1' });
    expect(put.statusCode).toBe(404);
    expectContract(put, 'NOT_FOUND');
  });

  it('a NUL (or a lone surrogate) in a team name, field name, seed or query is a 400 and nothing is written', async () => {
    const bodies: [string, unknown][] = [
      ['/v1/tournaments/simulate', { field: field(['A\u0000x', 'B']), exact: true }],
      ['/v1/tournaments/simulate', { field: { ...field(), name: 'f\u0000' }, exact: true }],
      ['/v1/tournaments/simulate', { field: field(), exact: true, seed: 'seed\u0000' }],
      ['/v1/jobs', { kind: 'tournament', sims: 1000, seed: 1, field: field(['A\u0000x', 'B']) }],
      ['/v1/jobs', { kind: 'tournament', sims: 1000, seed: 'x\u0000', field: field() }],
      ['/v1/jobs', { kind: 'tournament', sims: 1000, seed: 1, field: { ...field(), name: '\u0000' } }],
      ['/v1/jobs', { kind: 'tournament', sims: 1000, seed: 1, field: field(), 'k\u0000': 1 }],
      ['/v1/jobs', { kind: 'calcutta', sims: 1000, seed: 1, calcutta: { name: '\ud800', field: field() } }],
    ];
    for (const [url, payload] of bodies) {
      const res = await app.inject({ method: 'POST', url, payload: payload as object, headers: auth });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expectContract(res);
      expect(res.json().error.message).toMatch(/NUL|unpaired UTF-16 surrogate/);
    }
    const q = await app.inject({ method: 'GET', url: '/v1/predictions/games?league=nfl&home=KAN%00&away=BUF' });
    expect(q.statusCode).toBe(400);
    expectContract(q, 'OPTION_INVALID');
    expect(await count('tournaments')).toBe(0);
    expect(await count('runs')).toBe(0);
  });

  it('slots nested 20,000 deep are a 400, not a stack overflow, on every route that takes a field', async () => {
    const deepField = JSON.stringify({ field: { ...field(), slots: ['DEEP', 'B'] }, exact: true }).replace('"DEEP"', deepSlots(20_000));
    const deepJob = JSON.stringify({ kind: 'tournament', sims: 100, seed: 1, field: { ...field(), slots: ['DEEP', 'B'] } }).replace(
      '"DEEP"',
      deepSlots(20_000),
    );
    for (const [url, payload] of [
      ['/v1/tournaments/simulate', deepField],
      ['/v1/jobs', deepJob],
    ]) {
      const res = await app.inject({ method: 'POST', url, payload, headers: { ...auth, 'content-type': 'application/json' } });
      expect(res.statusCode, url).toBe(400);
      expectContract(res, 'BODY_INVALID');
      expect(res.json().error.message).toMatch(/nested more than 64 levels/);
    }
    expect(await count('tournaments')).toBe(0);
  });

  it('job sims above the cap are 413 LIMIT_EXCEEDED, as docs/jobs.md says', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/jobs', payload: { kind: 'tournament', sims: 1e12, seed: 1, field: field() }, headers: auth });
    expect(res.statusCode).toBe(413);
    expectContract(res, 'LIMIT_EXCEEDED');
    const shards = await app.inject({
      method: 'POST',
      url: '/v1/jobs',
      payload: { kind: 'tournament', sims: 1e10, shardBlocks: 1, seed: 1, field: field() },
      headers: auth,
    });
    expect(shards.statusCode).toBe(413);
    expectContract(shards, 'LIMIT_EXCEEDED');
  });

  it('a refused credential is 401 UNAUTHORIZED, never a body code', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/jobs', payload: { kind: 'tournament' }, headers: { authorization: 'Bearer nope' } });
    expect(res.statusCode).toBe(401);
    expectContract(res, 'UNAUTHORIZED');
  });

  it('every error status an OpenAPI route declares is one a documented code answers with', async () => {
    await app.ready();
    const doc = app.swagger() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    const statuses = new Set([...DOCUMENTED.values()]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const s of Object.keys(op.responses ?? {}).map(Number)) {
          if (s >= 400) expect(statuses.has(s), `${method} ${path} declares ${s}`).toBe(true);
        }
      }
    }
  });
});
