// `simcast serve` as users run it: starts, answers, and on SIGTERM drains and exits 0;
// `simcast cache warm` stores a day's games in Redis under versioned keys.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { nflSliceCsv, SCHEDULED_DAY } from './helpers/nfl-slice.js';
import pg from 'pg';
import { simcast } from './helpers/cli.js';
import { PG_URL, postgresReachable } from './helpers/databases.js';

const dir = mkdtempSync(join(tmpdir(), 'simcast-serve-'));
const gamesFile = join(dir, 'games.csv');
// The real slice, plus two rows the games parser rejects and one scheduled game whose line is not on half points.
const BAD_ROWS = ['not-a-day,2024,KAN,BUF,20,17,false,,', '2024-12-01,2024,KAN,KAN,20,17,false,,', `${SCHEDULED_DAY},2025,KAN,BUF,,,false,-2.75,47`];
const csv = nflSliceCsv().trimEnd().split('\n');
writeFileSync(gamesFile, [...csv, ...BAD_ROWS].join('\n') + '\n');
const badLine = (i: number) => csv.length + i + 1;
const CLI = new URL('../cli/main.ts', import.meta.url).pathname;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simcast serve', () => {
  it('serves the games file (its rejected rows reported as ratings replay reports them), then stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', '--no-db', '--quiet', '--games', `nfl=${gamesFile}`], {
      env: { ...process.env, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /serving on (http:\/\/[^\s]+) /.exec(err);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    expect(err).toContain(`simcast: warning: ${gamesFile}:${badLine(0)}: date 'not-a-day' is not YYYY-MM-DD (skipped)\n`);
    expect(err).toContain(`simcast: warning: ${gamesFile}:${badLine(1)}: home and away are the same team (KAN) (skipped)\n`);
    const r = await fetch(`${address}/v1/predictions/games?league=nfl&home=KC&away=RAV`);
    expect(r.status).toBe(200);
    expect((await r.json()).home).toBe('KAN');
    const ready = await (await fetch(`${address}/health/ready`)).json();
    expect(ready.checks.database.state).toBe('absent');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(err).toMatch(/SIGTERM: stopping/);
  });

  it('SIGTERM stops it after concurrent job submissions on Postgres: one job queue, closed, and the process exits', async () => {
    if (!(await postgresReachable())) return;
    const schema = `t_serve_stop_${process.pid}`;
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', '--quiet'], {
      env: { ...process.env, REDIS_URL: '', DATABASE_URL: PG_URL, SIMCAST_DB_SCHEMA: schema, SIMCAST_BOSS_SCHEMA: `${schema}_boss`, SIMCAST_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let err = '';
      const address = await new Promise<string>((resolve, reject) => {
        child.stderr!.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /serving on (http:\/\/[^\s]+) /.exec(err);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      const job = { kind: 'slate', sims: 5000, seed: 1, slate: { league: 'nfl', games: [{ home: 'A', away: 'B', expectedMargin: 3 }] } };
      const posts = await Promise.all(
        Array.from({ length: 6 }, () =>
          fetch(`${address}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(job) }),
        ),
      );
      expect(posts.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code, err).toBe(0);
    } finally {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.query(`drop schema if exists ${schema}_boss cascade`);
      await c.end();
    }
  });

  it('rejects a bad option with one line and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(err).toBe("simcast: OPTION_INVALID: --port must be a whole number from 0 to 65,535 (got 'eighty')\n");
  });

  it('refuses to serve beyond loopback with open write routes unless told', () => {
    const r = simcast(['serve', '--host', '0.0.0.0', '--port', '0', '--no-db'], { SIMCAST_API_KEY: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'simcast: OPTION_INVALID: --host 0.0.0.0 serves beyond this machine, and with no SIMCAST_API_KEY every write route would be open: set SIMCAST_API_KEY, or add --allow-open if that is meant\n',
    );
  });
});

let redisUp = true;
{
  const c = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => {});
  try {
    await c.connect();
  } catch {
    redisUp = false;
    if (process.env.CI) throw new Error(`Redis at ${REDIS_URL} is not reachable, and CI must not skip its tests`);
    console.warn(`skipping cache warm test: no Redis at ${REDIS_URL} (CI unset)`);
  }
  c.disconnect();
}

/** Runs `simcast cache warm ARGS --prefix P --json` against REDIS_URL; answers its JSON report. */
async function warm(
  args: string[],
  prefix: string,
): Promise<{ ratingsVersion: string; games: { home: string }[]; skipped: { home: string; reason: string }[]; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'cache', 'warm', ...args, '--prefix', prefix, '--json'], {
    env: { ...process.env, REDIS_URL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const [code] = await once(child, 'exit');
  expect(code, err).toBe(0);
  return { ...JSON.parse(out), stderr: err };
}

describe.skipIf(!redisUp)('simcast cache warm', () => {
  it("stores the day's games under versioned prediction keys naming their lines, date and season", async () => {
    const prefix = `simcast-warm-${process.pid}-${Date.now().toString(36)}`;
    const report = await warm(['--league', 'nfl', '--date', SCHEDULED_DAY, '--games', `nfl=${gamesFile}`], prefix);
    expect(report.games.map((g: { home: string }) => g.home)).toEqual([
      'ATL',
      'BUF',
      'CLE',
      'DEN',
      'GNB',
      'CLT',
      'JAX',
      'RAM',
      'NWE',
      'NOR',
      'NYJ',
      'SEA',
      'WAS',
    ]);
    expect(report.skipped).toEqual([{ home: 'KAN', away: 'BUF', reason: 'spread must be a multiple of 0.5 from -100 to 100 (got -2.75)' }]);
    expect(report.stderr).toContain('simcast: warning: KAN v BUF: spread must be a multiple of 0.5 from -100 to 100 (got -2.75) (skipped)');
    expect(report.stderr).toContain(`${gamesFile}:${badLine(0)}: date 'not-a-day' is not YYYY-MM-DD (skipped)`);
    const redis = new Redis(REDIS_URL);
    const keys = (await redis.keys(`${prefix}:v2:pred:nfl:*`)).sort();
    expect(keys).toHaveLength(13);
    expect(keys).toContain(`${prefix}:v2:pred:nfl:BUF:RAV:1.5:50.5:r${report.ratingsVersion}:d${SCHEDULED_DAY}:s2025`);
    expect(keys).toContain(`${prefix}:v2:pred:nfl:CLT:MIA:0:46.5:r${report.ratingsVersion}:d${SCHEDULED_DAY}:s2025`);
    const ttl = await redis.ttl(keys[0]);
    expect(ttl).toBeGreaterThan(800);
    await redis.del(...keys);
    redis.disconnect();
  });

  it('without --games warms from the bundled NFL history, as `simcast serve` answers by default', async () => {
    const prefix = `simcast-warm-default-${process.pid}-${Date.now().toString(36)}`;
    const report = await warm(['--league', 'nfl', '--date', '2025-10-05'], prefix);
    expect(report.games.length).toBeGreaterThan(5);
    expect(report.games.map((g: { home: string }) => g.home)).toContain('PHI');
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:v2:pred:nfl:*`);
    expect(keys).toHaveLength(report.games.length);
    expect(keys.every((k) => k.endsWith(`:r${report.ratingsVersion}:d2025-10-05:s2025`))).toBe(true);
    await redis.del(...keys);
    redis.disconnect();
  });
});
