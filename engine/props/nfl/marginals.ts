// Expected NFL player stats as of a date (games strictly before it):
//   μ = [(Σ_j w_j y_j + k · m_pos) / (Σ_j w_j + k)] × opponent factor × home/away factor
// - the player's last `window` games weighted w_j = 2^(−age/halfLife) (age in games), shrunk by k
//   pseudo-games toward his career mean, itself shrunk toward the mean of his position group over every
//   earlier game by k₂ pseudo-games (few games → the position mean; a long career → his own level);
//   careerPrior 0 shrinks the recent games straight to the position mean;
//   a quarterback's own games count only where he started (the schedule says who starts; a game he
//   came into as a backup, or one a starter left early, is not what a start looks like), and so does
//   his position's mean: shrunk toward every quarterback's games, starters' passing yards came out
//   8-10 yards low in 2018-2020 (backups' mop-up games pull that mean down);
// - opponent factor: what the opponent allowed to that position group per game (weighted by recency),
//   shrunk toward the league by `oppPrior` pseudo-games, over the league's mean;
// - home/away factor: the league's home (or away) mean of the stat over its overall mean, earlier games.
import type { NflPlayerStat } from '../parse/nflverse-weekly.js';
import { NFL_STAT_NAMES } from '../parse/nflverse-weekly.js';
import { firstOnOrAfter, type NflHistory, type NflPlayerGame, type PositionGroup } from './history.js';

export interface NflMarginalSettings {
  halfLife: number;
  window: number;
  /** pseudo-games of the player's career mean added to his recent games */
  prior: number;
  /** pseudo-games of the position mean added to his career games */
  careerPrior: number;
  oppHalfLife: number;
  oppPrior: number;
  homeAway: boolean;
}

/** Chosen by fitNflMarginalSettings on 2019-2021 (before the 2022 season the figures are measured on). */
export const DEFAULT_NFL_MARGINAL_SETTINGS: Readonly<NflMarginalSettings> = {
  halfLife: 6,
  window: 40,
  prior: 1,
  careerPrior: 0,
  oppHalfLife: 24,
  oppPrior: 32,
  homeAway: true,
};

const GROUPS: PositionGroup[] = ['QB', 'RB', 'WR', 'TE', 'OTHER'];
const S = NFL_STAT_NAMES.length;
const statIndex = new Map(NFL_STAT_NAMES.map((s, i) => [s, i]));

export interface NflStatContext {
  date: string;
  opponent: string;
  home: boolean;
}

export interface NflMeanPrediction {
  mean: number;
  /** earlier games of the player */
  games: number;
  group: PositionGroup;
}

interface Prefix {
  dates: string[];
  /** prefix sums, (n + 1) × S */
  sum: Float64Array;
  homeSum: Float64Array;
  homeCount: Int32Array;
}

function prefixOf(rows: readonly NflPlayerGame[]): Prefix {
  const n = rows.length;
  const sum = new Float64Array((n + 1) * S);
  const homeSum = new Float64Array((n + 1) * S);
  const homeCount = new Int32Array(n + 1);
  rows.forEach((r, i) => {
    for (let s = 0; s < S; s++) {
      const v = r.stats[NFL_STAT_NAMES[s]];
      sum[(i + 1) * S + s] = sum[i * S + s] + v;
      homeSum[(i + 1) * S + s] = homeSum[i * S + s] + (r.home ? v : 0);
    }
    homeCount[i + 1] = homeCount[i] + (r.home ? 1 : 0);
  });
  return { dates: rows.map((r) => r.date), sum, homeSum, homeCount };
}

function countBefore(dates: readonly string[], date: string): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Expected stats from a history; precomputes prefix sums once (the object is the caller's cache). */
export class NflMarginals {
  private readonly byGroup = new Map<PositionGroup, Prefix>();
  /** quarterbacks' starts only: a starter is shrunk toward starters, not toward backups' mop-up games */
  private readonly qbStarts: Prefix;
  /** per team: its games by date, with what the opponent's offense gained per position group */
  private readonly allowed = new Map<string, { dates: string[]; values: Float64Array }>();
  /** all team-games by date with their offense totals (for the league mean allowed) */
  private readonly league: { dates: string[]; sum: Float64Array };

  constructor(
    readonly history: NflHistory,
    readonly settings: NflMarginalSettings = { ...DEFAULT_NFL_MARGINAL_SETTINGS },
  ) {
    for (const g of GROUPS) this.byGroup.set(g, prefixOf(history.all.filter((r) => r.group === g)));
    this.qbStarts = prefixOf(history.all.filter((r) => r.group === 'QB' && r.startedAtQb));
    // offense totals by game, team and group
    const G = GROUPS.length;
    const offense = new Map<string, Float64Array>();
    for (const r of history.all) {
      const k = `${r.gameId}|${r.team}`;
      let v = offense.get(k);
      if (!v) offense.set(k, (v = new Float64Array(G * S)));
      const gi = GROUPS.indexOf(r.group);
      for (let s = 0; s < S; s++) v[gi * S + s] += r.stats[NFL_STAT_NAMES[s]];
    }
    const teamGames: { date: string; v: Float64Array }[] = [];
    for (const [team, games] of history.byTeam) {
      const played = games.filter((g) => offense.has(`${g.gameId}|${g.home === team ? g.away : g.home}`));
      const values = new Float64Array(played.length * G * S);
      played.forEach((g, i) => {
        const opp = g.home === team ? g.away : g.home;
        values.set(offense.get(`${g.gameId}|${opp}`)!, i * G * S);
        teamGames.push({ date: g.date, v: offense.get(`${g.gameId}|${opp}`)! });
      });
      this.allowed.set(team, { dates: played.map((g) => g.date), values });
    }
    teamGames.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const sum = new Float64Array((teamGames.length + 1) * G * S);
    teamGames.forEach((t, i) => {
      for (let k = 0; k < G * S; k++) sum[(i + 1) * G * S + k] = sum[i * G * S + k] + t.v[k];
    });
    this.league = { dates: teamGames.map((t) => t.date), sum };
  }

  /** The position group's mean of a stat over games before `date` (NaN when there are none). */
  positionMean(group: PositionGroup, stat: NflPlayerStat, date: string): number {
    const p = this.byGroup.get(group)!;
    const n = countBefore(p.dates, date);
    return n > 0 ? p.sum[n * S + statIndex.get(stat)!] / n : NaN;
  }

  expected(playerId: string, stat: NflPlayerStat, ctx: NflStatContext): NflMeanPrediction | null {
    const games = this.history.byPlayer.get(playerId);
    if (!games) return null;
    const s = this.settings;
    const i = firstOnOrAfter(games, ctx.date);
    const group = (i > 0 ? games[i - 1] : games[0]).group;
    const si = statIndex.get(stat)!;
    const prefix = this.byGroup.get(group)!;
    const nPos = countBefore(prefix.dates, ctx.date);
    const startsOnly = group === 'QB' && games.some((g, j) => j < i && g.startedAtQb);
    const base = startsOnly ? this.qbStarts : prefix;
    const nBase = countBefore(base.dates, ctx.date);
    const posMean = nBase > 0 ? base.sum[nBase * S + si] / nBase : 0;
    const delta = 2 ** (-1 / s.halfLife);
    let w = 1;
    let sw = 0;
    let sy = 0;
    for (let j = i - 1, used = 0; j >= 0 && used < s.window; j--) {
      if (startsOnly && !games[j].startedAtQb) continue;
      used++;
      sw += w;
      sy += w * games[j].stats[stat];
      w *= delta;
    }
    let target = posMean;
    if (s.careerPrior > 0) {
      let cs = 0;
      let cn = 0;
      for (let j = 0; j < i; j++) {
        if (startsOnly && !games[j].startedAtQb) continue;
        cs += games[j].stats[stat];
        cn++;
      }
      target = (cs + s.careerPrior * posMean) / (cn + s.careerPrior);
    }
    let mean = (sy + s.prior * target) / (sw + s.prior);
    mean *= this.opponentFactor(ctx.opponent, group, si, ctx.date);
    if (s.homeAway && nPos > 50) {
      const hc = prefix.homeCount[nPos];
      const tot = prefix.sum[nPos * S + si];
      const hs = prefix.homeSum[nPos * S + si];
      if (tot > 0 && hc > 0 && hc < nPos) {
        const side = ctx.home ? hs / hc : (tot - hs) / (nPos - hc);
        mean *= side / (tot / nPos);
      }
    }
    return { mean, games: i, group };
  }

  private opponentFactor(opponent: string, group: PositionGroup, si: number, date: string): number {
    const s = this.settings;
    const G = GROUPS.length;
    const k = GROUPS.indexOf(group) * S + si;
    const n = countBefore(this.league.dates, date);
    if (n === 0) return 1;
    const lg = this.league.sum[n * G * S + k] / n;
    if (!(lg > 0)) return 1;
    const a = this.allowed.get(opponent);
    if (!a) return 1;
    const m = countBefore(a.dates, date);
    const delta = 2 ** (-1 / s.oppHalfLife);
    let w = 1;
    let sw = 0;
    let sv = 0;
    for (let j = m - 1; j >= Math.max(0, m - 3 * s.oppHalfLife); j--) {
      sw += w;
      sv += w * a.values[j * G * S + k];
      w *= delta;
    }
    return (sv + s.oppPrior * lg) / (sw + s.oppPrior) / lg;
  }
}
