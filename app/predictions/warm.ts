// Cache warm-up: a league's games on one day, predicted and stored in Redis under the keys clients'
// requests for them use (the game's lines, date and season), so the first requests are cache hits.
import { OptionError, SimcastError } from '../../core/errors.js';
import { Cache, type CacheTtls } from '../../store/cache/index.js';
import { predictCached } from './predict-cached.js';
import type { Predictor } from './predictor.js';

interface WarmOptions {
  redisUrl: string;
  prefix?: string;
  ttl?: Partial<CacheTtls>;
}

interface WarmReport {
  league: string;
  date: string;
  ratingsVersion: string;
  ttlSeconds: number;
  games: { home: string; away: string; cached: boolean; pHome: number }[];
  /** Games that cannot be asked about (e.g. a line that is not on half points), with why. */
  skipped: { home: string; away: string; reason: string }[];
}

export async function warmPredictions(predictor: Predictor, league: string, date: string, o: WarmOptions): Promise<WarmReport> {
  const cache = new Cache({ redisUrl: o.redisUrl, prefix: o.prefix, ttl: o.ttl, connectTimeoutMs: 2000, commandTimeoutMs: 2000 });
  try {
    if (!(await cache.ready(3000))) throw new OptionError(`cannot reach Redis at REDIS_URL: ${cache.status().detail ?? 'no answer'}`);
    const report: WarmReport = { league, date, ratingsVersion: predictor.ratingsVersion(league), ttlSeconds: cache.ttl.pred, games: [], skipped: [] };
    for (const g of predictor.scheduled(league, date)) {
      try {
        const p = await predictCached({ cache, predictor }, g, '', true);
        report.games.push({ home: g.home, away: g.away, cached: p.cached, pHome: p.pHome });
      } catch (e) {
        if (!(e instanceof SimcastError) || e.code !== 'OPTION_INVALID') throw e;
        report.skipped.push({ home: g.home, away: g.away, reason: e.message });
      }
    }
    return report;
  } finally {
    await cache.close();
  }
}
