// NBA same-game legs: the measured teammate and opponent correlation of threes made joins legs of one
// game (in the direction the table measured), and legs of different games stay independent. The
// measurement itself runs on the fixture's logs: symmetric in the pair's order, counts that add up.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PropsBook } from '../app/props/book.js';
import { normaliseSlip, priceSlip, type LegRequest } from '../app/props/price.js';
import {
  DEFAULT_THREES_SETTINGS,
  logsByDate,
  measureThreesCorrelations,
  nbaLegCorrelation,
  NBA_THREES_CORRELATIONS,
  parseNbaGameLog,
} from '../engine/props/index.js';
import { SAME_QUANTITY_RHO } from '../engine/props/joint/latent-correlation.js';

const logs = parseNbaGameLog(readFileSync(new URL('./fixtures/props/nba-player-games.csv', import.meta.url), 'utf8')).rows;
const book = PropsBook.fromRows({ nba: { logs } });

function price(legs: LegRequest[]) {
  return priceSlip(book, normaliseSlip(book, { league: 'nba', legs, payout: { kind: 'decimal', odds: 4 } }));
}
// Horford and White: Boston at home to Orlando; Brunson (New York, at home) against Hardaway (Detroit)
const horford = { player: 'Al Horford', date: '2025-01-17', opponent: 'ORL', home: true, stat: 'threes', line: 1.5 };
const white = { player: 'Derrick White', date: '2025-01-17', opponent: 'ORL', home: true, stat: 'threes', line: 2.5 };
const brunson = { player: 'Jalen Brunson', date: '2025-01-13', opponent: 'DET', home: true, stat: 'threes', line: 2.5 };
const hardaway = { player: 'Tim Hardaway Jr.', date: '2025-01-13', opponent: 'NYK', home: false, stat: 'threes', line: 1.5 };

describe('NBA same-game legs', () => {
  it('the table is a measured, small correlation: teammates and opponents each with their sample', () => {
    for (const rel of ['team', 'opp'] as const) {
      const e = NBA_THREES_CORRELATIONS[rel];
      expect(e.n).toBeGreaterThan(5000);
      expect(e.games).toBeGreaterThan(300);
      expect(Math.abs(e.rho)).toBeGreaterThan(0);
      expect(Math.abs(e.rho)).toBeLessThan(0.05);
      // the latent ρ of counts is a little larger than the observed r, with the same sign
      expect(Math.sign(e.rho)).toBe(Math.sign(e.r));
      expect(Math.abs(e.rho)).toBeGreaterThan(Math.abs(e.r) * (e.n / (e.n + 60)));
    }
  });

  it('teammates in one game are joined by the teammate correlation, signed by the sides', () => {
    const t = NBA_THREES_CORRELATIONS.team.rho;
    const both = price([horford, white]);
    expect(both.pairs[0]).toMatchObject({ source: 'team|threes|threes', n: NBA_THREES_CORRELATIONS.team.n });
    expect(both.pairs[0].rho).toBe(t);
    expect(both.slip.method).toBe('exact');
    const gap = both.slip.pJoint - both.slip.pIndependent;
    expect(Math.sign(gap)).toBe(Math.sign(t));
    expect(Math.abs(gap)).toBeGreaterThan(1e-4);
    const mixed = price([horford, { ...white, side: 'under' }]);
    expect(mixed.pairs[0].rho).toBe(-t);
    expect(Math.sign(mixed.slip.pJoint - mixed.slip.pIndependent)).toBe(-Math.sign(t));
  });

  it('opponents in one game are joined by the opponent correlation', () => {
    const o = NBA_THREES_CORRELATIONS.opp.rho;
    const s = price([brunson, hardaway]);
    expect(s.pairs[0]).toMatchObject({ source: 'opp|threes|threes', rho: o });
    expect(Math.sign(s.slip.pJoint - s.slip.pIndependent)).toBe(Math.sign(o));
  });

  it('legs of different games stay independent', () => {
    for (const legs of [
      [horford, brunson],
      [white, { ...hardaway, date: '2025-01-17' }], // same date, another game
    ]) {
      const s = price(legs);
      expect(s.pairs[0]).toMatchObject({ rho: 0, source: 'independent (different games)' });
      expect(s.slip.pJoint).toBeCloseTo(s.slip.pIndependent, 12);
    }
  });

  it('the pairing rule: a team plays once a date; opponents need both teams to match', () => {
    const at = (playerId: string, team: string, opponent: string, home: boolean) => ({
      playerId,
      team,
      opponent,
      home,
      date: '2025-01-13',
      side: 'over' as const,
    });
    expect(nbaLegCorrelation(at('a', 'NYK', 'DET', true), at('b', 'NYK', 'DET', true)).source).toBe('team|threes|threes');
    expect(nbaLegCorrelation(at('a', 'NYK', 'DET', true), at('b', 'DET', 'NYK', false)).source).toBe('opp|threes|threes');
    expect(nbaLegCorrelation(at('a', 'NYK', 'DET', true), at('b', 'BOS', 'NYK', false)).rho).toBe(0);
    expect(nbaLegCorrelation(at('a', 'NYK', 'DET', true), { ...at('b', 'NYK', 'DET', true), date: '2025-01-14' }).rho).toBe(0);
    expect(nbaLegCorrelation(at('a', 'NYK', 'DET', true), at('a', 'NYK', 'DET', true)).rho).toBe(SAME_QUANTITY_RHO);
    expect(nbaLegCorrelation(at('a', 'NYK', 'DET', true), { ...at('a', 'NYK', 'DET', true), side: 'under' }).rho).toBe(-SAME_QUANTITY_RHO);
  });

  it('two legs on one player are his threes twice: nested lines join near the Fréchet bounds', () => {
    const over = (line: number) => ({ ...white, line });
    const p = (line: number, side = 'over') => price([{ ...over(line), side }]).slip.pJoint;
    // over 1.5 and over 2.5 is over 2.5
    const nested = price([over(1.5), over(2.5)]);
    expect(nested.pairs[0]).toMatchObject({ source: 'the same quantity', rho: SAME_QUANTITY_RHO });
    expect(nested.slip.pJoint).toBeLessThanOrEqual(p(2.5));
    expect(nested.slip.pJoint).toBeGreaterThan(p(2.5) - 0.01);
    expect(nested.slip.pJoint).toBeGreaterThan(nested.slip.pIndependent + 0.1);
    // over 2.5 and under 1.5 cannot both hit
    expect(price([over(2.5), { ...over(1.5), side: 'under' }]).slip.pJoint).toBeLessThan(0.01);
    // over 1.5 and under 3.5 is 2 or 3 threes: P(over 1.5) + P(under 3.5) − 1
    const band = price([over(1.5), { ...over(3.5), side: 'under' }]).slip.pJoint;
    expect(band).toBeCloseTo(p(1.5) + p(3.5, 'under') - 1, 2);
  });

  it('the measurement on the fixture: a pair counted once a game, and only the games before `before`', () => {
    const byDate = logsByDate(logs);
    const m = measureThreesCorrelations(byDate, { ...DEFAULT_THREES_SETTINGS }, { minMean: 0.5, minGames: 3 });
    // Horford and White share most games; the only opposing pairs are Brunson and Hardaway's
    expect(m.team.n).toBeGreaterThan(20);
    expect(m.opp.n).toBeGreaterThanOrEqual(1);
    for (const e of [m.team]) {
      expect(Number.isFinite(e.r) && Number.isFinite(e.rho) && e.se > 0).toBe(true);
      expect(e.n).toBe(e.games); // one pair of teammates a game here
    }
    const before = measureThreesCorrelations(byDate, { ...DEFAULT_THREES_SETTINGS }, { minMean: 0.5, minGames: 3, before: '2025-01-01' });
    expect(before.team.n).toBeLessThan(m.team.n);
  });
});
