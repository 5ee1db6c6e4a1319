// Scores of probability forecasts against outcomes y ∈ {0, 0.5, 1} (0.5 = a tie):
//   Brier     = mean (p − y)²
//   log loss  = −mean [y ln p + (1 − y) ln(1 − p)]   (p clamped to [1e−15, 1 − 1e−15])
//   accuracy  = share of decided games whose favourite (p > 0.5) won; p = 0.5 counts half; ties excluded
//   calibration: 10 bins of p ([0, 0.1), … [0.9, 1]) with count, mean p and observed mean y
export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  meanP: number;
  observed: number;
}

export interface ForecastScores {
  games: number;
  brier: number;
  logLoss: number;
  accuracy: number;
  calibration: CalibrationBin[];
}

export function scoreForecasts(p: ArrayLike<number>, y: ArrayLike<number>): ForecastScores {
  const n = p.length;
  let brier = 0;
  let ll = 0;
  let right = 0;
  let decided = 0;
  const bins = Array.from({ length: 10 }, (_, k) => ({ lo: k / 10, hi: (k + 1) / 10, count: 0, sp: 0, sy: 0 }));
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    const yi = y[i];
    brier += (pi - yi) ** 2;
    const q = Math.min(1 - 1e-15, Math.max(1e-15, pi));
    ll -= yi * Math.log(q) + (1 - yi) * Math.log(1 - q);
    if (yi !== 0.5) {
      decided++;
      right += pi === 0.5 ? 0.5 : pi > 0.5 === (yi === 1) ? 1 : 0;
    }
    const b = bins[Math.min(9, Math.floor(pi * 10))];
    b.count++;
    b.sp += pi;
    b.sy += yi;
  }
  return {
    games: n,
    brier: brier / n,
    logLoss: ll / n,
    accuracy: decided > 0 ? right / decided : NaN,
    calibration: bins.map((b) => ({ lo: b.lo, hi: b.hi, count: b.count, meanP: b.count ? b.sp / b.count : NaN, observed: b.count ? b.sy / b.count : NaN })),
  };
}
