// The two entry points the HTTP API and the CLI use:
//
//   buildLeagueState(games, league, opts?) → LeagueState
//     replays every played game (date order) through Elo, the Pythagorean sums, the scoring rates and
//     rest (engine/models/features.ts), fits the logistic model, the margin and total regressions and
//     the ensemble weights for the season after the last one played (engine/models/ensemble.ts), and
//     keeps per-team summaries (rating, points for/against, recent form). `ratingsVersion` changes
//     whenever any rating or the number of games changes.
//
//   predictGame(ctx, state, opts?) → GamePrediction (engine/models/prediction.ts)
//     every model's p(home) side by side, the prediction p(home) (the ensemble with the closing line
//     when a spread is given, the ensemble otherwise) and its confidence, and from the one game
//     distribution whose p(home) that is: the expected margin, the margin distribution, p(cover),
//     p(push), p(over), p(draw) and a Kelly recommendation when the edge clears the threshold. The same
//     ctx, state and seed give the same answer; the state's GameSimulator only keeps draws.
//
// docs/models.md documents both.
import { SimcastError, OptionError } from '../../core/errors.js';
import { DEFAULT_STAKE_RULE, recommend, type StakeRule } from '../betting/index.js';
import type { Game } from '../games/types.js';
import { byDate } from '../games/types.js';
import { validIsoDate } from '../games/csv-rows.js';
import { type Seed } from '../../core/seed.js';
import {
  componentNames,
  confidence,
  D,
  design,
  dot,
  ensembleProbability,
  fitModels,
  lineProbability,
  poissonHomeProbability,
  type FittedModels,
} from './ensemble.js';
import { computeFeatures, dayNumber, preGame, seasonTransition, type LeagueTrack, type TeamTrack } from './features.js';
import type { GameModel } from './model.js';
import { leagueConfig, type LeagueConfig, type LeagueOverrides } from './league.js';
import { sigmoid } from './logistic.js';
import { DEFAULT_SIMS, GameSimulator, MARGIN_RANGE, type GameSimAlgorithm, type GameSimResult } from './montecarlo.js';
import type { GamePrediction, MarginDistribution, ModelProbabilities } from './prediction.js';
import { normalQuantile } from './probit.js';
import { pythagoreanExpectation } from './pythagorean.js';

export interface TeamSummary {
  id: string;
  rating: number;
  /** games played in the history given */
  games: number;
  /** the latest season this team played in: games, points for and against */
  season: number;
  seasonGames: number;
  pointsFor: number;
  pointsAgainst: number;
  /** Pythagorean expectation from the smoothed sums the models use */
  pythagorean: number;
  form: { results: string; wins: number; losses: number; ties: number; pointDiff: number };
  lastDate: string | null;
}

export interface LeagueState {
  league: string;
  config: LeagueConfig;
  teams: ReadonlyMap<string, TeamSummary>;
  /** played games replayed */
  games: number;
  firstSeason: number | null;
  lastSeason: number | null;
  lastDate: string | null;
  /** league points per game at home and away (exponentially averaged) */
  averages: { home: number; away: number };
  /** the fitted logistic, margin and total regressions and ensemble weights */
  fitted: FittedModels;
  ratingsVersion: string;
  /** the replay's internal per-team state (read-only for predictGame) */
  readonly track: LeagueTrack;
  /** the game Monte Carlo predictGame runs, with its own bounded cache of draws */
  readonly simulator: GameSimulator;
}

interface BuildOptions {
  /** per-league overrides of engine/models/league.ts */
  config?: LeagueOverrides;
  /** ratings entering each listed team's first game */
  initial?: ReadonlyMap<string, number>;
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export function buildLeagueState(games: readonly Game[], league: string, opts: BuildOptions = {}): LeagueState {
  const cfg = leagueConfig(league, opts.config);
  const sorted = byDate(games);
  const { rows, track } = computeFeatures(sorted, cfg, opts.initial);
  const nextSeason = rows.n > 0 ? rows.season[rows.n - 1] + 1 : 0;
  const fitted = fitModels(rows, cfg, nextSeason);
  const prior = cfg.pythPrior * ((track.avgHome + track.avgAway) / 2);
  const teams = new Map<string, TeamSummary>();
  const ratingsKey: string[] = [];
  track.index.ids.forEach((id, i) => {
    const t = track.teams[i];
    const wins = t.recent.filter((r) => r.result === 'W').length;
    const losses = t.recent.filter((r) => r.result === 'L').length;
    teams.set(id, {
      id,
      rating: t.rating,
      games: t.games,
      season: t.season,
      seasonGames: t.seasonGames,
      pointsFor: t.seasonFor,
      pointsAgainst: t.seasonAgainst,
      pythagorean: pythagoreanExpectation(t.pf + prior, t.pa + prior, cfg.pythExponent),
      form: {
        results: t.recent.map((r) => r.result).join(''),
        wins,
        losses,
        ties: t.recent.length - wins - losses,
        pointDiff: t.recent.reduce((s, r) => s + r.diff, 0),
      },
      lastDate: t.recent.length ? t.recent[t.recent.length - 1].date : null,
    });
    ratingsKey.push(`${id}:${t.rating.toFixed(6)}`);
  });
  const ratingsVersion = `${league}.${rows.n}.${fnv1a(ratingsKey.sort().join('|'))}`;
  return {
    league,
    config: cfg,
    teams,
    games: rows.n,
    firstSeason: rows.n ? rows.season[0] : null,
    lastSeason: track.season,
    lastDate: track.lastDate,
    averages: { home: track.avgHome, away: track.avgAway },
    fitted,
    ratingsVersion,
    track,
    simulator: new GameSimulator(),
  };
}

export interface PredictContext {
  league: string;
  home: string;
  away: string;
  neutral?: boolean;
  /** the home side's line: negative when home is favoured */
  spread?: number;
  total?: number;
  /** American odds: moneylines (home, away), totals (over, under), spread prices (default −110) */
  odds?: { home?: number; away?: number; over?: number; under?: number; homeSpread?: number; awaySpread?: number };
  /** game date (YYYY-MM-DD): rest days are counted to it when given */
  date?: string;
  /** the game's season: a season after the state's last one applies the between-season reversion */
  season?: number;
}

interface PredictOptions {
  sims?: number;
  seed?: Seed;
  /** staking rule for the recommendation (fraction of Kelly, cap, minimum edge) */
  stake?: Partial<StakeRule>;
  /** user models checked by verifyGameModel (engine/models/model.ts), reported under models.extra, not ensembled */
  models?: readonly GameModel[];
  /**
   * How normal-scoring games are simulated (same counts either way): 'counted' (default) sorts a seed's
   * draws once and reuses them, the fast path when one seed serves many predictions; 'loop' suits a
   * caller giving a new seed to every prediction.
   */
  algorithm?: GameSimAlgorithm;
}

function finiteOrUndefined(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new OptionError(`${name} must be a finite number`);
  return v;
}

function nextSeasonTrack(t: TeamTrack, cfg: LeagueConfig): TeamTrack {
  const next = { ...t };
  seasonTransition(next, cfg);
  return next;
}

export function predictGame(ctx: PredictContext, state: LeagueState, opts: PredictOptions = {}): GamePrediction {
  const cfg = state.config;
  if (ctx.league !== state.league) throw new OptionError(`league '${ctx.league}' does not match the state's league '${state.league}'`);
  const h = state.track.index.get(ctx.home);
  const a = state.track.index.get(ctx.away);
  if (h === undefined) throw new SimcastError('TEAM_UNKNOWN', `home: unknown team '${ctx.home}' in league ${state.league}`);
  if (a === undefined) throw new SimcastError('TEAM_UNKNOWN', `away: unknown team '${ctx.away}' in league ${state.league}`);
  if (h === a) throw new OptionError(`home and away are the same team ('${ctx.home}')`);
  const spread = finiteOrUndefined('spread', ctx.spread);
  const totalLine = finiteOrUndefined('total', ctx.total);
  const neutral = ctx.neutral === true;
  let day = NaN;
  if (ctx.date !== undefined) {
    if (!validIsoDate(ctx.date)) throw new OptionError(`date must be a day as YYYY-MM-DD (got '${ctx.date}')`);
    day = dayNumber(ctx.date);
  }
  if (ctx.season !== undefined && !Number.isSafeInteger(ctx.season)) throw new OptionError(`season must be an integer (got ${ctx.season})`);
  // the two teams' state, moved to a new season when the game is in one
  let th = state.track.teams[h];
  let ta = state.track.teams[a];
  if (ctx.season !== undefined && state.lastSeason !== null && ctx.season > state.lastSeason) {
    th = nextSeasonTrack(th, cfg);
    ta = nextSeasonTrack(ta, cfg);
  }
  const view: LeagueTrack = { ...state.track, teams: [th, ta] };
  const pre = preGame(view, cfg, 0, 1, neutral, day);
  const x = new Float64Array(D);
  design(x, 0, pre, cfg);
  const fit = state.fitted;
  const pLogistic = sigmoid(dot(fit.logistic, x));
  const expectedMarginModel = dot(fit.margin, x);
  const expectedTotal = fit.total[0] + fit.total[1] * (pre.muHome + pre.muAway);
  const sims = opts.sims ?? DEFAULT_SIMS;
  const seed = opts.seed ?? 0;
  const algorithm = opts.algorithm ?? 'counted';
  const sim = state.simulator;
  const poissonLeague = cfg.scoring === 'poisson';
  // Poisson leagues: expected scores scaled to the fitted total
  const scale = pre.muHome + pre.muAway > 0 ? expectedTotal / (pre.muHome + pre.muAway) : 1;
  const muH = Math.max(1e-6, pre.muHome * scale);
  const muA = Math.max(1e-6, pre.muAway * scale);
  const lines = { spread: spread ?? null, total: totalLine ?? null, sims, seed };
  const normalGame = (expectedMargin: number) =>
    sim.normal({ expectedMargin, expectedTotal, marginSd: cfg.marginSd, totalSd: cfg.totalSd, ...lines }, algorithm);
  const mc = poissonLeague ? sim.poisson({ muHome: muH, muAway: muA, ...lines }) : normalGame(expectedMarginModel);
  const pMc = Math.min(1 - 1e-9, Math.max(1e-9, mc.pHome + mc.pDraw / 2));
  const pois = poissonLeague ? poissonHomeProbability(pre.muHome, pre.muAway) : null;
  const models: ModelProbabilities = { elo: pre.pElo, pythagorean: pre.pPyth, logistic: pLogistic, montecarlo: pMc, ensemble: 0 };
  if (pois) models.poisson = pois.p2;
  const probs = componentNames(cfg).map((n) => models[n as 'elo']!);
  models.ensemble = ensembleProbability(fit, probs);
  // With a closing line the ensemble that uses it is the better estimate (docs/backtest.md): it is the prediction.
  if (spread !== undefined && fit.ensembleMarket) models.ensembleWithLine = ensembleProbability(fit, probs, lineProbability(spread, cfg.marginSd));
  const basis = models.ensembleWithLine !== undefined ? 'ensembleWithLine' : 'ensemble';
  const pHome = models.ensembleWithLine ?? models.ensemble;
  if (opts.models?.length) {
    models.extra = {};
    for (const m of opts.models) {
      models.extra[m.name] = m.predict({
        league: state.league,
        home: ctx.home,
        away: ctx.away,
        neutral,
        spread: spread ?? null,
        total: totalLine ?? null,
      }).pHome;
    }
  }
  // The game as the prediction sees it, so every derived field agrees with pHome: normal leagues shift
  // the margin's mean to Φ⁻¹(pHome)·σ; Poisson leagues split the expected total between the sides so
  // that P(win) + P(draw)/2 = pHome.
  let out: GameSimResult;
  let expectedMargin: number;
  let pDraw: number | null = null;
  let expectedPoints = expectedTotal;
  if (poissonLeague) {
    const [h2, a2] = poissonSplit(muH + muA, pHome);
    out = sim.poisson({ muHome: h2, muAway: a2, ...lines });
    expectedMargin = h2 - a2;
    expectedPoints = h2 + a2;
    pDraw = poissonHomeProbability(h2, a2).draw;
  } else {
    expectedMargin = cfg.marginSd * normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, pHome)));
    out = normalGame(expectedMargin);
  }
  let lo = 0;
  let hi = out.margins.length - 1;
  while (lo < hi && out.margins[lo] === 0) lo++;
  while (hi > lo && out.margins[hi] === 0) hi--;
  // the simulation's probabilities are counts / sims: back to the exact counts
  const counts: number[] = [];
  for (let k = lo; k <= hi; k++) counts.push(Math.round(out.margins[k] * out.sims));
  const marginDistribution: MarginDistribution = { min: lo - MARGIN_RANGE, max: hi - MARGIN_RANGE, sims: out.sims, counts };
  const noPush = (p: number | null, push: number | null) => (p === null ? null : push !== null && push < 1 ? p / (1 - push) : p);
  const recommendation = recommend(
    {
      pHome,
      pCover: noPush(out.pCover, out.pSpreadPush),
      pOver: noPush(out.pOver, out.pTotalPush),
      odds: ctx.odds,
      hasSpread: spread !== undefined,
      hasTotal: totalLine !== undefined,
    },
    { ...DEFAULT_STAKE_RULE, ...opts.stake },
  );
  return {
    league: state.league,
    home: ctx.home,
    away: ctx.away,
    neutral,
    spread: spread ?? null,
    total: totalLine ?? null,
    date: ctx.date ?? null,
    season: ctx.season ?? null,
    pHome,
    basis,
    confidence: confidence(probs, th.games, ta.games),
    pDraw,
    expectedMargin,
    expectedTotal: expectedPoints,
    pCover: out.pCover,
    pPush: out.pSpreadPush,
    pOver: out.pOver,
    pTotalPush: out.pTotalPush,
    marginDistribution,
    models,
    recommendation,
    ratingsVersion: state.ratingsVersion,
  };
}

/**
 * The expected scores (home, away) summing to `total` whose Skellam P(win) + P(draw)/2 is `p`: bisection
 * on the home share's logit (P is increasing in it), to 1e-12 of the share.
 */
function poissonSplit(total: number, p: number): [number, number] {
  let lo = -12;
  let hi = 12;
  for (let i = 0; i < 45; i++) {
    const mid = (lo + hi) / 2;
    const h = total / (1 + Math.exp(-mid));
    if (poissonHomeProbability(h, total - h).p2 < p) lo = mid;
    else hi = mid;
  }
  const h = total / (1 + Math.exp(-(lo + hi) / 2));
  return [h, total - h];
}
