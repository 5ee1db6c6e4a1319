// `npm run bench:http`: the HTTP API under autocannon, route after route, side by side with three
// references on the same server: a constant 345-byte JSON route, a msgpack value read from Redis, and
// a route running a fresh 10,000-simulation Monte Carlo per request.
// The server runs in a child process (as it would in production), the load generator here.
// Exported as benchHttp({ smoke }) for bench/run.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';

export interface HttpFigure {
  name: string;
  connections: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** req/s relative to the constant-JSON route. */
  ratio: number;
  errors: number;
  non2xx: number;
  target?: string;
  met?: boolean;
}

export interface HttpBenchResult {
  figures: HttpFigure[];
  cache: 'redis' | 'memory';
  markdown: string;
}

/** A 345-byte JSON document (the reference size). */
export const CONSTANT_BODY = (() => {
  const base = {
    league: 'nfl',
    home: 'KC',
    away: 'BUF',
    neutral: false,
    spread: -5.5,
    total: 48.5,
    pHome: 0.6312,
    pCover: 0.4871,
    pOver: 0.5123,
    expectedMargin: 4.1,
    expectedTotal: 49.2,
    confidence: 0.71,
    pad: '',
  };
  const len = JSON.stringify(base).length;
  return { ...base, pad: 'x'.repeat(345 - len) };
})();

const MSGPACK_KEY = 'simcast:bench:v1:raw:constant';
const CACHED_PATH = '/v1/predictions/games?league=nfl&home=KAN&away=BUF&spread=-5.5&total=48.5';

// ---------------------------------------------------------------- the server (child process)

async function serveChild(): Promise<void> {
  const { buildApp } = await import('../server/app.js');
  const { loadPredictor } = await import('../app/predictions/load.js');
  const { simulateGame } = await import('../engine/models/montecarlo.js');
  const { encodeValue, decodeValue } = await import('../store/cache/codec.js');
  const redisUrl = process.env.BENCH_REDIS_URL || null;
  const app = await buildApp({
    // The predictor `simcast serve` runs by default: every model, fitted on the bundled NFL history.
    predictor: (await loadPredictor()).predictor,
    redisUrl,
    cachePrefix: `simcast-bench-${process.pid}`,
    rateLimit: false,
    apiKey: null,
    defaultMetrics: false,
    logger: false,
    nearCacheMs: 1000,
  });
  const cache = app.simcast.cache;
  await cache.ready(3000);
  await cache.backend.setRaw(MSGPACK_KEY, encodeValue(CONSTANT_BODY), 3600);
  app.get('/bench/constant', async () => CONSTANT_BODY);
  app.get('/bench/msgpack', async () => {
    const b = await cache.getRaw(MSGPACK_KEY);
    return b === null ? CONSTANT_BODY : decodeValue(b);
  });
  // Reference: a 10,000-simulation game Monte Carlo per request, each with a new seed (no draw cache).
  let mcSeed = 0;
  app.get('/bench/montecarlo', async () => {
    const r = simulateGame({ kind: 'normal', expectedMargin: 3, expectedTotal: 45, spread: -3.5, total: 45.5, sims: 10_000, seed: `bench-${mcSeed++}` });
    return { pHome: r.pHome, pCover: r.pCover, pOver: r.pOver };
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ address, cache: cache.status().backend })}\n`);
  process.on('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

// ---------------------------------------------------------------- the load generator

async function redisUrlIfReachable(): Promise<string | null> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const c = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.ping();
    return url;
  } catch {
    return null;
  } finally {
    c.disconnect();
  }
}

async function startChild(redisUrl: string | null): Promise<{ child: ChildProcess; address: string; cache: 'redis' | 'memory' }> {
  const here = fileURLToPath(import.meta.url);
  const args = here.endsWith('.ts') ? ['--import', 'tsx', here, '--child'] : [here, '--child'];
  const child = spawn(process.execPath, args, { env: { ...process.env, BENCH_REDIS_URL: redisUrl ?? '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('bench server exited before listening');
    }),
  ])) as [string];
  return { child, ...(JSON.parse(line) as { address: string; cache: 'redis' | 'memory' }) };
}

interface Run {
  name: string;
  connections: number;
  method?: 'GET' | 'POST';
  path: string;
  /** Makes each request distinct (uncached routes). */
  setup?: (n: number) => { path?: string; body?: string };
  target?: (f: HttpFigure) => boolean;
  targetText?: string;
}

async function cannon(base: string, r: Run, seconds: number): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url: base,
    connections: r.connections,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: r.method ?? 'GET',
        path: r.path,
        headers: { 'content-type': 'application/json' },
        ...(r.setup
          ? {
              setupRequest: (req: autocannon.Request) => {
                const s = r.setup!(n++);
                return { ...req, ...(s.path ? { path: s.path } : {}), ...(s.body ? { body: s.body } : {}) };
              },
            }
          : {}),
      },
    ],
  });
}

export async function benchHttp(opts: { smoke?: boolean } = {}): Promise<HttpBenchResult> {
  const seconds = opts.smoke ? 1 : 10;
  const redisUrl = await redisUrlIfReachable();
  const { child, address, cache } = await startChild(redisUrl);
  // Franchise ids of the bundled history (Pro-Football-Reference's, as examples/data/nfl-teams.csv maps them).
  const teams = ['KAN', 'BUF', 'PHI', 'DAL', 'SFO', 'RAV', 'DET', 'MIA', 'CIN', 'GNB', 'RAM', 'NYJ', 'PIT', 'SEA', 'MIN', 'RAI'];
  // The n-th distinct game: a pair of teams, a spread and a total, all on half points as the API takes them
  // (240 pairs x 57 spreads x 81 totals: no repeat within a run).
  const uniqueGame = (n: number) => {
    const pair = n % 240;
    const home = teams[Math.floor(pair / 15)];
    const rest = teams.filter((t) => t !== home);
    return { league: 'nfl', home, away: rest[pair % 15], spread: -14 + (Math.floor(n / 240) % 57) / 2, total: 30 + (Math.floor(n / (240 * 57)) % 81) / 2 };
  };
  const query = (g: ReturnType<typeof uniqueGame>) => `/v1/predictions/games?league=nfl&home=${g.home}&away=${g.away}&spread=${g.spread}&total=${g.total}`;
  const runs: Run[] = [
    { name: 'constant 345-byte JSON (reference)', connections: 64, path: '/bench/constant' },
    { name: `msgpack value from ${cache === 'redis' ? 'Redis' : 'memory'} (reference)`, connections: 64, path: '/bench/msgpack' },
    { name: '10,000-simulation Monte Carlo per request (reference)', connections: 64, path: '/bench/montecarlo' },
    {
      name: 'cached prediction (GET)',
      connections: 64,
      path: CACHED_PATH,
      target: (f) => f.ratio >= 0.8 && f.p99Ms <= 5,
      targetText: '>= 0.8x constant, p99 <= 5 ms',
    },
    { name: 'constant 345-byte JSON, 1 client (reference: the latency floor)', connections: 1, path: '/bench/constant' },
    {
      name: `msgpack value from ${cache === 'redis' ? 'Redis' : 'memory'}, 1 client (reference: one cache round trip)`,
      connections: 1,
      path: '/bench/msgpack',
    },
    {
      name: 'uncached single prediction, 1 client',
      connections: 1,
      path: CACHED_PATH,
      setup: (n) => ({ path: query(uniqueGame(n)) }),
      target: (f) => f.p99Ms <= 2,
      targetText: 'p99 <= 2 ms',
    },
    {
      name: '16-game slate, uncached, 1 client',
      connections: 1,
      method: 'POST',
      path: '/v1/predictions/games',
      setup: (n) => ({ body: JSON.stringify(Array.from({ length: 16 }, (_, i) => uniqueGame(n * 16 + i))) }),
      target: (f) => f.p99Ms <= 20,
      targetText: 'p99 <= 20 ms',
    },
  ];
  const figures: HttpFigure[] = [];
  try {
    // Warm the cached route (and the JIT) before measuring.
    for (let i = 0; i < 200; i++) await fetch(`${address}${CACHED_PATH}`).then((r) => r.arrayBuffer());
    for (const r of runs) {
      const res = await cannon(address, r, seconds);
      const f: HttpFigure = {
        name: r.name,
        connections: r.connections,
        reqPerSec: res.requests.average,
        p50Ms: res.latency.p50,
        p99Ms: res.latency.p99,
        ratio: 0,
        errors: res.errors + res.timeouts,
        non2xx: res.non2xx,
      };
      figures.push(f);
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  const constant = figures[0].reqPerSec;
  for (const [i, f] of figures.entries()) {
    f.ratio = constant > 0 ? f.reqPerSec / constant : 0;
    const r = runs[i];
    if (r.target) {
      f.target = r.targetText;
      f.met = r.target(f) && f.errors === 0 && f.non2xx === 0;
    }
  }
  return { figures, cache, markdown: httpMarkdown(figures, cache, seconds) };
}

export function httpMarkdown(figures: HttpFigure[], cache: string, seconds: number): string {
  const rows = figures.map(
    (f) =>
      `| ${f.name} | ${f.connections} | ${Math.round(f.reqPerSec).toLocaleString('en-US')} | ${f.p50Ms} | ${f.p99Ms} | ${f.ratio.toFixed(2)}x | ${f.errors + f.non2xx} | ${f.target ? `${f.target}: ${f.met ? 'met' : 'NOT met'}` : ''} |`,
  );
  return [
    `autocannon, ${seconds} s per route, server in a child process on this machine, cache: ${cache}.`,
    '',
    '| route | connections | req/s | p50 ms | p99 ms | vs constant | errors | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- entry

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain && process.argv.includes('--child')) {
  await serveChild();
} else if (isMain) {
  const r = await benchHttp({ smoke: process.argv.includes('--smoke') });
  process.stdout.write(`# HTTP API\n\n${r.markdown}`);
}
