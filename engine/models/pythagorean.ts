// Pythagorean expectation and the game probability built from it.
//
//   W(team)   = PF^x / (PF^x + PA^x)            x = league exponent (NFL 2.37, NBA 13.91, MLB 1.83, NHL 2.0)
//   log5      = (W_h − W_h·W_a) / (W_h + W_a − 2·W_h·W_a)     (Bill James: p that h beats a, neutral site)
//   p_home    = σ(logit(log5) + h),  h = H_elo × ln10 / 400 unless neutral (the Elo preset's home edge as a log-odds)
//
// PF and PA are exponentially weighted: after each game PF ← λ·PF + points, PA ← λ·PA + allowed
// (λ = `decay` per game), and at a new season both are multiplied by `seasonCarry`; every team starts
// with `prior` games of league-average points on both sides, which shrinks early-season values.

const PYTHAGOREAN_EXPONENTS: Readonly<Record<string, number>> = { nfl: 2.37, nba: 13.91, mlb: 1.83, nhl: 2.0, soccer: 1.35 };

export function pythagoreanExponent(league: string, override?: number): number {
  return override ?? PYTHAGOREAN_EXPONENTS[league] ?? 2.0;
}

/** W = PF^x / (PF^x + PA^x); 0.5 when both are zero. */
export function pythagoreanExpectation(pointsFor: number, pointsAgainst: number, exponent: number): number {
  if (pointsFor <= 0 && pointsAgainst <= 0) return 0.5;
  // computed as 1 / (1 + (PA/PF)^x) to stay finite for large exponents
  if (pointsFor <= 0) return 0;
  return 1 / (1 + (pointsAgainst / pointsFor) ** exponent);
}

/** Bill James's log5: p(h beats a) from the two teams' winning expectations. */
export function log5(wh: number, wa: number): number {
  const den = wh + wa - 2 * wh * wa;
  return den === 0 ? 0.5 : (wh - wh * wa) / den;
}

/** p(home) from both teams' expectations and the home edge as a log-odds (0 at a neutral site). */
export function pythagoreanGameProbability(wh: number, wa: number, homeLogit: number): number {
  const p = Math.min(1 - 1e-9, Math.max(1e-9, log5(wh, wa)));
  return 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + homeLogit)));
}
