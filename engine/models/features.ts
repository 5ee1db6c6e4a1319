// One pass over a league's played games in date order that records, for every game, what was known
// BEFORE it (ratings, Pythagorean expectations, scoring rates, rest) and then applies its result.
// Everything the fitted models and the walk-forward backtest need comes from these pre-game rows, so no
// game is ever predicted with its own result.
//
// Per team (index t), updated after each game:
//   Elo:          engine/models/elo.ts (FiveThirtyEight rules, season reversion at a new season)
//   PF, PA, N:    PF ← λ·PF + points for, PA ← λ·PA + points against, N ← λ·N + 1 (λ = pythDecay);
//                 × pythSeasonCarry at a new season
//   W_t (Pythagorean) = 1 / (1 + (PA'/PF')^x) with PF' = PF + prior·ā, PA' = PA + prior·ā
//                 (ā = league points per team-game, exponentially averaged, prior = pythPrior)
//   attack  a_t = (PF + prior·ā) / (N + prior) / ā,   defence d_t = (PA + prior·ā) / (N + prior) / ā
//   expected points: μ_home = h̄ · a_home · d_away,  μ_away = w̄ · a_away · d_home
//                 (h̄, w̄ = league home and away points per game, exponentially averaged; at a neutral
//                 site both use their mean)
//   points rating: r_home += ρ·e, r_away −= ρ·e with e = clamp(margin, ±pointsClamp) − (r_home − r_away + h_pts)
//                 (ρ = 0.08; pointsClamp 21 in the NFL: blowouts say little more than three scores;
//                 h_pts, the home edge in points, learns at rate 0.01); × (1 − revert) at a new season
//   rest:         days since the team's previous game, capped at restCap (restCap when none)
import type { Game } from '../games/types.js';
import { eloProbability } from '../math/elo-probability.js';
import { movMultiplier, TeamIndex } from './elo.js';
import type { LeagueConfig } from './league.js';
import { log5, pythagoreanExpectation, pythagoreanGameProbability } from './pythagorean.js';

const DAY_MS = 86_400_000;
/** Rate of the league-average updates (per game). */
const LEAGUE_RATE = 0.01;
/** Rate of the points rating: r_home += rate·e, r_away −= rate·e, e = margin − (r_home − r_away + hfa). */
const POINTS_RATE = 0.08;

export interface TeamTrack {
  rating: number;
  /** points rating: expected margin against an average team on a neutral field */
  mr: number;
  games: number;
  pf: number;
  pa: number;
  n: number;
  lastDay: number;
  season: number;
  seasonGames: number;
  seasonFor: number;
  seasonAgainst: number;
  /** Most recent last: 'W', 'L', 'T' and the point difference of the last formGames games. */
  recent: { result: 'W' | 'L' | 'T'; diff: number; date: string }[];
}

export interface LeagueTrack {
  index: TeamIndex;
  teams: TeamTrack[];
  avgHome: number;
  avgAway: number;
  /** home advantage in points for the points rating */
  hfaPoints: number;
  season: number | null;
  lastDate: string | null;
  played: number;
}

/** Pre-game columns, one entry per played game (date order). */
export interface FeatureRows {
  n: number;
  season: Int32Array;
  home: Int32Array;
  away: Int32Array;
  date: string[];
  /** R_home − R_away (no home advantage) */
  eloDiff: Float64Array;
  pointsDiff: Float64Array;
  /** 1 at the home side's ground, 0 at a neutral site */
  homeField: Float64Array;
  /** FiveThirtyEight's p(home) */
  pElo: Float64Array;
  pythHome: Float64Array;
  pythAway: Float64Array;
  pPyth: Float64Array;
  restHome: Float64Array;
  restAway: Float64Array;
  muHome: Float64Array;
  muAway: Float64Array;
  gamesHome: Float64Array;
  gamesAway: Float64Array;
  /** closing home line and total (NaN when unknown) */
  spread: Float64Array;
  totalLine: Float64Array;
  /** outcome: 1 home win, 0.5 tie, 0 away win; margin and total points */
  y: Float64Array;
  margin: Float64Array;
  points: Float64Array;
}

export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function newLeagueTrack(cfg: LeagueConfig): LeagueTrack {
  const half = cfg.scoring === 'poisson' ? 1.5 : cfg.league === 'nba' ? 105 : 21;
  return { index: new TeamIndex(), teams: [], avgHome: half * 1.05, avgAway: half * 0.95, hfaPoints: half * 0.1, season: null, lastDate: null, played: 0 };
}

function teamOf(track: LeagueTrack, cfg: LeagueConfig, id: string, initial?: ReadonlyMap<string, number>): number {
  const before = track.index.size;
  const i = track.index.add(id);
  if (i === before) {
    track.teams.push({
      rating: initial?.get(id) ?? cfg.elo.newTeam,
      mr: 0,
      games: 0,
      pf: 0,
      pa: 0,
      n: 0,
      lastDay: NaN,
      season: track.season ?? 0,
      seasonGames: 0,
      seasonFor: 0,
      seasonAgainst: 0,
      recent: [],
    });
  }
  return i;
}

/** Moves every team to a new season: Elo reversion and the carry of the points sums. */
function startSeason(track: LeagueTrack, cfg: LeagueConfig, season: number): void {
  if (track.season !== null && season !== track.season) for (const t of track.teams) seasonTransition(t, cfg);
  track.season = season;
}

/** The one between-season step of a team: Elo and the points rating revert toward the mean, the Pythagorean sums decay. */
export function seasonTransition(t: TeamTrack, cfg: LeagueConfig): void {
  const { mean, revert } = cfg.elo;
  t.rating += (mean - t.rating) * revert;
  t.mr *= 1 - revert;
  t.pf *= cfg.pythSeasonCarry;
  t.pa *= cfg.pythSeasonCarry;
  t.n *= cfg.pythSeasonCarry;
}

interface PreGame {
  eloDiff: number;
  /** points-rating difference (home − away), no home advantage */
  pointsDiff: number;
  homeField: number;
  pElo: number;
  pythHome: number;
  pythAway: number;
  pPyth: number;
  restHome: number;
  restAway: number;
  muHome: number;
  muAway: number;
}

/** What is known before a game between team indices h and a (day: day number or NaN when unknown). */
export function preGame(track: LeagueTrack, cfg: LeagueConfig, h: number, a: number, neutral: boolean, day: number): PreGame {
  const th = track.teams[h];
  const ta = track.teams[a];
  const hf = neutral ? 0 : 1;
  const eloDiff = th.rating - ta.rating;
  const pElo = eloProbability(eloDiff + hf * cfg.elo.hfa);
  const avg = (track.avgHome + track.avgAway) / 2;
  const prior = cfg.pythPrior * avg;
  const x = cfg.pythExponent;
  const pythHome = pythagoreanExpectation(th.pf + prior, th.pa + prior, x);
  const pythAway = pythagoreanExpectation(ta.pf + prior, ta.pa + prior, x);
  const pPyth = pythagoreanGameProbability(pythHome, pythAway, (hf * cfg.elo.hfa * Math.LN10) / 400);
  const rest = (t: TeamTrack) =>
    Number.isNaN(day) ? cfg.restDefault : Number.isNaN(t.lastDay) ? cfg.restCap : Math.min(cfg.restCap, Math.max(0, day - t.lastDay));
  const attH = (th.pf + prior) / (th.n + cfg.pythPrior) / avg;
  const defH = (th.pa + prior) / (th.n + cfg.pythPrior) / avg;
  const attA = (ta.pf + prior) / (ta.n + cfg.pythPrior) / avg;
  const defA = (ta.pa + prior) / (ta.n + cfg.pythPrior) / avg;
  const mh = neutral ? avg : track.avgHome;
  const ma = neutral ? avg : track.avgAway;
  return {
    eloDiff,
    pointsDiff: th.mr - ta.mr,
    homeField: hf,
    pElo,
    pythHome,
    pythAway,
    pPyth,
    restHome: rest(th),
    restAway: rest(ta),
    muHome: mh * attH * defA,
    muAway: ma * attA * defH,
  };
}

/** Applies a played game's result to the track; returns the Elo shift (added to home). */
function applyResult(track: LeagueTrack, cfg: LeagueConfig, h: number, a: number, g: Game, day: number): { pre: [number, number]; shift: number; p: number } {
  const th = track.teams[h];
  const ta = track.teams[a];
  const hs = g.homeScore!;
  const as = g.awayScore!;
  const d = th.rating - ta.rating + (g.neutral ? 0 : cfg.elo.hfa);
  const p = eloProbability(d);
  const margin = hs - as;
  const s = margin > 0 ? 1 : margin < 0 ? 0 : 0.5;
  const shift = cfg.elo.k * movMultiplier(cfg.elo.mov, margin, d) * (s - p);
  const pre: [number, number] = [th.rating, ta.rating];
  const hf = g.neutral ? 0 : 1;
  const clamp = cfg.pointsClamp;
  const e = Math.max(-clamp, Math.min(clamp, margin)) - (th.mr - ta.mr + hf * track.hfaPoints);
  th.mr += POINTS_RATE * e;
  ta.mr -= POINTS_RATE * e;
  track.hfaPoints += LEAGUE_RATE * hf * e;
  th.rating += shift;
  ta.rating -= shift;
  const lam = cfg.pythDecay;
  for (const [t, f, ag] of [
    [th, hs, as],
    [ta, as, hs],
  ] as const) {
    t.pf = lam * t.pf + f;
    t.pa = lam * t.pa + ag;
    t.n = lam * t.n + 1;
    t.games++;
    if (t.season !== g.season) {
      t.season = g.season;
      t.seasonGames = 0;
      t.seasonFor = 0;
      t.seasonAgainst = 0;
    }
    t.seasonGames++;
    t.seasonFor += f;
    t.seasonAgainst += ag;
    t.lastDay = day;
    t.recent.push({ result: f > ag ? 'W' : f < ag ? 'L' : 'T', diff: f - ag, date: g.date });
    if (t.recent.length > cfg.formGames) t.recent.shift();
  }
  if (!g.neutral) {
    track.avgHome += LEAGUE_RATE * (hs - track.avgHome);
    track.avgAway += LEAGUE_RATE * (as - track.avgAway);
  } else {
    const m = (hs + as) / 2;
    track.avgHome += LEAGUE_RATE * (m - track.avgHome);
    track.avgAway += LEAGUE_RATE * (m - track.avgAway);
  }
  track.played++;
  track.lastDate = g.date;
  return { pre, shift, p };
}

function alloc(n: number): FeatureRows {
  const f = () => new Float64Array(n);
  return {
    n,
    season: new Int32Array(n),
    home: new Int32Array(n),
    away: new Int32Array(n),
    date: new Array<string>(n),
    eloDiff: f(),
    pointsDiff: f(),
    homeField: f(),
    pElo: f(),
    pythHome: f(),
    pythAway: f(),
    pPyth: f(),
    restHome: f(),
    restAway: f(),
    muHome: f(),
    muAway: f(),
    gamesHome: f(),
    gamesAway: f(),
    spread: f(),
    totalLine: f(),
    y: f(),
    margin: f(),
    points: f(),
  };
}

/**
 * Replays played games (date order; unplayed games are skipped) and records the pre-game rows.
 * Returns the rows and the track after the last game.
 */
export function computeFeatures(games: readonly Game[], cfg: LeagueConfig, initial?: ReadonlyMap<string, number>): { rows: FeatureRows; track: LeagueTrack } {
  const played = games.filter((g) => g.homeScore !== null && g.awayScore !== null);
  const rows = alloc(played.length);
  const track = newLeagueTrack(cfg);
  for (let i = 0; i < played.length; i++) {
    const g = played[i];
    startSeason(track, cfg, g.season);
    const h = teamOf(track, cfg, g.home, initial);
    const a = teamOf(track, cfg, g.away, initial);
    const day = dayNumber(g.date);
    const pg = preGame(track, cfg, h, a, g.neutral, day);
    rows.season[i] = g.season;
    rows.home[i] = h;
    rows.away[i] = a;
    rows.date[i] = g.date;
    rows.eloDiff[i] = pg.eloDiff;
    rows.pointsDiff[i] = pg.pointsDiff;
    rows.homeField[i] = pg.homeField;
    rows.pElo[i] = pg.pElo;
    rows.pythHome[i] = pg.pythHome;
    rows.pythAway[i] = pg.pythAway;
    rows.pPyth[i] = pg.pPyth;
    rows.restHome[i] = pg.restHome;
    rows.restAway[i] = pg.restAway;
    rows.muHome[i] = pg.muHome;
    rows.muAway[i] = pg.muAway;
    rows.gamesHome[i] = track.teams[h].games;
    rows.gamesAway[i] = track.teams[a].games;
    rows.spread[i] = g.spread ?? NaN;
    rows.totalLine[i] = g.total ?? NaN;
    const m = g.homeScore! - g.awayScore!;
    rows.y[i] = m > 0 ? 1 : m < 0 ? 0 : 0.5;
    rows.margin[i] = m;
    rows.points[i] = g.homeScore! + g.awayScore!;
    applyResult(track, cfg, h, a, g, day);
  }
  return { rows, track };
}

export { log5 };
