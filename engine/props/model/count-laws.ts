// Laws of whole-number stats and the three outcomes of a line on them.
//   Poisson(μ):            Var = μ
//   negative binomial(μ, r): Var = μ + μ²/r (r → ∞ is Poisson), pmf by the recursion
//     p_0 = (r/(r+μ))^r,  p_{k+1} = p_k · (k + r)/(k + 1) · μ/(r + μ)
// A line L: over = P(Y > L), push = P(Y = L) when L is a whole number, under = the rest.

export interface CountLaw {
  kind: 'poisson' | 'negbin';
  mean: number;
  /** negative binomial size r (Infinity for Poisson) */
  size: number;
}

export interface LineOutcome {
  over: number;
  push: number;
  under: number;
}

export function countLaw(mean: number, size = Infinity): CountLaw {
  if (!(mean >= 0 && Number.isFinite(mean))) throw new RangeError(`a count law needs a finite mean ≥ 0 (got ${mean})`);
  if (!(size > 0)) throw new RangeError(`negative binomial size must be positive (got ${size})`);
  return { kind: Number.isFinite(size) ? 'negbin' : 'poisson', mean, size };
}

/** P(Y = 0..kMax) (the last entry holds the rest of the tail). */
export function countPmf(law: CountLaw, kMax: number): Float64Array {
  const out = new Float64Array(kMax + 1);
  const mu = law.mean;
  if (mu === 0) {
    out[0] = 1;
    return out;
  }
  let p: number;
  let ratio: (k: number) => number;
  if (law.kind === 'poisson') {
    p = Math.exp(-mu);
    ratio = (k) => mu / (k + 1);
  } else {
    const r = law.size;
    const q = mu / (r + mu);
    p = Math.exp(r * Math.log(r / (r + mu)));
    ratio = (k) => ((k + r) / (k + 1)) * q;
  }
  let cum = 0;
  for (let k = 0; k < kMax; k++) {
    out[k] = p;
    cum += p;
    p *= ratio(k);
  }
  out[kMax] = Math.max(0, 1 - cum);
  return out;
}

/** Enough support for the law: mean + 12 sd + 10. */
export function countSupport(law: CountLaw): number {
  const sd = Math.sqrt(law.mean + (Number.isFinite(law.size) ? (law.mean * law.mean) / law.size : 0));
  return Math.ceil(law.mean + 12 * sd + 10);
}

export function countLineOutcome(law: CountLaw, line: number): LineOutcome {
  if (!Number.isFinite(line)) throw new RangeError(`line must be a finite number (got ${line})`);
  if (line < 0) return { over: 1, push: 0, under: 0 };
  const kMax = Math.max(countSupport(law), Math.ceil(line) + 1);
  const pmf = countPmf(law, kMax);
  const whole = Number.isInteger(line);
  let under = 0;
  const top = whole ? line - 1 : Math.floor(line);
  for (let k = 0; k <= top; k++) under += pmf[k];
  const push = whole ? pmf[line] : 0;
  return { over: Math.max(0, 1 - under - push), push, under };
}

/** log P(Y = y). */
export function countLogPmf(law: CountLaw, y: number): number {
  const mu = law.mean;
  if (mu === 0) return y === 0 ? 0 : -Infinity;
  if (law.kind === 'poisson') {
    let lf = 0;
    for (let j = 2; j <= y; j++) lf += Math.log(j);
    return y * Math.log(mu) - mu - lf;
  }
  const r = law.size;
  // log Γ(y + r) − log Γ(r) − log y! as a sum, fine for the small counts of box scores
  let s = 0;
  for (let j = 0; j < y; j++) s += Math.log((r + j) / (j + 1));
  return s + r * Math.log(r / (r + mu)) + y * Math.log(mu / (r + mu));
}
