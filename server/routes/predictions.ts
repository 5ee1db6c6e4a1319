// POST /v1/predictions/games (one game or a slate) and GET /v1/predictions/games (one game, cacheable).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RequestError, SimcastError } from '../../core/errors.js';
import type { AppContext } from '../app.js';
import { predictionKey } from '../cache/index.js';
import { ResponseCache } from '../cache/response-cache.js';
import type { GamePrediction, GameRequest } from '../predictor.js';
import { errorReplies, Prediction, PredictionsBody, PredictionsQuery, PredictionsReply } from '../schemas.js';

export type CachedPrediction = GamePrediction & { cached: boolean };

/** One game through the cache: the key names league, teams, line and ratings version. */
export async function predictCached(ctx: Pick<AppContext, 'cache' | 'predictor'>, given: GameRequest, where = '', awaitStore = false): Promise<CachedPrediction> {
  const p = ctx.predictor;
  if (!p.hasLeague(given.league)) {
    throw new SimcastError('OPTION_INVALID', `${where}league '${given.league}' is not loaded (known: ${p.leagues().join(', ') || 'none'})`);
  }
  // Teams by the league's ids, so KC and KAN (or "Kansas City Chiefs") share one cache entry.
  const g = p.resolveTeam ? { ...given, home: p.resolveTeam(given.league, given.home), away: p.resolveTeam(given.league, given.away) } : given;
  for (const side of ['home', 'away'] as const) {
    if (!p.hasTeam(g.league, g[side])) {
      throw new SimcastError('TEAM_UNKNOWN', `${where}${side}: unknown team '${given[side]}' in league ${g.league} (GET /v1/teams/${g.league} lists its teams)`);
    }
  }
  for (const k of ['spread', 'total'] as const) {
    const v = g[k];
    if (v !== undefined && !Number.isFinite(v)) throw new SimcastError('OPTION_INVALID', `${where}${k} must be a finite number (got ${v})`);
  }
  if (g.home === g.away) throw new SimcastError('OPTION_INVALID', `${where}home and away must be different teams (got '${g.home}' twice)`);
  const key = predictionKey(ctx.cache.prefix, g, p.ratingsVersion(g.league));
  const r = await ctx.cache.fetch('pred', key, () => p.predict(g), { awaitStore });
  return { ...r.value, cached: r.cached };
}

export interface PredictionRoutesOptions {
  /** Lifetime of serialized GET answers (the near cache's); 0 turns the response cache off. */
  responseCacheMs?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the GET handler when its answer came from the cache and may be kept serialized. */
    simcastCacheable?: { league: string; ratingsVersion: string };
  }
}

export function predictionRoutes(ctx: AppContext, o: PredictionRoutesOptions = {}): FastifyPluginAsyncTypebox {
  const responses = o.responseCacheMs ? new ResponseCache(o.responseCacheMs) : null;
  const versionOf = (league: string) => (ctx.predictor.hasLeague(league) ? ctx.predictor.ratingsVersion(league) : null);
  const maxAge = () => `public, max-age=${Math.min(60, ctx.cache.ttl.pred)}`;
  return async (app) => {
    app.post(
      '/v1/predictions/games',
      {
        config: { write: true },
        schema: {
          tags: ['predictions'],
          summary: 'Predict one game or a slate',
          description: `Body: one game, or an array of up to ${ctx.limits.maxSlate} games. Answers { predictions: [...] } in the order given.`,
          body: PredictionsBody,
          security: [{ bearer: [] }],
          response: { 200: PredictionsReply, ...errorReplies(400, 401, 413, 429) },
        },
      },
      async (req) => {
        const body = req.body;
        const games = Array.isArray(body) ? body : [body];
        if (games.length > ctx.limits.maxSlate) {
          throw new RequestError('LIMIT_EXCEEDED', `a slate holds at most ${ctx.limits.maxSlate} games (got ${games.length})`);
        }
        const many = Array.isArray(body);
        const predictions = await Promise.all(games.map((g, i) => predictCached(ctx, g, many ? `body[${i}].` : 'body.')));
        return { predictions };
      },
    );

    app.get(
      '/v1/predictions/games',
      {
        schema: {
          tags: ['predictions'],
          summary: 'Predict one game (cacheable GET form)',
          querystring: PredictionsQuery,
          response: { 200: Prediction, ...errorReplies(400, 429) },
        },
        // After the rate limit (a global onRequest hook, registered first), before validation.
        onRequest: async (req, reply) => {
          const hit = responses?.get(req.url, versionOf);
          if (hit === undefined) return;
          ctx.cache.countHit('pred');
          return reply.header('cache-control', maxAge()).type('application/json; charset=utf-8').send(hit.body as never);
        },
        onSend: async (req, reply, payload) => {
          const c = req.simcastCacheable;
          if (responses && c && reply.statusCode === 200 && typeof payload === 'string') responses.set(req.url, { body: payload, ...c });
          return payload;
        },
      },
      async (req, reply) => {
        const r = await predictCached(ctx, req.query, 'query.');
        // Only answers that were already cached are kept serialized (their flag reads `cached: true`).
        if (r.cached) req.simcastCacheable = { league: req.query.league, ratingsVersion: versionOf(req.query.league)! };
        reply.header('cache-control', maxAge());
        return r;
      },
    );
  };
}
