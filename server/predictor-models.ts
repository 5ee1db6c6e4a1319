// The API's Predictor on the game models of engine/models (issue 4): league state from each league's
// games (Elo replay, Pythagorean, fitted logistic/margin/total regressions and the stacked ensemble),
// and predictGame for every request: five models, the ensemble (with the closing line as an input when
// a spread is given), cover and over probabilities from the 10,000-simulation Monte Carlo, and a Kelly
// recommendation. What `simcast serve` runs.
import { SimcastError } from '../core/errors.js';
import { nflTeams } from '../engine/games/nfl-teams.js';
import type { Game } from '../engine/games/types.js';
import { buildLeagueState, predictGame, type LeagueState } from '../engine/models/league-state.js';
import type { GameRecord, GamePrediction, GameRequest, Predictor, TeamStats } from './predictor.js';

export interface ModelsPredictorOptions {
  games: Record<string, readonly (Game | GameRecord)[]>;
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
  const leagues = new Map<string, { state: LeagueState; games: readonly (Game | GameRecord)[] }>();
  for (const [league, games] of Object.entries(opts.games)) leagues.set(league, { state: buildLeagueState(games as Game[], league), games });
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
    teamStats(league, team): TeamStats {
      const s = get(league).state;
      const t = s.teams.get(team);
      if (!t) throw new SimcastError('NOT_FOUND', `unknown team '${team}' in league ${league}`);
      return {
        league,
        team,
        rating: t.rating,
        games: t.games,
        pythagorean: { pointsFor: t.pointsFor, pointsAgainst: t.pointsAgainst, exponent: s.config.pythExponent, expectation: t.pythagorean },
        form: { last: t.form.results.length, wins: t.form.wins, losses: t.form.losses, ties: t.form.ties, pointDiff: t.form.pointDiff, results: t.form.results },
        ratingsVersion: s.ratingsVersion,
      };
    },
    predict(g: GameRequest): GamePrediction {
      const s = get(g.league).state;
      const p = predictGame(
        { league: g.league, home: g.home, away: g.away, neutral: g.neutral, spread: g.spread, total: g.total, odds: g.odds },
        s,
        { sims: opts.sims },
      );
      const models: Record<string, number> = { elo: p.models.elo, pythagorean: p.models.pythagorean, logistic: p.models.logistic, montecarlo: p.models.montecarlo };
      if (p.models.poisson !== undefined) models.poisson = p.models.poisson;
      models.ensemble = p.ensemble.pHome;
      if (p.ensemble.pHomeWithLine !== undefined) models.ensembleWithLine = p.ensemble.pHomeWithLine;
      const r = p.recommendation;
      return {
        league: g.league,
        home: g.home,
        away: g.away,
        neutral: p.neutral,
        spread: g.spread ?? null,
        total: g.total ?? null,
        models,
        // With a closing line the ensemble that uses it is the better estimate (docs/backtest.md).
        pHome: p.ensemble.pHomeWithLine ?? p.ensemble.pHome,
        pCover: p.pCover,
        pOver: p.pOver,
        expectedMargin: p.expectedMargin,
        expectedTotal: p.expectedTotal,
        confidence: p.ensemble.confidence,
        recommendation: r ? { market: r.market, side: r.side, edge: r.edge, kelly: r.kelly, stake: r.stake } : { market: null, side: null, edge: 0, kelly: 0, stake: 0 },
        ratingsVersion: p.ratingsVersion,
      };
    },
    scheduled(league, date) {
      return get(league)
        .games.filter((x) => x.date === date)
        .map((x) => ({ league, home: x.home, away: x.away, neutral: x.neutral, ...(x.spread != null ? { spread: x.spread } : {}), ...(x.total != null ? { total: x.total } : {}) }));
    },
  };
}
