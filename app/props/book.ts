// The histories the prop models price from, loaded once (from the database, or from parsed rows in
// tests and the benchmark), with what is costly to rebuild kept between requests: an NFL model per
// season (fitted on the seasons before it: seconds on the full files), an NBA threes state per date,
// and name indexes through the aliases. `version` names the data, so cached answers never outlive it.
import { createHash } from 'node:crypto';
import {
  buildNflHistory,
  DEFAULT_THREES_SETTINGS,
  fitNflPropModel,
  logsByDate,
  NameIndex,
  NBA_DEFAULT_ALIASES,
  threesStateAsOf,
  withAliases,
  BlockNormalsCache,
  aliasTable,
  type AliasTable,
  type NbaGameLogRow,
  type NflGameRow,
  type NflHistory,
  type NflPropModel,
  type NflWeeklyRow,
  type ThreesState,
} from '../../engine/props/index.js';
import type { Queryable } from '../../store/db.js';
import { feedVersion, loadAliases, loadFeedRows, PLAYER_STATS_TABLE, SCHEDULES_TABLE } from '../../store/props-history.js';

export type PropsLeague = 'nfl' | 'nba';
export const PROPS_LEAGUES: readonly PropsLeague[] = ['nfl', 'nba'];

export interface PropsRows {
  nfl?: { weekly: readonly NflWeeklyRow[]; schedules: readonly NflGameRow[]; aliases?: Record<string, string> };
  nba?: { logs: readonly NbaGameLogRow[]; aliases?: Record<string, string> };
}

interface NflBook {
  history: NflHistory;
  names: NameIndex;
  playerNames: Map<string, string>;
  models: Map<number, NflPropModel>;
}

interface NbaBook {
  byDate: [string, NbaGameLogRow[]][];
  names: NameIndex;
  playerNames: Map<string, string>;
  /** the player's team on each of his dates (in date order), to tell teammates from opponents */
  teams: Map<string, [string, string][]>;
  states: Map<string, ThreesState>;
}

const MAX_STATES = 64;

export class PropsBook {
  /** each seed's block normals, drawn once: slips with one seed reuse them (the answer is the same) */
  readonly normals = new BlockNormalsCache(64);
  private readonly nflBook: NflBook | null;
  /** told before an NFL model is fitted (the CLI says so on stderr: it takes seconds on a full history) */
  onFit?: (season: number, playerGames: number) => void;
  private readonly nbaBook: NbaBook | null;

  private constructor(
    rows: PropsRows,
    /** names the data of each league (cache keys carry it) */
    readonly version: Readonly<Record<PropsLeague, string>>,
  ) {
    if (rows.nfl && rows.nfl.weekly.length > 0) {
      const w = rows.nfl.weekly;
      const playerNames = new Map(w.map((r) => [r.playerId, r.name]));
      this.nflBook = {
        history: buildNflHistory(w, rows.nfl.schedules),
        names: new NameIndex(
          [...playerNames].map(([id, name]) => [name, id] as const),
          aliasTable(rows.nfl.aliases ?? {}),
        ),
        playerNames,
        models: new Map(),
      };
    } else this.nflBook = null;
    if (rows.nba && rows.nba.logs.length > 0) {
      const playerNames = new Map(rows.nba.logs.map((r) => [r.playerId, r.player]));
      const aliases: AliasTable = withAliases(NBA_DEFAULT_ALIASES, rows.nba.aliases ?? {});
      const byDate = logsByDate(rows.nba.logs);
      const teams = new Map<string, [string, string][]>();
      for (const [date, logs] of byDate)
        for (const r of logs) {
          let t = teams.get(r.playerId);
          if (!t) teams.set(r.playerId, (t = []));
          t.push([date, r.team]);
        }
      this.nbaBook = {
        byDate,
        teams,
        names: new NameIndex(
          [...playerNames].map(([id, name]) => [name, id] as const),
          aliases,
        ),
        playerNames,
        states: new Map(),
      };
    } else this.nbaBook = null;
  }

  static fromRows(rows: PropsRows): PropsBook {
    const h = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 12);
    return new PropsBook(rows, {
      nfl: rows.nfl ? h([rows.nfl.weekly.length, rows.nfl.schedules.length, rows.nfl.aliases, rows.nfl.weekly.at(-1)]) : '0',
      nba: rows.nba ? h([rows.nba.logs.length, rows.nba.aliases, rows.nba.logs.at(-1)]) : '0',
    });
  }

  /** Every league's rows and aliases from the database. */
  static async load(db: Queryable): Promise<PropsBook> {
    const aliases = async (league: string) => Object.fromEntries((await loadAliases(db, league)).map((a) => [a.alias, a.name]));
    const rows: PropsRows = {
      nfl: {
        weekly: await loadFeedRows<NflWeeklyRow>(db, PLAYER_STATS_TABLE, 'nfl'),
        schedules: await loadFeedRows<NflGameRow>(db, SCHEDULES_TABLE, 'nfl'),
        aliases: await aliases('nfl'),
      },
      nba: { logs: await loadFeedRows<NbaGameLogRow>(db, PLAYER_STATS_TABLE, 'nba'), aliases: await aliases('nba') },
    };
    return new PropsBook(rows, { nfl: await feedVersion(db, 'nfl'), nba: await feedVersion(db, 'nba') });
  }

  has(league: PropsLeague): boolean {
    return (league === 'nfl' ? this.nflBook : this.nbaBook) !== null;
  }

  get nfl(): NflBook | null {
    return this.nflBook;
  }

  get nba(): NbaBook | null {
    return this.nbaBook;
  }

  /** The NFL model pricing games of `season` (fitted on the earlier seasons on first use, then kept). */
  nflModel(season: number): NflPropModel {
    const b = this.nflBook!;
    let m = b.models.get(season);
    if (!m) {
      this.onFit?.(season, b.history.all.length);
      b.models.set(season, (m = fitNflPropModel(b.history, { beforeSeason: season })));
    }
    return m;
  }

  /** The player's NBA team on `date`: his team of that day's game, else of his last game before it, else of his first. */
  nbaTeam(playerId: string, date: string): string | null {
    const t = this.nbaBook?.teams.get(playerId);
    if (!t || t.length === 0) return null;
    let found = t[0][1];
    for (const [d, team] of t) {
      if (d > date) break;
      found = team;
    }
    return found;
  }

  /** The NBA threes state holding every game before `date` (kept for the last few dates asked). */
  nbaState(date: string): ThreesState {
    const b = this.nbaBook!;
    let s = b.states.get(date);
    if (!s) {
      if (b.states.size >= MAX_STATES) b.states.delete(b.states.keys().next().value!);
      b.states.set(date, (s = threesStateAsOf(b.byDate, date, { ...DEFAULT_THREES_SETTINGS })));
    }
    return s;
  }
}
