// The result of a tournament run as users read it (CLI --json, HTTP): one shape for exact and Monte Carlo.
import type { Bracket } from './bracket.js';
import { advancement } from './advancement.js';

export interface TeamReport {
  name: string;
  seed: number | null;
  region: string | null;
  rating: number;
  /** probabilities[r] = P(win through round r + 1), the play-in round first (1 without one), as rd1_win.. in 538's file. */
  probabilities: number[];
  expectedWins: number;
  /** winsDistribution[k] = P(exactly k games won). */
  winsDistribution: number[];
}

export interface TournamentReport {
  name: string;
  mode: 'exact' | 'montecarlo';
  model: string;
  hot: number | null;
  rounds: number;
  roundNames: string[];
  sims: number | null;
  seed: number | string | null;
  threads: number | null;
  elapsedMs: number;
  simsPerSecond: number | null;
  streamScheme: string | null;
  /** With game sites: the travel adjustment's k (rating points per mile^(1/3)); absent without. */
  travelK?: number;
  /** Sorted by title odds, best first (ties by name). */
  teams: TeamReport[];
}

/** Names rounds by the number of teams left, as bracket tools do ("Round of 64", "Final Four", ...). */
function roundNames(rounds: number): string[] {
  const names: string[] = [];
  for (let r = 1; r <= rounds; r++) {
    if (r === 1) names.push('Play-in');
    else {
      const left = 2 ** (rounds - r + 1);
      names.push(left === 2 ? 'Final' : left === 4 ? 'Semifinals' : left === 8 ? 'Quarterfinals' : `Round of ${left}`);
    }
  }
  return names;
}

export function buildReport(
  b: Bracket,
  wins: ArrayLike<number>,
  total: number,
  meta: Omit<TournamentReport, 'name' | 'rounds' | 'roundNames' | 'teams'>,
): TournamentReport {
  const teams = advancement(b, wins, total).map((a): TeamReport => ({
    name: b.names[a.team],
    seed: b.seeds[a.team],
    region: b.regions[a.team],
    rating: b.ratings[a.team],
    probabilities: a.probabilities,
    expectedWins: a.expectedWins,
    winsDistribution: a.winsDistribution,
  }));
  const last = b.rounds - 1;
  teams.sort((x, y) => y.probabilities[last] - x.probabilities[last] || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { name: b.name, rounds: b.rounds, roundNames: roundNames(b.rounds), ...meta, teams };
}
