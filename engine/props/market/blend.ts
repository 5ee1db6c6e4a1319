// A blend of the market's probability and the model's: logistic regression on their log-odds,
//   p = σ(b0 + b1 logit(p_market) + b2 logit(p_model)),
// fitted only on rows settled before the rows it prices (the caller passes those). With too few rows
// the blend is the market itself (b = 0, 1, 0).
import { fitLogistic, logit, sigmoid } from '../../models/logistic.js';

export interface BlendWeights {
  intercept: number;
  market: number;
  model: number;
  /** rows the weights were fitted on (0 = the market alone) */
  rows: number;
}

export const MARKET_ONLY: BlendWeights = { intercept: 0, market: 1, model: 0, rows: 0 };

export function fitBlend(
  pMarket: ArrayLike<number>,
  pModel: ArrayLike<number>,
  outcome: ArrayLike<number>,
  opts: { minRows?: number; ridge?: number } = {},
): BlendWeights {
  const n = outcome.length;
  if (n < (opts.minRows ?? 500)) return MARKET_ONLY;
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i * 3] = 1;
    x[i * 3 + 1] = logit(pMarket[i]);
    x[i * 3 + 2] = logit(pModel[i]);
    y[i] = outcome[i];
  }
  const fit = fitLogistic(x, y, 3, { ridge: opts.ridge ?? 1 });
  if (!fit.converged) return MARKET_ONLY;
  return { intercept: fit.coef[0], market: fit.coef[1], model: fit.coef[2], rows: n };
}

export function applyBlend(w: BlendWeights, pMarket: number, pModel: number): number {
  return sigmoid(w.intercept + w.market * logit(pMarket) + w.model * logit(pModel));
}
