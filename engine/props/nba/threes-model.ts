// NBA threes made, walk-forward: everything a prediction for date D uses comes from games before D.
//   expected threes λ = minutes × (3PA per minute) × 3P% × opponent factor × home/away factor
// - minutes: exponentially weighted mean of the player's minutes (half-life in games), shrunk toward the
//   league's mean minutes by `minutesPrior` pseudo-games;
// - 3PA per minute: weighted attempts over weighted minutes, shrunk toward the league rate by
//   `attemptsPrior` pseudo-minutes (usage: how much of his floor time goes to threes);
// - 3P%: weighted makes over weighted attempts, shrunk toward the league's 3P% by `pctPrior` pseudo-
//   attempts (percentages are noisy, so this prior is strong);
// - opponent: the opponent's threes allowed per game (weighted) over the league's, shrunk by
//   `opponentPrior` pseudo-games; home/away: the league's home and away threes per minute over the
//   overall rate, both from earlier games;
// - the count law is negative binomial with the dispersion measured on earlier games (threes ≈ 1.1).
// A player with no earlier game gets the league's means. The state is an object the caller owns.
import type { NbaGameLogRow } from '../parse/nba-gamelog.js';

export interface ThreesSettings {
  minutesHalfLife: number;
  rateHalfLife: number;
  pctHalfLife: number;
  minutesPrior: number;
  attemptsPrior: number;
  pctPrior: number;
  opponentHalfLife: number;
  opponentPrior: number;
  homeAway: boolean;
  /** negative binomial size (Infinity = Poisson) */
  size: number;
}

/** Fitted by fitThreesSettings on the price rows of 2024-10-22 .. 2024-12-31 (January 2025 held out). */
export const DEFAULT_THREES_SETTINGS: Readonly<ThreesSettings> = {
  minutesHalfLife: 8,
  rateHalfLife: 80,
  pctHalfLife: 50,
  minutesPrior: 0.5,
  attemptsPrior: 15,
  pctPrior: 100,
  opponentHalfLife: Infinity,
  opponentPrior: 20,
  homeAway: true,
  // replaced by the size measured on the earlier games when the backtest runs
  size: 8.8,
};

export interface ThreesPrediction {
  mean: number;
  minutes: number;
  attemptsPerMinute: number;
  pct: number;
  opponentFactor: number;
  homeFactor: number;
  /** earlier games of the player */
  games: number;
}

interface PlayerAcc {
  games: number;
  wm: number;
  sm: number;
  rMin: number;
  rAtt: number;
  pAtt: number;
  pMade: number;
}

// League starting values before any game: 2023-24 regular-season player averages (about 23 minutes,
// 0.115 3PA per minute, 36.5% from three, 12.9 threes a team game).
const START = { minutes: 23, rate: 0.115, pct: 0.365, allowed: 12.9 };

export class ThreesState {
  private readonly players = new Map<string, PlayerAcc>();
  private readonly teams = new Map<string, { s: number; n: number }>();
  private readonly dm: number;
  private readonly dr: number;
  private readonly dp: number;
  private readonly dOpp: number;
  private lg = { games: 0, minutes: 0, att: 0, made: 0, homeMin: 0, homeMade: 0, awayMin: 0, awayMade: 0, teamGames: 0 };
  /** date of the last games added (games must come in date order) */
  lastDate = '';

  constructor(readonly settings: ThreesSettings = { ...DEFAULT_THREES_SETTINGS }) {
    const decay = (h: number) => (Number.isFinite(h) ? 2 ** (-1 / h) : 1);
    this.dm = decay(settings.minutesHalfLife);
    this.dr = decay(settings.rateHalfLife);
    this.dp = decay(settings.pctHalfLife);
    this.dOpp = decay(settings.opponentHalfLife);
  }

  /** Adds one date's games (all rows share the date, later than every date added before). */
  addDate(rows: readonly NbaGameLogRow[]): void {
    if (rows.length === 0) return;
    const date = rows[0].date;
    if (date <= this.lastDate) throw new RangeError(`games of ${date} come after ${this.lastDate}: add dates in order`);
    const allowed = new Map<string, number>();
    const teamGames = new Set<string>();
    for (const r of rows) {
      if (r.date !== date) throw new RangeError('addDate takes the games of one date');
      let a = this.players.get(r.playerId);
      if (!a) this.players.set(r.playerId, (a = { games: 0, wm: 0, sm: 0, rMin: 0, rAtt: 0, pAtt: 0, pMade: 0 }));
      a.games++;
      a.wm = a.wm * this.dm + 1;
      a.sm = a.sm * this.dm + r.minutes;
      a.rMin = a.rMin * this.dr + r.minutes;
      a.rAtt = a.rAtt * this.dr + r.threesAttempted;
      a.pAtt = a.pAtt * this.dp + r.threesAttempted;
      a.pMade = a.pMade * this.dp + r.threesMade;
      const lg = this.lg;
      lg.games++;
      lg.minutes += r.minutes;
      lg.att += r.threesAttempted;
      lg.made += r.threesMade;
      if (r.home) {
        lg.homeMin += r.minutes;
        lg.homeMade += r.threesMade;
      } else {
        lg.awayMin += r.minutes;
        lg.awayMade += r.threesMade;
      }
      allowed.set(r.opponent, (allowed.get(r.opponent) ?? 0) + r.threesMade);
      teamGames.add(r.opponent);
    }
    for (const t of teamGames) {
      let acc = this.teams.get(t);
      if (!acc) this.teams.set(t, (acc = { s: 0, n: 0 }));
      acc.s = acc.s * this.dOpp + (allowed.get(t) ?? 0);
      acc.n = acc.n * this.dOpp + 1;
      this.lg.teamGames++;
    }
    this.lastDate = date;
  }

  league(): { minutes: number; rate: number; pct: number; allowed: number } {
    const lg = this.lg;
    // the league's own figures once there are enough of them, blended from the starting values
    const w = (n: number, k: number) => n / (n + k);
    const mix = (own: number, n: number, start: number, k: number) => (n > 0 ? w(n, k) * own + (1 - w(n, k)) * start : start);
    return {
      minutes: mix(lg.minutes / Math.max(lg.games, 1), lg.games, START.minutes, 200),
      rate: mix(lg.att / Math.max(lg.minutes, 1), lg.minutes, START.rate, 5000),
      pct: mix(lg.made / Math.max(lg.att, 1), lg.att, START.pct, 2000),
      allowed: mix(lg.made / Math.max(lg.teamGames, 1), lg.teamGames, START.allowed, 50),
    };
  }

  predict(playerId: string, opponent: string, home: boolean): ThreesPrediction {
    const s = this.settings;
    const L = this.league();
    const a = this.players.get(playerId);
    const minutes = a ? (a.sm + s.minutesPrior * L.minutes) / (a.wm + s.minutesPrior) : L.minutes;
    const attemptsPerMinute = a ? (a.rAtt + s.attemptsPrior * L.rate) / (a.rMin + s.attemptsPrior) : L.rate;
    const pct = a ? (a.pMade + s.pctPrior * L.pct) / (a.pAtt + s.pctPrior) : L.pct;
    const t = this.teams.get(opponent);
    const opponentFactor = t && s.opponentPrior >= 0 ? (t.s + s.opponentPrior * L.allowed) / (t.n + s.opponentPrior) / L.allowed : 1;
    let homeFactor = 1;
    const lg = this.lg;
    if (s.homeAway && lg.homeMin > 0 && lg.awayMin > 0) {
      const all = (lg.homeMade + lg.awayMade) / (lg.homeMin + lg.awayMin);
      const side = home ? lg.homeMade / lg.homeMin : lg.awayMade / lg.awayMin;
      // shrunk toward 1 by 20,000 pseudo-minutes: a league effect of a few percent at most
      const n = home ? lg.homeMin : lg.awayMin;
      homeFactor = (n * (side / all) + 20_000) / (n + 20_000);
    }
    return {
      mean: minutes * attemptsPerMinute * pct * opponentFactor * homeFactor,
      minutes,
      attemptsPerMinute,
      pct,
      opponentFactor,
      homeFactor,
      games: a?.games ?? 0,
    };
  }
}

export interface ThreesQuery {
  playerId: string;
  date: string;
  opponent: string;
  home: boolean;
}

/** Sorts game logs by date and groups them (stable within a date). */
export function logsByDate(logs: readonly NbaGameLogRow[]): [string, NbaGameLogRow[]][] {
  const m = new Map<string, NbaGameLogRow[]>();
  for (const l of logs) {
    let a = m.get(l.date);
    if (!a) m.set(l.date, (a = []));
    a.push(l);
  }
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Walk-forward predictions: each query as of its date (games strictly before it). */
export function walkForwardThrees(byDate: readonly [string, NbaGameLogRow[]][], queries: readonly ThreesQuery[], settings: ThreesSettings): ThreesPrediction[] {
  const order = [...queries.keys()].sort((i, j) => (queries[i].date < queries[j].date ? -1 : queries[i].date > queries[j].date ? 1 : i - j));
  const out = new Array<ThreesPrediction>(queries.length);
  const state = new ThreesState(settings);
  let g = 0;
  for (const qi of order) {
    const q = queries[qi];
    while (g < byDate.length && byDate[g][0] < q.date) state.addDate(byDate[g++][1]);
    out[qi] = state.predict(q.playerId, q.opponent, q.home);
  }
  return out;
}

/** A state holding every game before `date` (for pricing a prop on that date). */
export function threesStateAsOf(
  byDate: readonly [string, NbaGameLogRow[]][],
  date: string,
  settings: ThreesSettings = { ...DEFAULT_THREES_SETTINGS },
): ThreesState {
  const s = new ThreesState(settings);
  for (const [d, rows] of byDate) {
    if (d >= date) break;
    s.addDate(rows);
  }
  return s;
}
