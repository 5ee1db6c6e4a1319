// POST /v1/predictions/games (one game or a slate) and GET /v1/predictions/games (one game, cacheable).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RequestError } from '../../core/errors.js';
import { predictCached } from '../../app/predictions/predict-cached.js';
import { ResponseCache } from '../../app/cache.js';
import type { AppContext } from '../app.js';
import { errorReplies } from '../schemas/common.js';
import { Prediction, PredictionsBody, PredictionsQuery, PredictionsReply } from '../schemas/predictions.js';

interface PredictionRoutesOptions {
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
          return reply
            .header('cache-control', maxAge())
            .type('application/json; charset=utf-8')
            .send(hit.body as never);
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
