// `npm run soak` (not in CI; a few minutes): the API under load while things break, then the books are
// checked. A `simcast serve` and two `simcast worker`s on a Postgres database of their own (created and
// dropped here) and a Redis of their own (a redis-server on a spare port, so shared servers are never
// touched). While autocannon loads the API:
//   - Redis is killed (SIGKILL) and started again;
//   - the Postgres backends running a COPY of shard rows are terminated (pg_terminate_backend);
//   - a worker is SIGKILLed mid-shard (a replacement starts);
// then three `simcast tournament --persist rows` run at once on one embedded data dir.
// It prints requests served, errors (5xx, socket errors, timeouts, any unexpected status: the rate limit
// is off, SIMCAST_RATE_LIMIT=0), faults survived, runs completed, rows lost and duplicate rows (both must
// be 0), and exits 1 if any of those fail.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = `simcast_soak_${process.pid}`;
const DB_URL = ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${DB_NAME}$1`);
const KEY = 'soak-key';
const LOAD_SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const JOBS = Number(process.env.SOAK_JOBS ?? 3);
const SIMS_PER_JOB = 65_536;
const log = (s: string) => process.stderr.write(`soak: ${s}\n`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const children = new Set<ChildProcess>();
function start(name: string, cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const c = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  c.stderr!.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-2000)));
  c.on('exit', (code, sig) => {
    children.delete(c);
    if (code !== 0 && code !== null && sig === null) log(`${name} exited ${code}: ${tail.trim().split('\n').slice(-2).join(' | ')}`);
  });
  children.add(c);
  return c;
}

async function until(what: string, f: () => Promise<boolean>, seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (await f().catch(() => false)) return;
    await pause(250);
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${DB_NAME}`);
  const tmp = mkdtempSync(join(tmpdir(), 'simcast-soak-'));
  const redisPort = await freePort();
  const apiPort = await freePort();
  const redisArgs = ['--port', String(redisPort), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'];
  let redis = start('redis', 'redis-server', redisArgs);
  const env = {
    DATABASE_URL: DB_URL,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    SIMCAST_API_KEY: KEY,
    SIMCAST_RATE_LIMIT: '0',
    SIMCAST_SHARD_EXPIRE_SECONDS: '20',
  };
  const base = `http://127.0.0.1:${apiPort}`;
  const faults: string[] = [];
  let ok = true;
  try {
    // The schema first (one migrating process), then the server and two workers.
    const m = spawnSync(process.execPath, [CLI, 'migrate', 'up'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    if (m.status !== 0) throw new Error(`migrate up failed: ${m.stderr}`);
    start('serve', process.execPath, [CLI, 'serve', '--port', String(apiPort), '--threads', '1', '--quiet'], env);
    const workerArgs = [CLI, 'worker', '--threads', '1', '--expire-seconds', '20'];
    const workers = [start('worker 1', process.execPath, workerArgs, env), start('worker 2', process.execPath, workerArgs, env)];
    await until('the server', async () => (await fetch(`${base}/health`)).ok, 120);

    // Jobs whose shards COPY rows (68 teams x 8,192 simulations per shard: 557,056 rows a shard).
    const field = JSON.parse(readFileSync(join(ROOT, 'examples', 'ncaa-2016.json'), 'utf8')) as unknown;
    const jobIds: number[] = [];
    for (let j = 0; j < JOBS; j++) {
      const res = await fetch(`${base}/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ kind: 'tournament', field, sims: SIMS_PER_JOB, seed: 1000 + j, shardBlocks: 2, persist: 'rows' }),
      });
      if (res.status !== 202) throw new Error(`job submission answered ${res.status}: ${await res.text()}`);
      jobIds.push(((await res.json()) as { id: number }).id);
    }
    log(`jobs ${jobIds.join(', ')} submitted; load for ${LOAD_SECONDS} s`);

    // The load: predictions (cached in Redis, spreads varied so some miss), readiness, exact tournaments.
    const statuses = new Map<number, number>();
    let n = 0;
    const exact = JSON.stringify({
      field: JSON.parse(readFileSync(join(ROOT, 'examples', 'four-teams.json'), 'utf8')) as unknown,
      exact: true,
      model: { name: 'elo' },
    });
    let finish: (r: autocannon.Result) => void = () => {};
    const loadDone = new Promise<autocannon.Result>((resolve) => (finish = resolve));
    const load = autocannon(
      {
        url: base,
        connections: 8,
        duration: LOAD_SECONDS,
        timeout: 20,
        requests: [
          {
            setupRequest: (req) => {
              const k = n++ % 10;
              if (k < 6)
                return { ...req, method: 'GET', path: `/v1/predictions/games?league=nfl&home=KAN&away=BUF&spread=${-((n % 40) / 2).toFixed(1)}&total=47.5` };
              if (k < 8) return { ...req, method: 'GET', path: '/health' };
              return {
                ...req,
                method: 'POST',
                path: '/v1/tournaments/simulate',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
                body: exact,
              };
            },
          },
        ],
      },
      (err, res) => {
        if (err) log(`autocannon: ${String(err)}`);
        finish(res);
      },
    );
    load.on('response', (_c: unknown, status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));

    // Fault 1: Redis killed and restarted.
    await pause(10_000);
    redis.kill('SIGKILL');
    log('redis killed');
    await pause(8_000);
    redis = start('redis', 'redis-server', redisArgs);
    faults.push('redis SIGKILL, restarted 8 s later');

    // Fault 2: Postgres backends terminated mid-COPY (up to three times).
    const pgc = new pg.Client({ connectionString: ADMIN_URL });
    await pgc.connect();
    let terminated = 0;
    const copyEnd = Date.now() + 60_000;
    while (terminated < 3 && Date.now() < copyEnd) {
      const r = await pgc.query<{ n: number }>(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and query ilike 'copy %' and state = 'active'`,
        [DB_NAME],
      );
      if (r.rows[0].n > 0) {
        terminated += r.rows[0].n;
        log(`terminated ${r.rows[0].n} backend(s) mid-COPY`);
        await pause(3_000);
      } else await pause(50);
    }
    faults.push(`${terminated} Postgres backend(s) terminated mid-COPY`);

    // Fault 3: a worker SIGKILLed while it holds a shard; a replacement starts.
    await until(
      'a worker in a shard',
      async () => {
        const r = await pgc.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = $1 and state <> 'idle' and query ilike 'copy %'`,
          [DB_NAME],
        );
        return r.rows[0].n > 0;
      },
      60,
    ).catch(() => log('no COPY seen before the kill; killing a worker anyway'));
    workers[0].kill('SIGKILL');
    log('worker 1 killed');
    workers.push(start('worker 3', process.execPath, workerArgs, env));
    faults.push('worker SIGKILL mid-shard, replacement started');

    const result = await loadDone;
    log('load done; waiting for the jobs');

    // Every job completes (a killed worker's shard expires after 20 s and runs elsewhere).
    const jobState = async (id: number) =>
      (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as { status: string; shardsDone: number; shardsPlanned: number };
    await until(
      'every job complete',
      async () => (await Promise.all(jobIds.map(jobState))).every((s) => s.status === 'complete' || s.status === 'failed'),
      420,
    );
    const states = await Promise.all(jobIds.map(jobState));
    const completed = states.filter((s) => s.status === 'complete').length;

    // The books: each complete run holds sims x teams rows, each (sim, team) once.
    let lost = 0;
    let duplicates = 0;
    const db = new pg.Client({ connectionString: DB_URL });
    await db.connect();
    for (const id of jobIds) {
      const r = await db.query<{ n: number; distinct: number }>(
        'select count(*)::float8 as n, count(distinct (sim_id, team_key))::float8 as distinct from simulated_tournaments where run_id = $1',
        [id],
      );
      const expected = SIMS_PER_JOB * 68;
      lost += Math.max(0, expected - r.rows[0].distinct);
      duplicates += r.rows[0].n - r.rows[0].distinct;
    }
    await db.end();
    await pgc.end();

    // Fault 4: three processes store runs in one embedded data dir at once.
    const dataDir = join(tmp, 'pg');
    spawnSync(process.execPath, [CLI, 'migrate', 'up', '--data-dir', dataDir], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' } });
    const embedded = await Promise.all(
      [1, 2, 3].map(
        (s) =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const c = spawn(
              process.execPath,
              [
                CLI,
                'tournament',
                '--field',
                'examples/four-teams.json',
                '--model',
                'elo',
                '--sims',
                '100000',
                '--seed',
                String(s),
                '--persist',
                'rows',
                '--data-dir',
                dataDir,
                '--quiet',
              ],
              {
                cwd: ROOT,
                env: { ...process.env, DATABASE_URL: '' },
                stdio: ['ignore', 'ignore', 'pipe'],
              },
            );
            let stderr = '';
            c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
            c.on('exit', (code) => resolve({ code, stderr }));
          }),
      ),
    );
    const stored = embedded.filter((e) => e.code === 0).length;
    const locked = embedded.filter((e) => e.code !== 0 && /DATABASE_LOCKED/.test(e.stderr)).length;
    const list = spawnSync(process.execPath, [CLI, 'runs', 'list', '--json', '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '' },
      encoding: 'utf8',
    });
    const runs = JSON.parse(list.stdout || '[]') as { status: string }[];
    const embeddedOk = stored >= 1 && stored + locked === 3 && runs.length === stored && runs.every((r) => r.status === 'complete');
    faults.push(`3 processes on one data dir: ${stored} stored, ${locked} refused with DATABASE_LOCKED, ${runs.length} runs in the dir`);

    const count = (f: (s: number) => boolean) => [...statuses].filter(([s]) => f(s)).reduce((a, [, k]) => a + k, 0);
    const served = count((s) => s >= 200 && s < 300);
    const fivexx = count((s) => s >= 500);
    const unexpected = count((s) => s < 200 || (s >= 300 && s < 500));
    const errors = fivexx + unexpected + result.errors + result.timeouts;
    ok = errors === 0 && lost === 0 && duplicates === 0 && completed === JOBS && embeddedOk;
    const out = [
      `requests served: ${served.toLocaleString('en-US')} (${Math.round(served / LOAD_SECONDS)}/s over ${LOAD_SECONDS} s, 8 connections)`,
      `errors: ${errors} (5xx ${fivexx}, other unexpected status ${unexpected}, socket errors ${result.errors}, timeouts ${result.timeouts})`,
      `faults survived: ${faults.length}`,
      ...faults.map((f) => `  - ${f}`),
      `runs completed: ${completed} of ${JOBS} jobs (${SIMS_PER_JOB.toLocaleString('en-US')} simulations x 68 teams each) + ${stored} embedded`,
      `rows lost: ${lost}`,
      `duplicate rows: ${duplicates}`,
      `load average: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}; ${((Date.now() - t0) / 1000).toFixed(0)} s in all`,
      ok ? 'soak: OK' : 'soak: FAILED',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await pause(1_000);
    await admin.query(`drop database if exists ${DB_NAME} with (force)`).catch((e: Error) => log(`drop database: ${e.message}`));
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    log(e.stack ?? e.message);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  },
);
