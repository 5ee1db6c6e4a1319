// The NFL's tiebreaking steps, each as a value per tied club (an exact fraction num/den, higher is
// better) computed from the league's schedule and one season's standings. The procedures (division,
// wild card, draft) apply them in their own orders: see tiebreak-division.ts, tiebreak-wildcard.ts,
// draft.ts. Candidates are team indexes in cand[0..n); a step that does not apply returns false.
import type { League } from './league.js';
import type { Standings } from './standings.js';

export interface TiebreakTraceEvent {
  procedure: 'division' | 'wildcard' | 'draft';
  step: string;
  /** The clubs the step was applied to, and those it kept (one: the step decided). */
  teams: number[];
  kept: number[];
}

/** What a procedure needs: the league, the standings, scratch space and a 32-bit draw for coin tosses. */
export interface TiebreakContext {
  L: League;
  s: Standings;
  draw: () => number;
  num: Float64Array;
  den: Float64Array;
  mark: Uint8Array;
  /** Called at every step that separates clubs (tests and the validation read it; null in simulations). */
  trace: ((e: TiebreakTraceEvent) => void) | null;
}

export function newTiebreakContext(L: League, s: Standings, draw: () => number): TiebreakContext {
  const T = L.teamCount;
  return { L, s, draw, num: new Float64Array(T), den: new Float64Array(T), mark: new Uint8Array(T), trace: null };
}

export type Step = (c: TiebreakContext, cand: Int32Array, n: number) => boolean;

/** Keeps the candidates with the best value (direction 1: highest, -1: lowest), in order; returns how many. */
export function keepBest(c: TiebreakContext, cand: Int32Array, n: number, direction: 1 | -1 = 1): number {
  const { num, den } = c;
  let best = 0;
  for (let i = 1; i < n; i++) if (direction * (num[i] * den[best] - num[best] * den[i]) > 0) best = i;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (num[i] * den[best] === num[best] * den[i]) {
      cand[m] = cand[i];
      num[m] = num[i];
      den[m] = den[i];
      m++;
    }
  }
  return m;
}

/** A uniform pick among n clubs (the coin toss). */
export function coinToss(c: TiebreakContext, n: number): number {
  return Math.floor((c.draw() * n) / 4294967296);
}

function set(c: TiebreakContext, i: number, num: number, den: number): void {
  if (den === 0) {
    c.num[i] = 0;
    c.den[i] = 1;
  } else {
    c.num[i] = num;
    c.den[i] = den;
  }
}

/** Win percentage in the games among the tied clubs; applies when each played at least one of them. */
export const headToHead: Step = (c, cand, n) => {
  const T = c.L.teamCount;
  const { gamesVs } = c.L;
  const { h2h } = c.s;
  for (let i = 0; i < n; i++) {
    const t = cand[i];
    let num = 0;
    let den = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      num += h2h[t * T + cand[j]];
      den += 2 * gamesVs[t * T + cand[j]];
    }
    if (den === 0) return false;
    set(c, i, num, den);
  }
  return true;
};

/** Three or more clubs: the index of a club that beat each of the others (every game), or -1. */
export function sweepWinner(c: TiebreakContext, cand: Int32Array, n: number): number {
  return sweep(c, cand, n, true);
}

/** Three or more clubs: the index of a club that lost to each of the others (every game), or -1. */
export function sweepLoser(c: TiebreakContext, cand: Int32Array, n: number): number {
  return sweep(c, cand, n, false);
}

function sweep(c: TiebreakContext, cand: Int32Array, n: number, won: boolean): number {
  const T = c.L.teamCount;
  const { gamesVs } = c.L;
  const { h2h } = c.s;
  for (let i = 0; i < n; i++) {
    const t = cand[i];
    let all = true;
    for (let j = 0; j < n && all; j++) {
      if (j === i) continue;
      const games = gamesVs[t * T + cand[j]];
      const hw = h2h[t * T + cand[j]];
      all = games > 0 && (won ? hw === 2 * games : hw === 0);
    }
    if (all) return i;
  }
  return -1;
}

export const divisionRecord: Step = (c, cand, n) => {
  for (let i = 0; i < n; i++) set(c, i, c.s.divHalfWins[cand[i]], 2 * c.L.divGames[cand[i]]);
  return true;
};

export const conferenceRecord: Step = (c, cand, n) => {
  for (let i = 0; i < n; i++) set(c, i, c.s.confHalfWins[cand[i]], 2 * c.L.confGames[cand[i]]);
  return true;
};

/** Marks (c.mark) the opponents every tied club plays (none of the tied clubs themselves); returns how many. */
export function markCommonOpponents(c: TiebreakContext, cand: Int32Array, n: number): number {
  const L = c.L;
  const T = L.teamCount;
  const { gamesVs, opp, oppStart } = L;
  const mark = c.mark;
  mark.fill(0);
  let count = 0;
  const t0 = cand[0];
  for (let k = oppStart[t0]; k < oppStart[t0 + 1]; k++) {
    const o = opp[k];
    let common = 1;
    for (let i = 0; i < n && common === 1; i++) if (cand[i] === o || gamesVs[cand[i] * T + o] === 0) common = 0;
    mark[o] = common;
    count += common;
  }
  return count;
}

/** Win percentage in games against common opponents; applies when each club played at least `min` of them. */
export function commonGames(min: number): Step {
  return (c, cand, n) => {
    const T = c.L.teamCount;
    const { gamesVs } = c.L;
    const { h2h } = c.s;
    if (markCommonOpponents(c, cand, n) === 0) return false;
    for (let i = 0; i < n; i++) {
      const t = cand[i];
      let num = 0;
      let games = 0;
      for (let k = c.L.oppStart[t]; k < c.L.oppStart[t + 1]; k++) {
        const o = c.L.opp[k];
        if (c.mark[o] === 0) continue;
        num += h2h[t * T + o];
        games += gamesVs[t * T + o];
      }
      if (games < min) return false;
      set(c, i, num, 2 * games);
    }
    return true;
  };
}

/** Combined win percentage of the clubs each club beat (each win counted once; a tie is no victory). */
export const strengthOfVictory: Step = (c, cand, n) => {
  const T = c.L.teamCount;
  const { tiesVs, games, opp, oppStart } = c.L;
  const { h2h, halfWins } = c.s;
  for (let i = 0; i < n; i++) {
    const t = cand[i];
    let num = 0;
    let den = 0;
    for (let j = oppStart[t]; j < oppStart[t + 1]; j++) {
      const o = opp[j];
      const wins = (h2h[t * T + o] - tiesVs[t * T + o]) >> 1;
      if (wins === 0) continue;
      num += wins * halfWins[o];
      den += wins * 2 * games[o];
    }
    set(c, i, num, den);
  }
  return true;
};

/** Combined win percentage of every opponent, once per game played. */
export const strengthOfSchedule: Step = (c, cand, n) => {
  const T = c.L.teamCount;
  const { gamesVs, games, opp, oppStart } = c.L;
  const { halfWins } = c.s;
  for (let i = 0; i < n; i++) {
    const t = cand[i];
    let num = 0;
    let den = 0;
    for (let j = oppStart[t]; j < oppStart[t + 1]; j++) {
      const o = opp[j];
      const k = gamesVs[t * T + o];
      num += k * halfWins[o];
      den += k * 2 * games[o];
    }
    set(c, i, num, den);
  }
  return true;
};

/**
 * Best combined ranking in points scored and points allowed, among the conference's clubs or the whole
 * league's: the sum of the two ranks, lower is better; clubs tied in a category share the higher rank.
 * Needs every game's score, so it applies only once the whole season has been played.
 */
export function combinedRanking(scope: 'conference' | 'league'): Step {
  return (c, cand, n) => {
    const L = c.L;
    if (!L.pointsKnown) return false;
    for (let i = 0; i < n; i++) {
      const t = cand[i];
      let rank = 2;
      for (let u = 0; u < L.teamCount; u++) {
        if (scope === 'conference' && L.conf[u] !== L.conf[t]) continue;
        if (L.pointsFor[u] > L.pointsFor[t]) rank++;
        if (L.pointsAgainst[u] < L.pointsAgainst[t]) rank++;
      }
      set(c, i, -rank, 1);
    }
    return true;
  };
}

/** Net points in games against common opponents (scores needed: whole season played). */
export const netPointsCommon: Step = (c, cand, n) => {
  const L = c.L;
  const T = L.teamCount;
  if (!L.pointsKnown || markCommonOpponents(c, cand, n) === 0) return false;
  for (let i = 0; i < n; i++) {
    let net = 0;
    for (let o = 0; o < T; o++) if (c.mark[o] === 1) net += L.netVs[cand[i] * T + o];
    set(c, i, net, 1);
  }
  return true;
};

/** Net points in conference games (scores needed: whole season played). */
export const netPointsConference: Step = (c, cand, n) => {
  if (!c.L.pointsKnown) return false;
  for (let i = 0; i < n; i++) set(c, i, c.L.confNet[cand[i]], 1);
  return true;
};

/** Net points in all games (scores needed: whole season played). */
export const netPointsAll: Step = (c, cand, n) => {
  if (!c.L.pointsKnown) return false;
  for (let i = 0; i < n; i++) set(c, i, c.L.pointsFor[cand[i]] - c.L.pointsAgainst[cand[i]], 1);
  return true;
};

export interface NamedStep {
  name: string;
  apply: Step;
}

/**
 * Runs steps in order on cand[0..n) keeping the best (or worst, direction -1) at each; returns the new n
 * as soon as a step separates the clubs (the caller restarts the procedure on those kept), or n when no
 * step does.
 */
export function firstSeparatingStep(
  c: TiebreakContext,
  steps: readonly NamedStep[],
  cand: Int32Array,
  n: number,
  procedure: TiebreakTraceEvent['procedure'],
  direction: 1 | -1 = 1,
): number {
  for (const step of steps) {
    if (!step.apply(c, cand, n)) continue;
    const before = c.trace ? Array.from(cand.subarray(0, n)) : null;
    const m = keepBest(c, cand, n, direction);
    if (m < n) {
      if (c.trace) c.trace({ procedure, step: step.name, teams: before!, kept: Array.from(cand.subarray(0, m)) });
      return m;
    }
  }
  return n;
}

/** The coin toss as a traced step: the index picked. */
export function tossFor(c: TiebreakContext, cand: Int32Array, n: number, procedure: TiebreakTraceEvent['procedure']): number {
  const i = coinToss(c, n);
  if (c.trace) c.trace({ procedure, step: 'coin toss', teams: Array.from(cand.subarray(0, n)), kept: [cand[i]] });
  return i;
}
