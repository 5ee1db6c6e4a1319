// Division ranks, conference ranks and playoff seeds of one season's standings: the division winners take
// the first places of their conference (best record first, ties by the wild-card steps), then every other
// club by the wild-card procedure (one club per division at a time). Seeds are the first `seeds` places.
import type { League } from './league.js';
import { rankDivision } from './tiebreak-division.js';
import { rankByWildcardProcedure } from './tiebreak-wildcard.js';
import type { TiebreakContext } from './tiebreak-steps.js';

export interface SeedingScratch {
  divRank: Int32Array;
  confRank: Int32Array;
  /** seedTeam[conf * seeds + k]: the team seeded k+1 in that conference. */
  seedTeam: Int32Array;
  pool: Int32Array;
  order: Int32Array;
  cand: Int32Array;
}

export function newSeedingScratch(L: League, seeds: number): SeedingScratch {
  const T = L.teamCount;
  return {
    divRank: new Int32Array(T),
    confRank: new Int32Array(T),
    seedTeam: new Int32Array(L.confCount * seeds),
    pool: new Int32Array(T),
    order: new Int32Array(T),
    cand: new Int32Array(T),
  };
}

/** Fills divRank, confRank and seedTeam for the context's standings. */
export function seedLeague(c: TiebreakContext, seeds: number, x: SeedingScratch): void {
  const L = c.L;
  for (let d = 0; d < L.divCount; d++) rankDivision(c, L.divMembers[d], x.divRank, x.order, x.cand);
  for (let conf = 0; conf < L.confCount; conf++) {
    const members = L.confMembers[conf];
    let w = 0;
    for (let i = 0; i < members.length; i++) if (x.divRank[members[i]] === 1) x.pool[w++] = members[i];
    rankByWildcardProcedure(c, x.pool, w, x.divRank, 1, x.confRank, x.cand);
    let r = 0;
    for (let i = 0; i < members.length; i++) if (x.divRank[members[i]] !== 1) x.pool[r++] = members[i];
    rankByWildcardProcedure(c, x.pool, r, x.divRank, w + 1, x.confRank, x.cand);
    for (let i = 0; i < members.length; i++) {
      const t = members[i];
      if (x.confRank[t] <= seeds) x.seedTeam[conf * seeds + x.confRank[t] - 1] = t;
    }
  }
}
