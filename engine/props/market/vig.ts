// Removing the bookmaker's margin from a market's prices (q_i = 1/D_i, Σ q_i = 1 + overround):
//   multiplicative: p_i = q_i / Σ q
//   additive:       p_i = q_i − (Σ q − 1)/n
//   power:          p_i = q_i^k with k such that Σ q_i^k = 1 (k > 1 when there is a margin)
//   Shin (1993):    p_i = (√(z² + 4(1 − z) q_i²/Σq) − z) / (2(1 − z)), z in [0, 1) with Σ p_i = 1
// Power and Shin take more of the margin from long shots, which is where books put it.
import { InputError } from '../../../core/errors.js';

export type DevigMethod = 'multiplicative' | 'additive' | 'power' | 'shin';
export const DEVIG_METHODS: readonly DevigMethod[] = ['multiplicative', 'additive', 'power', 'shin'];

export function devig(decimals: readonly number[], method: DevigMethod = 'multiplicative'): number[] {
  if (decimals.length < 2) throw new InputError('OPTION_INVALID', 'a market needs at least two prices to remove the margin');
  const q = decimals.map((d) => {
    if (!(Number.isFinite(d) && d > 1)) throw new InputError('OPTION_INVALID', `decimal odds must be greater than 1 (got ${d})`);
    return 1 / d;
  });
  const s = q.reduce((a, b) => a + b, 0);
  const n = q.length;
  switch (method) {
    case 'multiplicative':
      return q.map((x) => x / s);
    case 'additive':
      return q.map((x) => Math.min(1, Math.max(0, x - (s - 1) / n)));
    case 'power': {
      // Σ q^k decreases in k (each q < 1): bisect
      let lo = 0.01;
      let hi = 100;
      for (let i = 0; i < 200; i++) {
        const k = (lo + hi) / 2;
        if (q.reduce((a, x) => a + x ** k, 0) > 1) lo = k;
        else hi = k;
      }
      const k = (lo + hi) / 2;
      return q.map((x) => x ** k);
    }
    case 'shin': {
      if (s <= 1) return q.map((x) => x / s);
      const probs = (z: number) => q.map((x) => (Math.sqrt(z * z + (4 * (1 - z) * x * x) / s) - z) / (2 * (1 - z)));
      let lo = 0;
      let hi = 0.999;
      for (let i = 0; i < 200; i++) {
        const z = (lo + hi) / 2;
        if (probs(z).reduce((a, b) => a + b, 0) > 1) lo = z;
        else hi = z;
      }
      return probs((lo + hi) / 2);
    }
    default:
      throw new InputError('OPTION_INVALID', `unknown margin method '${method as string}' (one of ${DEVIG_METHODS.join(', ')})`);
  }
}

/** Fair probability of the over from a two-way over/under price. */
export function devigOver(overDecimal: number, underDecimal: number, method: DevigMethod = 'multiplicative'): number {
  return devig([overDecimal, underDecimal], method)[0];
}
