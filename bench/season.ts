// Season benchmarks, each beside its plain reference in the same run: the 2024 NFL season from week 10
// (134 games left, as of 2024-11-05), Elo ratings from the bundled history.
//   - kernel, one thread: the whole NFL procedure per simulation (tiebreakers, seeds, the playoffs, the
//     draft order, the importance tallies) against today's plain kernel (wins only, ties broken by a
//     random draw, no playoffs);
//   - the pool: 50,000 simulations on 1 and 2 threads, both ways (target: under 10 s on 2 cores with
//     everything; nflseedR's own figure is about 90 s for 50,000 seasons).
import { pathToFileURL } from 'node:url';
import { projectFile } from '../core/paths.js';
import { loadGames } from '../app/inputs/games-file.js';
import { nflTeams } from '../engine/games/nfl-teams.js';
import { blockState, BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import { seasonFromGames } from '../engine/season/from-games.js';
import { newSeasonTallies, simulateSeason } from '../engine/season/kernel.js';
import { simulateSeasonWithPlayoffs } from '../engine/season/playoff-kernel.js';
import { compileSeason, type Season } from '../engine/season/season.js';
import { seasonTallyLayout } from '../engine/season/tallies.js';
import { closePool } from '../workers/pool.js';
import { runSeasonPool } from '../workers/season-run.js';
import { simulateSeason as simulateSeasonRun } from '../app/seasons/simulate.js';

export interface SeasonBenchResult {
  games: number;
  /** Simulations per second, one thread, kernel only. */
  kernel: { full: number; plain: number };
  /** Seconds for the pool run of `sims` simulations. */
  pool: { sims: number; full1: number; full2: number; plain1: number; plain2: number };
  /** `simcast season --season 2024 --week 10` through the use case (app/seasons/simulate.ts), 2 threads:
   * the simulation's own seconds and the wall seconds including building the season from the games. */
  app: { sims: number; simSeconds: number; wallSeconds: number; simsPerSecond: number };
}

export async function week10Season(): Promise<{ full: Season; plain: Season }> {
  const { games } = await loadGames(projectFile('examples', 'data', 'nfl-games-spreadspoke.csv'), 'spreadspoke');
  const t = nflTeams();
  const spec = seasonFromGames(games, { league: 'nfl', season: 2024, asOf: '2024-11-05', division: t.division, conference: t.conference });
  const { playoffs: _p, played: _g, ...plainSpec } = spec;
  return { full: compileSeason(spec), plain: compileSeason(plainSpec) };
}

function kernelRate(run: (block: number) => void, ms: number): number {
  let block = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) run(block++);
  return (block * BLOCK_SIZE * 1000) / (performance.now() - t0);
}

export async function benchSeason(opts: { smoke?: boolean } = {}): Promise<SeasonBenchResult> {
  const { full, plain } = await week10Season();
  const out = new Int32Array(seasonTallyLayout(full).length);
  const plainOut = newSeasonTallies(plain);
  const state = new Uint32Array(4);
  const ms = opts.smoke ? 500 : 4000;
  // Warm both, then alternate so load on the shared machine hits both alike.
  kernelRate((b) => simulateSeasonWithPlayoffs(full, blockState(1, b, state), BLOCK_SIZE, out, null), ms / 4);
  kernelRate((b) => simulateSeason(plain, blockState(1, b, state), BLOCK_SIZE, plainOut, null), ms / 4);
  const fullRate = kernelRate((b) => simulateSeasonWithPlayoffs(full, blockState(1, b, state), BLOCK_SIZE, out, null), ms);
  const plainRate = kernelRate((b) => simulateSeason(plain, blockState(1, b, state), BLOCK_SIZE, plainOut, null), ms);

  const sims = opts.smoke ? 8192 : 50_000;
  const seconds = async (s: Season, threads: number) => {
    await runSeasonPool(s, { sims: 4096, seed: 0, threads }); // start the workers
    return (await runSeasonPool(s, { sims, seed: 1, threads })).elapsedMs / 1000;
  };
  const full1 = await seconds(full, 1);
  const plain1 = await seconds(plain, 1);
  const full2 = await seconds(full, 2);
  const plain2 = await seconds(plain, 2);
  const wall0 = performance.now();
  const viaApp = await simulateSeasonRun({ league: 'nfl', season: 2024, week: 10 }, { sims, seed: 1, threads: 2 });
  const wallSeconds = (performance.now() - wall0) / 1000;
  await closePool();
  return {
    games: full.gameCount,
    kernel: { full: fullRate, plain: plainRate },
    pool: { sims, full1, full2, plain1, plain2 },
    app: { sims, simSeconds: viaApp.elapsedMs / 1000, wallSeconds, simsPerSecond: (sims * 1000) / viaApp.elapsedMs },
  };
}

export function seasonBenchReport(r: SeasonBenchResult): string {
  const k = (x: number) => `${(x / 1000).toFixed(1)}k`;
  const s = (x: number) => `${x.toFixed(2)} s`;
  const rows = [
    [
      'kernel, 1 thread: tiebreakers, seeds, playoffs, draft, importance',
      `${k(r.kernel.full)} sims/s`,
      `${(r.kernel.full / r.kernel.plain).toFixed(2)}x plain`,
    ],
    ['kernel, 1 thread: plain (wins, random tiebreaks, no playoffs)', `${k(r.kernel.plain)} sims/s`, ''],
    [`pool, ${r.pool.sims} sims, 1 thread, everything`, s(r.pool.full1), `plain ${s(r.pool.plain1)}`],
    [`pool, ${r.pool.sims} sims, 2 threads, everything`, s(r.pool.full2), `plain ${s(r.pool.plain2)}; ${(r.pool.full1 / r.pool.full2).toFixed(2)}x 1 thread`],
    [
      `simcast season --season 2024 --week 10, ${r.app.sims} sims, 2 threads (use case: inputs from the games file, then the pool)`,
      `${s(r.app.simSeconds)} sim, ${s(r.app.wallSeconds)} wall, ${k(r.app.simsPerSecond)} sims/s`,
      `plain pool ${s(r.pool.plain2)}; ${(r.app.simSeconds / r.pool.plain2).toFixed(2)}x plain`,
    ],
  ];
  return (
    `2024 NFL season from week 10 (${r.games} games left). Target: 50,000 simulations with everything in under 10 s on 2 cores.\n\n` +
    '| season | figure | reference |\n|---|---:|---:|\n' +
    rows.map((x) => `| ${x.join(' | ')} |`).join('\n') +
    '\n'
  );
}

// `node dist/bench/season.js` runs this suite alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(seasonBenchReport(await benchSeason({ smoke: process.argv.includes('--smoke') })));
}
