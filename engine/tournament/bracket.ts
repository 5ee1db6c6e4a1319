// Compiles a FieldSpec into the flat, typed-array bracket the kernels and the exact calculator read.
//
// Nodes 0..T-1 are the teams; node T+g is the winner of game g. Games are in round order (play-ins
// first), so both inputs of a game are known before it is played. Rounds are numbered as
// FiveThirtyEight does: 1 = play-in (First Four), 2 = first full round, ..., R = final.
import { FieldError, type ErrorLocation } from '../../core/errors.js';
import type { FieldSpec, ResultSpec } from '../field/types.js';

export interface Bracket {
  name: string;
  teamCount: number;
  names: string[];
  seeds: (number | null)[];
  regions: (string | null)[];
  ratings: Float64Array;
  /** Number of rounds including the play-in round: log2(slots) + 1. */
  rounds: number;
  gameCount: number;
  /** Node index of each game's first and second input. */
  gameA: Int32Array;
  gameB: Int32Array;
  /** Round (1..rounds) of each game. */
  gameRound: Int32Array;
  /** Team that wins each game when it is already decided, else -1. */
  forced: Int32Array;
  /** Round of each team's first game (1 for play-in teams, 2 + byes otherwise). */
  firstRound: Int32Array;
  /** Whether each team must play a play-in game. */
  playIn: Uint8Array;
  /** Rounds each team enters past without a game (byes). */
  byes: Uint8Array;
  /**
   * Travel adjustments (travel.ts withTravel), absent without game sites: travel[a * T + b] is added to
   * team a's rating in its game against b. Every win probability of the run reads it.
   */
  travel?: Float64Array;
  /** The k those adjustments were made with (rating points per mile^(1/3)), for the report. */
  travelK?: number;
}

const fieldLoc = (spec: FieldSpec, where?: ErrorLocation): ErrorLocation => ({ file: spec.source, ...where });

type BracketTree = Pick<Bracket, 'teamCount' | 'gameCount' | 'gameA' | 'gameB'>;

/** For each node (team t at t, game g at T + g), the game its winner plays next; -1 for the final. */
export function gameParents(b: BracketTree): Int32Array {
  const parent = new Int32Array(b.teamCount + b.gameCount).fill(-1);
  for (let g = 0; g < b.gameCount; g++) {
    parent[b.gameA[g]] = g;
    parent[b.gameB[g]] = g;
  }
  return parent;
}

/** For each team, its possible games in round order (the chain of games its winner moves up through). */
export function teamPaths(b: BracketTree): Int32Array[] {
  const T = b.teamCount;
  const parent = gameParents(b);
  const paths: Int32Array[] = [];
  for (let t = 0; t < T; t++) {
    const games: number[] = [];
    for (let g = parent[t]; g >= 0; g = parent[T + g]) games.push(g);
    paths.push(Int32Array.from(games));
  }
  return paths;
}

export function compileBracket(spec: FieldSpec): Bracket {
  const T = spec.teams.length;
  const index = new Map<string, number>();
  spec.teams.forEach((t, i) => {
    if (index.has(t.name)) {
      throw new FieldError('TEAM_DUPLICATE', `team '${t.name}' appears twice`, { location: fieldLoc(spec, t.where) });
    }
    if (!Number.isFinite(t.rating)) {
      throw new FieldError('RATING_INVALID', `rating of '${t.name}' must be a finite number`, { location: fieldLoc(spec, t.where) });
    }
    index.set(t.name, i);
  });
  const S = spec.slots.length;
  if (S < 2 || (S & (S - 1)) !== 0) {
    throw new FieldError('SIZE_INVALID', `the bracket has ${S} slots; the size must be a power of two of at least 2`, {
      location: fieldLoc(spec, { field: 'slots' }),
    });
  }
  const levels = Math.log2(S);
  const rounds = levels + 1;

  const gameA: number[] = [];
  const gameB: number[] = [];
  const gameRound: number[] = [];
  const seen = new Int32Array(T).fill(0);
  const playIn = new Uint8Array(T);
  const byes = new Uint8Array(T);
  const lookup = (name: string, where?: ErrorLocation): number => {
    const i = index.get(name);
    if (i === undefined) throw new FieldError('TEAM_UNKNOWN', `unknown team '${name}'`, { location: fieldLoc(spec, where) });
    if (seen[i]++ > 0) throw new FieldError('TEAM_DUPLICATE', `team '${name}' fills two slots`, { location: fieldLoc(spec, where) });
    return i;
  };
  const addGame = (a: number, b: number, round: number): number => {
    gameA.push(a);
    gameB.push(b);
    gameRound.push(round);
    return T + gameA.length - 1;
  };

  // Level 0: one node per slot (-1 for a bye).
  let level: number[] = spec.slots.map((slot) => {
    if (slot.kind === 'bye') return -1;
    if (slot.kind === 'team') return lookup(slot.team, slot.where);
    const a = lookup(slot.teams[0], slot.where);
    const b = lookup(slot.teams[1], slot.where);
    playIn[a] = 1;
    playIn[b] = 1;
    return addGame(a, b, 1);
  });
  for (let l = 1; l <= levels; l++) {
    const next: number[] = [];
    for (let j = 0; j < level.length; j += 2) {
      const a = level[j];
      const b = level[j + 1];
      if (a < 0 && b < 0) next.push(-1);
      else if (a < 0 || b < 0) {
        // A bye: the team opposite enters one round later. Only a single team can be given a bye, so
        // that every team's byes are fixed by the field, not by earlier results.
        const t = a < 0 ? b : a;
        if (t >= T) {
          const slot = spec.slots[(j + (a < 0 ? 1 : 0)) << (l - 1)];
          throw new FieldError('SLOT_INVALID', 'a bye must stand opposite a single team, not a game', {
            location: fieldLoc(spec, slot?.where ?? { field: 'slots' }),
          });
        }
        byes[t]++;
        next.push(t);
      } else next.push(addGame(a, b, l + 1));
    }
    level = next;
  }
  spec.teams.forEach((t, i) => {
    if (seen[i] === 0) throw new FieldError('SLOT_INVALID', `team '${t.name}' is in no slot`, { location: fieldLoc(spec, t.where) });
  });

  const G = gameA.length;
  const bracket: Bracket = {
    name: spec.name ?? 'tournament',
    teamCount: T,
    names: spec.teams.map((t) => t.name),
    seeds: spec.teams.map((t) => t.seed ?? null),
    regions: spec.teams.map((t) => t.region ?? null),
    ratings: Float64Array.from(spec.teams, (t) => t.rating),
    rounds,
    gameCount: G,
    gameA: Int32Array.from(gameA),
    gameB: Int32Array.from(gameB),
    gameRound: Int32Array.from(gameRound),
    forced: new Int32Array(G).fill(-1),
    firstRound: Int32Array.from({ length: T }, (_, i) => (playIn[i] ? 1 : 2 + byes[i])),
    playIn,
    byes,
  };
  applyResults(bracket, spec, spec.results, index);
  return bracket;
}

/**
 * Marks decided games. A result must name two teams that meet in one game once every earlier game on
 * both their paths is decided in their favour, so that conditioning on it is a fixed winner.
 */
function applyResults(b: Bracket, spec: FieldSpec, results: ResultSpec[], index: Map<string, number>): void {
  if (results.length === 0) return;
  const paths = teamPaths(b);
  const placed: { g: number; r: ResultSpec }[] = [];
  for (const r of results) {
    const loc = fieldLoc(spec, r.where);
    const w = index.get(r.winner);
    const l = index.get(r.loser);
    if (w === undefined) throw new FieldError('TEAM_UNKNOWN', `result names unknown team '${r.winner}'`, { location: loc });
    if (l === undefined) throw new FieldError('TEAM_UNKNOWN', `result names unknown team '${r.loser}'`, { location: loc });
    if (w === l) throw new FieldError('RESULT_INVALID', `'${r.winner}' cannot play itself`, { location: loc });
    const lp = new Set(paths[l]);
    const g = paths[w].find((x) => lp.has(x));
    if (g === undefined) throw new FieldError('RESULT_INVALID', `'${r.winner}' and '${r.loser}' cannot meet`, { location: loc });
    if (b.forced[g] >= 0) {
      throw new FieldError('RESULT_INVALID', `the game of '${r.winner}' and '${r.loser}' (round ${b.gameRound[g]}) is decided twice`, { location: loc });
    }
    b.forced[g] = w;
    placed.push({ g, r });
  }
  for (const { g, r } of placed) {
    for (const [team, name] of [
      [index.get(r.winner)!, r.winner],
      [index.get(r.loser)!, r.loser],
    ] as const) {
      for (const x of paths[team]) {
        if (x === g) break;
        if (b.forced[x] !== team) {
          throw new FieldError(
            'RESULT_INVALID',
            `'${r.winner}' beat '${r.loser}' in round ${b.gameRound[g]}, but ${name}'s round ${b.gameRound[x]} game is not decided in its favour`,
            { location: fieldLoc(spec, r.where) },
          );
        }
      }
    }
  }
}
