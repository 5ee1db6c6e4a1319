// `simcast ingest player-stats|schedules|props|aliases`: a feed's file read and validated by the engine's
// parser, then upserted (store/props-history.ts), with every row the parser rejected (line and reason).
import { basename } from 'node:path';
import { OptionError } from '../../core/errors.js';
import { nameKey, parseNbaGameLog, parseNflverseSchedules, parseNflverseWeekly, parseOddsApiProps, type RejectedRow } from '../../engine/props/index.js';
import type { Db } from '../../store/db.js';
import {
  PLAYER_STATS_TABLE,
  PRICES_TABLE,
  SCHEDULES_TABLE,
  upsertAliases,
  upsertFeedRows,
  type StoredRow,
  type UpsertCounts,
} from '../../store/props-history.js';
import { readCsvRows } from '../../engine/games/csv-rows.js';
import { readText } from '../inputs/read-text.js';

export const PROPS_FEEDS = {
  'player-stats': { formats: ['nflverse-weekly', 'nba-gamelog'] },
  schedules: { formats: ['nflverse'] },
  props: { formats: ['odds-api'] },
  aliases: { formats: ['csv'] },
} as const;
export type PropsFeed = keyof typeof PROPS_FEEDS;

/** The league each format's rows belong to. */
const FORMAT_LEAGUE: Record<string, string> = { 'nflverse-weekly': 'nfl', 'nba-gamelog': 'nba', nflverse: 'nfl', 'odds-api': 'nba' };

export interface PropsIngestReport extends UpsertCounts {
  file: string;
  feed: PropsFeed;
  format: string;
  league: string;
  database: string;
  /** data rows read (the header not counted) */
  rows: number;
  valid: number;
  rejected: RejectedRow[];
  ms: number;
}

export interface ParsedFeed {
  feed: PropsFeed;
  format: string;
  league: string;
  rows: StoredRow[];
  read: number;
  rejected: RejectedRow[];
}

export function checkFeed(feed: string): PropsFeed {
  if (!(feed in PROPS_FEEDS)) throw new OptionError(`ingest: unknown feed '${feed}' (one of games, ${Object.keys(PROPS_FEEDS).join(', ')})`);
  return feed as PropsFeed;
}

/** The format named, or the feed's only one; player stats are told apart by the header when not named. */
function chooseFormat(feed: PropsFeed, format: string | undefined, text: string): string {
  const formats: readonly string[] = PROPS_FEEDS[feed].formats;
  if (format !== undefined) {
    if (!formats.includes(format)) throw new OptionError(`--format must be one of ${formats.join(', ')} for ${feed} (got '${format}')`);
    return format;
  }
  if (formats.length === 1) return formats[0];
  const header = text.slice(0, text.indexOf('\n') >>> 0).split(',');
  if (header.includes('recent_team')) return 'nflverse-weekly';
  if (header.includes('matchup')) return 'nba-gamelog';
  throw new OptionError(`${feed}: cannot tell the format from the header; give --format ${formats.join('|')}`);
}

/** Reads and validates a feed's file (before any database is opened). */
export async function readPropsFeed(file: string, feed: PropsFeed, format?: string, league?: string): Promise<ParsedFeed> {
  const text = await readText(file);
  const fmt = chooseFormat(feed, format, text);
  const lg = league ?? FORMAT_LEAGUE[fmt];
  if (lg === undefined) throw new OptionError(`${feed}: give --league (nba or nfl)`);
  if (FORMAT_LEAGUE[fmt] !== undefined && FORMAT_LEAGUE[fmt] !== lg)
    throw new OptionError(`--league ${lg} does not fit format ${fmt} (its rows are ${FORMAT_LEAGUE[fmt]})`);
  const base = { feed, format: fmt, league: lg };
  switch (fmt) {
    case 'nba-gamelog': {
      const p = parseNbaGameLog(text, file);
      return {
        ...base,
        read: p.read,
        rejected: p.rejected,
        rows: p.rows.map((r) => ({ key: [r.playerId, r.date, Number(r.date.slice(0, 4)), r.player, r.team, r.opponent], row: r })),
      };
    }
    case 'nflverse-weekly': {
      const p = parseNflverseWeekly(text, file);
      return {
        ...base,
        read: p.read,
        rejected: p.rejected,
        rows: p.rows.map((r) => ({
          key: [r.playerId, `${r.season}-${r.seasonType}-${String(r.week).padStart(2, '0')}`, r.season, r.name, r.team, r.opponent],
          row: r,
        })),
      };
    }
    case 'nflverse': {
      const p = parseNflverseSchedules(text, file);
      return { ...base, read: p.read, rejected: p.rejected, rows: p.rows.map((r) => ({ key: [r.gameId, r.season, r.date, r.home, r.away], row: r })) };
    }
    case 'odds-api': {
      const p = parseOddsApiProps(text, file);
      return {
        ...base,
        read: p.read,
        rejected: p.rejected,
        rows: p.rows.map((r) => ({ key: [r.player, r.game, r.gameTime, r.market, r.threshold, r.bookmaker, r.overOdds, r.underOdds], row: r })),
      };
    }
    default: {
      // aliases: alias,name (a spelling a feed uses, and the one the history uses)
      const { rows } = readCsvRows(text, file, ['alias', 'name']);
      const rejected: RejectedRow[] = [];
      const out: StoredRow[] = [];
      const seen = new Map<string, number>();
      for (const r of rows) {
        const alias = r.get('alias').trim();
        const name = r.get('name').trim();
        const key = nameKey(alias);
        if (key === '' || nameKey(name) === '')
          rejected.push({ line: r.line, reason: `alias: '${alias}' and name: '${name}' must both hold letters`, scope: 'row' });
        else if (key === nameKey(name)) rejected.push({ line: r.line, reason: `alias: '${alias}' is the name itself after normalisation`, scope: 'row' });
        else if (seen.has(key)) rejected.push({ line: r.line, reason: `alias: '${alias}' is already on line ${seen.get(key)}`, scope: 'row' });
        else {
          seen.set(key, r.line);
          out.push({ key: [alias, key, name], row: {} });
        }
      }
      return { ...base, read: rows.length, rejected, rows: out };
    }
  }
}

const TABLES = { 'player-stats': PLAYER_STATS_TABLE, schedules: SCHEDULES_TABLE, props: PRICES_TABLE } as const;

export async function ingestPropsFeed(db: Db, parsed: ParsedFeed, file: string, batch?: number): Promise<PropsIngestReport> {
  const t0 = performance.now();
  const counts =
    parsed.feed === 'aliases'
      ? await upsertAliases(
          db,
          parsed.league,
          parsed.rows.map((r) => ({ alias: String(r.key[0]), key: String(r.key[1]), name: String(r.key[2]) })),
        )
      : await upsertFeedRows(db, TABLES[parsed.feed], parsed.league, `${parsed.format}:${basename(file)}`, parsed.rows, batch);
  return {
    file,
    feed: parsed.feed,
    format: parsed.format,
    league: parsed.league,
    database: db.description,
    rows: parsed.read,
    valid: parsed.rows.length,
    ...counts,
    rejected: parsed.rejected,
    ms: Math.round(performance.now() - t0),
  };
}
