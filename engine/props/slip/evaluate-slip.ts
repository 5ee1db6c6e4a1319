// One slip over its legs' joint law: the probability that every leg hits, against the product of the
// legs' own probabilities; fair odds; the profit law (per pattern of hits, pushes and misses, through the
// payout rule), its mean (EV), variance, VaR and CVaR; each pair of legs' correlation (latent and of
// their hit indicators); and the Kelly stake over the profit law.
import { InputError } from '../../../core/errors.js';
import { decimalToAmerican } from '../../betting/odds.js';
import { normalQuantile } from '../../models/probit.js';
import { bvnCdf } from '../joint/bivariate-normal.js';
import { jointDistribution, type JointDistribution, type JointOptions } from '../joint/joint-distribution.js';
import { decodePattern, type LegProbabilities } from '../joint/simulate-legs.js';
import { simultaneousKelly } from './kelly.js';
import { compilePayout, slipReturn, type SlipPayout } from './payout.js';
import { compactOutcomes, riskSummary, type Outcome } from './risk.js';

export const DEFAULT_RISK_LEVEL = 0.95;

export interface LegPair {
  i: number;
  j: number;
  /** latent (copula) correlation of the legs' hit orientation */
  latent: number;
  /** correlation of the two legs' hit indicators */
  phi: number;
}

export interface SlipReport {
  legs: number;
  stake: number;
  pJoint: number;
  /** Monte Carlo standard error of pJoint (0 when exact) */
  seJoint: number;
  pIndependent: number;
  /** probability that at least one leg pushes */
  pAnyPush: number;
  fairDecimal: number;
  fairAmerican: number;
  /** expected profit in money, and per unit staked */
  expectedProfit: number;
  evPerUnit: number;
  variance: number;
  sd: number;
  level: number;
  valueAtRisk: number;
  conditionalValueAtRisk: number;
  pairs: LegPair[];
  /** full-Kelly fraction of bankroll for this slip alone */
  kellyFraction: number;
  distribution: { profit: number; p: number }[];
  method: 'exact' | 'simulate';
  sims: number | null;
  projected: boolean;
}

export interface SlipInput {
  legs: readonly LegProbabilities[];
  /** latent correlation of the legs' hit orientation, row-major n × n */
  correlation: ArrayLike<number>;
  stake: number;
  payout: SlipPayout;
  level?: number;
  joint?: JointOptions;
}

export function checkStake(stake: number): void {
  if (!(Number.isFinite(stake) && stake > 0)) throw new InputError('SLIP_INVALID', `stake must be a positive number (got ${stake})`);
}

/** Pairwise leg correlations: latent and of the hit indicators (φ). */
export function legPairs(legs: readonly LegProbabilities[], correlation: ArrayLike<number>): LegPair[] {
  const n = legs.length;
  const out: LegPair[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const rho = correlation[i * n + j];
      const a = legs[i].pHit;
      const b = legs[j].pHit;
      const denom = Math.sqrt(a * (1 - a) * b * (1 - b));
      const phi = denom > 0 ? (bvnCdf(normalQuantile(a), normalQuantile(b), rho) - a * b) / denom : 0;
      out.push({ i, j, latent: rho, phi });
    }
  }
  return out;
}

/** The profit law of a slip over legs `index` of a joint distribution. */
export function slipProfitLaw(joint: JointDistribution, payout: SlipPayout, index: readonly number[], stake: number): Outcome[] {
  const compiled = compilePayout(payout, index.length);
  const states = new Uint8Array(joint.n);
  return compactOutcomes(
    joint.patterns.map(({ code, p }) => {
      decodePattern(code, joint.n, states);
      return { x: stake * (slipReturn(compiled, states, index) - 1), p };
    }),
  );
}

export function evaluateSlip(input: SlipInput): SlipReport {
  const n = input.legs.length;
  if (n < 1) throw new InputError('SLIP_INVALID', 'a slip needs at least one leg');
  checkStake(input.stake);
  const level = input.level ?? DEFAULT_RISK_LEVEL;
  const joint = jointDistribution(input.legs, input.correlation, input.joint);
  const index = [...Array(n).keys()];
  const law = slipProfitLaw(joint, input.payout, index, input.stake);
  const risk = riskSummary(law, level);
  let pAnyPush = 0;
  const states = new Uint8Array(n);
  for (const { code, p } of joint.patterns) if (decodePattern(code, n, states).some((s) => s === 1)) pAnyPush += p;
  const kelly = simultaneousKelly(Float64Array.from(law.map((o) => o.x / input.stake)), Float64Array.from(law.map((o) => o.p)), 1);
  const pJoint = joint.pAllHit;
  const fairDecimal = pJoint > 0 ? 1 / pJoint : Infinity;
  return {
    legs: n,
    stake: input.stake,
    pJoint,
    seJoint: joint.seAllHit,
    pIndependent: input.legs.reduce((s, l) => s * l.pHit, 1),
    pAnyPush,
    fairDecimal,
    fairAmerican: fairDecimal > 1 && Number.isFinite(fairDecimal) ? decimalToAmerican(fairDecimal) : NaN,
    expectedProfit: risk.mean,
    evPerUnit: risk.mean / input.stake,
    variance: risk.variance,
    sd: risk.sd,
    level,
    valueAtRisk: risk.valueAtRisk,
    conditionalValueAtRisk: risk.conditionalValueAtRisk,
    pairs: legPairs(input.legs, joint.correlation),
    kellyFraction: kelly.fractions[0],
    distribution: law.map((o) => ({ profit: o.x, p: o.p })),
    method: joint.method,
    sims: joint.sims,
    projected: joint.projected,
  };
}
