// The part of a bracket that pools score: every game after the play-in round. Its entrants ("main
// teams") are numbered top to bottom of the bracket, so the teams that can reach any game form one
// contiguous range; a play-in slot's entrant is the play-in's winner, which must already be decided
// (pools are filled in after the First Four). Pool games keep the bracket's round order, so children
// come before parents.
import { SimcastError } from '../../core/errors.js';
import type { Bracket } from '../tournament/bracket.js';

export interface PoolBracket {
  bracket: Bracket;
  /** Main teams (64 for the NCAA field). */
  size: number;
  /** Pool rounds: the bracket's rounds after the play-in round (6 for 64 teams). */
  rounds: number;
  /** Field team of each main team, and the main index of each field team (-1 for play-in losers). */
  team: Int32Array;
  mainOf: Int32Array;
  names: string[];
  seeds: (number | null)[];
  gameCount: number;
  /** Bracket game of each pool game. */
  game: Int32Array;
  /** Pool round (1 = first full round) of each pool game. */
  round: Int32Array;
  /** Main teams that can reach pool game j: lo[j] .. hi[j] - 1. */
  lo: Int32Array;
  hi: Int32Array;
  /** Inputs of each pool game: a pool game index (>= 0) or -(i + 1) for main team i entering there. */
  childA: Int32Array;
  childB: Int32Array;
  parent: Int32Array;
  /** path[i * rounds + k]: the pool game of team i's (k + 1)-th win (-1 past the end of its path). */
  path: Int32Array;
  pathLength: Uint8Array;
  /** position[j * size + i]: index of game j on team i's path, or -1. */
  position: Int8Array;
  /** Main team that won each pool game already, or -1. */
  decided: Int32Array;
  /** Wins already banked by each main team in decided pool games. */
  decidedWins: Uint8Array;
}

export function poolBracket(b: Bracket): PoolBracket {
  const T = b.teamCount;
  const G = b.gameCount;
  const rootGame = G - 1;
  if (G === 0 || b.gameRound[rootGame] < 2) {
    throw new SimcastError('POOL_INVALID', 'the bracket has no games after the play-in round to pick');
  }
  const mainTeams: number[] = [];
  const range = new Map<number, [number, number]>();
  const leafOf = new Map<number, number>();
  const visit = (node: number): void => {
    if (node < T) {
      leafOf.set(node, mainTeams.length);
      mainTeams.push(node);
      return;
    }
    const g = node - T;
    if (b.gameRound[g] === 1) {
      const w = b.forced[g];
      if (w < 0) {
        const [x, y] = [b.names[b.gameA[g]], b.names[b.gameB[g]]];
        throw new SimcastError(
          'POOL_INVALID',
          `the play-in game '${x}' v '${y}' is not decided: pools are filled in after the play-in games, so give its result (a results row '${x},${y}' or '${y},${x}')`,
        );
      }
      leafOf.set(node, mainTeams.length);
      mainTeams.push(w);
      return;
    }
    const lo = mainTeams.length;
    visit(b.gameA[g]);
    visit(b.gameB[g]);
    range.set(g, [lo, mainTeams.length]);
  };
  visit(T + rootGame);

  const S = mainTeams.length;
  const poolGames: number[] = [];
  for (let g = 0; g < G; g++) if (b.gameRound[g] >= 2) poolGames.push(g);
  const J = poolGames.length;
  const poolIndex = new Map(poolGames.map((g, j) => [g, j]));
  const R = b.rounds - 1;
  const mainOf = new Int32Array(T).fill(-1);
  mainTeams.forEach((t, i) => (mainOf[t] = i));
  const ref = (node: number): number => {
    const leaf = leafOf.get(node);
    if (leaf !== undefined) return -(leaf + 1);
    return poolIndex.get(node - T)!;
  };
  const pb: PoolBracket = {
    bracket: b,
    size: S,
    rounds: R,
    team: Int32Array.from(mainTeams),
    mainOf,
    names: mainTeams.map((t) => b.names[t]),
    seeds: mainTeams.map((t) => b.seeds[t]),
    gameCount: J,
    game: Int32Array.from(poolGames),
    round: Int32Array.from(poolGames, (g) => b.gameRound[g] - 1),
    lo: Int32Array.from(poolGames, (g) => range.get(g)![0]),
    hi: Int32Array.from(poolGames, (g) => range.get(g)![1]),
    childA: Int32Array.from(poolGames, (g) => ref(b.gameA[g])),
    childB: Int32Array.from(poolGames, (g) => ref(b.gameB[g])),
    parent: new Int32Array(J).fill(-1),
    path: new Int32Array(S * R).fill(-1),
    pathLength: new Uint8Array(S),
    position: new Int8Array(J * S).fill(-1),
    decided: new Int32Array(J).fill(-1),
    decidedWins: new Uint8Array(S),
  };
  for (let j = 0; j < J; j++) {
    for (const c of [pb.childA[j], pb.childB[j]]) if (c >= 0) pb.parent[c] = j;
  }
  // Paths: from each team's entry game up through the parents.
  for (let j = 0; j < J; j++) {
    for (const c of [pb.childA[j], pb.childB[j]]) {
      if (c >= 0) continue;
      const i = -c - 1;
      let k = 0;
      for (let x = j; x >= 0; x = pb.parent[x], k++) {
        pb.path[i * R + k] = x;
        pb.position[x * S + i] = k;
      }
      pb.pathLength[i] = k;
    }
  }
  for (let j = 0; j < J; j++) {
    const w = b.forced[pb.game[j]];
    if (w >= 0) {
      pb.decided[j] = mainOf[w];
      pb.decidedWins[mainOf[w]]++;
    }
  }
  return pb;
}

/** The pool game of team i's k-th win (k >= 1), or -1. */
export function gameOfWin(pb: PoolBracket, i: number, k: number): number {
  return k >= 1 && k <= pb.pathLength[i] ? pb.path[i * pb.rounds + k - 1] : -1;
}

/**
 * Main wins per team from a kernel row (games won per field team, T bytes): a play-in winner's first
 * win is the play-in, which pools do not score.
 */
export function mainWinsFromRow(pb: PoolBracket, row: Uint8Array, rowOffset: number, out: Uint8Array, outOffset: number): void {
  const b = pb.bracket;
  for (let i = 0; i < pb.size; i++) {
    const t = pb.team[i];
    const w = row[rowOffset + t] - b.playIn[t];
    out[outOffset + i] = w > 0 ? w : 0;
  }
}
