// Walk-forward backtest. One pass records every game's pre-game features (engine/models/features.ts:
// ratings and sums as they stood before the game, updated game by game with results already known);
// for each season S from `from` to `to`, the regressions and the ensemble weights are fitted on the
// seasons before S only (fitModels), and every game of S is predicted with them. No game's result and
// no later season's fit reaches its own prediction.
//
// Scores per model, over games with a result (a tie counts y = 0.5):
//   Brier = mean (p − y)²;  log loss = −mean [y ln p + (1 − y) ln(1 − p)];  accuracy over games not tied
//   calibration: 10 equal-width bins of p with games, mean p and observed frequency
//   ROI against the closing spread: each model's p(home) read as a margin m = σ Φ⁻¹(p) (σ = marginSd);
//   P(home covers) = 1 − Φ((−s + c − m)/σ) and push = Φ((−s + c − m)/σ) − Φ((−s − c − m)/σ), with c = 0.5
//   for a whole-number line (margins are whole) and 0 otherwise; conditioned on no push, the side with
//   the larger probability is bet at −110 when its edge over 0.5238 (the break-even of −110 with the margin
//   removed is 0.5) clears `minEdge`, staking fractional Kelly capped (engine/betting). ROI = profit / staked.
// Reference rows: the closing line as a probability, Φ(−spread/σ), on games that have one.
import { normalCdf } from '../math/normal.js';
import { americanToDecimal, kellyStake, DEFAULT_STAKE_RULE, type StakeRule } from '../betting/odds.js';
import type { Game } from '../games/types.js';
import { byDate } from '../games/types.js';
import { componentNames, designMatrix, ensembleProbability, fitModels, lineProbability, seasonStart, componentProbabilities } from './ensemble.js';
import { computeFeatures } from './features.js';
import { leagueConfig, type LeagueOverrides } from './league.js';
import { normalQuantile } from './probit.js';
import { scoreForecasts, type CalibrationBin } from './metrics.js';
import { marginCalibration, type MarginBucket } from './margin-calibration.js';

export interface ModelScore {
  model: string;
  games: number;
  brier: number;
  logLoss: number;
  accuracy: number;
  calibration: CalibrationBin[];
  bets: number;
  staked: number;
  profit: number;
  roi: number;
}

export interface BacktestResult {
  league: string;
  from: number;
  to: number;
  games: number;
  models: ModelScore[];
  /**
   * The ensemble's predicted margin (σ Φ⁻¹(p), as predictions report expectedMargin) against the margin
   * played, by size of the predicted margin: 'ensemble' on every game, 'ensemble+line' on games with a line.
   */
  marginCalibration: { model: string; buckets: MarginBucket[] }[];
  /** per season Brier of each model */
  seasons: { season: number; games: number; brier: Record<string, number> }[];
  ms: number;
}

interface BacktestOptions {
  config?: LeagueOverrides;
  stake?: Partial<StakeRule>;
}

class Acc {
  p: number[] = [];
  y: number[] = [];
  bets = 0;
  staked = 0;
  profit = 0;
  get n(): number {
    return this.p.length;
  }
  add(p: number, y: number): void {
    this.p.push(p);
    this.y.push(y);
  }
  score(model: string): ModelScore {
    const s = scoreForecasts(this.p, this.y);
    return { model, ...s, bets: this.bets, staked: this.staked, profit: this.profit, roi: this.staked > 0 ? this.profit / this.staked : 0 };
  }
}

const DEC_110 = americanToDecimal(-110);

/** Kelly bet against the closing spread at −110 given a model's p(home); updates acc. */
function betSpread(acc: Acc, p: number, spread: number, margin: number, sd: number, rule: StakeRule): void {
  const m = sd * normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, p)));
  const c = Number.isInteger(spread) ? 0.5 : 0;
  const upper = normalCdf((-spread + c - m) / sd);
  const lower = normalCdf((-spread - c - m) / sd);
  const push = upper - lower;
  const cover = (1 - upper) / (1 - push);
  const side = cover >= 0.5 ? 1 : -1;
  const ps = side === 1 ? cover : 1 - cover;
  if (ps - 0.5 < rule.minEdge) return;
  const stake = kellyStake(ps, DEC_110, rule);
  if (!(stake > 0)) return;
  acc.bets++;
  acc.staked += stake;
  const res = margin + spread;
  if (res === 0) return;
  acc.profit += res > 0 === (side === 1) ? stake * (DEC_110 - 1) : -stake;
}

export function backtest(games: readonly Game[], league: string, from: number, to: number, opts: BacktestOptions = {}): BacktestResult {
  const t0 = performance.now();
  const cfg = leagueConfig(league, opts.config);
  const rule = { ...DEFAULT_STAKE_RULE, ...opts.stake };
  const { rows } = computeFeatures(byDate(games), cfg);
  const x = designMatrix(rows, cfg);
  const comps = componentNames(cfg);
  const names = [...comps, 'ensemble', 'ensemble+line', 'line'];
  const acc = new Map(names.map((n) => [n, new Acc()]));
  // the market rows are scored on games with a line only; a second set of accumulators restricted to
  // those games makes the comparison like for like
  const lineAcc = new Map(['ensemble', 'ensemble+line', 'line', 'elo'].map((n) => [n, new Acc()]));
  const seasons: BacktestResult['seasons'] = [];
  const probs = new Float64Array(comps.length);
  const toMargin = (p: number) => cfg.marginSd * normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, p)));
  const margins = { ensemble: { m: [] as number[], y: [] as number[] }, 'ensemble+line': { m: [] as number[], y: [] as number[] } };
  let total = 0;
  for (let s = from; s <= to; s++) {
    const a = seasonStart(rows, s);
    const b = seasonStart(rows, s + 1);
    if (b <= a) continue;
    const fit = fitModels(rows, cfg, s, x);
    const per = new Map<string, { n: number; b: number }>();
    const note = (name: string, p: number, y: number) => {
      const e = per.get(name) ?? { n: 0, b: 0 };
      e.n++;
      e.b += (p - y) ** 2;
      per.set(name, e);
    };
    for (let i = a; i < b; i++) {
      const y = rows.y[i];
      componentProbabilities(rows, i, fit, cfg, x, probs);
      const spread = rows.spread[i];
      const hasLine = !Number.isNaN(spread);
      const score = (name: string, p: number) => {
        acc.get(name)!.add(p, y);
        note(name, p, y);
        if (hasLine) betSpread(acc.get(name)!, p, spread, rows.margin[i], cfg.marginSd, rule);
      };
      comps.forEach((n, j) => score(n, probs[j]));
      const pe = ensembleProbability(fit, probs);
      score('ensemble', pe);
      margins.ensemble.m.push(toMargin(pe));
      margins.ensemble.y.push(rows.margin[i]);
      if (hasLine) {
        const pl = lineProbability(spread, cfg.marginSd);
        const pm = ensembleProbability(fit, probs, pl);
        margins['ensemble+line'].m.push(toMargin(pm));
        margins['ensemble+line'].y.push(rows.margin[i]);
        score('ensemble+line', pm);
        score('line', pl);
        lineAcc.get('ensemble')!.add(pe, y);
        lineAcc.get('ensemble+line')!.add(pm, y);
        lineAcc.get('line')!.add(pl, y);
        lineAcc.get('elo')!.add(probs[0], y);
      }
      total++;
    }
    seasons.push({ season: s, games: b - a, brier: Object.fromEntries([...per].map(([k, v]) => [k, v.b / v.n])) });
  }
  const models = names.filter((n) => acc.get(n)!.n > 0).map((n) => acc.get(n)!.score(n));
  for (const [n, a2] of lineAcc) if (a2.n > 0) models.push({ ...a2.score(`${n} (games with a line)`), bets: 0, staked: 0, profit: 0, roi: 0 });
  const byMargin = Object.entries(margins)
    .filter(([, v]) => v.m.length > 0)
    .map(([model, v]) => ({ model, buckets: marginCalibration(v.m, v.y, cfg.marginSd) }));
  return { league, from, to, games: total, models, marginCalibration: byMargin, seasons, ms: performance.now() - t0 };
}
