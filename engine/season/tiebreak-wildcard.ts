// Ties between clubs of different divisions (wild cards, and seeding among division winners), the NFL's
// procedure. Before any step, only the highest-ranked club of each division takes part (the division
// ranking stands for every later spot). Then:
//   two clubs:   head-to-head (if they played), conference record, common games (minimum four), strength
//                of victory, strength of schedule, combined ranking (conference, league), net points in
//                conference games, net points in all games, (net touchdowns: not in the data), coin toss;
//   three+:      head-to-head sweep (one club beat each of the others: it wins; one lost to each: it drops
//                out), then the same steps from conference record on.
// Whenever a step drops clubs, those left restart: two at the two-club step 1, three or more at the sweep.
// One club takes the spot; the rest start over for the next one.
import { comparePct } from './standings.js';
import {
  combinedRanking,
  commonGames,
  conferenceRecord,
  firstSeparatingStep,
  headToHead,
  netPointsAll,
  netPointsConference,
  strengthOfSchedule,
  strengthOfVictory,
  sweepLoser,
  sweepWinner,
  tossFor,
  type NamedStep,
  type TiebreakContext,
} from './tiebreak-steps.js';

const AFTER_HEAD_TO_HEAD: readonly NamedStep[] = [
  { name: 'conference record', apply: conferenceRecord },
  { name: 'common games (minimum four)', apply: commonGames(4) },
  { name: 'strength of victory', apply: strengthOfVictory },
  { name: 'strength of schedule', apply: strengthOfSchedule },
  { name: 'combined ranking, conference', apply: combinedRanking('conference') },
  { name: 'combined ranking, league', apply: combinedRanking('league') },
  { name: 'net points, conference games', apply: netPointsConference },
  { name: 'net points, all games', apply: netPointsAll },
];

export const WILDCARD_TWO_CLUB_STEPS: readonly NamedStep[] = [{ name: 'head-to-head', apply: headToHead }, ...AFTER_HEAD_TO_HEAD];
/** Three or more clubs: the sweep comes first (wildcardTieWinner), then these. */
export const WILDCARD_MULTI_CLUB_STEPS: readonly NamedStep[] = AFTER_HEAD_TO_HEAD;

/** The club that wins a tie among cand[0..n) (one per division, same record); cand is used as scratch. */
export function wildcardTieWinner(c: TiebreakContext, cand: Int32Array, n: number): number {
  while (n > 1) {
    if (n >= 3) {
      const w = sweepWinner(c, cand, n);
      if (w >= 0) {
        if (c.trace) c.trace({ procedure: 'wildcard', step: 'head-to-head sweep', teams: Array.from(cand.subarray(0, n)), kept: [cand[w]] });
        return cand[w];
      }
      const l = sweepLoser(c, cand, n);
      if (l >= 0) {
        const before = c.trace ? Array.from(cand.subarray(0, n)) : null;
        for (let i = l; i < n - 1; i++) cand[i] = cand[i + 1];
        n--;
        if (c.trace) c.trace({ procedure: 'wildcard', step: 'head-to-head sweep', teams: before!, kept: Array.from(cand.subarray(0, n)) });
        continue;
      }
    }
    const m = firstSeparatingStep(c, n === 2 ? WILDCARD_TWO_CLUB_STEPS : WILDCARD_MULTI_CLUB_STEPS, cand, n, 'wildcard');
    if (m === n) return cand[tossFor(c, cand, n, 'wildcard')];
    n = m;
  }
  return cand[0];
}

/**
 * Orders pool[0..n) (clubs of one conference) as the NFL ranks them for seeds: by record; among clubs with
 * the same record, repeatedly, those left are cut to the highest-ranked of each division (divRank) and the
 * tie among those is broken as above; the winner takes the next place. Writes rank[t] = first, first+1,
 * ... in that order. pool is reordered; cand is scratch of the pool's size.
 */
export function rankByWildcardProcedure(
  c: TiebreakContext,
  pool: Int32Array,
  n: number,
  divRank: Int32Array,
  first: number,
  rank: Int32Array,
  cand: Int32Array,
): void {
  const { L, s } = c;
  const div = L.div;
  // Insertion sort by record, best first (a conference is small).
  for (let i = 1; i < n; i++) {
    const t = pool[i];
    let j = i;
    while (j > 0 && comparePct(L, s, pool[j - 1], t) < 0) {
      pool[j] = pool[j - 1];
      j--;
    }
    pool[j] = t;
  }
  let i = 0;
  while (i < n) {
    let end = i + 1;
    while (end < n && comparePct(L, s, pool[end], pool[i]) === 0) end++;
    // pool[i..end) share a record: fill their places one club at a time.
    for (; i < end - 1; i++) {
      let k = 0;
      for (let a = i; a < end; a++) {
        const t = pool[a];
        // One club per division: t takes part only if no club of its division left in the tie ranks above it.
        let top = true;
        for (let b = i; b < end && top; b++) if (b !== a && div[pool[b]] === div[t] && divRank[pool[b]] < divRank[t]) top = false;
        if (top) cand[k++] = t;
      }
      const w = k === 1 ? cand[0] : wildcardTieWinner(c, cand, k);
      let at = i;
      while (pool[at] !== w) at++;
      for (; at > i; at--) pool[at] = pool[at - 1];
      pool[i] = w;
      rank[w] = first + i;
    }
    rank[pool[i]] = first + i;
    i++;
  }
}
