// Player-prop prices in The Odds API's flattened form: one row per player, game, bookmaker and line,
// with over and under American odds. `game` is "Away Team @ Home Team" (full names), `game_time` the
// start as a UTC instant (an evening game in the US is dated the next day in UTC). Rejected whole, with
// the reason: a market simcast has no stat for, a line that is not a number, a missing or impossible
// price (odds between −100 and 100), a game not of the form "Away @ Home", a time that is not UTC ISO,
// the same player, game, book, market and line twice.
import { readCsvRows } from '../../games/csv-rows.js';
import { isUtcInstant } from './local-date.js';
import { americanOf, numberOf, type ParseReport, type RejectedRow } from './types.js';

/** The Odds API's player markets and the stat each settles on. */
export const ODDS_API_MARKETS: Readonly<Record<string, string>> = {
  player_threes: 'threes',
  player_points: 'points',
  player_rebounds: 'rebounds',
  player_assists: 'assists',
  player_pass_yds: 'passing_yards',
  player_pass_tds: 'passing_tds',
  player_pass_completions: 'completions',
  player_rush_yds: 'rushing_yards',
  player_rush_attempts: 'carries',
  player_receptions: 'receptions',
  player_reception_yds: 'receiving_yards',
};

export interface PropPriceRow {
  line: number;
  player: string;
  game: string;
  awayTeam: string;
  homeTeam: string;
  /** UTC instant of the start */
  gameTime: string;
  market: string;
  stat: string;
  /** the prop's line (threshold) */
  threshold: number;
  bookmaker: string;
  overOdds: number;
  underOdds: number;
}

const REQUIRED = ['player', 'game', 'game_time', 'market', 'line', 'bookmaker', 'over_odds', 'under_odds'] as const;

export function parseOddsApiProps(text: string, source = 'props.csv', markets: Readonly<Record<string, string>> = ODDS_API_MARKETS): ParseReport<PropPriceRow> {
  const { rows } = readCsvRows(text, source, REQUIRED);
  const out: PropPriceRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const reject = (reason: string) => rejected.push({ line: r.line, reason, scope: 'row' });
    const player = r.get('player');
    if (player === '') {
      reject('player is empty');
      continue;
    }
    const g = /^(.+?) @ (.+)$/.exec(r.get('game'));
    if (!g) {
      reject(`game '${r.get('game')}' is not 'Away Team @ Home Team'`);
      continue;
    }
    const gameTime = r.get('game_time');
    if (!isUtcInstant(gameTime)) {
      reject(`game_time '${gameTime}' is not a UTC instant (YYYY-MM-DDTHH:MM:SSZ)`);
      continue;
    }
    const market = r.get('market');
    const stat = markets[market];
    if (stat === undefined) {
      reject(`market '${market}' has no stat here (known: ${Object.keys(markets).join(', ')})`);
      continue;
    }
    const threshold = numberOf(r.get('line'));
    if (threshold === undefined) {
      reject(`line '${r.get('line')}' is not a number`);
      continue;
    }
    const bookmaker = r.get('bookmaker');
    if (bookmaker === '') {
      reject('bookmaker is empty');
      continue;
    }
    const over = americanOf(r.get('over_odds'));
    const under = americanOf(r.get('under_odds'));
    if (over === undefined || under === undefined) {
      const [col, v] = over === undefined ? ['over_odds', r.get('over_odds')] : ['under_odds', r.get('under_odds')];
      reject(`${col} '${v}' is not American odds (≤ -100 or ≥ 100)`);
      continue;
    }
    const key = `${player}|${r.get('game')}|${gameTime}|${bookmaker}|${market}|${threshold}`;
    if (seen.has(key)) {
      reject(`duplicate price: ${player}, ${bookmaker}, ${market} ${threshold} at ${gameTime}`);
      continue;
    }
    seen.add(key);
    out.push({
      line: r.line,
      player,
      game: r.get('game'),
      awayTeam: g[1],
      homeTeam: g[2],
      gameTime,
      market,
      stat,
      threshold,
      bookmaker,
      overOdds: over,
      underOdds: under,
    });
  }
  return { rows: out, rejected, read: rows.length };
}
