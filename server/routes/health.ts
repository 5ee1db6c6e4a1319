// GET /health (alive), GET /health/ready (database, cache, worker pool, models), GET /metrics.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pingDb } from '../../app/database.js';
import { poolStats } from '../../app/runtime.js';
import type { AppContext } from '../app.js';
import { HealthReply, ReadyReply } from '../schemas/health.js';

const DB_CHECK_TIMEOUT_MS = 1000;

export function healthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/health',
      { config: { rateLimit: false }, schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: HealthReply } } },
      async () => ({ status: 'ok' as const, uptimeSeconds: (Date.now() - ctx.startedAt) / 1000 }),
    );

    app.get(
      '/health/ready',
      {
        config: { rateLimit: false },
        schema: {
          tags: ['operations'],
          summary: 'Readiness: database, cache, worker pool and models; degraded states are reported, not hidden',
          description:
            'Answers 200 while the API can serve predictions (a cache or database outage degrades it; the cache falls back to computing), 503 when no models are loaded.',
          response: { 200: ReadyReply, 503: ReadyReply },
        },
      },
      async (_req, reply) => {
        const [database, cache] = await Promise.all([checkDb(ctx), checkCache(ctx)]);
        const ps = poolStats();
        const pool = {
          state: 'ok' as const,
          threads: ps?.threads ?? 0,
          utilization: ps?.utilization ?? 0,
          queueSize: ps?.queueSize ?? 0,
          ...(ps === null ? { detail: 'idle: starts with the first simulation' } : {}),
        };
        const leagues = ctx.predictor.leagues();
        const models =
          leagues.length > 0
            ? { state: 'ok' as const, source: ctx.predictor.source, leagues }
            : { state: 'degraded' as const, source: ctx.predictor.source, leagues, detail: 'no league loaded' };
        const degraded = database.state === 'degraded' || cache.state === 'degraded' || models.state === 'degraded';
        reply.code(leagues.length > 0 ? 200 : 503);
        return { status: degraded ? ('degraded' as const) : ('ok' as const), checks: { database, cache, pool, models } };
      },
    );

    app.get(
      '/metrics',
      { config: { rateLimit: false }, schema: { tags: ['operations'], summary: 'Prometheus metrics', produces: ['text/plain'] } },
      async (_req, reply) => {
        reply.header('content-type', ctx.metrics.registry.contentType);
        return ctx.metrics.registry.metrics();
      },
    );
  };
}

async function checkDb(ctx: AppContext): Promise<{ state: 'ok' | 'degraded' | 'absent'; kind?: string; detail?: string }> {
  const db = ctx.db;
  if (db === null) return { state: 'absent', detail: 'no database configured' };
  try {
    await pingDb(db, DB_CHECK_TIMEOUT_MS);
    return { state: 'ok', kind: db.kind };
  } catch (e) {
    return { state: 'degraded', kind: db.kind, detail: (e as Error).message };
  }
}

async function checkCache(ctx: AppContext): Promise<{ state: 'ok' | 'degraded'; backend: string; detail?: string }> {
  const s = ctx.cache.status();
  if (s.state === 'ok' && !(await ctx.cache.ping())) return { state: 'degraded', backend: s.backend, detail: 'ping failed' };
  return { state: s.state, backend: s.backend, ...(s.detail ? { detail: s.detail } : {}) };
}
