// The API's view of the game models: the Predictor interface routes, the cache and `simcast cache warm`
// use. server/predictor-models.ts binds it to engine/models (what `simcast serve` runs);
// server/predictor-engine.ts is a small self-contained one that tests use for synthetic leagues.

/** One game from history or the schedule; scores are null for a game not yet played. */
export interface GameRecord {
  /** YYYY-MM-DD */
  date: string;
  season: number;
  home: string;
  away: string;
  homeScore: number | null;
  awayScore: number | null;
  neutral: boolean;
  /** The home side's closing spread (negative: home favoured). */
  spread?: number | null;
  total?: number | null;
}

/** What a client asks about one game. */
export interface GameRequest {
  league: string;
  home: string;
  away: string;
  neutral?: boolean;
  /** The home side's spread: -5.5 means home favoured by 5.5. */
  spread?: number;
  total?: number;
  /** Market prices, American odds. */
  odds?: { home?: number; away?: number; over?: number; under?: number };
}

export interface Recommendation {
  market: 'moneyline' | 'spread' | 'total' | null;
  side: 'home' | 'away' | 'over' | 'under' | null;
  edge: number;
  /** Full Kelly fraction. */
  kelly: number;
  /** Recommended stake (fractional Kelly, capped), fraction of bankroll. */
  stake: number;
}

export interface GamePrediction {
  league: string;
  home: string;
  away: string;
  neutral: boolean;
  spread: number | null;
  total: number | null;
  /** Each model's home win probability. */
  models: Record<string, number>;
  pHome: number;
  pCover: number | null;
  pOver: number | null;
  expectedMargin: number;
  expectedTotal: number;
  confidence: number;
  recommendation: Recommendation;
  ratingsVersion: string;
}

export interface TeamStats {
  league: string;
  team: string;
  rating: number;
  games: number;
  pythagorean: { pointsFor: number; pointsAgainst: number; exponent: number; expectation: number };
  form: { last: number; wins: number; losses: number; ties: number; pointDiff: number; results: string };
  ratingsVersion: string;
}

export interface Predictor {
  /** Which implementation answers: "models" (engine/models) or "simple" (the test predictor). */
  source: string;
  leagues(): string[];
  hasLeague(league: string): boolean;
  /** Changes whenever ratings change; part of every prediction cache key. */
  ratingsVersion(league: string): string;
  teams(league: string): string[];
  hasTeam(league: string, team: string): boolean;
  /**
   * The league's own id for a team given another way (an NFL `team_id` such as KC, or a full name such
   * as "Kansas City Chiefs"); the name itself when it is an id or unknown. Optional.
   */
  resolveTeam?(league: string, team: string): string;
  teamStats(league: string, team: string): TeamStats;
  predict(g: GameRequest): GamePrediction;
  /** That day's games (YYYY-MM-DD) with their lines, for cache warm-up. */
  scheduled(league: string, date: string): GameRequest[];
}
