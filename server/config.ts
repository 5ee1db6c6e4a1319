// Server settings from the environment (all optional), so `simcast serve` and tests agree.
import { OptionError } from '../core/errors.js';
import type { AppLimits } from './app.js';
import type { CacheTtls } from '../store/cache/index.js';

function envInt(name: string, min: number, max: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new OptionError(`${name} must be an integer from ${min} to ${max} (got '${raw}')`);
  return v;
}

export function limitsFromEnv(): Partial<AppLimits> {
  const out: Partial<AppLimits> = {};
  const body = envInt('SIMCAST_BODY_LIMIT', 1024, 1 << 30);
  const slate = envInt('SIMCAST_MAX_SLATE', 1, 100_000);
  const sims = envInt('SIMCAST_MAX_SIMS', 1, 1e12);
  if (body !== undefined) out.bodyLimit = body;
  if (slate !== undefined) out.maxSlate = slate;
  if (sims !== undefined) out.maxSims = sims;
  return out;
}

export function ttlFromEnv(): Partial<CacheTtls> {
  const out: Partial<CacheTtls> = {};
  const names: [keyof CacheTtls, string][] = [
    ['pred', 'SIMCAST_TTL_PREDICTIONS'],
    ['team', 'SIMCAST_TTL_TEAMS'],
    ['odds', 'SIMCAST_TTL_ODDS'],
    ['weights', 'SIMCAST_TTL_WEIGHTS'],
  ];
  for (const [k, env] of names) {
    const v = envInt(env, 1, 365 * 86400);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function rateLimitFromEnv(): { max: number; timeWindow: number } | false | undefined {
  const max = envInt('SIMCAST_RATE_LIMIT', 0, 1e9);
  if (max === undefined) return undefined;
  return max === 0 ? false : { max, timeWindow: 60_000 };
}

export function corsFromEnv(): boolean | string[] {
  const raw = process.env.SIMCAST_CORS_ORIGINS;
  if (!raw) return false;
  return raw === '*'
    ? true
    : raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** SIMCAST_NEAR_CACHE_MS: in-process near cache in front of Redis (default 1000 ms; 0 turns it off). */
export function nearCacheFromEnv(): number {
  return envInt('SIMCAST_NEAR_CACHE_MS', 0, 60_000) ?? 1000;
}
