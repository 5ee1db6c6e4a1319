// Draft order from a season and its playoffs. Clubs out of the playoffs pick first, then the losers of
// each playoff round in turn, the Super Bowl loser next to last and the champion last. Within a group:
// worse record first; equal records: the weaker strength of schedule first; then, for clubs of one
// division, the lower division rank first; of one conference, the lower conference rank first; across
// conferences, the lowest-ranked club of each division and then of each conference is kept and the two
// compared by head-to-head, common games (minimum four), strength of victory, combined ranking among all
// clubs in points, net points (the loser of each picks first), then a coin toss. One club takes the pick;
// the rest start over.
import { comparePct } from './standings.js';
import {
  combinedRanking,
  commonGames,
  firstSeparatingStep,
  headToHead,
  netPointsAll,
  strengthOfSchedule,
  strengthOfVictory,
  tossFor,
  type NamedStep,
  type TiebreakContext,
} from './tiebreak-steps.js';

/** Equal records: the weaker schedule picks first. */
const DRAFT_FIRST_STEP: readonly NamedStep[] = [{ name: 'strength of schedule', apply: strengthOfSchedule }];

/** Interconference steps, each kept at its worst value: that club picks earlier. */
export const DRAFT_INTERCONFERENCE_STEPS: readonly NamedStep[] = [
  { name: 'head-to-head', apply: headToHead },
  { name: 'common games (minimum four)', apply: commonGames(4) },
  { name: 'strength of victory', apply: strengthOfVictory },
  { name: 'combined ranking, league', apply: combinedRanking('league') },
  { name: 'net points, all games', apply: netPointsAll },
];

export interface DraftScratch {
  order: Int32Array;
  cand: Int32Array;
}

export function newDraftScratch(T: number): DraftScratch {
  return { order: new Int32Array(T), cand: new Int32Array(T) };
}

/** Keeps, per group (division or conference), only its lowest-ranked candidate; returns how many are left. */
function keepLowestPerGroup(cand: Int32Array, n: number, group: Int32Array, rank: Int32Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const t = cand[i];
    let lowest = true;
    for (let j = 0; j < n && lowest; j++) if (group[cand[j]] === group[t] && rank[cand[j]] > rank[t]) lowest = false;
    if (lowest) cand[m++] = t;
  }
  return m;
}

/** The club (same record, same playoff exit) that picks first among cand[0..n). */
export function draftTieLoser(c: TiebreakContext, cand: Int32Array, n: number, divRank: Int32Array, confRank: Int32Array): number {
  const L = c.L;
  n = firstSeparatingStep(c, DRAFT_FIRST_STEP, cand, n, 'draft', -1);
  while (n > 1) {
    let oneDiv = true;
    let oneConf = true;
    for (let i = 1; i < n; i++) {
      if (L.div[cand[i]] !== L.div[cand[0]]) oneDiv = false;
      if (L.conf[cand[i]] !== L.conf[cand[0]]) oneConf = false;
    }
    if (oneDiv || oneConf) {
      const rank = oneDiv ? divRank : confRank;
      let w = 0;
      for (let i = 1; i < n; i++) if (rank[cand[i]] > rank[cand[w]]) w = i;
      if (c.trace) c.trace({ procedure: 'draft', step: oneDiv ? 'division rank' : 'conference rank', teams: Array.from(cand.subarray(0, n)), kept: [cand[w]] });
      return cand[w];
    }
    const before = n;
    n = keepLowestPerGroup(cand, n, L.div, divRank);
    n = keepLowestPerGroup(cand, n, L.conf, confRank);
    if (n < before) continue;
    const m = firstSeparatingStep(c, DRAFT_INTERCONFERENCE_STEPS, cand, n, 'draft', -1);
    if (m === n) return cand[tossFor(c, cand, n, 'draft')];
    n = m;
  }
  return cand[0];
}

/**
 * pick[t] = 1..T from reached[t] (furthest playoff round, see playoffs.ts), the standings and the ranks.
 */
export function draftOrder(c: TiebreakContext, reached: Int32Array, divRank: Int32Array, confRank: Int32Array, pick: Int32Array, x: DraftScratch): void {
  const { L, s } = c;
  const T = L.teamCount;
  const order = x.order;
  // Insertion sort: earlier playoff exit first, then worse record.
  for (let t = 0; t < T; t++) {
    let j = t;
    while (j > 0) {
      const u = order[j - 1];
      const before = reached[u] - reached[t] || comparePct(L, s, u, t);
      if (before <= 0) break;
      order[j] = u;
      j--;
    }
    order[j] = t;
  }
  let i = 0;
  while (i < T) {
    let k = i + 1;
    while (k < T && reached[order[k]] === reached[order[i]] && comparePct(L, s, order[k], order[i]) === 0) k++;
    for (let first = i; first < k - 1; first++) {
      const size = k - first;
      for (let j = 0; j < size; j++) x.cand[j] = order[first + j];
      const w = draftTieLoser(c, x.cand, size, divRank, confRank);
      let at = first;
      while (order[at] !== w) at++;
      for (; at > first; at--) order[at] = order[at - 1];
      order[first] = w;
    }
    i = k;
  }
  for (let j = 0; j < T; j++) pick[order[j]] = j + 1;
}
