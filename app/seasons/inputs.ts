// Which season, and as of when: an NFL season built from a games file (the bundled history by default)
// as it stood on a day or before a week's kickoff. The engine's seasonFromGames does the building; this
// module picks the day a week means and checks the season and week exist, naming the option at fault.
import { OptionError } from '../../core/errors.js';
import { projectFile } from '../../core/paths.js';
import { nflTeams } from '../../engine/games/nfl-teams.js';
import type { Game } from '../../engine/games/types.js';
import { seasonFromGames } from '../../engine/season/from-games.js';
import type { SeasonSpec } from '../../engine/season/season.js';
import { loadGames } from '../inputs/games-file.js';

export const BUNDLED_GAMES = 'examples/data/nfl-games-spreadspoke.csv';

export interface SeasonQuery {
  league: 'nfl';
  /** The season (its first year); default: the latest season in the games with a game still to play. */
  season?: number;
  /** Simulate from this week on (weeks before it count as played); lastWeek + 1: after the regular season. */
  week?: number;
  /** YYYY-MM-DD: games after this day count as not played. */
  asOf?: string;
  /** A games file (spreadspoke or generic CSV); default: the bundled NFL history. */
  games?: string;
}

/** The season as simulated: the spec, and where it stands. */
export interface SeasonInputs {
  spec: SeasonSpec;
  league: 'nfl';
  season: number;
  /** The day the played games run to (null: every game with a score counts). */
  asOf: string | null;
  /** The first week simulated (null when the query named a day and no week). */
  week: number | null;
  /** Regular-season weeks of the season in the games. */
  weeks: number;
  gamesPlayed: number;
  gamesLeft: number;
  /** The games file, as given (or the bundled one's path in the repository). */
  source: string;
}

const loaded = new Map<string, Promise<Game[]>>();

/** A games file's games, read once per process (the server answers many requests from the bundled file). */
export function seasonGames(file?: string): Promise<Game[]> {
  const path = file ?? projectFile(...BUNDLED_GAMES.split('/'));
  let p = loaded.get(path);
  if (p === undefined) {
    p = loadGames(path, 'auto').then((r) => r.games);
    loaded.set(path, p);
    p.catch(() => loaded.delete(path));
  }
  return p;
}

const weekOf = (g: Game): number | null => (g.playoff !== true && g.week != null && /^\d+$/.test(g.week) ? Number(g.week) : null);

const dayBefore = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The regular-season weeks of a season and the first day of each (weeks[w - 1]). */
export function seasonWeeks(games: readonly Game[], season: number): { firstDay: string[]; lastDay: string } {
  const first: string[] = [];
  let last = '';
  for (const g of games) {
    if (g.season !== season) continue;
    const w = weekOf(g);
    if (w === null) continue;
    if (first[w - 1] === undefined || g.date < first[w - 1]) first[w - 1] = g.date;
    if (g.date > last) last = g.date;
  }
  return { firstDay: first, lastDay: last };
}

/** Regular-season games per team in a season of the modern schedule (null where it varied: strikes, earlier years). */
function gamesPerTeam(season: number): number | null {
  if (season >= 2021) return 17;
  if (season >= 1978 && season !== 1982 && season !== 1987) return 16;
  return null;
}

/** Regular-season games in the file against the season's whole schedule (null: not known). */
function scheduleShortfall(games: readonly Game[], season: number): { have: number; want: number } | null {
  const per = gamesPerTeam(season);
  if (per === null) return null;
  const teams = new Set<string>();
  let have = 0;
  for (const g of games) {
    if (g.season !== season || g.playoff === true) continue;
    have++;
    teams.add(g.home).add(g.away);
  }
  // One game may be missing: 2022's cancelled Buffalo-Cincinnati game.
  const want = (teams.size * per) / 2;
  return have >= want - 1 ? null : { have, want };
}

/** The latest season whose whole schedule is in the file and has a regular-season game unplayed, else the latest whole season. */
export function defaultSeason(games: readonly Game[]): number {
  const seasons = [...new Set(games.filter((g) => g.playoff !== true).map((g) => g.season))].sort((a, b) => b - a);
  const whole = seasons.filter((y) => scheduleShortfall(games, y) === null);
  const open = whole.find((y) => games.some((g) => g.season === y && g.playoff !== true && (g.homeScore === null || g.awayScore === null)));
  return open ?? whole[0] ?? seasons[0];
}

/** The latest season with a regular-season game on or before the day (the first season when none). */
function seasonOnDay(games: readonly Game[], day: string): number {
  let best = -Infinity;
  let first = Infinity;
  for (const g of games) {
    if (g.playoff === true) continue;
    first = Math.min(first, g.season);
    if (g.date <= day) best = Math.max(best, g.season);
  }
  return Number.isFinite(best) ? best : first;
}

/** The day a week's simulation starts from: the day before its first game (lastWeek + 1: the last regular-season day). */
export function asOfForWeek(games: readonly Game[], season: number, week: number, where = 'options.week'): string {
  const { firstDay, lastDay } = seasonWeeks(games, season);
  const weeks = firstDay.length;
  if (!Number.isInteger(week) || week < 1 || week > weeks + 1)
    throw new OptionError(`${where} must be from 1 to ${weeks + 1} for season ${season} (${weeks} weeks; ${weeks + 1}: after the regular season), got ${week}`);
  if (week === weeks + 1) return lastDay;
  if (firstDay[week - 1] === undefined) throw new OptionError(`${where}: season ${season} has no games in week ${week}`);
  return dayBefore(firstDay[week - 1]);
}

/** The season the query names, built from its games file. */
export async function seasonInputs(q: SeasonQuery, where = 'options'): Promise<SeasonInputs> {
  if (q.league !== 'nfl') throw new OptionError(`${where}.league must be nfl (got '${String(q.league)}')`);
  if (q.week !== undefined && q.asOf !== undefined) throw new OptionError(`${where}.week and ${where}.asOf cannot be used together: give one`);
  if (q.asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(q.asOf) || Number.isNaN(Date.parse(q.asOf))))
    throw new OptionError(`${where}.asOf must be a day YYYY-MM-DD (got '${q.asOf}')`);
  const games = await seasonGames(q.games);
  const seasons = new Set(games.filter((g) => g.playoff !== true).map((g) => g.season));
  if (q.season !== undefined && !seasons.has(q.season)) {
    const years = [...seasons].sort((a, b) => a - b);
    throw new OptionError(
      `${where}.season: no regular-season games of ${q.season} in ${q.games ?? BUNDLED_GAMES} (it has ${years[0]}-${years[years.length - 1]})`,
    );
  }
  const season = q.season ?? (q.asOf === undefined ? defaultSeason(games) : seasonOnDay(games, q.asOf));
  const short = scheduleShortfall(games, season);
  if (short !== null)
    throw new OptionError(
      `${where}.season: ${q.games ?? BUNDLED_GAMES} holds ${short.have} of season ${season}'s ${short.want} regular-season games (its schedule is incomplete): pick another season, or give a games file with the whole schedule`,
    );
  const finished = !games.some((g) => g.season === season && g.playoff !== true && (g.homeScore === null || g.awayScore === null));
  // A finished season with no day named: as it stood after the regular season, so its own playoff games stay out of the ratings.
  const asOf =
    q.week !== undefined ? asOfForWeek(games, season, q.week, `${where}.week`) : (q.asOf ?? (finished ? seasonWeeks(games, season).lastDay : undefined));
  const t = nflTeams();
  const spec = seasonFromGames(games, { league: 'nfl', season, asOf, division: t.division, conference: t.conference, finished: true });
  const year = spec.playoffs?.season ?? season;
  return {
    spec,
    league: 'nfl',
    season: year,
    asOf: asOf ?? null,
    week: q.week ?? null,
    weeks: seasonWeeks(games, year).firstDay.length,
    gamesPlayed: spec.played?.length ?? 0,
    gamesLeft: spec.remaining.length,
    source: q.games ?? BUNDLED_GAMES,
  };
}
