import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countLaw, countLineOutcome, countLogPmf, countPmf } from '../engine/props/model/count-laws.js';
import { measureDispersion } from '../engine/props/model/dispersion.js';
import { fitYardageLaw, yardageLineOutcome, yardageProbability, yardageSd } from '../engine/props/model/yardage-law.js';
import { devig, devigOver } from '../engine/props/market/vig.js';
import { consensus } from '../engine/props/market/consensus.js';
import { applyBlend, fitBlend, MARKET_ONLY } from '../engine/props/market/blend.js';
import { parseNbaGameLog } from '../engine/props/parse/nba-gamelog.js';
import { parseOddsApiProps } from '../engine/props/parse/odds-api-props.js';
import { DEFAULT_THREES_SETTINGS, logsByDate, threesStateAsOf, walkForwardThrees } from '../engine/props/nba/threes-model.js';
import { priceThreesProp } from '../engine/props/nba/price-threes.js';
import { nbaThreesBacktest } from '../engine/props/backtest/nba-threes.js';
import { SimcastError } from '../core/errors.js';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/props/${f}`, import.meta.url), 'utf8');

describe('count laws', () => {
  it('Poisson and negative binomial: pmf sums to 1, mean and variance as parametrised', () => {
    for (const law of [countLaw(2.3), countLaw(2.3, 4)]) {
      const p = countPmf(law, 80);
      const m = p.reduce((a, v, k) => a + k * v, 0);
      const v = p.reduce((a, x, k) => a + (k - m) ** 2 * x, 0);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(m).toBeCloseTo(2.3, 10);
      expect(v).toBeCloseTo(law.kind === 'poisson' ? 2.3 : 2.3 + 2.3 ** 2 / 4, 8);
      expect(Math.exp(countLogPmf(law, 3))).toBeCloseTo(p[3], 12);
    }
  });

  it('a whole-number line has a push; a half line has none', () => {
    const law = countLaw(2);
    const half = countLineOutcome(law, 1.5);
    expect(half.push).toBe(0);
    expect(half.under).toBeCloseTo(Math.exp(-2) * 3, 12);
    const whole = countLineOutcome(law, 2);
    expect(whole.push).toBeCloseTo(2 * Math.exp(-2), 12);
    expect(whole.over + whole.push + whole.under).toBeCloseTo(1, 12);
  });

  it('measured dispersion: Poisson data give φ ≈ 1 and no finite size; overdispersed data a finite size', () => {
    const mu = Array.from({ length: 2000 }, (_, i) => 1 + (i % 5));
    // deterministic "Poisson-like" residuals: y − μ = ±√μ
    const y = mu.map((m, i) => m + (i % 2 ? 1 : -1) * Math.sqrt(m));
    expect(measureDispersion(y, mu).phi).toBeCloseTo(1, 10);
    expect(measureDispersion(y, mu).size).toBe(Infinity);
    const y2 = mu.map((m, i) => m + (i % 2 ? 1 : -1) * Math.sqrt(2 * m));
    const d2 = measureDispersion(y2, mu);
    expect(d2.phi).toBeCloseTo(2, 10);
    expect(d2.size).toBeCloseTo(mu.reduce((a, m) => a + m * m, 0) / mu.reduce((a, m) => a + m, 0), 8);
  });
});

describe('yardage law', () => {
  const families = ['normal', 'sqrt', 'lognormal'] as const;
  it('each family: whole-yard probabilities sum to 1 around the mean, the mean and sd are the stated ones, pushes at whole lines', () => {
    for (const family of families) {
      const p = { family, c: 3, gamma: 0.6, shift: 10 };
      let s = 0;
      let m = 0;
      let v2 = 0;
      for (let y = -300; y <= 3000; y++) {
        const q = yardageProbability(p, 70, y);
        s += q;
        m += q * y;
        v2 += q * y * y;
      }
      expect(s).toBeCloseTo(1, 6);
      expect(m).toBeCloseTo(70, 0);
      // discretising adds 1/12 to the variance
      expect(Math.sqrt(v2 - m * m)).toBeCloseTo(Math.sqrt(yardageSd(p, 70) ** 2 + 1 / 12), 0);
      const o = yardageLineOutcome(p, 70, 70);
      expect(o.push).toBeGreaterThan(0);
      expect(o.over + o.push + o.under).toBeCloseTo(1, 12);
      expect(yardageLineOutcome(p, 70, 69.5).push).toBe(0);
    }
  });

  it('the fit recovers the family and spread of data drawn from it', () => {
    const p = { family: 'normal' as const, c: 20, gamma: 0.3, shift: 30 };
    // deterministic quantiles of the law at each mean
    const y: number[] = [];
    const mu: number[] = [];
    for (const mean of [150, 200, 250, 300]) {
      for (let k = 1; k < 100; k++) {
        let lo = -30;
        let hi = 700;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (yardageLineOutcome(p, mean, mid + 0.5).under < k / 100) lo = mid;
          else hi = mid;
        }
        y.push(hi);
        mu.push(mean);
      }
    }
    const f = fitYardageLaw(y, mu, 30);
    expect(yardageSd(f, 250) / yardageSd(p, 250)).toBeGreaterThan(0.9);
    expect(yardageSd(f, 250) / yardageSd(p, 250)).toBeLessThan(1.1);
  });
});

describe('the market', () => {
  it('multiplicative, additive, power and Shin remove a margin and keep the order', () => {
    const d = [1.5, 2.6];
    for (const m of ['multiplicative', 'additive', 'power', 'shin'] as const) {
      const p = devig(d, m);
      expect(p[0] + p[1]).toBeCloseTo(1, 9);
      expect(p[0]).toBeGreaterThan(p[1]);
    }
    expect(devig(d, 'multiplicative')[0]).toBeCloseTo(1 / 1.5 / (1 / 1.5 + 1 / 2.6), 12);
    // power and Shin take more of the margin from the long shot
    expect(devig(d, 'power')[1]).toBeLessThan(devig(d, 'multiplicative')[1]);
    expect(devig(d, 'shin')[1]).toBeLessThan(devig(d, 'multiplicative')[1]);
    // a fair market is left alone
    expect(devig([2, 2], 'shin')).toEqual([0.5, 0.5]);
    expect(devigOver(1.909, 1.909, 'power')).toBeCloseTo(0.5, 9);
    expect(() => devig([1.9], 'power')).toThrow(SimcastError);
  });

  it('consensus in log-odds, plain mean and median', () => {
    expect(consensus([0.4, 0.6])).toBeCloseTo(0.5, 12);
    expect(consensus([0.1, 0.2, 0.9], 'median')).toBe(0.2);
    expect(consensus([0.1, 0.3], 'mean')).toBeCloseTo(0.2, 12);
  });

  it('the blend is the market with too few rows, and learns a useful model when there is one', () => {
    expect(fitBlend([0.5], [0.5], [1])).toEqual(MARKET_ONLY);
    expect(applyBlend(MARKET_ONLY, 0.37, 0.9)).toBeCloseTo(0.37, 12);
    const n = 4000;
    const pm: number[] = [];
    const pr: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const truth = 0.2 + 0.6 * ((i * 0.618) % 1);
      pm.push(0.5);
      pr.push(truth);
      y.push((i * 0.7548776662) % 1 < truth ? 1 : 0);
    }
    const w = fitBlend(pm, pr, y);
    expect(w.model).toBeGreaterThan(0.5);
  });
});

describe('NBA threes model and backtest (fixture slice)', () => {
  const logs = parseNbaGameLog(fixture('nba-player-games.csv')).rows;
  const prices = parseOddsApiProps(fixture('nba-threes-lines.csv')).rows;

  it('walk-forward: a prediction for a date ignores that day’s and later games', () => {
    const q = [{ playerId: logs.find((l) => l.player === 'Jalen Brunson')!.playerId, date: '2024-12-01', opponent: 'BOS', home: true }];
    const early = logsByDate(logs.filter((l) => l.date < '2024-12-01'));
    const all = logsByDate(logs);
    expect(walkForwardThrees(all, q, DEFAULT_THREES_SETTINGS)).toEqual(walkForwardThrees(early, q, DEFAULT_THREES_SETTINGS));
    const later = walkForwardThrees(all, [{ ...q[0], date: '2025-01-15' }], DEFAULT_THREES_SETTINGS);
    expect(later[0].games).toBeGreaterThan(walkForwardThrees(all, q, DEFAULT_THREES_SETTINGS)[0].games);
  });

  it('prices one prop from a state as of its date; unknown players and bad lines are errors', () => {
    const state = threesStateAsOf(logsByDate(logs), '2025-01-10');
    const id = logs.find((l) => l.player === 'Derrick White')!.playerId;
    const o = priceThreesProp(state, { playerId: id, opponent: 'NYK', home: true, line: 2.5 });
    expect(o.over + o.under).toBeCloseTo(1, 12);
    expect(o.prediction.mean).toBeGreaterThan(1);
    expect(() => priceThreesProp(state, { playerId: 'nobody', opponent: 'NYK', home: true, line: 2.5 })).toThrow(/no game before/);
    expect(() => priceThreesProp(state, { playerId: id, opponent: 'NYK', home: true, line: Number.NaN })).toThrow(/line must be a number/);
  });

  it('the backtest gives one row per settled price with the issue’s columns, scores and staking', () => {
    const b = nbaThreesBacktest(prices, logs);
    expect(b.rows.length).toBeGreaterThan(150);
    expect(Object.keys(b.rows[0])).toEqual([
      'date',
      'player',
      'bookmaker',
      'line',
      'over_odds',
      'under_odds',
      'p_over_market',
      'p_over_model',
      'p_over_blend',
      'threes',
    ]);
    for (const r of b.rows) {
      for (const p of [r.p_over_market, r.p_over_model, r.p_over_blend]) expect(p > 0 && p < 1).toBe(true);
    }
    expect(b.unknownPlayers).toEqual([{ player: 'Zaccharie Risacher', rows: expect.any(Number) }]);
    expect(b.scores.all.market.brier).toBeGreaterThan(0.15);
    expect(b.scores.holdout?.rows).toBeGreaterThan(0);
    expect(b.staking.all.riskMode).toBe('balanced');
    // the same input gives the same output
    expect(nbaThreesBacktest(prices, logs).rows).toEqual(b.rows);
    // a date range keeps only its rows
    const jan = nbaThreesBacktest(prices, logs, { from: '2025-01-01', to: '2025-01-31', riskMode: 'conservative' });
    expect(jan.rows.every((r) => r.date >= '2025-01-01')).toBe(true);
    expect(jan.staking.all.rule.minEdge).toBe(0.04);
  });
});
