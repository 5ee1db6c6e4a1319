// Several slips at once over the union of their legs: one joint law (one simulation, or exact
// integration when the correlated groups are small), so every slip's profit is read off the same
// scenarios. Reports each slip's EV and variance, the covariance of their profits, the total's law with
// VaR and CVaR, and the simultaneous Kelly stakes over the joint scenarios.
import { InputError } from '../../../core/errors.js';
import { jointDistribution, type JointOptions } from '../joint/joint-distribution.js';
import { decodePattern, type LegProbabilities } from '../joint/simulate-legs.js';
import { DEFAULT_RISK_LEVEL, checkStake } from './evaluate-slip.js';
import { simultaneousKelly } from './kelly.js';
import { compilePayout, slipReturn, type SlipPayout } from './payout.js';
import { riskSummary, type RiskSummary } from './risk.js';

export interface PortfolioSlip {
  /** indices into the portfolio's legs */
  legs: number[];
  stake: number;
  payout: SlipPayout;
}

export interface PortfolioInput {
  legs: readonly LegProbabilities[];
  correlation: ArrayLike<number>;
  slips: readonly PortfolioSlip[];
  level?: number;
  joint?: JointOptions;
  /** cap on the sum of Kelly fractions (default 1) */
  maxKellyTotal?: number;
}

export interface PortfolioReport {
  slips: { pJoint: number; expectedProfit: number; variance: number; kellyFraction: number }[];
  /** covariance of the slips' profits (money), row-major */
  covariance: number[];
  total: RiskSummary & { distribution: { profit: number; p: number }[] };
  kelly: { fractions: number[]; growth: number; capped: boolean };
  method: 'exact' | 'simulate';
  sims: number | null;
}

export function evaluatePortfolio(input: PortfolioInput): PortfolioReport {
  const n = input.legs.length;
  const m = input.slips.length;
  if (m < 1) throw new InputError('SLIP_INVALID', 'a portfolio needs at least one slip');
  input.slips.forEach((s, k) => {
    checkStake(s.stake);
    if (s.legs.length < 1) throw new InputError('SLIP_INVALID', `slip ${k} has no legs`);
    for (const i of s.legs)
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new InputError('SLIP_INVALID', `slip ${k} names leg ${i}, not one of the ${n} legs`);
  });
  const compiled = input.slips.map((s) => compilePayout(s.payout, s.legs.length));
  const joint = jointDistribution(input.legs, input.correlation, input.joint);
  const S = joint.patterns.length;
  const net = new Float64Array(S * m);
  const weights = new Float64Array(S);
  const states = new Uint8Array(n);
  joint.patterns.forEach(({ code, p }, s) => {
    decodePattern(code, n, states);
    weights[s] = p;
    for (let k = 0; k < m; k++) net[s * m + k] = slipReturn(compiled[k], states, input.slips[k].legs) - 1;
  });
  const mean = new Float64Array(m);
  for (let s = 0; s < S; s++) for (let k = 0; k < m; k++) mean[k] += weights[s] * net[s * m + k] * input.slips[k].stake;
  const cov = new Array<number>(m * m).fill(0);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < m; a++) {
      const da = net[s * m + a] * input.slips[a].stake - mean[a];
      for (let b = 0; b < m; b++) cov[a * m + b] += weights[s] * da * (net[s * m + b] * input.slips[b].stake - mean[b]);
    }
  }
  const totals = joint.patterns.map((_, s) => {
    let x = 0;
    for (let k = 0; k < m; k++) x += net[s * m + k] * input.slips[k].stake;
    return { x, p: weights[s] };
  });
  const level = input.level ?? DEFAULT_RISK_LEVEL;
  const risk = riskSummary(totals, level);
  const kelly = simultaneousKelly(net, weights, m, { maxTotal: input.maxKellyTotal ?? 1 });
  const pAll = input.slips.map((sl) =>
    joint.patterns.reduce((acc, { code, p }) => (sl.legs.every((i) => decodePattern(code, n, states)[i] === 0) ? acc + p : acc), 0),
  );
  const dist = new Map<number, number>();
  for (const t of totals) dist.set(t.x, (dist.get(t.x) ?? 0) + t.p);
  return {
    slips: input.slips.map((_, k) => ({
      pJoint: pAll[k],
      expectedProfit: mean[k],
      variance: cov[k * m + k],
      kellyFraction: simultaneousKelly(Float64Array.from(joint.patterns.map((_, s) => net[s * m + k])), weights, 1).fractions[0],
    })),
    covariance: cov,
    total: { ...risk, distribution: [...dist].sort((a, b) => a[0] - b[0]).map(([profit, p]) => ({ profit, p })) },
    kelly: { fractions: kelly.fractions, growth: kelly.growth, capped: kelly.capped },
    method: joint.method,
    sims: joint.sims,
  };
}
