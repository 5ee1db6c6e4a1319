// Odds conversions, the bookmaker's margin, expected value and Kelly staking.
//
//   decimal D from American A:  A > 0: D = 1 + A/100;  A < 0: D = 1 + 100/|A|   (A in (−100, 100) is invalid)
//   American from decimal D:    D ≥ 2: A = 100 (D − 1);  D < 2: A = −100 / (D − 1)
//   implied probability:        q = 1 / D   (the raw price, margin included)
//   margin removed (proportional / "multiplicative"): q_i' = q_i / Σ_j q_j; overround = Σ q_j − 1
//   expected value per unit staked at decimal D with win probability p (no push): EV = p (D − 1) − (1 − p)
//   Kelly fraction (b = D − 1):  f* = (b p − (1 − p)) / b, floored at 0;
//   staked = min(cap, fraction × f*)   (fractional Kelly, capped)
import { OptionError } from '../../core/errors.js';

export function americanToDecimal(american: number): number {
  if (!Number.isFinite(american) || (american > -100 && american < 100)) {
    throw new OptionError(`American odds must be ≤ -100 or ≥ 100 (got ${american})`);
  }
  return american > 0 ? 1 + american / 100 : 1 + 100 / -american;
}

export function decimalToAmerican(decimal: number): number {
  if (!Number.isFinite(decimal) || decimal <= 1) throw new OptionError(`decimal odds must be greater than 1 (got ${decimal})`);
  return decimal >= 2 ? 100 * (decimal - 1) : -100 / (decimal - 1);
}

export function impliedProbability(decimal: number): number {
  if (!Number.isFinite(decimal) || decimal <= 1) throw new OptionError(`decimal odds must be greater than 1 (got ${decimal})`);
  return 1 / decimal;
}

/** Fair probabilities of all outcomes of one market, the margin removed proportionally. */
export function removeMargin(decimals: readonly number[]): { probabilities: number[]; overround: number } {
  const q = decimals.map(impliedProbability);
  const s = q.reduce((a, b) => a + b, 0);
  return { probabilities: q.map((x) => x / s), overround: s - 1 };
}

export function expectedValue(p: number, decimal: number): number {
  return p * (decimal - 1) - (1 - p);
}

export function kellyFraction(p: number, decimal: number): number {
  const b = decimal - 1;
  if (!(b > 0)) return 0;
  return Math.max(0, (b * p - (1 - p)) / b);
}

export interface StakeRule {
  /** Fraction of full Kelly to bet (default 0.25). */
  fraction: number;
  /** Largest stake as a fraction of bankroll (default 0.05). */
  cap: number;
  /** Smallest edge p − fair implied p that earns a recommendation (default 0.03). */
  minEdge: number;
}

export const DEFAULT_STAKE_RULE: Readonly<StakeRule> = { fraction: 0.25, cap: 0.05, minEdge: 0.03 };

export function kellyStake(p: number, decimal: number, rule: Partial<StakeRule> = {}): number {
  const { fraction, cap } = { ...DEFAULT_STAKE_RULE, ...rule };
  return Math.min(cap, fraction * kellyFraction(p, decimal));
}
