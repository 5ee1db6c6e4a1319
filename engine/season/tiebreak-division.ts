// Ties within a division, the NFL's procedure. Two clubs and three or more use the same steps:
//   head-to-head, division record, common games, conference record, strength of victory, strength of
//   schedule, combined ranking (conference, then league) in points scored and allowed, net points in
//   common games, net points in all games, (net touchdowns: not in the data), coin toss.
// A step keeps the clubs with the best value; when it drops some but more than one remain, those restart
// at step 1 (two clubs: the two-club format; three: the three-club one). One club wins; the others then
// start over for the next place, so the whole division is ranked by repeated selection.
import { comparePct } from './standings.js';
import {
  combinedRanking,
  commonGames,
  conferenceRecord,
  divisionRecord,
  firstSeparatingStep,
  headToHead,
  netPointsAll,
  netPointsCommon,
  strengthOfSchedule,
  strengthOfVictory,
  tossFor,
  type NamedStep,
  type TiebreakContext,
} from './tiebreak-steps.js';

export const DIVISION_STEPS: readonly NamedStep[] = [
  { name: 'head-to-head', apply: headToHead },
  { name: 'division record', apply: divisionRecord },
  { name: 'common games', apply: commonGames(1) },
  { name: 'conference record', apply: conferenceRecord },
  { name: 'strength of victory', apply: strengthOfVictory },
  { name: 'strength of schedule', apply: strengthOfSchedule },
  { name: 'combined ranking, conference', apply: combinedRanking('conference') },
  { name: 'combined ranking, league', apply: combinedRanking('league') },
  { name: 'net points, common games', apply: netPointsCommon },
  { name: 'net points, all games', apply: netPointsAll },
];

/** The club that wins a tie among cand[0..n) (same division, same record); cand is used as scratch. */
export function divisionTieWinner(c: TiebreakContext, cand: Int32Array, n: number): number {
  while (n > 1) {
    const m = firstSeparatingStep(c, DIVISION_STEPS, cand, n, 'division');
    if (m === n) return cand[tossFor(c, cand, n, 'division')];
    n = m;
  }
  return cand[0];
}

/**
 * Ranks one division: rank[t] = 1..size for its members, by record, ties by the procedure above.
 * order and cand are scratch arrays of at least the division's size.
 */
export function rankDivision(c: TiebreakContext, members: Int32Array, rank: Int32Array, order: Int32Array, cand: Int32Array): void {
  const { L, s } = c;
  const n = members.length;
  // Insertion sort by record, best first (divisions are small).
  for (let i = 0; i < n; i++) {
    const t = members[i];
    let j = i;
    while (j > 0 && comparePct(L, s, order[j - 1], t) < 0) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = t;
  }
  let i = 0;
  while (i < n) {
    let k = i + 1;
    while (k < n && comparePct(L, s, order[k], order[i]) === 0) k++;
    // order[i..k) share a record: pick the winner, move it to the front, repeat on the rest.
    for (let first = i; first < k - 1; first++) {
      const size = k - first;
      for (let j = 0; j < size; j++) cand[j] = order[first + j];
      const w = divisionTieWinner(c, cand, size);
      let at = first;
      while (order[at] !== w) at++;
      for (; at > first; at--) order[at] = order[at - 1];
      order[first] = w;
    }
    i = k;
  }
  for (let j = 0; j < n; j++) rank[order[j]] = j + 1;
}
