// The two entry points the HTTP API and the CLI use:
//
//   buildLeagueState(games, league, opts?) → LeagueState
//     replays every played game (date order) through Elo, the Pythagorean sums, the scoring rates and
//     rest (engine/models/features.ts), fits the logistic model, the margin and total regressions and
//     the ensemble weights for the season after the last one played (engine/models/ensemble.ts), and
//     keeps per-team summaries (rating, points for/against, recent form). `ratingsVersion` changes
//     whenever any rating or the number of games changes.
//
//   predictGame(ctx, state, opts?) → GamePrediction
//     every model's p(home), the ensemble p(home) and its confidence, p(cover), p(over), the expected
//     margin and total, the margin distribution and a Kelly recommendation when the edge clears the
//     threshold. Pure: the same ctx, state and seed give the same answer.
//
// docs/models.md documents both.
import { SimcastError, OptionError } from '../../core/errors.js';
import { DEFAULT_STAKE_RULE, recommend, type Recommendation, type StakeRule } from '../betting/index.js';
import type { Game } from '../games/types.js';
import { byDate } from '../games/types.js';
import { type Seed } from '../../core/seed.js';
import { componentNames, confidence, D, design, dot, ensembleProbability, fitModels, lineProbability, poissonHomeProbability, type FittedModels } from './ensemble.js';
import { computeFeatures, dayNumber, preGame, seasonTransition, type LeagueTrack, type TeamTrack } from './features.js';
import type { GameModel } from './model.js';
import { leagueConfig, type LeagueConfig, type LeagueOverrides } from './league.js';
import { sigmoid } from './logistic.js';
import { DEFAULT_SIMS, MARGIN_RANGE, simulateGame } from './montecarlo.js';
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
}

export interface BuildOptions {
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
      form: { results: t.recent.map((r) => r.result).join(''), wins, losses, ties: t.recent.length - wins - losses, pointDiff: t.recent.reduce((s, r) => s + r.diff, 0) },
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

export interface PredictOptions {
  sims?: number;
  seed?: Seed;
  /** staking rule for the recommendation (fraction of Kelly, cap, minimum edge) */
  stake?: Partial<StakeRule>;
  /** user models checked by verifyGameModel (engine/models/model.ts), reported under models.extra, not ensembled */
  models?: readonly GameModel[];
}

export interface MarginDistribution {
  /** margins min..max (home − away, whole points) with their probabilities */
  min: number;
  max: number;
  p: number[];
}

export interface GamePrediction {
  league: string;
  home: string;
  away: string;
  neutral: boolean;
  models: { elo: number; pythagorean: number; poisson?: number; logistic: number; montecarlo: number; extra?: Record<string, number> };
  ensemble: {
    pHome: number;
    confidence: number;
    /** the ensemble with the closing line as an input, when a spread was given */
    pHomeWithLine?: number;
  };
  /** P(home covers the spread) and of a push; null without a spread */
  pCover: number | null;
  pPush: number | null;
  /** P(total over the line) and of a push; null without a total */
  pOver: number | null;
  pTotalPush: number | null;
  expectedMargin: number;
  expectedTotal: number;
  /** Poisson leagues: P(draw) */
  pDraw?: number;
  marginDistribution?: MarginDistribution;
  recommendation: Recommendation | null;
  ratingsVersion: string;
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
    day = dayNumber(ctx.date);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(ctx.date) || Number.isNaN(day)) throw new OptionError(`date must be YYYY-MM-DD (got '${ctx.date}')`);
  }
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
  const poissonLeague = cfg.scoring === 'poisson';
  // Poisson leagues: expected scores scaled to the fitted total
  const scale = pre.muHome + pre.muAway > 0 ? expectedTotal / (pre.muHome + pre.muAway) : 1;
  const muH = Math.max(1e-6, pre.muHome * scale);
  const muA = Math.max(1e-6, pre.muAway * scale);
  const mc = poissonLeague
    ? simulateGame({ kind: 'poisson', muHome: muH, muAway: muA, spread: spread ?? null, total: totalLine ?? null, sims, seed })
    : simulateGame({ kind: 'normal', expectedMargin: expectedMarginModel, expectedTotal, marginSd: cfg.marginSd, totalSd: cfg.totalSd, spread: spread ?? null, total: totalLine ?? null, sims, seed });
  const pMc = Math.min(1 - 1e-9, Math.max(1e-9, mc.pHome + mc.pDraw / 2));
  const pois = poissonLeague ? poissonHomeProbability(pre.muHome, pre.muAway) : null;
  const models: GamePrediction['models'] = { elo: pre.pElo, pythagorean: pre.pPyth, logistic: pLogistic, montecarlo: pMc };
  if (pois) models.poisson = pois.p2;
  const probs = componentNames(cfg).map((n) => models[n as 'elo']!);
  const pHome = ensembleProbability(fit, probs);
  const ensemble: GamePrediction['ensemble'] = { pHome, confidence: confidence(probs, th.games, ta.games) };
  if (spread !== undefined && fit.ensembleMarket) ensemble.pHomeWithLine = ensembleProbability(fit, probs, lineProbability(spread, cfg.marginSd));
  if (opts.models?.length) {
    models.extra = {};
    for (const m of opts.models) {
      models.extra[m.name] = m.predict({ league: state.league, home: ctx.home, away: ctx.away, neutral, spread: spread ?? null, total: totalLine ?? null }).pHome;
    }
  }
  // the game as the ensemble sees it: normal leagues shift the margin to the ensemble's p(home)
  let out = mc;
  let expectedMargin = mc.meanMargin;
  if (!poissonLeague) {
    expectedMargin = cfg.marginSd * normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, pHome)));
    out = simulateGame({ kind: 'normal', expectedMargin, expectedTotal, marginSd: cfg.marginSd, totalSd: cfg.totalSd, spread: spread ?? null, total: totalLine ?? null, sims, seed });
  }
  let lo = 0;
  let hi = out.margins.length - 1;
  while (lo < hi && out.margins[lo] === 0) lo++;
  while (hi > lo && out.margins[hi] === 0) hi--;
  const marginDistribution: MarginDistribution = { min: lo - MARGIN_RANGE, max: hi - MARGIN_RANGE, p: Array.from(out.margins.subarray(lo, hi + 1)) };
  const noPush = (p: number | null, push: number | null) => (p === null ? null : push !== null && push < 1 ? p / (1 - push) : p);
  const recommendation = recommend(
    { pHome, pCover: noPush(out.pCover, out.pSpreadPush), pOver: noPush(out.pOver, out.pTotalPush), odds: ctx.odds, hasSpread: spread !== undefined, hasTotal: totalLine !== undefined },
    { ...DEFAULT_STAKE_RULE, ...opts.stake },
  );
  const result: GamePrediction = {
    league: state.league,
    home: ctx.home,
    away: ctx.away,
    neutral,
    models,
    ensemble,
    pCover: out.pCover,
    pPush: out.pSpreadPush,
    pOver: out.pOver,
    pTotalPush: out.pTotalPush,
    expectedMargin,
    expectedTotal: poissonLeague ? muH + muA : expectedTotal,
    marginDistribution,
    recommendation,
    ratingsVersion: state.ratingsVersion,
  };
  if (poissonLeague && pois) result.pDraw = pois.draw;
  return result;
}
