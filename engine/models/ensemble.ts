// Fitting the regression models on pre-game rows, and the ensemble on their out-of-sample predictions.
//
// Logistic model (engine/models/logistic.ts, IRLS): p(home) = σ(β · x) with
//   x = [1, (R_home − R_away)/100, home field (1, or 0 neutral), logit W_home − logit W_away,
//        (rest_home − rest_away)/restDefault, (points rating home − away)/7]
// Expected margin (weighted least squares on the same x): μ_margin = γ · x; the Monte Carlo model draws
// margins N(μ_margin, marginSd²) (p(home) → Φ(μ_margin/σ) as sims grow).
// Expected total: μ_total = τ0 + τ1 (μ_home + μ_away), least squares, μ from the scoring rates.
// Rows of season s get weight seasonDecay^(S−1−s) when fitting for season S, so the fit follows the
// league as it changes (home advantage has shrunk).
//
// Ensemble (stacking): the out-of-sample component probabilities of the last `stackSeasons` seasons
// before S (each of those seasons predicted by regressions fitted only on the seasons before it) are
// combined by a logistic regression on their logits:
//   p = σ(w0 + Σ_m w_m logit p_m)
// which is the combination with the least out-of-sample log loss (ridge 2: the inputs are correlated).
// Inputs: elo, pythagorean, (poisson,) montecarlo. The logistic model is reported but not stacked: it
// and the margin regression behind montecarlo read the same features, and stacking both only added
// noise (backtest 2010–2024: 0.21904 with it, 0.21897 without; 1995–2009: 0.21764 vs 0.21761).
// The market variant: p = σ(v0 + v1 logit p_montecarlo + v2 logit Φ(−spread/marginSd)), the closing line
// read as a probability (fitted on stacking rows that have a line); with fewer inputs it beats the line
// in both periods, where the full set did not in 1995–2009.
//
// Confidence (0..1) = agreement × depth, where agreement = max(0, 1 − 4·sd of the component
// probabilities) and depth = min(1, min(games of either team) / 8): high when the models agree and
// both teams have history.
import { normalCdf } from '../math/normal.js';
import type { FeatureRows } from './features.js';
import type { LeagueConfig } from './league.js';
import { fitLinear, fitLogistic, logit, predictLogistic, sigmoid } from './logistic.js';
import { skellamOutcome } from './poisson.js';

const FEATURES = ['intercept', 'eloDiff/100', 'homeField', 'pythLogitDiff', 'restDiff', 'pointsDiff/7'] as const;
export const D = FEATURES.length;

export interface FittedModels {
  /** logistic β over FEATURES */
  logistic: number[];
  /** margin γ over FEATURES */
  margin: number[];
  marginResidualSd: number;
  /** total τ0, τ1 */
  total: number[];
  /** component names, in the order of component probability arrays */
  components: string[];
  /** the components the ensemble stacks */
  ensembleInputs: string[];
  /** ensemble weights [w0, w per ensembleInputs] (no market) */
  ensemble: number[];
  /** [v0, v_montecarlo, v_line] for the ensemble with the closing line, or null when too few lines */
  ensembleMarket: number[] | null;
  /** out-of-sample log loss of the ensemble over the stacking rows (and their count) */
  stackLogLoss: number;
  stackGames: number;
  /** the season these parameters were fitted for (rows of earlier seasons only) */
  forSeason: number;
}

interface PreGameLike {
  eloDiff: number;
  pointsDiff: number;
  homeField: number;
  pythHome: number;
  pythAway: number;
  restHome: number;
  restAway: number;
}

export function design(out: Float64Array, o: number, r: PreGameLike, cfg: LeagueConfig): void {
  out[o] = 1;
  out[o + 1] = r.eloDiff / 100;
  out[o + 2] = r.homeField;
  out[o + 3] = logit(r.pythHome) - logit(r.pythAway);
  out[o + 4] = (r.restHome - r.restAway) / cfg.restDefault;
  out[o + 5] = r.pointsDiff / 7;
}

function rowOf(rows: FeatureRows, i: number): PreGameLike {
  return {
    eloDiff: rows.eloDiff[i],
    pointsDiff: rows.pointsDiff[i],
    homeField: rows.homeField[i],
    pythHome: rows.pythHome[i],
    pythAway: rows.pythAway[i],
    restHome: rows.restHome[i],
    restAway: rows.restAway[i],
  };
}

export function dot(c: ArrayLike<number>, x: ArrayLike<number>, o = 0): number {
  let z = 0;
  for (let j = 0; j < c.length; j++) z += c[j] * x[o + j];
  return z;
}

const MARKET_INPUT = 'montecarlo';

function ensembleInputNames(cfg: LeagueConfig): string[] {
  return componentNames(cfg).filter((c) => c !== 'logistic');
}

export function componentNames(cfg: LeagueConfig): string[] {
  return cfg.scoring === 'poisson' ? ['elo', 'pythagorean', 'poisson', 'logistic', 'montecarlo'] : ['elo', 'pythagorean', 'logistic', 'montecarlo'];
}

/** p(home) of the Poisson/Skellam model, a draw counted half. */
export function poissonHomeProbability(muHome: number, muAway: number): { win: number; draw: number; loss: number; p2: number } {
  const o = skellamOutcome(Math.max(muHome, 1e-9), Math.max(muAway, 1e-9));
  return { ...o, p2: o.win + o.draw / 2 };
}

/** Line as a probability: Φ(−spread/σ). */
export function lineProbability(spread: number, sd: number): number {
  return normalCdf(-spread / sd);
}

function regressions(rows: FeatureRows, end: number, forSeason: number, cfg: LeagueConfig, x: Float64Array) {
  const w = new Float64Array(end);
  for (let i = 0; i < end; i++) w[i] = cfg.seasonDecay ** Math.max(0, forSeason - 1 - rows.season[i]);
  const xs = x.subarray(0, end * D);
  const lg = fitLogistic(xs, rows.y.subarray(0, end), D, { weights: w, ridge: 1e-3 });
  const mg = fitLinear(xs, rows.margin.subarray(0, end), D, { weights: w, ridge: 1e-3 });
  const tx = new Float64Array(end * 2);
  for (let i = 0; i < end; i++) {
    tx[2 * i] = 1;
    tx[2 * i + 1] = rows.muHome[i] + rows.muAway[i];
  }
  const tt = fitLinear(tx, rows.points.subarray(0, end), 2, { weights: w, ridge: 1e-6 });
  return { logistic: Array.from(lg.coef), margin: Array.from(mg.coef), marginResidualSd: mg.residualSd, total: Array.from(tt.coef) };
}

/** The component probabilities of row i under fitted regressions (Monte Carlo at its exact limit). */
export function componentProbabilities(
  rows: FeatureRows,
  i: number,
  reg: { logistic: number[]; margin: number[] },
  cfg: LeagueConfig,
  x: Float64Array,
  out: Float64Array,
): void {
  let k = 0;
  out[k++] = rows.pElo[i];
  out[k++] = rows.pPyth[i];
  if (cfg.scoring === 'poisson') out[k++] = poissonHomeProbability(rows.muHome[i], rows.muAway[i]).p2;
  out[k++] = sigmoid(dot(reg.logistic, x, i * D));
  out[k++] = normalCdf(dot(reg.margin, x, i * D) / cfg.marginSd);
}

/** Design matrix of all rows. */
export function designMatrix(rows: FeatureRows, cfg: LeagueConfig): Float64Array {
  const x = new Float64Array(rows.n * D);
  for (let i = 0; i < rows.n; i++) design(x, i * D, rowOf(rows, i), cfg);
  return x;
}

/** Index of the first row of `season` or later (rows are in date order, seasons ascending). */
export function seasonStart(rows: FeatureRows, season: number): number {
  let lo = 0;
  let hi = rows.n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows.season[mid] < season) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Fits everything for predicting season `forSeason` from the rows before it (x = designMatrix(rows)).
 */
export function fitModels(rows: FeatureRows, cfg: LeagueConfig, forSeason: number, x: Float64Array = designMatrix(rows, cfg)): FittedModels {
  const end = seasonStart(rows, forSeason);
  const components = componentNames(cfg);
  const m = components.length;
  const ensembleInputs = ensembleInputNames(cfg);
  const e = ensembleInputs.length;
  const inIdx = ensembleInputs.map((n) => components.indexOf(n));
  const mcIdx = components.indexOf(MARKET_INPUT);
  const eloOnly = () => {
    const w = new Array(e + 1).fill(0);
    w[1 + ensembleInputs.indexOf('elo')] = 1;
    return w;
  };
  if (end < 50) {
    // too little history: Elo alone
    return {
      logistic: [0, Math.LN10 / 4, (cfg.elo.hfa * Math.LN10) / 400, 0, 0, 0],
      margin: [0, 100 / 25, cfg.elo.hfa / 25, 0, 0, 0],
      marginResidualSd: cfg.marginSd,
      total: [0, 1],
      components,
      ensembleInputs,
      ensemble: eloOnly(),
      ensembleMarket: null,
      stackLogLoss: NaN,
      stackGames: 0,
      forSeason,
    };
  }
  const final = regressions(rows, end, forSeason, cfg, x);
  // out-of-sample rows for the stack
  const firstSeason = rows.season[0];
  const seasons: number[] = [];
  for (let s = forSeason - cfg.stackSeasons; s < forSeason; s++) if (s > firstSeason + 2) seasons.push(s);
  const stackRows: number[] = [];
  const probs: number[] = [];
  const tmp = new Float64Array(m);
  for (const s of seasons) {
    const a = seasonStart(rows, s);
    const b = seasonStart(rows, s + 1);
    if (b <= a || a < 50) continue;
    const reg = regressions(rows, a, s, cfg, x);
    for (let i = a; i < b; i++) {
      componentProbabilities(rows, i, reg, cfg, x, tmp);
      stackRows.push(i);
      for (let j = 0; j < m; j++) probs.push(tmp[j]);
    }
  }
  const ns = stackRows.length;
  let ensemble: number[];
  let ensembleMarket: number[] | null = null;
  let stackLogLoss = NaN;
  if (ns < 100) {
    ensemble = eloOnly();
  } else {
    const sx = new Float64Array(ns * (e + 1));
    const sy = new Float64Array(ns);
    for (let r = 0; r < ns; r++) {
      sx[r * (e + 1)] = 1;
      for (let j = 0; j < e; j++) sx[r * (e + 1) + 1 + j] = logit(probs[r * m + inIdx[j]]);
      sy[r] = rows.y[stackRows[r]];
    }
    const fit = fitLogistic(sx, sy, e + 1, { ridge: 2 });
    ensemble = Array.from(fit.coef);
    stackLogLoss = fit.logLoss;
    const withLine = stackRows.map((i, r) => [i, r] as const).filter(([i]) => !Number.isNaN(rows.spread[i]));
    if (withLine.length >= 100) {
      const mx = new Float64Array(withLine.length * 3);
      const my = new Float64Array(withLine.length);
      withLine.forEach(([i, r], q) => {
        mx[q * 3] = 1;
        mx[q * 3 + 1] = logit(probs[r * m + mcIdx]);
        mx[q * 3 + 2] = logit(lineProbability(rows.spread[i], cfg.marginSd));
        my[q] = rows.y[i];
      });
      ensembleMarket = Array.from(fitLogistic(mx, my, 3, { ridge: 2 }).coef);
    }
  }
  return { ...final, components, ensembleInputs, ensemble, ensembleMarket, stackLogLoss, stackGames: ns, forSeason };
}

/** Ensemble p(home) from component probabilities (and the line's probability for the market variant). */
export function ensembleProbability(fit: FittedModels, probs: ArrayLike<number>, lineP?: number | null): number {
  if (lineP != null && fit.ensembleMarket) {
    const w = fit.ensembleMarket;
    return sigmoid(w[0] + w[1] * logit(probs[fit.components.indexOf(MARKET_INPUT)]) + w[2] * logit(lineP));
  }
  let z = fit.ensemble[0];
  for (let j = 0; j < fit.ensembleInputs.length; j++) z += fit.ensemble[1 + j] * logit(probs[fit.components.indexOf(fit.ensembleInputs[j])]);
  return sigmoid(z);
}

export function confidence(probs: ArrayLike<number>, gamesHome: number, gamesAway: number): number {
  const m = probs.length;
  let s = 0;
  for (let j = 0; j < m; j++) s += probs[j];
  const mean = s / m;
  let v = 0;
  for (let j = 0; j < m; j++) v += (probs[j] - mean) ** 2;
  const sd = Math.sqrt(v / m);
  return Math.max(0, 1 - 4 * sd) * Math.min(1, Math.min(gamesHome, gamesAway) / 8);
}

export { predictLogistic };
