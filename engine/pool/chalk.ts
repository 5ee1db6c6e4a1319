// Chalk: every game picked for the favourite of the two teams the bracket sends there, bottom up. The
// favourite is the team more likely to win that game under the tournament model (exact, fixed ratings),
// so decided games keep their winners; equal chances go to the higher-rated team, then the upper one.
import type { PoolContext } from './pool-context.js';

export function chalkPicks(ctx: PoolContext): Int32Array {
  const { pb, gameWin } = ctx;
  const S = pb.size;
  const ratings = pb.bracket.ratings;
  const picks = new Int32Array(pb.gameCount);
  for (let j = 0; j < pb.gameCount; j++) {
    const A = pb.childA[j];
    const B = pb.childB[j];
    const a = A >= 0 ? picks[A] : -A - 1;
    const b = B >= 0 ? picks[B] : -B - 1;
    const pa = gameWin[j * S + a];
    const pbw = gameWin[j * S + b];
    picks[j] = pa > pbw || (pa === pbw && ratings[pb.team[a]] >= ratings[pb.team[b]]) ? a : b;
  }
  return picks;
}
