// The HTTP API: buildApp(opts) returns a ready-to-listen Fastify instance (tests inject into it;
// `simcast serve` listens with it). Safety first: body limit, slate and simulation caps, rate limit,
// bearer key for write routes, CORS only when asked; errors as docs/errors.md lists them.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Ajv } from 'ajv';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { RequestError, SimcastError } from '../core/errors.js';
import type { Db } from '../app/database.js';
import { JobQueues } from '../app/jobs/queues.js';
import { Cache, type CacheTtls } from '../app/cache.js';
import { errorBody, frameworkErrors, installErrorHandlers } from './errors.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { Predictor } from '../app/predictions/predictor.js';
import { healthRoutes } from './routes/health.js';
import { predictionRoutes } from './routes/predictions.js';
import { teamRoutes } from './routes/teams.js';
import { tournamentRoutes } from './routes/tournaments.js';
import { jobRoutes } from './routes/jobs.js';
import { calcuttaRoutes } from './routes/calcutta.js';
import { poolRoutes } from './routes/pools.js';
import { runRoutes } from './routes/runs.js';
import { propsRoutes } from './routes/props.js';
import { PropsService } from '../app/props/service.js';
import type { PropsBook } from '../app/props/book.js';
import { seasonRoutes } from './routes/seasons.js';
import { exampleRoutes } from './routes/examples.js';
import { webRoutes } from './routes/web.js';
import { VERSION as version } from '../core/version.js';

export interface AppLimits {
  /** Largest request body, bytes (default 1 MiB). */
  bodyLimit: number;
  /** Most games in one slate (default 64). */
  maxSlate: number;
  /** Most simulations in one synchronous tournament request (default 1,000,000). */
  maxSims: number;
  /** Simulations when the request names none (default 100,000). */
  defaultSims: number;
}

const DEFAULT_LIMITS: AppLimits = { bodyLimit: 1 << 20, maxSlate: 64, maxSims: 1_000_000, defaultSims: 100_000 };

export interface AppOptions {
  predictor: Predictor;
  /** A cache to use (the caller closes it); otherwise one is made from redisUrl and closed with the app. */
  cache?: Cache;
  /** redis://...; default REDIS_URL; empty or absent: the in-process LRU. */
  redisUrl?: string | null;
  cachePrefix?: string;
  ttl?: Partial<CacheTtls>;
  /** Redis timeouts (fail fast). */
  cacheTimeouts?: { connectMs?: number; commandMs?: number };
  /** Near cache in front of Redis, milliseconds (default 0: off). */
  nearCacheMs?: number;
  /** The database, for readiness (the caller closes it). */
  db?: Db | null;
  limits?: Partial<AppLimits>;
  /** Requests per client per window; false turns the limit off. Default 1,200 per minute. */
  rateLimit?: { max: number; timeWindow: number | string } | false;
  /** Bearer key for write routes; default SIMCAST_API_KEY; empty: no key needed. */
  apiKey?: string | null;
  /** CORS origins: true (any), a list, or false (default: no CORS headers). */
  cors?: boolean | string | string[];
  /** Worker threads for tournament simulations (default: the pool's default). */
  threads?: number;
  logger?: FastifyServerOptions['logger'];
  /** Player props' histories (tests, the benchmark); default: loaded from `db` on first use. */
  propsBook?: PropsBook;
  /** Process metrics (CPU, memory, event loop) in /metrics (default true). */
  defaultMetrics?: boolean;
}

export type App = FastifyInstance & { simcast: AppContext };

export interface AppContext {
  predictor: Predictor;
  cache: Cache;
  db: Db | null;
  metrics: Metrics;
  limits: AppLimits;
  threads: number | undefined;
  /** Starts jobs (pg-boss on Postgres, this process on the embedded database); null without a database. */
  jobs: JobQueues | null;
  startedAt: number;
  /** Whether a bearer token is the server's API key (false when none is set): the props tiers' internal caller. */
  isServerKey: (token: string) => boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A write route: needs the API key when one is set. */
    write?: boolean;
  }
}

export async function buildApp(opts: AppOptions): Promise<App> {
  const limits: AppLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: limits.bodyLimit,
    // Requests that arrive while the server closes get our own 503 (onRequest below), not Fastify's shape.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    genReqId: reqIdGenerator(),
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const ownCache = opts.cache === undefined;
  const redisUrl = opts.redisUrl === undefined ? process.env.REDIS_URL : opts.redisUrl;
  const cache =
    opts.cache ??
    new Cache({
      redisUrl,
      prefix: opts.cachePrefix,
      ttl: opts.ttl,
      connectTimeoutMs: opts.cacheTimeouts?.connectMs,
      commandTimeoutMs: opts.cacheTimeouts?.commandMs,
      nearTtlMs: opts.nearCacheMs,
    });
  const metrics = createMetrics(cache, { defaultMetrics: opts.defaultMetrics, db: opts.db ?? null });
  const ctx: AppContext = {
    predictor: opts.predictor,
    cache,
    db: opts.db ?? null,
    metrics,
    limits,
    threads: opts.threads,
    jobs: opts.db ? new JobQueues(opts.db, { threads: opts.threads, onQueueError: (e) => app.log.error({ err: e }, 'job queue error') }) : null,
    startedAt: Date.now(),
    isServerKey: () => false,
  };
  (app as unknown as App).simcast = ctx;
  if (ownCache) app.addHook('onClose', async () => cache.close());
  app.addHook('onClose', async () => ctx.jobs?.close());

  installErrorHandlers(app);

  // JSON bodies are typed as sent (no coercion: "5" is not a number); query strings and path parameters
  // are text, so there numbers and booleans are coerced.
  const strictAjv = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  const coercingAjv = new Ajv({ coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema));

  // While closing, answers carry `connection: close`, so kept-alive sockets end with their last
  // request and close() finishes as soon as in-flight requests are answered.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onRequest', async (_req, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    return reply.code(503).send(new SimcastError('SHUTTING_DOWN', 'the server is shutting down; retry on another instance or after it restarts').toJSON());
  });

  app.addHook('onResponse', async (req, reply) => {
    metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  if (opts.cors) {
    await app.register(cors, {
      origin: opts.cors === true ? true : opts.cors,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['content-type', 'authorization'],
    });
  }

  const apiKey = opts.apiKey === undefined ? process.env.SIMCAST_API_KEY : opts.apiKey;
  const want = apiKey ? createHash('sha256').update(apiKey).digest() : null;
  /** The bearer token's check: 'valid', 'invalid', or 'absent' (no Authorization header). */
  const bearer = (header: string | undefined): 'valid' | 'invalid' | 'absent' => {
    const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
    if (!m) return header ? 'invalid' : 'absent';
    return want !== null && timingSafeEqual(createHash('sha256').update(m[1].trim()).digest(), want) ? 'valid' : 'invalid';
  };
  ctx.isServerKey = (token) => bearer(`Bearer ${token}`) === 'valid';

  if (opts.rateLimit !== false) {
    const rl = opts.rateLimit ?? { max: 1200, timeWindow: '1 minute' };
    await app.register(rateLimit, {
      max: rl.max,
      timeWindow: rl.timeWindow,
      // Keyed on who the client proved to be: the holder of the API key, or else its address. A made-up
      // token must not buy a fresh allowance.
      keyGenerator: (req) => (bearer(req.headers.authorization) === 'valid' ? 'key' : `ip:${req.ip}`),
      errorResponseBuilder: (_req, c) => new RequestError('RATE_LIMITED', `rate limit of ${c.max} requests exceeded; retry in ${c.after}`),
    });
  }

  if (want !== null) {
    app.addHook('onRequest', async (req, reply) => {
      if (!req.routeOptions.config.write) return;
      const b = bearer(req.headers.authorization);
      if (b !== 'valid') {
        reply.header('www-authenticate', 'Bearer');
        return reply
          .code(401)
          .send(errorBody('UNAUTHORIZED', b === 'invalid' ? 'the API key is not valid' : 'this route needs the API key: Authorization: Bearer <key>'));
      }
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'simcast API',
        version,
        description: 'Game predictions (cached), team ratings, tournament simulation. Errors: { error: { code, message } } (docs/errors.md).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      tags: [
        { name: 'predictions', description: 'Game predictions from the models' },
        { name: 'teams', description: 'Team ratings and form' },
        { name: 'tournaments', description: 'Tournament simulation; stored tournaments and their runs' },
        { name: 'jobs', description: 'Batch jobs: tournament and season simulations in shards' },
        { name: 'runs', description: 'Stored runs and their results' },
        { name: 'calcutta', description: 'Calcutta auctions: optimisation runs, entry rankings, bids, reports, team values' },
        { name: 'pools', description: 'Bracket pools: the entry that wins the pool, entries evaluated, game importance, stored runs' },
        { name: 'seasons', description: 'NFL season simulation: tiebreakers, seeds, playoffs, draft order; week by week; stored season runs' },
        { name: 'operations', description: 'Health and metrics' },
        { name: 'props', description: 'Player props and slips of correlated legs: pricing, saved slips, snapshots' },
        { name: 'examples', description: 'The bundled example files (the web page offers them)' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } });

  await app.register(healthRoutes(ctx));
  await app.register(predictionRoutes(ctx, { responseCacheMs: opts.nearCacheMs ?? 0 }));
  await app.register(teamRoutes(ctx));
  await app.register(tournamentRoutes(ctx));
  await app.register(jobRoutes(ctx));
  await app.register(runRoutes(ctx));
  await app.register(calcuttaRoutes(ctx));
  await app.register(poolRoutes(ctx));
  await app.register(propsRoutes(ctx, new PropsService(cache, opts.db ?? null, opts.propsBook)));
  await app.register(seasonRoutes(ctx));
  await app.register(exampleRoutes());
  await app.register(webRoutes());
  return app as unknown as App;
}

function reqIdGenerator(): () => string {
  const base = Date.now().toString(36);
  let n = 0;
  return () => `${base}-${(++n).toString(36)}`;
}
