// The integer tallies of a season run, one Int32Array in a fixed layout, so that shards and tasks add up
// exactly in any order. Every count is a number of simulations. A season without playoffs has only the
// first two sections (the layout of earlier runs); with playoffs all of them:
//
//   halfWins  T x W     [t*W + w]: team t finished with w half-wins (W = maxHalfWins + 1)
//   place     3 x T x T [level*T*T + t*T + p-1]: t finished p-th in its division / conference / league
//   seed      T x S     [t*S + k-1]: t was seed k of its conference
//   rounds    T x 5     [t*5 + r]: t reached r = 0 the playoffs, 1 the divisional round, 2 the conference
//                       championship, 3 the Super Bowl, 4 the title
//   draft     T x T     [t*T + k-1]: t held draft pick k
//   gameHome  G         [g]: remaining game g was won by the home side
//   ifHome    G x T     [g*T + t]: g won by the home side and t made the playoffs
//   ifAway    G x T     [g*T + t]: g won by the away side and t made the playoffs
//
// With playoffs the league place is the final order the draft implies (champion first: T + 1 - pick);
// without, places are by wins with ties broken at random, as before.
import type { Season } from './season.js';

export const ROUND_COUNT = 5;

export interface Section {
  offset: number;
  length: number;
}

export interface SeasonTallyLayout {
  teams: number;
  /** Width of a team's half-win histogram. */
  width: number;
  levels: number;
  seeds: number;
  games: number;
  halfWins: Section;
  place: Section;
  seed: Section;
  rounds: Section;
  draft: Section;
  gameHome: Section;
  ifHome: Section;
  ifAway: Section;
  length: number;
}

/** What the layout depends on; seeds null for a season without playoffs. */
export interface TallyShape {
  teams: number;
  maxHalfWins: number;
  levels: number;
  seeds: number | null;
  games: number;
}

export function tallyShape(s: Season): TallyShape {
  return { teams: s.teamCount, maxHalfWins: s.maxHalfWins, levels: s.group.length, seeds: s.playoffs?.format.seeds ?? null, games: s.gameCount };
}

export function seasonTallyLayout(s: Season): SeasonTallyLayout {
  return tallyLayout(tallyShape(s));
}

export function tallyLayout(shape: TallyShape): SeasonTallyLayout {
  const T = shape.teams;
  const W = shape.maxHalfWins + 1;
  const levels = shape.levels;
  const withPlayoffs = shape.seeds !== null;
  const S = shape.seeds ?? 0;
  const G = withPlayoffs ? shape.games : 0;
  let at = 0;
  const section = (length: number): Section => {
    const sec = { offset: at, length };
    at += length;
    return sec;
  };
  const halfWins = section(T * W);
  const place = section(levels * T * T);
  const seed = section(T * S);
  const rounds = section(withPlayoffs ? T * ROUND_COUNT : 0);
  const draft = section(withPlayoffs ? T * T : 0);
  const gameHome = section(G);
  const ifHome = section(G * T);
  const ifAway = section(G * T);
  return { teams: T, width: W, levels, seeds: S, games: G, halfWins, place, seed, rounds, draft, gameHome, ifHome, ifAway, length: at };
}

/** A section's view of the tallies. */
export function sectionOf<A extends { subarray(begin: number, end: number): A }>(tallies: A, sec: Section): A {
  return tallies.subarray(sec.offset, sec.offset + sec.length);
}
