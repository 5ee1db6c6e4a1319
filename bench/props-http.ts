// `node dist/bench/props-http.js`: a 4-leg same-game slip priced over HTTP (POST /v1/slips/price, one
// client), uncached (every request a new seed: a new cache key and a new simulation) and cached (the
// same body), beside a constant JSON route on the same server in the same run (the latency floor).
// The server runs in a child process with the histories of ../shared/data/props when present (the NFL
// model for 2022 fitted on 2015-2021 before listening), else the example slice in examples/data/props.
// Exported as benchPropsHttp({ smoke }) for bench/run.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { Agent, request } from 'node:http';
import { packageRoot } from '../core/paths.js';
import { CONSTANT_BODY } from './http.js';
import { propsDataDir } from './props.js';

interface ChildReady {
  address: string;
  data: string;
  slip: Record<string, unknown>;
  fitMs: number;
}

async function serveChild(): Promise<void> {
  const { buildApp } = await import('../server/app.js');
  const { PropsBook } = await import('../app/props/book.js');
  const { parseNbaGameLog, parseNflverseSchedules, parseNflverseWeekly, teamRoles } = await import('../engine/props/index.js');
  const shared = propsDataDir();
  const dir = shared ?? join(packageRoot(), 'examples', 'data', 'props');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const files = shared
    ? { weekly: 'nfl-player-weekly-2015-2022.csv', schedules: 'nfl-schedules-2015-2022.csv', logs: 'nba-player-games-2024-25-to-2025-01-31.csv' }
    : { weekly: 'nfl-player-weekly.csv', schedules: 'nfl-schedules.csv', logs: 'nba-player-games.csv' };
  const book = PropsBook.fromRows({
    nfl: { weekly: parseNflverseWeekly(read(files.weekly)).rows, schedules: parseNflverseSchedules(read(files.schedules)).rows },
    nba: { logs: parseNbaGameLog(read(files.logs)).rows },
  });
  const t0 = performance.now();
  const model = book.nflModel(2022);
  const fitMs = performance.now() - t0;
  const game = book.nfl!.history.games.get(shared ? '2022_10_SEA_TB' : '2022_06_BUF_KC')!;
  const roles = teamRoles(book.nfl!.history, model.marginals, game, game.home);
  const byRole = (role: string) => [...roles.roles].find(([, x]) => x === role)?.[0];
  const legs = [
    { game: game.gameId, playerId: byRole('QB1'), stat: 'passing_yards', side: 'over', line: 250.5 },
    { game: game.gameId, playerId: byRole('WR1'), stat: 'receiving_yards', side: 'over', line: 60.5 },
    { game: game.gameId, playerId: byRole('RB1') ?? byRole('TE1'), stat: byRole('RB1') ? 'rushing_yards' : 'receiving_yards', side: 'over', line: 45.5 },
    { game: game.gameId, stat: 'total_points', side: 'over', line: 44.5 },
  ];
  const slip = { league: 'nfl', legs, stake: 10, payout: { kind: 'american', odds: 1200 }, sims: 16_384, seed: 1 };
  const app = await buildApp({
    predictor: (await import('../app/predictions/predictor.js')).createModelsPredictor({ games: {} }),
    propsBook: book,
    redisUrl: null,
    rateLimit: false,
    apiKey: null,
    defaultMetrics: false,
    logger: false,
  });
  app.get('/bench/constant', async () => CONSTANT_BODY);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const ready: ChildReady = { address, data: shared ? 'shared/data/props (NFL 2015-2022)' : 'examples/data/props (KC and BUF, 2021-2022)', slip, fitMs };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.on('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

async function startChild(): Promise<{ child: ChildProcess } & ChildReady> {
  const here = fileURLToPath(import.meta.url);
  const args = here.endsWith('.ts') ? ['--import', 'tsx', here, '--child'] : [here, '--child'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('bench server exited before listening');
    }),
  ])) as [string];
  return { child, ...(JSON.parse(line) as ChildReady) };
}

export interface PropsHttpFigure {
  name: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  target?: string;
  met?: boolean;
}

export interface PropsHttpResult {
  figures: PropsHttpFigure[];
  data: string;
  fitMs: number;
  load: number[];
  markdown: string;
}

/** Sequential requests on one kept-alive connection for `seconds`: each latency by the clock here. */
async function oneClient(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body: ((n: number) => string) | undefined,
  seconds: number,
): Promise<{ lat: number[]; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(base);
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  for (let n = 0; performance.now() < end; n++) {
    const payload = body?.(n);
    const t0 = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    lat.push(performance.now() - t0);
    if (status !== 200) errors++;
  }
  agent.destroy();
  return { lat, errors };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

export async function benchPropsHttp(opts: { smoke?: boolean } = {}): Promise<PropsHttpResult> {
  const seconds = opts.smoke ? 1 : 10;
  const load0 = loadavg();
  const c = await startChild();
  const body = JSON.stringify(c.slip);
  const legs = c.slip.legs as { line: number }[];
  const runs: { name: string; method: 'GET' | 'POST'; path: string; body?: (n: number) => string; target?: number }[] = [
    { name: 'constant 345-byte JSON, 1 client (reference: the latency floor)', method: 'GET', path: '/bench/constant' },
    // every request other lines: a new key, so nothing is read from the cache; the seed's normals are kept
    {
      name: '4-leg same-game slip, uncached, 1 client',
      method: 'POST',
      path: '/v1/slips/price',
      body: (n) =>
        JSON.stringify({
          ...c.slip,
          legs: legs.map((l, i) => ({ ...l, line: l.line + (Math.floor(n / 4 ** i) % 4) - (i === 0 ? 4 * Math.floor(n / 256) : 0) })),
        }),
      target: 5,
    },
    { name: '4-leg same-game slip, cached (the same body), 1 client', method: 'POST', path: '/v1/slips/price', body: () => body },
  ];
  const figures: PropsHttpFigure[] = [];
  try {
    // warm the JIT, the model's role cache and the seed's normals
    await oneClient(c.address, 'POST', '/v1/slips/price', (n) => JSON.stringify({ ...c.slip, stake: 1 + n }), opts.smoke ? 0.5 : 2);
    for (const r of runs) {
      const res = await oneClient(c.address, r.method, r.path, r.body, seconds);
      const sorted = [...res.lat].sort((a, b) => a - b);
      const f: PropsHttpFigure = {
        name: r.name,
        reqPerSec: res.lat.length / seconds,
        p50Ms: quantile(sorted, 0.5),
        p99Ms: quantile(sorted, 0.99),
        errors: res.errors,
        non2xx: 0,
      };
      if (r.target !== undefined) {
        f.target = `p99 <= ${r.target} ms`;
        f.met = f.p99Ms <= r.target && f.errors === 0;
      }
      figures.push(f);
    }
  } finally {
    c.child.kill('SIGTERM');
    await once(c.child, 'exit');
  }
  const load = [load0[0], loadavg()[0]];
  const rows = figures.map(
    (f) =>
      `| ${f.name} | ${Math.round(f.reqPerSec).toLocaleString('en-US')} | ${f.p50Ms.toFixed(2)} | ${f.p99Ms.toFixed(2)} | ${f.errors + f.non2xx} | ${f.target ? `${f.target}: ${f.met ? 'yes' : '**no**'}` : ''} |`,
  );
  const markdown = [
    `Server in a child process; histories: ${c.data}; the 2022 NFL model fitted in ${(c.fitMs / 1000).toFixed(1)} s before listening. ${seconds} s per row; load average ${load[0].toFixed(1)} → ${load[1].toFixed(1)}.`,
    '',
    '| route | req/s | p50 ms | p99 ms | errors | target |',
    '|---|---:|---:|---:|---:|---|',
    ...rows,
    '',
  ].join('\n');
  return { figures, data: c.data, fitMs: c.fitMs, load, markdown };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain && process.argv.includes('--child')) await serveChild();
else if (isMain) process.stdout.write(`${(await benchPropsHttp({ smoke: process.argv.includes('--smoke') })).markdown}\n`);
