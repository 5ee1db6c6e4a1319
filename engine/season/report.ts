// Season results as users read them: win totals and finishing places per team and group.
import type { Season } from './season.js';
import { GROUP_LEVELS, type GroupLevel } from './season.js';

export interface SeasonTeamReport {
  id: string;
  rating: number;
  expectedWins: number;
  /** winsDistribution[k] = P(k/2 wins) — index by half-wins so ties already played stay exact. */
  halfWinsDistribution: number[];
  /** For each level: the group's name and P(finishing 1st, 2nd, ...) in it. */
  groups: Record<GroupLevel, { name: string; place: number[] }>;
}

export interface SeasonReport {
  league: string;
  sims: number;
  teams: SeasonTeamReport[];
}

/** P(top k) in a group from the place distribution. */
export function topK(place: number[], k: number): number {
  let p = 0;
  for (let i = 0; i < Math.min(k, place.length); i++) p += place[i];
  return p;
}

export function seasonReport(s: Season, halfWins: ArrayLike<number>, place: ArrayLike<number>[], sims: number): SeasonReport {
  const T = s.teamCount;
  const W = s.maxHalfWins + 1;
  const teams = s.ids.map((id, t): SeasonTeamReport => {
    const dist: number[] = [];
    let ew = 0;
    for (let w = 0; w < W; w++) {
      const p = halfWins[t * W + w] / sims;
      dist.push(p);
      ew += (p * w) / 2;
    }
    const groups = {} as SeasonTeamReport['groups'];
    GROUP_LEVELS.forEach((level, l) => {
      const g = s.group[l][t];
      const size = s.members[l][g].length;
      const pl: number[] = [];
      for (let p = 0; p < size; p++) pl.push(place[l][t * T + p] / sims);
      groups[level] = { name: s.groupNames[l][g], place: pl };
    });
    return { id, rating: s.ratings[t], expectedWins: ew, halfWinsDistribution: dist, groups };
  });
  teams.sort((a, b) => b.expectedWins - a.expectedWins || (a.id < b.id ? -1 : 1));
  return { league: s.league, sims, teams };
}
