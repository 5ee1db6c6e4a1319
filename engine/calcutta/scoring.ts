// From games won to points: a table per team, indexed by games won, built once per run.
import type { Bracket } from '../tournament/bracket.js';
import type { ScoringSpec } from './types.js';

export interface PointsTable {
  /** Columns per team: maxWins + 1. */
  width: number;
  /** points[t * width + k] = points of team t after k wins. */
  points: Float64Array;
}

/** The most games any team can win in this bracket (its path length). */
function maxWins(b: Bracket): number {
  let m = 0;
  for (let t = 0; t < b.teamCount; t++) m = Math.max(m, b.rounds - b.firstRound[t] + 1);
  return m;
}

/**
 * Team t enters in round f = firstRound[t] (1 for play-in teams, 2 + byes otherwise). After k wins it
 * has won rounds f..f+k-1 and reached round f+k (R + 1 = champion). perWin sums the rounds won (round
 * 1, the play-in, scores playInWin; rounds skipped by a bye score nothing); perRoundReached reads the
 * stage reached, f + k - 2 (a play-in loser reached no stage and scores 0).
 */
export function pointsTable(b: Bracket, s: ScoringSpec): PointsTable {
  const T = b.teamCount;
  const width = maxWins(b) + 1;
  const points = new Float64Array(T * width);
  for (let t = 0; t < T; t++) {
    const f = b.firstRound[t];
    for (let k = 0; k < width; k++) {
      let v = 0;
      if (s.kind === 'perWin') {
        for (let r = f; r < f + k && r <= b.rounds; r++) v += r === 1 ? s.playInWin : (s.perWin[r - 2] ?? 0);
      } else {
        const stage = Math.min(f + k, b.rounds + 1) - 2;
        v = stage >= 0 ? (s.points[stage] ?? 0) : 0;
      }
      points[t * width + k] = v;
    }
  }
  return { width, points };
}
