// Win probability of A over B from ratings: the pluggable piece of a tournament run.
import { SimcastError } from '../../core/errors.js';
import { eloLogistic, eloProbability } from '../math/elo-probability.js';
import { normalCdf } from '../math/normal.js';

export interface WinProbabilityModel {
  /** Stable name recorded with a run, e.g. "538", "elo", "normal(sigma=11)". */
  readonly name: string;
  /** P(A beats B) for ratings rA, rB; must be in [0, 1] with prob(a,b) + prob(b,a) = 1. */
  prob(rA: number, rB: number): number;
}

const p538 = eloLogistic(30.464);

/** FiveThirtyEight's NCAA model: ratings on a points scale, p = 1/(1+10^(-(rA-rB)*30.464/400)). */
export const fiveThirtyEight: WinProbabilityModel = {
  name: '538',
  prob: (rA, rB) => p538(rA - rB),
};

/** Classic Elo: p = 1/(1+10^(-(rA-rB)/400)). */
export const eloScale: WinProbabilityModel = {
  name: 'elo',
  prob: (rA, rB) => eloProbability(rA - rB),
};

/** Ratings as expected points: the margin is Normal(rA - rB, sigma), p = Phi((rA - rB) / sigma). */
export function normalSpread(sigma: number): WinProbabilityModel {
  if (!(Number.isFinite(sigma) && sigma > 0)) {
    throw new SimcastError('OPTION_INVALID', `options.sigma must be a positive number (got ${sigma})`);
  }
  return { name: `normal(sigma=${sigma})`, prob: (rA, rB) => normalCdf((rA - rB) / sigma) };
}

export const MODEL_NAMES = ['538', 'elo', 'normal'] as const;

export function winModelByName(name: string, sigma = 11): WinProbabilityModel {
  switch (name) {
    case '538':
      return fiveThirtyEight;
    case 'elo':
      return eloScale;
    case 'normal':
      return normalSpread(sigma);
    default:
      throw new SimcastError('OPTION_INVALID', `options.model must be one of ${MODEL_NAMES.join(', ')} (got '${name}')`);
  }
}

/**
 * Ratings at or above this are on an Elo scale (1200-2000): no points-scale rating (538's NCAA ratings are
 * 60-100, margins -40..+40) comes near it, and no Elo rating falls below it.
 */
const ELO_SCALE_FLOOR = 400;

/**
 * The built-in models read ratings on one scale each: '538' and 'normal' in points, 'elo' in Elo points.
 * A field on the other scale gives confident nonsense (Elo ratings under 538: a 30-point edge is 99%;
 * points under Elo: every game a coin flip), so it stops with MODEL_MISMATCH and says which model fits.
 */
export function checkRatingScale(modelName: string, ratings: ArrayLike<number>): void {
  let max = 0;
  for (let i = 0; i < ratings.length; i++) max = Math.max(max, Math.abs(ratings[i]));
  const model = modelName.replace(/\(.*$/, '');
  if ((model === '538' || model === 'normal') && max >= ELO_SCALE_FLOOR) {
    throw new SimcastError(
      'MODEL_MISMATCH',
      `ratings up to ${max} are on an Elo scale, but the '${model}' model reads ratings in points (538's NCAA ratings are 60-100): use --model elo (or "model": {"name": "elo"})`,
    );
  }
  if (model === 'elo' && ratings.length > 0 && max < ELO_SCALE_FLOOR) {
    throw new SimcastError(
      'MODEL_MISMATCH',
      `ratings up to ${max} are on a points scale, but the 'elo' model reads Elo ratings (1200-2000): every game would be near a coin flip; use --model 538 or --model normal`,
    );
  }
}

/**
 * Runtime check of a (possibly user-supplied) model on the field's own ratings: probabilities in [0,1],
 * complementary, one half for equal ratings, not decreasing in A's rating.
 */
export function verifyWinModel(model: WinProbabilityModel, ratings: ArrayLike<number>): void {
  const fail = (why: string) => {
    throw new SimcastError('MODEL_INVALID', `win probability model '${model.name}' ${why}`);
  };
  if (typeof model.prob !== 'function') fail('has no prob(rA, rB) function');
  checkRatingScale(model.name, ratings);
  const rs = Array.from(ratings).slice(0, 64);
  for (const a of rs) {
    const half = model.prob(a, a);
    if (Math.abs(half - 0.5) > 1e-12) fail(`gives ${half} for equal ratings ${a}, not 0.5`);
    for (const b of rs) {
      const p = model.prob(a, b);
      if (!(p >= 0 && p <= 1)) fail(`gives ${p} for ratings ${a} vs ${b}, outside [0, 1]`);
      const q = model.prob(b, a);
      if (Math.abs(p + q - 1) > 1e-9) fail(`is not complementary: p(${a},${b}) + p(${b},${a}) = ${p + q}`);
      if (a > b && p < 0.5) fail(`favours the lower rating: p(${a},${b}) = ${p}`);
    }
  }
}

/**
 * The integer threshold the kernels compare a generator output against, shifted into signed 32-bit
 * space so the comparison stays on small integers: A wins iff (u ^ 0x80000000) < threshold, i.e.
 * u < round(p * 2^32). Exact to the generator's 32-bit resolution; p = 1 is clamped to 1 - 2^-32 (a
 * certain winner is a decided game, which the kernels handle apart).
 */
export function probToThreshold(p: number): number {
  const t = Math.min(4294967295, Math.max(0, Math.round(p * 4294967296)));
  return (t - 2147483648) | 0;
}
