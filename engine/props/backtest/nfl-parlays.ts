// NFL parlay pricing on history: every slip priced as of its game's date with the model fitted on the
// seasons before the game's (fitNflPropModel), its legs joined by the copula; beside it the product of
// the legs' own probabilities. Each slip is settled from the box score when it can be (1 = every leg
// hit; a leg's push counts as not hit, as in the priced event; null when a player did not play).
// A slip whose legs cannot be priced (unknown player or game, a stat without a model, legs of two
// games' seasons) is reported with its reason; the others still price.
import { InputError, isSimcastError } from '../../../core/errors.js';
import { decimalToAmerican } from '../../betting/odds.js';
import type { JointOptions } from '../joint/joint-distribution.js';
import type { NflHistory } from '../nfl/history.js';
import { fitNflPropModel, type NflModelOptions, type NflPropModel } from '../nfl/model.js';
import { nflJoint, type NflLegSpec } from '../nfl/price-legs.js';
import { NflMarginals } from '../nfl/marginals.js';
import type { NflSlipRow } from '../parse/nfl-slips.js';
import type { NflPlayerStat } from '../parse/nflverse-weekly.js';

export interface NflParlayPrice {
  slip_id: string;
  legs: number;
  p_joint: number;
  p_independent: number;
  /** fair American odds of the joint probability */
  fair_odds: number;
  /** 1 when every leg hit, 0 when one did not, null when it cannot be settled */
  outcome: 1 | 0 | null;
  method: 'exact' | 'simulate';
}

export interface NflParlayResult {
  prices: NflParlayPrice[];
  rejected: { slip_id: string; line: number; reason: string }[];
}

/** Fitted models by season, built on demand (the caller may keep and pass it to later calls). */
export type NflModelCache = Map<number, NflPropModel>;

export function modelForSeason(history: NflHistory, season: number, cache: NflModelCache, opts: Partial<NflModelOptions> = {}): NflPropModel {
  let m = cache.get(season);
  if (!m) {
    const shared = [...cache.values()][0]?.marginals ?? opts.marginals ?? new NflMarginals(history);
    cache.set(season, (m = fitNflPropModel(history, { ...opts, beforeSeason: season, marginals: shared })));
  }
  return m;
}

function legHit(history: NflHistory, leg: NflLegSpec): 1 | 0 | null {
  const g = history.games.get(leg.gameId);
  if (!g || g.homeScore === null || g.awayScore === null) return null;
  let value: number;
  if (!leg.playerId) value = leg.stat === 'home_margin' ? g.homeScore - g.awayScore : g.homeScore + g.awayScore;
  else {
    const row = (history.byGame.get(leg.gameId) ?? []).find((p) => p.playerId === leg.playerId);
    if (!row) return null;
    value = row.stats[leg.stat as NflPlayerStat];
  }
  return (leg.side === 'over' ? value > leg.line : value < leg.line) ? 1 : 0;
}

export function priceNflParlays(
  history: NflHistory,
  slips: readonly NflSlipRow[],
  opts: { cache?: NflModelCache; joint?: JointOptions; model?: Partial<NflModelOptions> } = {},
): NflParlayResult {
  const cache = opts.cache ?? new Map();
  const bySlip = new Map<string, NflSlipRow[]>();
  for (const s of slips) {
    let a = bySlip.get(s.slipId);
    if (!a) bySlip.set(s.slipId, (a = []));
    a.push(s);
  }
  const prices: NflParlayPrice[] = [];
  const rejected: NflParlayResult['rejected'] = [];
  for (const [slipId, rows] of bySlip) {
    try {
      const games = rows.map((r) => history.games.get(r.gameId));
      const missing = rows.findIndex((_, i) => games[i] === undefined);
      if (missing >= 0) throw new InputError('LEG_INVALID', `game '${rows[missing].gameId}' is not in the schedules`);
      const season = Math.min(...games.map((g) => g!.season));
      if (games.some((g) => g!.season !== season)) throw new InputError('SLIP_INVALID', 'legs from games of two seasons: price them as two slips');
      const model = modelForSeason(history, season, cache, opts.model);
      const legs: NflLegSpec[] = rows.map((r) => ({ gameId: r.gameId, playerId: r.playerId, stat: r.stat, side: r.side, line: r.threshold }));
      const { priced, joint } = nflJoint(model, legs, opts.joint);
      const pInd = priced.legs.reduce((p, l) => p * (l.side === 'over' ? l.pOver : l.pUnder), 1);
      const hits = legs.map((l) => legHit(history, l));
      const outcome = hits.some((h) => h === null) ? null : hits.every((h) => h === 1) ? 1 : 0;
      const d = joint.pAllHit > 0 ? 1 / joint.pAllHit : Infinity;
      prices.push({
        slip_id: slipId,
        legs: rows.length,
        p_joint: joint.pAllHit,
        p_independent: pInd,
        fair_odds: d > 1 && Number.isFinite(d) ? decimalToAmerican(d) : NaN,
        outcome,
        method: joint.method,
      });
    } catch (e) {
      if (!isSimcastError(e)) throw e;
      rejected.push({ slip_id: slipId, line: rows[0].line, reason: (e as Error).message });
    }
  }
  return { prices, rejected };
}

export interface ParlayCalibration {
  slips: number;
  observed: number;
  /** standard error of the observed frequency, √(f(1−f)/n) */
  standardError: number;
  copula: { meanP: number; logLoss: number; brier: number };
  independent: { meanP: number; logLoss: number; brier: number };
}

/** Scores of the copula's joint probability and of the independent product on settled slips. */
export function parlayCalibration(prices: readonly NflParlayPrice[]): ParlayCalibration {
  const settled = prices.filter((p) => p.outcome !== null);
  const n = settled.length;
  const score = (f: (p: NflParlayPrice) => number) => {
    let m = 0;
    let ll = 0;
    let b = 0;
    for (const s of settled) {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, f(s)));
      m += p;
      ll -= s.outcome === 1 ? Math.log(p) : Math.log(1 - p);
      b += (p - s.outcome!) ** 2;
    }
    return { meanP: m / n, logLoss: ll / n, brier: b / n };
  };
  const obs = settled.reduce((a, s) => a + s.outcome!, 0) / Math.max(n, 1);
  return {
    slips: n,
    observed: obs,
    standardError: Math.sqrt((obs * (1 - obs)) / Math.max(n, 1)),
    copula: score((p) => p.p_joint),
    independent: score((p) => p.p_independent),
  };
}
