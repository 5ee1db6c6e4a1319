// `simcast serve` as users run it: starts, answers, and on SIGTERM drains and exits 0;
// `simcast cache warm` stores a day's games in Redis under versioned keys.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { syntheticGames } from '../server/synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'simcast-serve-'));
const gamesFile = join(dir, 'games.csv');
const games = syntheticGames({ scheduled: { date: '2024-09-08', games: [['KC', 'BAL'], ['PHI', 'GB'], ['MIA', 'BUF']] } });
writeFileSync(
  gamesFile,
  ['date,season,home,away,home_score,away_score,neutral,spread,total', ...games.map((g) => [g.date, g.season, g.home, g.away, g.homeScore ?? '', g.awayScore ?? '', g.neutral ? 1 : 0, g.spread ?? '', g.total ?? ''].join(','))].join('\n'),
);
const CLI = new URL('../cli/main.ts', import.meta.url).pathname;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('simcast serve', () => {
  it('serves, then stops cleanly on SIGTERM', async () => {
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
    const r = await fetch(`${address}/v1/predictions/games?league=nfl&home=KC&away=BAL`);
    expect(r.status).toBe(200);
    expect((await r.json()).home).toBe('KC');
    const ready = await (await fetch(`${address}/health/ready`)).json();
    expect(ready.checks.database.state).toBe('absent');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(err).toMatch(/SIGTERM: stopping/);
  });

  it('rejects a bad option with one line and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(err).toBe("simcast: OPTION_INVALID: options.port must be an integer from 0 to 65535 (got 'eighty')\n");
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
async function warm(args: string[], prefix: string): Promise<{ ratingsVersion: string; games: { home: string }[] }> {
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
  return JSON.parse(out);
}

describe.skipIf(!redisUp)('simcast cache warm', () => {
  it("stores the day's games under versioned prediction keys", async () => {
    const prefix = `simcast-warm-${process.pid}-${Date.now().toString(36)}`;
    const report = await warm(['--league', 'nfl', '--date', '2024-09-08', '--games', `nfl=${gamesFile}`], prefix);
    expect(report.games.map((g: { home: string }) => g.home)).toEqual(['KC', 'PHI', 'MIA']);
    const redis = new Redis(REDIS_URL);
    const keys = (await redis.keys(`${prefix}:v1:pred:nfl:*`)).sort();
    expect(keys).toEqual([
      `${prefix}:v1:pred:nfl:KC:BAL:-3:45.5:r${report.ratingsVersion}`,
      `${prefix}:v1:pred:nfl:MIA:BUF:-3:45.5:r${report.ratingsVersion}`,
      `${prefix}:v1:pred:nfl:PHI:GB:-3:45.5:r${report.ratingsVersion}`,
    ]);
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
    const keys = await redis.keys(`${prefix}:v1:pred:nfl:*`);
    expect(keys).toHaveLength(report.games.length);
    expect(keys.every((k) => k.endsWith(`:r${report.ratingsVersion}`))).toBe(true);
    await redis.del(...keys);
    redis.disconnect();
  });
});
