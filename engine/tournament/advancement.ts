// From per-game win tallies (Monte Carlo counts, or exact probabilities with total 1) to what users
// read: the probability of winning through each round, expected wins and the wins distribution.
import { teamPaths, type Bracket } from './bracket.js';

interface TeamAdvancement {
  team: number;
  /** probabilities[r] = P(win through round r + 1); rounds before a team's first game count as won. */
  probabilities: number[];
  expectedWins: number;
  /** winsDistribution[k] = P(exactly k games won). */
  winsDistribution: number[];
}

/** `wins[g * T + t]`: how often (or how likely) team t won game g, out of `total`. */
export function advancement(b: Bracket, wins: ArrayLike<number>, total: number): TeamAdvancement[] {
  const T = b.teamCount;
  const R = b.rounds;
  return teamPaths(b).map((path, t) => {
    const probabilities = new Array<number>(R).fill(1);
    const atLeast = [1];
    for (const g of path) {
      const p = wins[g * T + t] / total;
      probabilities[b.gameRound[g] - 1] = p;
      atLeast.push(p);
    }
    for (let r = b.firstRound[t]; r <= R; r++) {
      if (!path.some((g) => b.gameRound[g] === r)) probabilities[r - 1] = 0;
    }
    const winsDistribution = atLeast.map((p, k) => p - (atLeast[k + 1] ?? 0));
    let expectedWins = 0;
    for (let k = 1; k < atLeast.length; k++) expectedWins += atLeast[k];
    return { team: t, probabilities, expectedWins, winsDistribution };
  });
}

/**
 * From integer per-game tallies of `total` simulations: counts[t][k] = simulations in which team t won
 * exactly k games (its k-th path game won, the next one not). Exact, with no look at per-simulation rows.
 */
export function winCounts(b: Bracket, wins: ArrayLike<number>, total: number): number[][] {
  const T = b.teamCount;
  return teamPaths(b).map((path, t) => {
    const atLeast = [total, ...Array.from(path, (g) => wins[g * T + t])];
    return atLeast.map((n, k) => n - (atLeast[k + 1] ?? 0));
  });
}
