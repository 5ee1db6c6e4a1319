import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitLinear } from '../engine/models/logistic.js';
import { normalQuantile } from '../engine/models/probit.js';
import { normalCdf } from '../engine/math/normal.js';
import { parseSpreadspoke } from '../engine/games/spreadspoke.js';
import { backtest } from '../engine/models/backtest.js';
import { computeFeatures } from '../engine/models/features.js';
import { fitModels, seasonStart } from '../engine/models/ensemble.js';
import { leagueConfig } from '../engine/models/league.js';
import { byDate } from '../engine/games/types.js';

const games = parseSpreadspoke(readFileSync(new URL('./fixtures/nfl-games-spreadspoke.csv', import.meta.url), 'utf8')).games;

describe('helpers', () => {
  it('least squares recovers an exact line', () => {
    const f = fitLinear(Float64Array.from([1, 0, 1, 1, 1, 2, 1, 3]), Float64Array.from([1, 3, 5, 7]), 2, { ridge: 0 });
    expect(f.coef[0]).toBeCloseTo(1, 10);
    expect(f.coef[1]).toBeCloseTo(2, 10);
    expect(f.residualSd).toBeCloseTo(0, 8);
  });
  it('normalQuantile inverts normalCdf', () => {
    for (const p of [1e-10, 0.001, 0.02, 0.3, 0.5, 0.77, 0.99, 1 - 1e-9]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
  });
});

describe('walk-forward fitting', () => {
  it('a season is fitted only from the seasons before it', () => {
    const cfg = leagueConfig('nfl');
    const sorted = byDate(games);
    const all = computeFeatures(sorted, cfg).rows;
    const before = computeFeatures(
      sorted.filter((g) => g.season < 2015),
      cfg,
    ).rows;
    const a = fitModels(all, cfg, 2015);
    const b = fitModels(before, cfg, 2015);
    expect(seasonStart(all, 2015)).toBe(before.n);
    expect(a.logistic).toEqual(b.logistic);
    expect(a.ensemble).toEqual(b.ensemble);
    expect(a.ensembleMarket).toEqual(b.ensembleMarket);
  });
  it('backtest 2010-2024: the ensemble meets 0.2190; with the line it is no worse than the line', () => {
    const r = backtest(games, 'nfl', 2010, 2024);
    const by = Object.fromEntries(r.models.map((m) => [m.model, m]));
    console.log(r.models.map((m) => `${m.model}: ${m.brier.toFixed(4)}`).join('\n'));
    expect(r.games).toBeGreaterThan(4000);
    expect(by.ensemble.brier).toBeLessThan(by.elo.brier);
    // the targets (docs/backtest.md): no market ≤ 0.2190; with the line never worse than the line
    expect(by.ensemble.brier).toBeLessThanOrEqual(0.219);
    expect(by['ensemble+line (games with a line)'].brier).toBeLessThanOrEqual(by['line (games with a line)'].brier);
    expect(by.ensemble.calibration).toHaveLength(10);
  });
});

describe('a second period', () => {
  it('backtest 1995-2009, a second period: ensemble beats Elo, with the line no worse than the line', () => {
    const r = backtest(games, 'nfl', 1995, 2009);
    const by = Object.fromEntries(r.models.map((m) => [m.model, m]));
    expect(by.ensemble.brier).toBeLessThan(by.elo.brier);
    expect(by['ensemble+line (games with a line)'].brier).toBeLessThanOrEqual(by['line (games with a line)'].brier);
  });
});
