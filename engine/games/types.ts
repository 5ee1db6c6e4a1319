// One game as the models, the replay, the backtest and the importer see it. Team fields hold stable
// franchise ids (for the NFL the `team_id_pfr`-style id of nfl-teams.csv, joined across a franchise's
// names and moves: see engine/games/nfl-teams.ts).

export interface Game {
  /** YYYY-MM-DD */
  date: string;
  season: number;
  home: string;
  away: string;
  /** null for a game not yet played */
  homeScore: number | null;
  awayScore: number | null;
  neutral: boolean;
  /** The home side's closing spread: negative when the home team is favoured; null when unknown. */
  spread: number | null;
  /** The closing over/under line; null when unknown. */
  total: number | null;
  /** Week label as the source gives it ("1".."18", "Wildcard", "Superbowl"), when known. */
  week?: string | null;
  playoff?: boolean;
  /** 1-based line of the source file the game came from (for reports). */
  line?: number;
}

/** A row the importer did not take (or took only in part), with the reason. */
export interface RejectedRow {
  /** 1-based line in the source file (the header is line 1). */
  line: number;
  reason: string;
  /** 'row': the game was not imported; 'odds': the game was imported without its line. */
  scope: 'row' | 'odds';
}

export interface ParsedGames {
  /** Played and scheduled games that passed validation, in file order. */
  games: Game[];
  rejected: RejectedRow[];
  /** Data rows read (not counting the header). */
  rows: number;
}

/** Played games only (both scores present). */
export function playedGames(games: readonly Game[]): Game[] {
  return games.filter((g) => g.homeScore !== null && g.awayScore !== null);
}

/** Sorts games by date, stably (file order within a day). */
export function byDate(games: readonly Game[]): Game[] {
  return games
    .map((g, i) => [g, i] as const)
    .sort((a, b) => (a[0].date < b[0].date ? -1 : a[0].date > b[0].date ? 1 : a[1] - b[1]))
    .map((x) => x[0]);
}

/** A league id: lowercase, as in 'nfl', 'nba'. */
export const LEAGUE_ID = /^[a-z][a-z0-9_-]{0,19}$/;
