// Elo's logistic, the one formula behind every Elo-type win probability (tournament models, the game
// models' Elo, season games): p = 1 / (1 + 10^(-d/400)) for a rating difference d in Elo points.
// 10^x is computed as exp(x ln 10): the same function, and Math.exp costs 14 ns against Math.pow's 54 ns
// here, which is most of a hot-ratings game (ratings change, so nothing can be tabulated).

/** p(d) for ratings whose unit is `elo` Elo points (538's NCAA points: 30.464; Elo itself: 1). */
export function eloLogistic(elo = 1): (d: number) => number {
  const k = (elo * Math.LN10) / 400;
  return (d) => 1 / (1 + Math.exp(-d * k));
}

/** p(d) for an Elo difference d (home advantage included where there is one). */
export const eloProbability = eloLogistic(1);
