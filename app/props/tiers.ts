// Tiers: what a caller of the props routes may ask for. A user's tier (stored with the user: free, pro,
// internal) sets how many requests a minute they may make and how many simulations one slip may take;
// a request without a key is anonymous (the lowest caps), the server's own API key is internal.
// The rate is counted by @fastify/rate-limit (server/routes/props-tiers.ts gives it the key and the max
// per request); the simulation cap is checked here, before anything is priced or allocated.
import { RequestError, SimcastError } from '../../core/errors.js';
import type { Queryable } from '../../store/db.js';
import { userByApiKey, type UserRow } from '../../store/props-slips.js';
import { PROPS_LIMITS } from './price.js';

export type TierName = 'anonymous' | 'free' | 'pro' | 'internal';

export interface Tier {
  /** requests a minute, counted per caller (a user, the server's key, or an anonymous address) */
  requestsPerMinute: number;
  /** simulations of one slip (`sims`); the engine's own cap, PROPS_LIMITS.sims, bounds them all */
  maxSims: number;
}

/**
 * Why these figures: the default slip (16,384 simulations, about 2 ms) fits every tier; an anonymous
 * address gets a request a second and a slip at the default precision (SE of a 20% joint <= 0.003);
 * a free user a few slips a second at up to 100,000 simulations (SE ~ 0.0013); pro the engine's cap
 * (1,000,000: ~0.15 s a slip on one core) at the server's general limit; internal (the server's key,
 * batch tools) five times that rate.
 */
export const TIERS: Readonly<Record<TierName, Tier>> = {
  anonymous: { requestsPerMinute: 60, maxSims: 20_000 },
  free: { requestsPerMinute: 300, maxSims: 100_000 },
  pro: { requestsPerMinute: 1_200, maxSims: PROPS_LIMITS.sims },
  internal: { requestsPerMinute: 6_000, maxSims: PROPS_LIMITS.sims },
};

/** Who made a request, as the tier limits see it. */
export interface Caller {
  tier: TierName;
  /** the rate limit's key: `user:<id>`, `server-key` or `ip:<address>` */
  key: string;
  user: UserRow | null;
}

export function tierOf(name: string): TierName {
  return name in TIERS && name !== 'anonymous' ? (name as TierName) : 'free';
}

/**
 * The caller of a request from its Authorization header: no header is anonymous; the server's key is
 * internal; a user's key is the user's tier. A key that is neither is 401 (a made-up token must not
 * buy an allowance), a suspended user 403 USER_SUSPENDED.
 */
export async function resolveCaller(
  db: Queryable | null,
  authorization: string | undefined,
  o: { ip: string; isServerKey: (token: string) => boolean },
): Promise<Caller> {
  if (authorization === undefined || authorization === '') return { tier: 'anonymous', key: `ip:${o.ip}`, user: null };
  const m = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!m) throw new RequestError('UNAUTHORIZED', 'the Authorization header must be Bearer <key>');
  if (o.isServerKey(m[1])) return { tier: 'internal', key: 'server-key', user: null };
  const user = db === null ? null : await userByApiKey(db, m[1]);
  if (!user) throw new RequestError('UNAUTHORIZED', 'the API key is not a user key (POST /v1/users makes one; or send no key: the anonymous tier)');
  if (user.status !== 'active') throw new SimcastError('USER_SUSPENDED', `user ${user.id} is ${user.status}: its key is refused`);
  return { tier: tierOf(user.tier), key: `user:${user.id}`, user };
}

/** Refuses a slip over the caller's simulation cap (413 LIMIT_EXCEEDED), before anything is priced. */
export function checkTierSims(tier: TierName, sims: number | undefined, where = 'body.sims'): void {
  const n = sims ?? PROPS_LIMITS.defaultSims;
  const cap = TIERS[tier].maxSims;
  if (typeof n === 'number' && n > cap) {
    const more = (Object.keys(TIERS) as TierName[]).find((t) => TIERS[t].maxSims >= n);
    throw new RequestError(
      'LIMIT_EXCEEDED',
      `${where}: ${n.toLocaleString('en-US')} simulations; the ${tier} tier allows at most ${cap.toLocaleString('en-US')} a slip` +
        (more ? ` (ask for fewer, or use a key of the ${more} tier)` : ''),
    );
  }
}
