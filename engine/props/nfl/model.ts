// A fitted NFL prop model for pricing games of one season: expected stats from every game before each
// priced game (NflMarginals), and what is fitted on the seasons before it only: each stat's law, the
// game margin's and total's spread around the closing lines, the correlation table. Plain data plus a
// role cache (owned by the model object): phase-2 callers fit once per season and price many slips.
import type { NflHistory } from './history.js';
import { DEFAULT_NFL_MARGINAL_SETTINGS, NflMarginals, type NflMarginalSettings } from './marginals.js';
import { COMMON_ITEMS, DEFAULT_CORRELATION_SETTINGS, estimateCorrelations, type CorrelationSettings, type CorrelationTable } from './correlations.js';
import type { TeamRoles } from './roles.js';
import { FALLBACK_NFL_LAWS, fitNflLaws, NFL_STAT_GROUPS, type LawSample, type NflLaws } from './stat-laws.js';
import { NFL_STAT_NAMES, type NflPlayerStat } from '../parse/nflverse-weekly.js';

/** The game models' standard deviations (engine/models/montecarlo.ts) when no earlier season is there. */
export const DEFAULT_GAME_SD = { marginSd: 13.45, totalSd: 13.5 };

export interface NflGameSpread {
  marginSd: number;
  totalSd: number;
  games: number;
}

export interface NflPropModel {
  /** the model prices games of this season and later dates; fits used seasons before it */
  beforeSeason: number;
  history: NflHistory;
  marginals: NflMarginals;
  laws: NflLaws;
  game: NflGameSpread;
  correlations: CorrelationTable;
  /** roles by `${gameId}|${team}` (a cache of the model object) */
  roleCache: Map<string, TeamRoles>;
}

export interface NflModelOptions {
  beforeSeason: number;
  marginals?: NflMarginals;
  marginalSettings?: Partial<NflMarginalSettings>;
  correlation?: Partial<CorrelationSettings>;
  /** convert the common role pairs' correlations now (default true) rather than on first use */
  warm?: boolean;
  /** at most this many games per stat for fitting its law (every k-th, deterministic) */
  maxLawSamples?: number;
}

export function fitGameSpread(history: NflHistory, beforeSeason: number): NflGameSpread {
  let sm = 0;
  let st = 0;
  let n = 0;
  for (const g of history.games.values()) {
    if (g.season >= beforeSeason || g.homeScore === null || g.awayScore === null || g.spreadLine === null || g.totalLine === null) continue;
    sm += (g.homeScore - g.awayScore - g.spreadLine) ** 2;
    st += (g.homeScore + g.awayScore - g.totalLine) ** 2;
    n++;
  }
  return n >= 100 ? { marginSd: Math.sqrt(sm / n), totalSd: Math.sqrt(st / n), games: n } : { ...DEFAULT_GAME_SD, games: 0 };
}

export function fitNflPropModel(history: NflHistory, opts: NflModelOptions): NflPropModel {
  const marginals = opts.marginals ?? new NflMarginals(history, { ...DEFAULT_NFL_MARGINAL_SETTINGS, ...opts.marginalSettings });
  const samples = Object.fromEntries(NFL_STAT_NAMES.map((s) => [s, { y: [], mu: [], group: [] }])) as unknown as Record<NflPlayerStat, LawSample>;
  const earlier = history.all.filter((p) => p.season < opts.beforeSeason);
  for (const stat of NFL_STAT_NAMES) {
    const qbOnly = NFL_STAT_GROUPS[stat].length === 1 && NFL_STAT_GROUPS[stat][0] === 'QB';
    const rows = earlier.filter((p) => NFL_STAT_GROUPS[stat].includes(p.group) && (!qbOnly || p.startedAtQb));
    const max = opts.maxLawSamples ?? 12000;
    const step = Math.max(1, Math.ceil(rows.length / max));
    for (let i = 0; i < rows.length; i += step) {
      const p = rows[i];
      const e = marginals.expected(p.playerId, stat, { date: p.date, opponent: p.opponent, home: p.home });
      if (!e || e.games < 3) continue;
      samples[stat].y.push(p.stats[stat]);
      samples[stat].mu.push(e.mean);
      samples[stat].group.push(p.group);
    }
    // the law is fitted where props are offered: quarterbacks' starts, and the quarter of the other
    // players' games with the largest expected values (a backup's spread is not a starter's)
    const mus = [...samples[stat].mu].sort((a, b) => a - b);
    const cut = qbOnly ? -Infinity : (mus[Math.floor(mus.length * 0.75)] ?? 0);
    const keep = samples[stat].mu.map((m) => m >= cut);
    samples[stat] = {
      y: samples[stat].y.filter((_, i) => keep[i]),
      mu: samples[stat].mu.filter((_, i) => keep[i]),
      group: samples[stat].group.filter((_, i) => keep[i]),
    };
  }
  const laws = earlier.length > 0 ? fitNflLaws(samples) : FALLBACK_NFL_LAWS;
  const game = fitGameSpread(history, opts.beforeSeason);
  const seasons = [...history.games.values()].map((g) => g.season).filter((s) => s < opts.beforeSeason);
  const first = seasons.length ? Math.min(...seasons) : opts.beforeSeason;
  const correlations = estimateCorrelations(history, marginals, laws, game, [first, opts.beforeSeason - 1], {
    ...DEFAULT_CORRELATION_SETTINGS,
    ...opts.correlation,
  });
  if (opts.warm ?? true) correlations.warm(COMMON_ITEMS);
  return { beforeSeason: opts.beforeSeason, history, marginals, laws, game, correlations, roleCache: new Map() };
}
