// The shape of a compiled bracket as plain JSON: what the bracket picture (bracket-svg.ts) draws, sent to
// the web page by POST /v1/tournaments/field and built by the CLI for --svg. Team and game indices are the
// Bracket's: node t < teams.length is a team, node teams.length + g is the winner of game g.
import type { Bracket } from './bracket.js';

export interface LayoutTeam {
  name: string;
  seed: number | null;
  region: string | null;
  rating: number;
}

export interface LayoutGame {
  /** Round 1..rounds (1 = play-in). */
  round: number;
  /** Input nodes: a team index, or teams.length + an earlier game's index. */
  a: number;
  b: number;
  /** The team that already won it (a result), or null. */
  winner: number | null;
}

export interface BracketLayout {
  name: string;
  rounds: number;
  teams: LayoutTeam[];
  /** In round order; the last one is the final. */
  games: LayoutGame[];
}

export function bracketLayout(b: Bracket): BracketLayout {
  return {
    name: b.name,
    rounds: b.rounds,
    teams: b.names.map((name, t) => ({ name, seed: b.seeds[t], region: b.regions[t], rating: b.ratings[t] })),
    games: Array.from({ length: b.gameCount }, (_, g) => ({
      round: b.gameRound[g],
      a: b.gameA[g],
      b: b.gameB[g],
      winner: b.forced[g] >= 0 ? b.forced[g] : null,
    })),
  };
}
