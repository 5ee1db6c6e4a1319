// A league's remaining schedule, compiled for the season kernel: team indexes, per-game thresholds
// (fixed ratings) and the groups (division, conference, league) whose finishing order we count. With
// `playoffs`, also the NFL league (played results, schedule shape) that the tiebreakers, seeds, playoffs
// and draft order read (see playoff-season.ts).
import { checkSeasonShape } from './season-shape.js';
import { SimcastError } from '../../core/errors.js';
import { eloProbability } from '../math/elo-probability.js';
import { probToThreshold } from '../tournament/win-probability.js';
import { compilePlayoffs, type SeasonPlayoffs } from './playoff-season.js';

export interface SeasonTeamSpec {
  id: string;
  rating: number;
  division?: string;
  conference?: string;
  /** Games already won and lost this season (ties count half a win). */
  wins?: number;
  losses?: number;
  ties?: number;
}

export interface SeasonGameSpec {
  home: string;
  away: string;
  neutral?: boolean;
}

/** A regular-season game already played, with its score (the tiebreakers need who beat whom and by how much). */
export interface SeasonPlayedGameSpec {
  home: string;
  away: string;
  homeScore: number;
  awayScore: number;
  neutral?: boolean;
}

/** The NFL's tiebreakers, seeds, playoffs and draft order; `season` picks the format (7 seeds from 2020, 6 before). */
export interface SeasonPlayoffsSpec {
  format: 'nfl';
  season: number;
  /** Seeds per conference when not the season's own (4 to 8). */
  seeds?: number;
}

export interface SeasonSpec {
  league: string;
  teams: SeasonTeamSpec[];
  remaining: SeasonGameSpec[];
  /** The season's played games, with scores. With `playoffs` the records come from them (none given: no game played yet). */
  played?: SeasonPlayedGameSpec[];
  playoffs?: SeasonPlayoffsSpec;
  /** Elo points added to the home side (0 at a neutral site); NFL 65, NBA 100. */
  homeAdvantage: number;
  /** Hot ratings: after each simulated game the winner gains K*(1-p), the loser loses it (Elo). */
  hotK?: number | null;
}

export const GROUP_LEVELS = ['division', 'conference', 'league'] as const;
export type GroupLevel = (typeof GROUP_LEVELS)[number];

export interface Season {
  league: string;
  teamCount: number;
  ids: string[];
  ratings: Float64Array;
  /** Wins so far, doubled (a tie is one half-win), so that totals stay integers. */
  baseHalfWins: Int32Array;
  gameCount: number;
  home: Int32Array;
  away: Int32Array;
  /** Home advantage per game (0 at neutral sites). */
  advantage: Float64Array;
  /** Signed thresholds per game for the home side with fixed ratings (see probToThreshold). */
  thresholds: Int32Array;
  homeAdvantage: number;
  /** Group index of each team at each level; level L's groups are groupNames[L]. */
  group: Int32Array[];
  groupNames: string[][];
  /** members[level][g]: the teams of group g at that level. */
  members: Int32Array[][];
  /** Largest possible doubled win total, the width of a team's histogram minus one. */
  maxHalfWins: number;
  /** The NFL procedure's inputs when the spec asks for playoffs; null otherwise. */
  playoffs: SeasonPlayoffs | null;
}

export function eloHomeProb(home: number, away: number, advantage: number): number {
  return eloProbability(home - away + advantage);
}

export function compileSeason(spec: SeasonSpec): Season {
  const fail = (field: string, msg: string): never => {
    throw new SimcastError('FIELD_INVALID', `${field}: ${msg}`);
  };
  checkSeasonShape(spec);
  const T = spec.teams.length;
  if (T < 2) fail('teams', 'a season needs at least two teams');
  if (!Number.isFinite(spec.homeAdvantage)) fail('homeAdvantage', 'must be a finite number');
  const index = new Map<string, number>();
  spec.teams.forEach((t, i) => {
    if (index.has(t.id)) fail(`teams[${i}].id`, `team '${t.id}' appears twice`);
    if (!Number.isFinite(t.rating)) fail(`teams[${i}].rating`, 'must be a finite number');
    for (const k of ['wins', 'losses', 'ties'] as const) {
      const v = t[k] ?? 0;
      if (!Number.isInteger(v) || v < 0 || v > 200) fail(`teams[${i}].${k}`, 'must be an integer from 0 to 200');
    }
    index.set(t.id, i);
  });
  const G = spec.remaining.length;
  const home = new Int32Array(G);
  const away = new Int32Array(G);
  const advantage = new Float64Array(G);
  const gamesLeft = new Int32Array(T);
  spec.remaining.forEach((g, i) => {
    const h = index.get(g.home);
    const a = index.get(g.away);
    if (h === undefined) throw new SimcastError('TEAM_UNKNOWN', `remaining[${i}].home: unknown team '${g.home}'`);
    if (a === undefined) throw new SimcastError('TEAM_UNKNOWN', `remaining[${i}].away: unknown team '${g.away}'`);
    if (h === a) fail(`remaining[${i}]`, `'${g.home}' cannot play itself`);
    home[i] = h;
    away[i] = a;
    advantage[i] = g.neutral ? 0 : spec.homeAdvantage;
    gamesLeft[h]++;
    gamesLeft[a]++;
  });
  const ratings = Float64Array.from(spec.teams, (t) => t.rating);
  const baseHalfWins = Int32Array.from(spec.teams, (t) => 2 * (t.wins ?? 0) + (t.ties ?? 0));
  const playoffs = spec.playoffs === undefined ? null : compilePlayoffs(spec, index, home, away);
  if (playoffs !== null) baseHalfWins.set(playoffs.league.baseHalfWins);
  let maxHalfWins = 0;
  for (let t = 0; t < T; t++) maxHalfWins = Math.max(maxHalfWins, baseHalfWins[t] + 2 * gamesLeft[t]);
  const thresholds = new Int32Array(G);
  for (let g = 0; g < G; g++) thresholds[g] = probToThreshold(eloHomeProb(ratings[home[g]], ratings[away[g]], advantage[g]));
  const group: Int32Array[] = [];
  const groupNames: string[][] = [];
  for (const level of GROUP_LEVELS) {
    const names: string[] = [];
    const idx = new Int32Array(T);
    spec.teams.forEach((t, i) => {
      const name = level === 'league' ? spec.league : (t[level] ?? '');
      let k = names.indexOf(name);
      if (k < 0) k = names.push(name) - 1;
      idx[i] = k;
    });
    group.push(idx);
    groupNames.push(names);
  }
  return {
    league: spec.league,
    teamCount: T,
    ids: spec.teams.map((t) => t.id),
    ratings,
    baseHalfWins,
    gameCount: G,
    home,
    away,
    advantage,
    thresholds,
    homeAdvantage: spec.homeAdvantage,
    group,
    groupNames,
    members: group.map((idx, level) => groupMembers(idx, groupNames[level].length)),
    maxHalfWins,
    playoffs,
  };
}

/** The teams of each group: members[g] lists, in team order, the teams t with group[t] === g. */
export function groupMembers(group: Int32Array, groups: number): Int32Array[] {
  return Array.from({ length: groups }, (_, g) => Int32Array.from(Array.from(group.keys()).filter((t) => group[t] === g)));
}
