import { describe, expect, it } from 'vitest';
import { americanToDecimal, decimalToAmerican, expectedValue, impliedProbability, kellyFraction, kellyStake, removeMargin } from '../engine/betting/odds.js';
import { recommend } from '../engine/betting/recommend.js';

describe('odds conversions', () => {
  it('American ↔ decimal', () => {
    expect(americanToDecimal(150)).toBe(2.5);
    expect(americanToDecimal(-200)).toBe(1.5);
    expect(americanToDecimal(-110)).toBeCloseTo(1 + 100 / 110, 15);
    expect(americanToDecimal(100)).toBe(2);
    expect(decimalToAmerican(2.5)).toBeCloseTo(150, 12);
    expect(decimalToAmerican(1.5)).toBeCloseTo(-200, 12);
    for (const a of [-450, -110, 100, 135, 700]) expect(decimalToAmerican(americanToDecimal(a))).toBeCloseTo(a, 9);
    expect(() => americanToDecimal(50)).toThrow('American odds must be ≤ -100 or ≥ 100 (got 50)');
    expect(() => decimalToAmerican(1)).toThrow('decimal odds must be greater than 1 (got 1)');
  });
  it('implied probability with the margin removed', () => {
    expect(impliedProbability(2.5)).toBe(0.4);
    const d = americanToDecimal(-110);
    const { probabilities, overround } = removeMargin([d, d]);
    expect(probabilities).toEqual([0.5, 0.5]);
    expect(overround).toBeCloseTo(2 * (110 / 210) - 1, 14);
    const m = removeMargin([americanToDecimal(-150), americanToDecimal(130)]);
    const q1 = 150 / 250;
    const q2 = 100 / 230;
    expect(m.probabilities[0]).toBeCloseTo(q1 / (q1 + q2), 14);
    expect(m.probabilities[1]).toBeCloseTo(q2 / (q1 + q2), 14);
  });
  it('EV and Kelly against their closed forms', () => {
    expect(expectedValue(0.55, 2)).toBeCloseTo(0.1, 14);
    // f* = (bp − q)/b: b = 1, p = 0.55 → 0.1; b = 1.5, p = 0.5 → (0.75 − 0.5)/1.5
    expect(kellyFraction(0.55, 2)).toBeCloseTo(0.1, 14);
    expect(kellyFraction(0.5, 2.5)).toBeCloseTo(1 / 6, 14);
    expect(kellyFraction(0.4, 2)).toBe(0);
    expect(kellyStake(0.55, 2, { fraction: 0.5, cap: 1 })).toBeCloseTo(0.05, 14);
    expect(kellyStake(0.7, 2, { fraction: 1, cap: 0.05 })).toBe(0.05);
  });
  it('recommends only when the edge clears the threshold', () => {
    expect(recommend({ pHome: 0.52, hasSpread: false, hasTotal: false, odds: { home: -110, away: -110 } })).toBeNull();
    const r = recommend({ pHome: 0.6, hasSpread: false, hasTotal: false, odds: { home: -110, away: -110 } });
    expect(r).toMatchObject({ market: 'moneyline', side: 'home', odds: -110 });
    expect(r!.edge).toBeCloseTo(0.1, 12);
    expect(r!.kelly).toBeCloseTo(kellyFraction(0.6, americanToDecimal(-110)), 12);
    expect(r!.stake).toBeCloseTo(Math.min(0.05, 0.25 * r!.kelly), 12);
    const s = recommend({ pHome: 0.5, pCover: 0.4, pOver: 0.5, hasSpread: true, hasTotal: true });
    expect(s).toMatchObject({ market: 'spread', side: 'away' });
    expect(recommend({ pHome: 0.5, pCover: 0.51, pOver: 0.49, hasSpread: true, hasTotal: true })).toBeNull();
  });
});
