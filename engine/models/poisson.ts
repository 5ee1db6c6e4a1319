// Poisson scores and the Skellam distribution of their difference, exactly.
//
//   home goals X ~ Poisson(μ_h), away goals Y ~ Poisson(μ_a), independent
//   μ_h = m_home × att_h × def_a,  μ_a = m_away × att_a × def_h
//     att = team's points scored per game / league points per game (weighted, see league-state.ts)
//     def = team's points allowed per game / league points per game
//     m_home, m_away = league mean home and away points per game
//   D = X − Y ~ Skellam(μ_h, μ_a):  P(D = k) = e^{−(μ_h+μ_a)} (μ_h/μ_a)^{k/2} I_|k|(2√(μ_h μ_a))
//   win = P(D > 0), draw = P(D = 0), loss = P(D < 0);   total X + Y ~ Poisson(μ_h + μ_a)
//
// I_k is the modified Bessel function of the first kind, summed as its power series in log space
// (Σ_m (x/2)^{2m+k} / (m! (m+k)!)), which is exact to rounding for the rates of real scores.

function logFactorial(n: number): number {
  // exact sum for small n, Stirling–De Moivre with three terms beyond (error < 1e-12 for n ≥ 30)
  if (n < 30) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3) + 1 / (1260 * n ** 5);
}

export function poissonPmf(k: number, mu: number): number {
  if (k < 0 || !Number.isInteger(k)) return 0;
  if (mu === 0) return k === 0 ? 1 : 0;
  return Math.exp(k * Math.log(mu) - mu - logFactorial(k));
}

/** P(X ≤ k) for X ~ Poisson(mu). */
function poissonCdf(k: number, mu: number): number {
  if (k < 0) return 0;
  let s = 0;
  for (let i = 0; i <= Math.floor(k); i++) s += poissonPmf(i, mu);
  return Math.min(1, s);
}

/** log I_k(x) for x > 0, k ≥ 0 integer, by the power series summed around its largest term. */
function logBesselI(k: number, x: number): number {
  const lh = Math.log(x / 2);
  const term = (m: number) => (2 * m + k) * lh - logFactorial(m) - logFactorial(m + k);
  // the largest term is near m* = (−k + √(k² + x²)) / 2
  const mStar = Math.max(0, Math.round((-k + Math.sqrt(k * k + x * x)) / 2));
  const top = term(mStar);
  let s = 0;
  for (let m = mStar; ; m++) {
    const t = Math.exp(term(m) - top);
    s += t;
    if (t < 1e-17 * s) break;
  }
  for (let m = mStar - 1; m >= 0; m--) {
    const t = Math.exp(term(m) - top);
    s += t;
    if (t < 1e-17 * s) break;
  }
  return top + Math.log(s);
}

/** P(X − Y = k) for X ~ Poisson(mu1), Y ~ Poisson(mu2). */
export function skellamPmf(k: number, mu1: number, mu2: number): number {
  if (mu1 === 0 || mu2 === 0) return mu2 === 0 ? poissonPmf(k, mu1) : poissonPmf(-k, mu2);
  const x = 2 * Math.sqrt(mu1 * mu2);
  return Math.exp(-(mu1 + mu2) + (k / 2) * Math.log(mu1 / mu2) + logBesselI(Math.abs(k), x));
}

interface SkellamOutcome {
  win: number;
  draw: number;
  loss: number;
}

/** Win/draw/loss for the home side, summing the Skellam pmf over |k| up to where the tails vanish. */
export function skellamOutcome(mu1: number, mu2: number): SkellamOutcome {
  const sd = Math.sqrt(mu1 + mu2);
  const kMax = Math.ceil(Math.abs(mu1 - mu2) + 12 * sd + 10);
  let win = 0;
  let loss = 0;
  for (let k = 1; k <= kMax; k++) {
    win += skellamPmf(k, mu1, mu2);
    loss += skellamPmf(-k, mu1, mu2);
  }
  const draw = skellamPmf(0, mu1, mu2);
  return { win, draw, loss };
}

/** P(X + Y > line) for a total line (a whole-number line's push is P(X + Y = line), reported apart). */
export function poissonTotal(mu1: number, mu2: number, line: number): { over: number; push: number; under: number } {
  const mu = mu1 + mu2;
  const push = Number.isInteger(line) ? poissonPmf(line, mu) : 0;
  const under = poissonCdf(Math.ceil(line) - 1, mu);
  return { over: Math.max(0, 1 - under - push), push, under };
}
