// Season results as users read them: win totals and finishing places per team and group; with playoffs,
// each team's chances of every seed, the division title, the playoffs, each round, the title and each
// draft pick, and each remaining game's importance (the swing of every team's playoff chances with its
// result). Built from summed integer tallies (tallies.ts), so any split of a run reports the same.
import type { Season } from './season.js';
import { GROUP_LEVELS, type GroupLevel } from './season.js';
import { ROUND_COUNT, seasonTallyLayout } from './tallies.js';

export interface SeasonTeamReport {
  id: string;
  rating: number;
  expectedWins: number;
  /** winsDistribution[k] = P(k/2 wins) — index by half-wins so ties already played stay exact. */
  halfWinsDistribution: number[];
  /** For each level: the group's name and P(finishing 1st, 2nd, ...) in it. */
  groups: Record<GroupLevel, { name: string; place: number[] }>;
  /** With playoffs: P(the playoffs), P(winning the division), P(a first-round bye). */
  playoffs?: number;
  divisionTitle?: number;
  bye?: number;
  /** seeds[k] = P(seed k+1 of its conference). */
  seeds?: number[];
  /** P(reaching each round), the last being the title. */
  rounds?: { divisional: number; conference: number; superBowl: number; champion: number };
  /** draft[k] = P(holding pick k+1). */
  draft?: number[];
  expectedPick?: number;
}

/** One team's playoff chances given each result of one remaining game. */
export interface SeasonGameTeamImportance {
  id: string;
  /** P(playoffs | home side wins), P(playoffs | away side wins); null when that result never happened. */
  ifHome: number | null;
  ifAway: number | null;
  /** |ifHome - ifAway|, and its expected size 2p(1-p)·swing (p: the home side's win frequency). */
  swing: number;
  importance: number;
}

export interface SeasonGameReport {
  home: string;
  away: string;
  /** How often the home side won in the simulations. */
  pHome: number;
  /** Teams whose playoff chances the game moves, most first. */
  teams: SeasonGameTeamImportance[];
}

export interface SeasonReport {
  league: string;
  sims: number;
  teams: SeasonTeamReport[];
  /** With playoffs: the format used. */
  playoffs?: { season: number; seeds: number; byes: number };
  /** With playoffs: the remaining games in schedule order. */
  games?: SeasonGameReport[];
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

/** The report from a run's summed tallies (the whole layout of tallies.ts). */
export function seasonReportFromTallies(s: Season, tallies: ArrayLike<number>, sims: number): SeasonReport {
  const lay = seasonTallyLayout(s);
  const T = s.teamCount;
  const slice = (offset: number, length: number) => Array.from({ length }, (_, i) => tallies[offset + i]);
  const halfWins = slice(lay.halfWins.offset, lay.halfWins.length);
  const place = Array.from({ length: lay.levels }, (_, l) => slice(lay.place.offset + l * T * T, T * T));
  const report = seasonReport(s, halfWins, place, sims);
  const P = s.playoffs;
  if (P === null) return report;
  const S = P.format.seeds;
  const at = new Map(s.ids.map((id, t) => [id, t]));
  for (const r of report.teams) {
    const t = at.get(r.id)!;
    const seeds = slice(lay.seed.offset + t * S, S).map((k) => k / sims);
    const rounds = slice(lay.rounds.offset + t * ROUND_COUNT, ROUND_COUNT).map((k) => k / sims);
    const draft = slice(lay.draft.offset + t * T, T).map((k) => k / sims);
    r.playoffs = rounds[0];
    r.divisionTitle = r.groups.division.place[0];
    r.bye = seeds.slice(0, P.format.byes).reduce((x, y) => x + y, 0);
    r.seeds = seeds;
    r.rounds = { divisional: rounds[1], conference: rounds[2], superBowl: rounds[3], champion: rounds[4] };
    r.draft = draft;
    r.expectedPick = draft.reduce((e, p, k) => e + p * (k + 1), 0);
  }
  report.playoffs = { season: P.season, seeds: S, byes: P.format.byes };
  report.games = [];
  for (let g = 0; g < lay.games; g++) {
    const homeWins = tallies[lay.gameHome.offset + g];
    const awayWins = sims - homeWins;
    const p = homeWins / sims;
    const teams: SeasonGameTeamImportance[] = [];
    for (let t = 0; t < T; t++) {
      const a = tallies[lay.ifHome.offset + g * T + t];
      const b = tallies[lay.ifAway.offset + g * T + t];
      const ifHome = homeWins > 0 ? a / homeWins : null;
      const ifAway = awayWins > 0 ? b / awayWins : null;
      const swing = ifHome !== null && ifAway !== null ? Math.abs(ifHome - ifAway) : 0;
      if (swing > 0) teams.push({ id: s.ids[t], ifHome, ifAway, swing, importance: 2 * p * (1 - p) * swing });
    }
    teams.sort((x, y) => y.swing - x.swing || (x.id < y.id ? -1 : 1));
    report.games.push({ home: s.ids[s.home[g]], away: s.ids[s.away[g]], pHome: p, teams });
  }
  return report;
}
