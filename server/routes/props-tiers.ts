// The props routes' tiers over HTTP: an onRequest hook finds who is calling (app/props/tiers.ts: no key is
// anonymous, the server's key internal, a user's key the user's tier; a made-up key 401, a suspended user
// 403) before @fastify/rate-limit counts the request, so the route's rate limit is keyed on that caller
// and allows its tier's requests a minute. Routes spread `tiered(ctx)` into their options.
import type { FastifyRequest } from 'fastify';
import { RequestError } from '../../core/errors.js';
import { resolveCaller, TIERS, type Caller } from '../../app/props/tiers.js';
import type { UserRow } from '../../store/props-slips.js';
import type { AppContext } from '../app.js';

const callers = new WeakMap<FastifyRequest, Caller>();

/** The caller the hook found (anonymous when the hook did not run: a route without `tiered`). */
export function callerOf(req: FastifyRequest): Caller {
  return callers.get(req) ?? { tier: 'anonymous', key: `ip:${req.ip}`, user: null };
}

/** The user the request's key belongs to; 401 for anonymous requests and the server's key. */
export function userOf(req: FastifyRequest): UserRow {
  const c = callerOf(req);
  if (c.user === null) throw new RequestError('UNAUTHORIZED', "saved slips need a user's API key: Authorization: Bearer <key> (POST /v1/users makes one)");
  return c.user;
}

/** Route options: the caller found first, then the rate limit of its tier (per caller, per route, a minute). */
export function tiered(ctx: AppContext) {
  return {
    onRequest: async (req: FastifyRequest) => {
      callers.set(req, await resolveCaller(ctx.db, req.headers.authorization, { ip: req.ip, isServerKey: ctx.isServerKey }));
    },
    config: {
      rateLimit: {
        keyGenerator: (req: FastifyRequest) => callerOf(req).key,
        max: (req: FastifyRequest) => TIERS[callerOf(req).tier].requestsPerMinute,
        timeWindow: 60_000,
      },
    },
  };
}
