// The predictor the HTTP API, the cache and `simcast cache warm` use: one league state per league
// (engine/models/league-state.ts: Elo replay, Pythagorean, fitted logistic/margin/total regressions,
// the stacked ensemble, its own game simulator) built from the league's games, and predictGame for every
// request. Requests and answers are the engine's own types (PredictContext, GamePrediction, TeamStats).
import { SimcastError } from '../../core/errors.js';
import { nflTeams } from '../../engine/games/nfl-teams.js';
import type { Game } from '../../engine/games/types.js';
import { buildLeagueState, predictGame, type LeagueState, type PredictContext } from '../../engine/models/league-state.js';
import type { GamePrediction } from '../../engine/models/prediction.js';
import { teamStats, type TeamStats } from '../../engine/models/team-stats.js';

/** What a client asks about one game: the engine's prediction context. */
export type GameRequest = PredictContext;

export interface Predictor {
  /** Which implementation answers ("models": engine/models), for readiness. */
  source: string;
  leagues(): string[];
  hasLeague(league: string): boolean;
  /** Changes whenever ratings change; part of every prediction cache key. */
  ratingsVersion(league: string): string;
  teams(league: string): string[];
  hasTeam(league: string, team: string): boolean;
  /**
   * The league's own id for a team given another way (an NFL `team_id` such as KC, or a full name such
   * as "Kansas City Chiefs"); the name itself when it is an id or unknown.
   */
  resolveTeam(league: string, team: string): string;
  teamStats(league: string, team: string): TeamStats;
  predict(g: GameRequest): GamePrediction;
  /** That day's games (YYYY-MM-DD) with their lines, date and season, for cache warm-up. */
  scheduled(league: string, date: string): GameRequest[];
}

interface ModelsPredictorOptions {
  games: Record<string, readonly Game[]>;
  /** Monte Carlo simulations per prediction (default: the models' 10,000). */
  sims?: number;
  /**
   * Other names of a league's teams → its ids. Default for "nfl": the bundled franchise table's
   * `team_id`s (KC, LVR, LAC, ...) and full names, where they name a team the games know.
   */
  aliases?: Record<string, ReadonlyMap<string, string>>;
}

/** The bundled NFL table's team_ids and full names that lead to a franchise id of `teams`. */
function nflAliases(teams: ReadonlyMap<string, unknown>): Map<string, string> {
  const t = nflTeams();
  const out = new Map<string, string>();
  for (const [alias, id] of [...t.byTeamId, ...t.byName]) if (!teams.has(alias) && teams.has(id)) out.set(alias, id);
  return out;
}

export function createModelsPredictor(opts: ModelsPredictorOptions): Predictor {
  const leagues = new Map<string, { state: LeagueState; games: readonly Game[] }>();
  for (const [league, games] of Object.entries(opts.games)) leagues.set(league, { state: buildLeagueState(games, league), games });
  const aliases = new Map<string, ReadonlyMap<string, string>>();
  for (const [league, l] of leagues) {
    const a = opts.aliases?.[league] ?? (league === 'nfl' ? nflAliases(l.state.teams) : null);
    if (a) aliases.set(league, a);
  }
  const get = (league: string) => {
    const l = leagues.get(league);
    if (!l) throw new SimcastError('NOT_FOUND', `unknown league '${league}' (known: ${[...leagues.keys()].join(', ') || 'none loaded'})`);
    return l;
  };
  return {
    source: 'models',
    leagues: () => [...leagues.keys()],
    hasLeague: (league) => leagues.has(league),
    ratingsVersion: (league) => get(league).state.ratingsVersion,
    teams: (league) => [...get(league).state.teams.keys()].sort(),
    hasTeam: (league, team) => leagues.get(league)?.state.teams.has(team) ?? false,
    resolveTeam: (league, team) => (leagues.get(league)?.state.teams.has(team) ? team : (aliases.get(league)?.get(team) ?? team)),
    teamStats: (league, team) => teamStats(get(league).state, team),
    predict: (g) => predictGame(g, get(g.league).state, { sims: opts.sims }),
    scheduled(league, date) {
      return get(league)
        .games.filter((x) => x.date === date)
        .map((x) => ({
          league,
          home: x.home,
          away: x.away,
          ...(x.neutral ? { neutral: true } : {}),
          ...(x.spread != null ? { spread: x.spread } : {}),
          ...(x.total != null ? { total: x.total } : {}),
          date: x.date,
          season: x.season,
        }));
    },
  };
}
