// Season kernel: plays the remaining schedule `sims` times from one block's generator state.
// Per simulation: one draw per game (home wins iff the draw is below its threshold), then one draw per
// team as a random tiebreak, then each team's finishing place in its division, conference and league
// (more wins first; equal wins broken by the draw: real tiebreakers need data a rating model lacks).
import type { Season } from './season.js';
import { Xoshiro128 } from '../random/xoshiro128.js';
import { eloHomeProb } from './season.js';
import { probToThreshold } from '../tournament/win-probability.js';

export interface SeasonTallies {
  /** halfWins[t * (maxHalfWins + 1) + w]: simulations in which team t finished with w half-wins. */
  halfWins: Int32Array;
  /** place[level][t * T + (p - 1)]: simulations in which team t finished p-th in its group at that level. */
  place: Int32Array[];
}

export function newSeasonTallies(s: Season): SeasonTallies {
  const T = s.teamCount;
  return { halfWins: new Int32Array(T * (s.maxHalfWins + 1)), place: s.group.map(() => new Int32Array(T * T)) };
}

export function simulateSeason(s: Season, state: Uint32Array, sims: number, out: SeasonTallies, hotK: number | null): void {
  const T = s.teamCount;
  const G = s.gameCount;
  const W = s.maxHalfWins + 1;
  const home = s.home;
  const away = s.away;
  const thr = s.thresholds;
  const wins = new Int32Array(T);
  const tie = new Int32Array(T);
  const r = new Float64Array(T);
  const rng = new Xoshiro128(state);
  // Signed space, as the thresholds (see probToThreshold).
  const next = (): number => rng.nextUint32() ^ 0x80000000;
  for (let sim = 0; sim < sims; sim++) {
    wins.set(s.baseHalfWins);
    if (hotK === null) {
      for (let g = 0; g < G; g++) {
        if (next() < thr[g]) wins[home[g]] += 2;
        else wins[away[g]] += 2;
      }
    } else {
      r.set(s.ratings);
      for (let g = 0; g < G; g++) {
        const h = home[g];
        const a = away[g];
        const p = eloHomeProb(r[h], r[a], s.advantage[g]);
        const homeWins = next() < probToThreshold(p);
        const delta = hotK * (homeWins ? 1 - p : p);
        if (homeWins) {
          wins[h] += 2;
          r[h] += delta;
          r[a] -= delta;
        } else {
          wins[a] += 2;
          r[a] += delta;
          r[h] -= delta;
        }
      }
    }
    for (let t = 0; t < T; t++) tie[t] = next();
    for (let t = 0; t < T; t++) out.halfWins[t * W + wins[t]]++;
    for (let level = 0; level < s.group.length; level++) {
      const grp = s.group[level];
      const members = s.members[level];
      const place = out.place[level];
      for (let t = 0; t < T; t++) {
        let p = 0;
        const wt = wins[t];
        const mine = members[grp[t]];
        for (let j = 0; j < mine.length; j++) {
          const u = mine[j];
          if (wins[u] > wt || (wins[u] === wt && tie[u] < tie[t])) p++;
        }
        place[t * T + p]++;
      }
    }
  }
  rng.state(state);
}
