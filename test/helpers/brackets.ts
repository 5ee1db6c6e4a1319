// Small synthetic fields and a brute-force enumerator of every outcome, for checking the engine.
import type { FieldSpec, SlotSpec } from '../../engine/field/types.js';
import type { Bracket } from '../../engine/tournament/bracket.js';
import { probToThreshold, type WinProbabilityModel } from '../../engine/tournament/win-probability.js';

export function slotsField(ratings: Record<string, number>, slots: (string | [string, string] | 'BYE')[], results: [string, string][] = []): FieldSpec {
  return {
    name: 'test',
    teams: Object.entries(ratings).map(([name, rating]) => ({ name, rating })),
    slots: slots.map((s): SlotSpec => (s === 'BYE' ? { kind: 'bye' } : Array.isArray(s) ? { kind: 'playin', teams: s } : { kind: 'team', team: s })),
    results: results.map(([winner, loser]) => ({ winner, loser })),
  };
}

/** A field of n teams (n a power of two) with ratings spread over a points scale. */
export function linearField(n: number, spread = 30): FieldSpec {
  const ratings: Record<string, number> = {};
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `T${i}`;
    ratings[name] = 80 + (spread * ((i * 7) % n)) / n;
    names.push(name);
  }
  return slotsField(ratings, names);
}

/**
 * Enumerates all 2^G outcomes (G <= 20): returns wins[g * T + t] = P(team t wins game g), optionally
 * with hot rating updates (K), and conditioned on decided games (outcomes contradicting them dropped).
 * Uses the same probability orientation as the kernels (first input's p = model.prob(first, second)),
 * and with `quantize` the kernels' 32-bit thresholds.
 */
export function bruteForce(b: Bracket, model: WinProbabilityModel, opts: { hotK?: number; quantize?: boolean } = {}): Float64Array {
  const T = b.teamCount;
  const G = b.gameCount;
  const wins = new Float64Array(G * T);
  const node = new Int32Array(T + G);
  let total = 0;
  for (let mask = 0; mask < 2 ** G; mask++) {
    for (let t = 0; t < T; t++) node[t] = t;
    const r = Float64Array.from(b.ratings);
    let prob = 1;
    for (let g = 0; g < G && prob > 0; g++) {
      const a = node[b.gameA[g]];
      const c = node[b.gameB[g]];
      const aWins = ((mask >> g) & 1) === 0;
      let pA = model.prob(r[a], r[c]);
      if (opts.quantize) pA = (probToThreshold(pA) + 2147483648) / 4294967296;
      if (b.forced[g] >= 0) {
        if ((b.forced[g] === a) !== aWins) prob = 0;
        node[T + g] = b.forced[g];
        continue;
      }
      prob *= aWins ? pA : 1 - pA;
      const w = aWins ? a : c;
      if (opts.hotK) {
        const model_p = model.prob(r[a], r[c]);
        const delta = opts.hotK * (aWins ? 1 - model_p : model_p);
        r[w] += delta;
        r[aWins ? c : a] -= delta;
      }
      node[T + g] = w;
    }
    if (prob === 0) continue;
    total += prob;
    for (let g = 0; g < G; g++) wins[g * T + node[T + g]] += prob;
  }
  for (let i = 0; i < wins.length; i++) wins[i] /= total;
  return wins;
}
