// Game-model benchmarks, side by side in one run:
//   - Elo replay of every NFL game in the shipped history (target: well under a second);
//   - one uncached prediction, all models and the 10,000-simulation Monte Carlo (target p99 <= 2 ms),
//     beside the Monte Carlo alone (new seeds, the pure function; and the fixed seed on a GameSimulator
//     by the plain loop and counted).
import { loadGames } from '../app/inputs/games-file.js';
import { buildLeagueState, predictGame } from '../engine/models/league-state.js';
import { GameSimulator, simulateGame } from '../engine/models/montecarlo.js';
import { ELO_PRESETS, replayElo } from '../engine/models/elo.js';
import { projectFile } from '../core/paths.js';

export interface ModelsBenchResult {
  games: number;
  replayMs: number;
  buildStateMs: number;
  predict: { p50: number; p99: number };
  monteCarlo: { p50: number; p99: number };
  /** The API's fixed seed: the plain loop over the draws vs the counted version (same counts). */
  fixedSeed: { loop: { p50: number; p99: number }; counted: { p50: number; p99: number } };
}

function quantiles(v: number[]): { p50: number; p99: number } {
  const s = [...v].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)], p99: s[Math.floor(s.length * 0.99)] };
}

export async function benchModels(opts: { smoke?: boolean } = {}): Promise<ModelsBenchResult> {
  const parsed = await loadGames(projectFile('examples', 'data', 'nfl-games-spreadspoke.csv'), 'spreadspoke', projectFile('examples', 'data', 'nfl-teams.csv'));
  const played = parsed.games.filter((g) => g.homeScore !== null);
  let t = performance.now();
  const reps = opts.smoke ? 3 : 10;
  for (let i = 0; i < reps; i++) replayElo(played, ELO_PRESETS.nfl);
  const replayMs = (performance.now() - t) / reps;
  t = performance.now();
  const state = buildLeagueState(parsed.games, 'nfl');
  const buildStateMs = performance.now() - t;
  const ids = [...state.teams.keys()].filter((x) => state.teams.get(x)!.season >= 2020);
  const n = opts.smoke ? 500 : 5000;
  const lat: number[] = [];
  const mc: number[] = [];
  const loop: number[] = [];
  const counted: number[] = [];
  const sim = new GameSimulator();
  for (let i = 0; i < n + 200; i++) {
    const h = ids[i % ids.length];
    let a = ids[(i * 7 + 3) % ids.length];
    if (a === h) a = ids[(i + 1) % ids.length];
    t = performance.now();
    // The default seed, as the API uses: the Monte Carlo's normals are drawn once and reused.
    predictGame({ league: 'nfl', home: h, away: a, spread: -((i % 14) + 0.5), total: 38 + (i % 15) }, state);
    const d = performance.now() - t;
    t = performance.now();
    simulateGame({ kind: 'normal', expectedMargin: (i % 17) - 8, expectedTotal: 44, spread: -3.5, total: 44.5, sims: 10_000, seed: i });
    const m = performance.now() - t;
    const game = { kind: 'normal' as const, expectedMargin: (i % 17) - 8 + i / 1e5, expectedTotal: 44, spread: -3.5, total: 44.5, sims: 10_000, seed: 0 };
    t = performance.now();
    sim.normal(game, 'loop');
    const l = performance.now() - t;
    t = performance.now();
    sim.normal(game, 'counted');
    const c = performance.now() - t;
    if (i >= 200) {
      lat.push(d);
      mc.push(m);
      loop.push(l);
      counted.push(c);
    }
  }
  return {
    games: played.length,
    replayMs,
    buildStateMs,
    predict: quantiles(lat),
    monteCarlo: quantiles(mc),
    fixedSeed: { loop: quantiles(loop), counted: quantiles(counted) },
  };
}

export function modelsReport(r: ModelsBenchResult): string {
  return (
    '| game models | value | target |\n|---|---:|---|\n' +
    `| Elo replay of ${r.games.toLocaleString('en-US')} NFL games | ${r.replayMs.toFixed(1)} ms | well under 1 s |\n` +
    `| league state (features, fits, ensemble) from all games | ${r.buildStateMs.toFixed(0)} ms | (start-up) |\n` +
    `| one uncached prediction, all models + 10K Monte Carlo, p50 / p99 | ${r.predict.p50.toFixed(3)} / ${r.predict.p99.toFixed(3)} ms | p99 <= 2 ms |\n` +
    `| the 10K-simulation game Monte Carlo alone (new seed each call), p50 / p99 | ${r.monteCarlo.p50.toFixed(3)} / ${r.monteCarlo.p99.toFixed(3)} ms | reference |\n` +
    `| the 10K Monte Carlo on the API's fixed seed, plain loop over the draws, p50 / p99 | ${r.fixedSeed.loop.p50.toFixed(3)} / ${r.fixedSeed.loop.p99.toFixed(3)} ms | reference |\n` +
    `| the same, counted over the sorted draws (what predictions use), p50 / p99 | ${r.fixedSeed.counted.p50.toFixed(3)} / ${r.fixedSeed.counted.p99.toFixed(3)} ms | same counts, faster |\n`
  );
}
