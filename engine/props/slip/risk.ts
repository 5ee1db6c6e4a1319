// Moments and tail risk of a discrete profit-and-loss law {x, p}.
//   VaR at level α (e.g. 0.95): the loss not exceeded with probability α, −q where q is the lower
//     (1 − α)-quantile of the P&L (smallest x with P(P&L ≤ x) ≥ 1 − α);
//   CVaR (expected shortfall, Rockafellar-Uryasev): the mean loss over the worst 1 − α of outcomes,
//     splitting the atom at q: −[Σ_{x<q} x p + q (1 − α − P(P&L < q))] / (1 − α).
// Both are reported as losses (positive = money lost).

export interface Outcome {
  x: number;
  p: number;
}

export interface RiskSummary {
  mean: number;
  variance: number;
  sd: number;
  level: number;
  valueAtRisk: number;
  conditionalValueAtRisk: number;
}

/** Merges equal values and sorts ascending. */
export function compactOutcomes(outcomes: readonly Outcome[]): Outcome[] {
  const m = new Map<number, number>();
  for (const o of outcomes) if (o.p > 0) m.set(o.x, (m.get(o.x) ?? 0) + o.p);
  return [...m].map(([x, p]) => ({ x, p })).sort((a, b) => a.x - b.x);
}

export function riskSummary(outcomes: readonly Outcome[], level: number): RiskSummary {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be strictly between 0 and 1 (got ${level})`);
  const o = compactOutcomes(outcomes);
  const total = o.reduce((s, e) => s + e.p, 0);
  let mean = 0;
  for (const e of o) mean += (e.x * e.p) / total;
  let variance = 0;
  for (const e of o) variance += ((e.x - mean) ** 2 * e.p) / total;
  const tail = 1 - level;
  let cum = 0;
  let below = 0;
  let q = o.length ? o[o.length - 1].x : 0;
  for (const e of o) {
    const p = e.p / total;
    if (cum + p >= tail - 1e-12) {
      q = e.x;
      break;
    }
    cum += p;
    below += e.x * p;
  }
  const cvar = -(below + q * (tail - cum)) / tail;
  return { mean, variance, sd: Math.sqrt(variance), level, valueAtRisk: -q, conditionalValueAtRisk: cvar };
}
