// Joins prop prices to the game logs that settle them: the player's name through normalised keys and
// the alias table, the game's local date from its UTC start in the home arena's time zone, and a check
// that the player's log that day is this game (his team and opponent are the priced game's teams).
// Every price row that cannot be joined is reported with its reason; a player with a log history but
// no log on the game's date did not play (the prop is void).
import { localDater } from '../parse/local-date.js';
import { aliasTable, NameIndex, NBA_PLAYER_ALIASES, type AliasTable } from '../parse/names.js';
import { nbaTeamIndex, type NbaTeamIndex } from '../parse/nba-teams.js';
import type { NbaGameLogRow } from '../parse/nba-gamelog.js';
import type { PropPriceRow } from '../parse/odds-api-props.js';

export interface MatchedPrice {
  price: PropPriceRow;
  /** local date of the game */
  date: string;
  playerId: string;
  team: string;
  opponent: string;
  home: boolean;
  /** the settled stat, null when the log lacks it */
  settled: number | null;
}

export interface UnmatchedPrice {
  line: number;
  player: string;
  reason: string;
}

export interface PriceMatchReport {
  matched: MatchedPrice[];
  unmatched: UnmatchedPrice[];
  /** players with no game log at all, with how many price rows each */
  unknownPlayers: { player: string; rows: number }[];
}

export const NBA_DEFAULT_ALIASES: AliasTable = aliasTable(NBA_PLAYER_ALIASES);

function settledStat(log: NbaGameLogRow, stat: string): number | null {
  switch (stat) {
    case 'threes':
      return log.threesMade;
    case 'points':
      return log.points;
    case 'rebounds':
      return log.rebounds;
    case 'assists':
      return log.assists;
    default:
      return null;
  }
}

export function matchPricesToLogs(
  prices: readonly PropPriceRow[],
  logs: readonly NbaGameLogRow[],
  opts: { aliases?: AliasTable; teams?: NbaTeamIndex } = {},
): PriceMatchReport {
  const teams = opts.teams ?? nbaTeamIndex();
  const names = new NameIndex(
    logs.map((l) => [l.player, l.playerId] as const),
    opts.aliases ?? NBA_DEFAULT_ALIASES,
  );
  const byPlayerDate = new Map<string, NbaGameLogRow>();
  for (const l of logs) byPlayerDate.set(`${l.playerId}|${l.date}`, l);
  const daters = new Map<string, (iso: string) => string | null>();
  const dater = (tz: string) => {
    let d = daters.get(tz);
    if (!d) daters.set(tz, (d = localDater(tz)));
    return d;
  };
  const resolved = new Map<string, ReturnType<NameIndex['resolve']>>();
  const matched: MatchedPrice[] = [];
  const unmatched: UnmatchedPrice[] = [];
  const unknown = new Map<string, number>();
  for (const p of prices) {
    const miss = (reason: string) => unmatched.push({ line: p.line, player: p.player, reason });
    const home = teams.byName.get(p.homeTeam.toLowerCase());
    const away = teams.byName.get(p.awayTeam.toLowerCase());
    if (!home || !away) {
      miss(`team '${!home ? p.homeTeam : p.awayTeam}' is not an NBA team name`);
      continue;
    }
    const date = dater(home.timeZone)(p.gameTime);
    if (date === null) {
      miss(`game_time '${p.gameTime}' is not an instant`);
      continue;
    }
    let who = resolved.get(p.player);
    if (!who) resolved.set(p.player, (who = names.resolve(p.player)));
    if (who.id === null) {
      if (who.reason === 'ambiguous') miss(`name '${p.player}' matches several players (${(who.candidates ?? []).join(', ')}): add an alias`);
      else {
        miss(`player '${p.player}' has no game log (not in the logs; add an alias if the logs spell the name otherwise)`);
        unknown.set(p.player, (unknown.get(p.player) ?? 0) + 1);
      }
      continue;
    }
    const log = byPlayerDate.get(`${who.id}|${date}`);
    if (!log) {
      miss(`no game log for '${p.player}' on ${date}: did not play (the prop is void)`);
      continue;
    }
    const ours = new Set([home.abbr, away.abbr]);
    if (!ours.has(log.team) || !ours.has(log.opponent)) {
      miss(`the log of '${p.player}' on ${date} is ${log.team} v ${log.opponent}, not ${p.game}`);
      continue;
    }
    matched.push({ price: p, date, playerId: who.id, team: log.team, opponent: log.opponent, home: log.home, settled: settledStat(log, p.stat) });
  }
  return {
    matched,
    unmatched,
    unknownPlayers: [...unknown].map(([player, rows]) => ({ player, rows })).sort((a, b) => b.rows - a.rows || a.player.localeCompare(b.player)),
  };
}
