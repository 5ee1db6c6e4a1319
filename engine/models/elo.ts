// Elo ratings after FiveThirtyEight's published NFL and NBA rules.
//
//   d       = R_home − R_away + H            (H = home advantage in Elo points; 0 at a neutral site)
//   p_home  = 1 / (1 + 10^(−d/400))
//   S       = 1 home win, 0 home loss, 0.5 tie
//   d_w     = d if the home side won, −d if the away side won (the winner's view, home advantage included)
//   M       = margin-of-victory multiplier:
//               NFL: ln(|margin| + 1) × 2.2 / (d_w × 0.001 + 2.2); a tie: 2.2 × ln 2
//               NBA: (|margin| + 3)^0.8 / (7.5 + 0.006 × d_w);     a tie: 3^0.8 / 7.5
//               none: 1
//   shift   = K × M × (S − p_home);  R_home += shift;  R_away −= shift
//   between seasons (the first game of a new season), every known team: R ← R + (mean − R) × revert
//   a team never seen before enters at `newTeam` (or at the rating an --initial file gives it).
//
// Presets: NFL mean 1505, new team 1300, K 20, H 65, revert 1/3; NBA K 20, H 100, revert 1/4.
import { OptionError } from '../../core/errors.js';
import type { Game } from '../games/types.js';
import { eloProbability } from '../math/elo-probability.js';

export type MovRule = 'nfl' | 'nba' | 'none';

export interface EloConfig {
  mean: number;
  newTeam: number;
  k: number;
  /** Home advantage in Elo points. */
  hfa: number;
  /** Fraction of the way to the mean each team moves between seasons (0..1). */
  revert: number;
  mov: MovRule;
}

export const ELO_PRESETS: Readonly<Record<'nfl' | 'nba', Readonly<EloConfig>>> = {
  nfl: { mean: 1505, newTeam: 1300, k: 20, hfa: 65, revert: 1 / 3, mov: 'nfl' },
  nba: { mean: 1505, newTeam: 1300, k: 20, hfa: 100, revert: 1 / 4, mov: 'nba' },
};

/** A league's Elo configuration: a preset, or (for other leagues) NFL-like defaults with overrides. */
export function eloConfig(league: string, overrides: Partial<EloConfig> = {}): EloConfig {
  const base = (ELO_PRESETS as Record<string, EloConfig>)[league] ?? { mean: 1500, newTeam: 1500, k: 20, hfa: 50, revert: 1 / 3, mov: 'none' as MovRule };
  const c = { ...base, ...overrides };
  for (const key of ['mean', 'newTeam', 'k', 'hfa'] as const) {
    if (!Number.isFinite(c[key])) throw new OptionError(`options.elo.${key} must be a finite number`);
  }
  if (!(c.k > 0)) throw new OptionError('options.elo.k must be a positive number');
  if (!(c.revert >= 0 && c.revert <= 1)) throw new OptionError('options.elo.revert must be a number from 0 to 1');
  if (!['nfl', 'nba', 'none'].includes(c.mov)) throw new OptionError(`options.elo.mov must be nfl, nba or none (got '${c.mov}')`);
  return c;
}

/** The margin-of-victory multiplier M for a home margin and the pre-game d (home view). */
export function movMultiplier(rule: MovRule, margin: number, d: number): number {
  if (rule === 'none') return 1;
  if (margin === 0) return rule === 'nfl' ? 2.2 * Math.LN2 : 3 ** 0.8 / 7.5;
  const dw = margin > 0 ? d : -d;
  const m = Math.abs(margin);
  return rule === 'nfl' ? (Math.log(m + 1) * 2.2) / (dw * 0.001 + 2.2) : (m + 3) ** 0.8 / (7.5 + 0.006 * dw);
}

/** One game's update: the home win probability and the shift added to home (subtracted from away). */
export function eloUpdate(
  cfg: EloConfig,
  home: number,
  away: number,
  homeScore: number,
  awayScore: number,
  neutral: boolean,
): { pHome: number; shift: number } {
  const d = home - away + (neutral ? 0 : cfg.hfa);
  const pHome = eloProbability(d);
  const margin = homeScore - awayScore;
  const s = margin > 0 ? 1 : margin < 0 ? 0 : 0.5;
  return { pHome, shift: cfg.k * movMultiplier(cfg.mov, margin, d) * (s - pHome) };
}

/** Team id → dense index, growing as teams appear. */
export class TeamIndex {
  readonly ids: string[] = [];
  private readonly map = new Map<string, number>();
  get size(): number {
    return this.ids.length;
  }
  get(id: string): number | undefined {
    return this.map.get(id);
  }
  add(id: string): number {
    let i = this.map.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.map.set(id, i);
      this.ids.push(id);
    }
    return i;
  }
}

export interface EloReplay {
  /** Per played game, in the order given: ratings before and after, and p(home). */
  homePre: Float64Array;
  awayPre: Float64Array;
  homePost: Float64Array;
  awayPost: Float64Array;
  pHome: Float64Array;
  /** Ratings after the last game (and before any reversion for a season not yet started). */
  ratings: Map<string, number>;
  /** The season of the last game replayed (null when none). */
  lastSeason: number | null;
}

/**
 * Replays played games (already in date order) through Elo. `initial` gives the rating a listed team
 * enters its first game with; nothing is reverted before the first season.
 */
export function replayElo(games: readonly Game[], cfg: EloConfig, initial?: ReadonlyMap<string, number>): EloReplay {
  const n = games.length;
  const out = {
    homePre: new Float64Array(n),
    awayPre: new Float64Array(n),
    homePost: new Float64Array(n),
    awayPost: new Float64Array(n),
    pHome: new Float64Array(n),
  };
  const index = new TeamIndex();
  let r = new Float64Array(64);
  let season: number | null = null;
  const { k, hfa, mean, revert, newTeam, mov } = cfg;
  const team = (id: string): number => {
    const before = index.size;
    const i = index.add(id);
    if (i === before) {
      if (i >= r.length) {
        const bigger = new Float64Array(r.length * 2);
        bigger.set(r);
        r = bigger;
      }
      r[i] = initial?.get(id) ?? newTeam;
    }
    return i;
  };
  for (let g = 0; g < n; g++) {
    const game = games[g];
    if (game.homeScore === null || game.awayScore === null)
      throw new OptionError(`replayElo: game ${g} (${game.date} ${game.home} v ${game.away}) has no score`);
    if (season !== null && game.season !== season) {
      for (let t = 0; t < index.size; t++) r[t] += (mean - r[t]) * revert;
    }
    season = game.season;
    const h = team(game.home);
    const a = team(game.away);
    const rh = r[h];
    const ra = r[a];
    const d = rh - ra + (game.neutral ? 0 : hfa);
    const p = eloProbability(d);
    const margin = game.homeScore - game.awayScore;
    const s = margin > 0 ? 1 : margin < 0 ? 0 : 0.5;
    const shift = k * movMultiplier(mov, margin, d) * (s - p);
    r[h] = rh + shift;
    r[a] = ra - shift;
    out.homePre[g] = rh;
    out.awayPre[g] = ra;
    out.homePost[g] = rh + shift;
    out.awayPost[g] = ra - shift;
    out.pHome[g] = p;
  }
  const ratings = new Map<string, number>();
  index.ids.forEach((id, i) => ratings.set(id, r[i]));
  return { ...out, ratings, lastSeason: season };
}
