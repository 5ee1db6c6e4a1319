// Cache keys: versioned, naming everything the value depends on.
//   simcast:v2:pred:nfl:KAN:BUF:-5.5:48.5:r1234[:n][:d2025-09-07][:s2025][:o:away=120,home=-140]
// The schema version (v2) changes when a value's shape changes; the ratings version (r...) changes when
// ratings do, so stale values are never read: they simply expire. What enters a key is normalised and
// bounded by the caller (app/predictions/predict-cached.ts), so clients cannot mint unbounded keys.

const KEY_SCHEMA = 'v2';

export type CacheKind = 'pred' | 'team' | 'odds' | 'weights' | 'raw';

/** Seconds each kind of value lives (predictions 15 min, team stats 6 h, odds 5 min, model weights 24 h). */
export interface CacheTtls {
  pred: number;
  team: number;
  odds: number;
  weights: number;
  raw: number;
}

export const DEFAULT_TTLS: CacheTtls = { pred: 15 * 60, team: 6 * 3600, odds: 5 * 60, weights: 24 * 3600, raw: 15 * 60 };

/** A number as it appears in a key: shortest exact form, `_` when absent. */
function keyNum(n: number | null | undefined): string {
  if (n === null || n === undefined) return '_';
  return Object.is(n, -0) ? '0' : String(n);
}

/** Team names may hold spaces or colons; keep keys one token per field. */
function keyPart(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

interface PredictionKeyInput {
  league: string;
  home: string;
  away: string;
  neutral?: boolean;
  spread?: number | null;
  total?: number | null;
  odds?: Record<string, number | undefined> | null;
  /** YYYY-MM-DD */
  date?: string | null;
  season?: number | null;
}

export function predictionKey(prefix: string, g: PredictionKeyInput, ratingsVersion: string): string {
  let k = `${prefix}:${KEY_SCHEMA}:pred:${keyPart(g.league)}:${keyPart(g.home)}:${keyPart(g.away)}:${keyNum(g.spread)}:${keyNum(g.total)}:r${ratingsVersion}`;
  if (g.neutral) k += ':n';
  if (g.date) k += `:d${keyPart(g.date)}`;
  if (g.season !== undefined && g.season !== null) k += `:s${keyNum(g.season)}`;
  if (g.odds) {
    const parts = Object.keys(g.odds)
      .filter((name) => g.odds![name] !== undefined)
      .sort()
      .map((name) => `${name}=${keyNum(g.odds![name])}`);
    if (parts.length > 0) k += `:o:${parts.join(',')}`;
  }
  return k;
}

export function teamKey(prefix: string, league: string, team: string | null, ratingsVersion: string): string {
  return `${prefix}:${KEY_SCHEMA}:team:${keyPart(league)}:${team === null ? '*' : keyPart(team)}:r${ratingsVersion}`;
}
