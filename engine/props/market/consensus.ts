// A consensus of several books' fair probabilities for the same outcome: the mean in log-odds (a book
// at 0.02 and one at 0.10 agree on "unlikely", which the plain mean would blur), or the plain mean, or
// the median.
import { logit, sigmoid } from '../../models/logistic.js';

export type ConsensusMethod = 'logit-mean' | 'mean' | 'median';

export function consensus(probabilities: readonly number[], method: ConsensusMethod = 'logit-mean'): number {
  const n = probabilities.length;
  if (n === 0) return NaN;
  if (method === 'mean') return probabilities.reduce((a, b) => a + b, 0) / n;
  if (method === 'median') {
    const s = [...probabilities].sort((a, b) => a - b);
    return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
  return sigmoid(probabilities.reduce((a, p) => a + logit(p), 0) / n);
}
