// The playoff part of a season spec, checked and compiled: two conferences of divisions, the played
// results (records, head-to-head, points) and the format of the season's year. Workers rebuild the
// League from `input` (plain typed arrays) with compileLeague.
import { SimcastError } from '../../core/errors.js';
import { compileLeague, type League, type LeagueInput } from './league.js';
import { nflPlayoffFormat, type PlayoffFormat } from './playoffs.js';
import type { SeasonSpec } from './season.js';

export interface SeasonPlayoffs {
  season: number;
  format: PlayoffFormat;
  league: League;
  input: LeagueInput;
  /** Names of conference and division indexes (alphabetical). */
  confNames: string[];
  divNames: string[];
}

export function compilePlayoffs(spec: SeasonSpec, index: ReadonlyMap<string, number>, remainingHome: Int32Array, remainingAway: Int32Array): SeasonPlayoffs {
  const fail = (field: string, msg: string): never => {
    throw new SimcastError('FIELD_INVALID', `${field}: ${msg}`);
  };
  const p = spec.playoffs!;
  if (p.format !== 'nfl') fail('playoffs.format', `must be 'nfl' (got ${JSON.stringify(p.format)})`);
  if (!Number.isInteger(p.season)) fail('playoffs.season', `must be a year (got ${JSON.stringify(p.season)})`);
  const format = nflPlayoffFormat(p.season, p.seeds);
  const T = spec.teams.length;
  spec.teams.forEach((t, i) => {
    if (!t.division) fail(`teams[${i}].division`, 'is required with playoffs');
    if (!t.conference) fail(`teams[${i}].conference`, 'is required with playoffs');
  });
  const confNames = [...new Set(spec.teams.map((t) => t.conference!))].sort();
  const divNames = [...new Set(spec.teams.map((t) => t.division!))].sort();
  if (confNames.length !== 2) fail('teams', `playoffs need two conferences (got ${confNames.length}: ${confNames.join(', ')})`);
  const conf = Int32Array.from(spec.teams, (t) => confNames.indexOf(t.conference!));
  const div = Int32Array.from(spec.teams, (t) => divNames.indexOf(t.division!));

  const played = spec.played ?? [];
  const n = played.length;
  const x: LeagueInput = {
    teamCount: T,
    conf,
    div,
    playedHome: new Int32Array(n),
    playedAway: new Int32Array(n),
    playedHomeScore: new Int32Array(n),
    playedAwayScore: new Int32Array(n),
    remainingHome,
    remainingAway,
  };
  played.forEach((g, i) => {
    const h = index.get(g.home);
    const a = index.get(g.away);
    if (h === undefined) throw new SimcastError('TEAM_UNKNOWN', `played[${i}].home: unknown team '${g.home}'`);
    if (a === undefined) throw new SimcastError('TEAM_UNKNOWN', `played[${i}].away: unknown team '${g.away}'`);
    if (h === a) fail(`played[${i}]`, `'${g.home}' cannot play itself`);
    for (const k of ['homeScore', 'awayScore'] as const) {
      if (!Number.isInteger(g[k]) || g[k] < 0 || g[k] > 1000) fail(`played[${i}].${k}`, 'must be an integer from 0 to 1000');
    }
    x.playedHome[i] = h;
    x.playedAway[i] = a;
    x.playedHomeScore[i] = g.homeScore;
    x.playedAwayScore[i] = g.awayScore;
  });
  const league = compileLeague(x);

  // Records given with the teams must be the played games' own.
  spec.teams.forEach((t, i) => {
    if (t.wins === undefined && t.losses === undefined && t.ties === undefined) return;
    let w = 0;
    let l = 0;
    let d = 0;
    for (let k = 0; k < n; k++) {
      const home = x.playedHome[k] === i;
      if (!home && x.playedAway[k] !== i) continue;
      const diff = (x.playedHomeScore[k] - x.playedAwayScore[k]) * (home ? 1 : -1);
      if (diff > 0) w++;
      else if (diff < 0) l++;
      else d++;
    }
    if ((t.wins ?? 0) !== w || (t.losses ?? 0) !== l || (t.ties ?? 0) !== d) {
      fail(`teams[${i}]`, `'${t.id}' is ${t.wins ?? 0}-${t.losses ?? 0}-${t.ties ?? 0} but its played games make ${w}-${l}-${d}`);
    }
  });
  for (let c = 0; c < 2; c++) {
    const size = league.confMembers[c].length;
    let divisions = 0;
    for (let d = 0; d < league.divCount; d++) if (league.divConf[d] === c) divisions++;
    if (size < format.seeds) fail('teams', `conference ${confNames[c]} has ${size} teams, fewer than its ${format.seeds} seeds`);
    if (divisions > format.seeds) fail('teams', `conference ${confNames[c]} has ${divisions} divisions, more than its ${format.seeds} seeds`);
  }
  return { season: p.season, format, league, input: x, confNames, divNames };
}
