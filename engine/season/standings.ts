// One simulated season's standings: the played games' records (League) plus the remaining games' results.
// Everything is in half-wins (a tie is one half-win for each side, as the NFL counts a tie as half a win
// and half a loss), so records stay integers and win percentages compare exactly by cross-multiplying.
import type { League } from './league.js';

export interface Standings {
  halfWins: Int32Array;
  divHalfWins: Int32Array;
  confHalfWins: Int32Array;
  /** h2h[a * T + b]: a's half-wins against b. */
  h2h: Int32Array;
}

export function newStandings(L: League): Standings {
  const T = L.teamCount;
  const s = { halfWins: new Int32Array(T), divHalfWins: new Int32Array(T), confHalfWins: new Int32Array(T), h2h: new Int32Array(T * T) };
  resetStandings(L, s);
  return s;
}

/** Back to the played games only. */
export function resetStandings(L: League, s: Standings): void {
  s.halfWins.set(L.baseHalfWins);
  s.divHalfWins.set(L.baseDivHalfWins);
  s.confHalfWins.set(L.baseConfHalfWins);
  s.h2h.set(L.baseH2h);
}

/** Remaining game g won by w over l. */
export function recordWin(L: League, s: Standings, g: number, w: number, l: number): void {
  s.halfWins[w] += 2;
  s.h2h[w * L.teamCount + l] += 2;
  if (L.remainingIsDiv[g] === 1) s.divHalfWins[w] += 2;
  if (L.remainingIsConf[g] === 1) s.confHalfWins[w] += 2;
}

/** Sign of pct(a) - pct(b) (win percentages, ties as half; a club without games counts as .000). */
export function comparePct(L: League, s: Standings, a: number, b: number): number {
  return s.halfWins[a] * (L.games[b] || 1) - s.halfWins[b] * (L.games[a] || 1);
}
