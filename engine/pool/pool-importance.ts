// Which games matter for one of our entries (or a portfolio) winning its pool: importance.ts's
// definition with X = the entry's expected prize in each tournament of a pool sample (the opponents
// already integrated out), grouped by each pool game's result. Sums are per block, added in block order.
import { bestOf, entryScores } from './evaluate.js';
import type { GameImportance } from './importance.js';
import type { PoolContext } from './pool-context.js';
import type { PoolSample } from './sample.js';

export function poolEntryImportance(ctx: PoolContext, sample: PoolSample, entries: readonly Uint8Array[]): GameImportance[] {
  const { pb, grid } = ctx;
  const S = pb.size;
  const J = pb.gameCount;
  const scores = bestOf(entries.map((e) => entryScores(grid, sample, e)))!;
  const aWins = new Float64Array(J);
  const sums = new Float64Array(J * 2);
  const block = new Float64Array(J * 2);
  const w = sample.weights;
  let total = 0;
  for (let k = 0; k + 1 < sample.blockStart.length; k++) {
    block.fill(0);
    for (let s = sample.blockStart[k]; s < sample.blockStart[k + 1]; s++) {
      const ws = w === null ? 1 : w[s];
      total += ws;
      const x = ws * sample.prize[s * sample.bins + scores[s]];
      const row = s * S;
      for (let j = 0; j < J; j++) {
        const A = pb.childA[j];
        const aHi = A >= 0 ? pb.hi[A] : -A;
        let aWon = 0;
        for (let i = pb.lo[j]; i < aHi; i++) {
          if (sample.outcomes[row + i] > pb.position[j * S + i]) {
            aWon = 1;
            break;
          }
        }
        aWins[j] += aWon * ws;
        block[j * 2 + 1 - aWon] += x;
      }
    }
    for (let x = 0; x < sums.length; x++) sums[x] += block[x];
  }
  const out: GameImportance[] = [];
  for (let j = 0; j < J; j++) {
    if (pb.decided[j] >= 0) continue;
    const nA = aWins[j];
    const nB = total - nA;
    const pA = nA / total;
    const givenA = nA > 0 ? sums[j * 2] / nA : null;
    const givenB = nB > 0 ? sums[j * 2 + 1] / nB : null;
    const swing = givenA !== null && givenB !== null ? Math.abs(givenA - givenB) : null;
    out.push({
      game: pb.game[j],
      round: pb.bracket.gameRound[pb.game[j]],
      pA,
      givenA,
      givenB,
      swing,
      importance: swing === null ? null : 2 * pA * (1 - pA) * swing,
    });
  }
  return out;
}
