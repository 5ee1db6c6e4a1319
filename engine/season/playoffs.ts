// The NFL playoff format since 1990: per conference `seeds` clubs, the top `byes` rest in the wild-card
// round while the others play (better seed at home: 2v7, 3v6, 4v5 with seven seeds; 3v6, 4v5 with six);
// the four left are re-seeded (the best seed hosts the worst left, the other two meet at the better
// seed's home), the conference final is at the better seed's home, and the Super Bowl at a neutral site.
import { SimcastError } from '../../core/errors.js';

export interface PlayoffFormat {
  /** Seeds per conference (7 from 2020, 6 from 1990 to 2019). */
  seeds: number;
  /** Seeds that skip the wild-card round: four clubs are left for the divisional round. */
  byes: number;
}

/** The format of a season: seven seeds from 2020, six before (unless `seeds` says otherwise). */
export function nflPlayoffFormat(season: number, seeds?: number): PlayoffFormat {
  const s = seeds ?? (season >= 2020 ? 7 : 6);
  if (!Number.isInteger(s) || s < 4 || s > 8) throw new SimcastError('FIELD_INVALID', `playoffs.seeds: must be an integer from 4 to 8 (got ${s})`);
  return { seeds: s, byes: 8 - s };
}

/** Furthest round reached (reached[t]); draft order groups clubs by it. */
export const ROUND_NONE = 0;
export const ROUND_PLAYOFFS = 1;
export const ROUND_DIVISIONAL = 2;
export const ROUND_CONFERENCE = 3;
export const ROUND_SUPER_BOWL = 4;
export const ROUND_CHAMPION = 5;

/** Decides one game: true when the home side wins (neutral: no home advantage). */
export type PlayGame = (home: number, away: number, neutral: boolean) => boolean;

/**
 * Plays both conferences' brackets and the Super Bowl. seedTeam[conf * seeds + k] is seed k+1 of
 * conference conf (two conferences). Writes reached[t] for every team (0 for clubs not in the field);
 * alive is scratch of length 8. Returns the champion.
 */
export function playPlayoffs(seedTeam: Int32Array, f: PlayoffFormat, play: PlayGame, reached: Int32Array, alive: Int32Array): number {
  reached.fill(ROUND_NONE);
  const S = f.seeds;
  const B = f.byes;
  let finalist0 = -1;
  let finalist1 = -1;
  for (let conf = 0; conf < 2; conf++) {
    const base = conf * S;
    for (let k = 0; k < S; k++) reached[seedTeam[base + k]] = k < B ? ROUND_DIVISIONAL : ROUND_PLAYOFFS;
    // alive holds seed indexes (0-based) in increasing order.
    let n = 0;
    for (let k = 0; k < B; k++) alive[n++] = k;
    const wildcardGames = (S - B) / 2;
    for (let i = 0; i < wildcardGames; i++) {
      const hi = B + i;
      const lo = S - 1 - i;
      alive[n++] = play(seedTeam[base + hi], seedTeam[base + lo], false) ? hi : lo;
    }
    // Re-seed: insertion sort of the four left.
    for (let i = 1; i < n; i++) {
      const v = alive[i];
      let j = i;
      while (j > 0 && alive[j - 1] > v) {
        alive[j] = alive[j - 1];
        j--;
      }
      alive[j] = v;
    }
    for (let i = 0; i < n; i++) reached[seedTeam[base + alive[i]]] = ROUND_DIVISIONAL;
    const a = play(seedTeam[base + alive[0]], seedTeam[base + alive[3]], false) ? alive[0] : alive[3];
    const b = play(seedTeam[base + alive[1]], seedTeam[base + alive[2]], false) ? alive[1] : alive[2];
    const hi = Math.min(a, b);
    const lo = Math.max(a, b);
    reached[seedTeam[base + hi]] = ROUND_CONFERENCE;
    reached[seedTeam[base + lo]] = ROUND_CONFERENCE;
    const champ = seedTeam[base + (play(seedTeam[base + hi], seedTeam[base + lo], false) ? hi : lo)];
    reached[champ] = ROUND_SUPER_BOWL;
    if (conf === 0) finalist0 = champ;
    else finalist1 = champ;
  }
  const champion = play(finalist0, finalist1, true) ? finalist0 : finalist1;
  reached[champion] = ROUND_CHAMPION;
  return champion;
}
