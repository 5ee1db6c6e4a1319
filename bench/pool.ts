// Bracket-pool benchmark on the 2016 field (FiveThirtyEight ratings, First Four decided) with ESPN's
// 2016 pick shares and ESPN scoring:
//   - for pools of 10, 30, 100 and 1,000 other entries: the optimised entry's hold-out chance to win
//     against chalk's, each with its standard error, and their paired ratio (common random numbers);
//   - the whole optimisation per pool size (simulate the search tournaments, their opponent score
//     distributions and prize tables, the search), one thread, with the expected two-thread time;
//   - reference beside it: pricing one entry against sampled opponent fields (what peers do: draw and
//     score every opponent of every tournament) for a pool of 100, per tournament;
//   - the search against brute force on small brackets (every bracket of 8 teams, exact outcomes);
//   - game importance of all 67 games for every team's title from 1M stored simulations.
import { readFileSync } from 'node:fs';
import { projectFile } from '../core/paths.js';
import { loadField } from '../app/inputs/field-file.js';
import { BLOCK_SIZE, blockCount, blockState, simsInBlock } from '../engine/random/stream-scheme.js';
import { Xoshiro128 } from '../engine/random/xoshiro128.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { exactGameWins } from '../engine/tournament/exact.js';
import { kernelTables, prepareKernel, simulateFixed, type PreparedKernel } from '../engine/tournament/kernel.js';
import { fiveThirtyEight } from '../engine/tournament/win-probability.js';
import {
  blockValues,
  chalkPicks,
  combineBlocks,
  combineHoldout,
  drawOpponent,
  entryScores,
  gameWalk,
  HoldoutRunner,
  holdoutSeed,
  joinBlocks,
  picksToWins,
  withWins,
  PoolBlockBuilder,
  poolBracket,
  poolContext,
  resolvePickShares,
  parsePicksCsv,
  searchEntries,
  simulateOutcomes,
  TitleImportanceTally,
  titleImportanceTable,
  type PoolBracket,
  type PoolContext,
  type PoolSample,
} from '../engine/pool/index.js';
import { entryUnits } from '../engine/pool/scoring.js';
import type { PickShares } from '../engine/pool/pick-shares.js';
import type { Bracket } from '../engine/tournament/bracket.js';

export const POOL_SIZES = [10, 30, 100, 1000];
const SEED = 2016;

export interface PoolSizeResult {
  poolSize: number;
  chalk: { value: number; se: number };
  optimized: { value: number; se: number };
  ratio: { value: number; se: number };
  /** Chalk with the in-sample best champion swapped in, nothing else changed. */
  swapChampion: string;
  swapRatio: { value: number; se: number };
  chosen: string;
  /** The search itself ended on chalk. */
  searchChalk: boolean;
  champion: string;
  chalkChampion: string;
  expectedScore: number;
  chalkExpectedScore: number;
  inSampleRatio: number;
  sampleMs: number;
  searchMs: number;
  /** CPU time of this process over sample + search (the machine is shared: wall time moves with its load). */
  cpuMs: number;
}

export interface PoolBenchResult {
  searchSims: number;
  holdoutSims: number;
  sizes: PoolSizeResult[];
  holdoutMs: number;
  holdoutCpuMs: number;
  sampledFieldUsPerTournament: number;
  exactUsPerTournament: number;
  bruteCases: number;
  bruteMatches: number;
  bruteWorstGap: number;
  importanceSims: number;
  importanceGames: number;
  importanceMs: number;
  importanceCpuMs: number;
  markdown: string;
}

function load2016(): Promise<{ bracket: Bracket; pb: PoolBracket; shares: PickShares }> {
  return loadField(projectFile('examples', 'ncaa-2016.json'), { results: projectFile('examples', 'data', 'ncaa-mens-2016-first-four.csv') }).then((spec) => {
    const bracket = compileBracket(spec);
    const pb = poolBracket(bracket);
    const file = projectFile('examples', 'data', 'ncaa-mens-2016-espn-picks.csv');
    const shares = resolvePickShares(parsePicksCsv(readFileSync(file, 'utf8'), file), pb);
    return { bracket, pb, shares };
  });
}

function buildSample(ctx: PoolContext, kernel: PreparedKernel, seed: number | string, sims: number): PoolSample {
  const builder = new PoolBlockBuilder(ctx);
  const rows = new Uint8Array(BLOCK_SIZE * ctx.pb.bracket.teamCount);
  const blocks = Array.from({ length: blockCount(sims) }, (_, b) =>
    builder.fromOutcomes(simulateOutcomes(ctx, kernel, seed, b, simsInBlock(sims, b), rows), simsInBlock(sims, b)),
  );
  return joinBlocks(ctx, blocks);
}

/** Pricing one entry against freshly sampled opponent fields: CPU µs per tournament for `opponents`. */
function sampledFieldCost(ctx: PoolContext, sample: PoolSample, opponents: number, tournaments: number): number {
  const entry = picksToWins(ctx.pb, chalkPicks(ctx));
  const rng = new Xoshiro128(blockState('bench-field', 0));
  const picks = new Int32Array(ctx.pb.gameCount);
  const wins = new Uint8Array(ctx.pb.size);
  const c0 = process.cpuUsage();
  for (let s = 0; s < tournaments; s++) {
    const u = entryUnits(ctx.grid, entry, sample.outcomes, s * ctx.pb.size);
    let above = 0;
    for (let m = 0; m < opponents; m++) {
      if (entryUnits(ctx.grid, picksToWins(ctx.pb, drawOpponent(ctx.pb, ctx.model!, rng, picks), wins), sample.outcomes, s * ctx.pb.size) > u) above++;
    }
    if (above < 0) throw new Error('unreachable');
  }
  return process.cpuUsage(c0).user / tournaments;
}

/** Small brackets: the search's best against every bracket (8 teams, exact outcomes). */
function bruteForce(cases: number): { matches: number; worst: number } {
  let matches = 0;
  let worst = 0;
  for (let c = 0; c < cases; c++) {
    const rnd = lcg(500 + c);
    const names = Array.from({ length: 8 }, (_, i) => `T${i}`);
    const bracket = compileBracket({
      name: 'small',
      teams: names.map((name) => ({ name, rating: 78 + rnd() * 16 })),
      slots: names.map((team) => ({ kind: 'team', team })),
      results: [],
    });
    const pb = poolBracket(bracket);
    const believed = { ...bracket, ratings: Float64Array.from(bracket.ratings, (r) => r + (rnd() - 0.5) * 12) };
    const wins = exactGameWins(believed, fiveThirtyEight);
    const share = new Float64Array(pb.rounds * pb.size);
    for (let j = 0; j < pb.gameCount; j++)
      for (let i = pb.lo[j]; i < pb.hi[j]; i++) share[(pb.round[j] - 1) * pb.size + i] = wins[pb.game[j] * bracket.teamCount + pb.team[i]];
    const ctx = poolContext(pb, { source: 'bench', rounds: pb.rounds, size: pb.size, share, fileNames: pb.names }, fiveThirtyEight, {
      poolSize: [3, 10, 30, 100, 1000][c % 5],
    });
    const { outcomes, weights } = enumerate(pb);
    const sample = joinBlocks(ctx, [new PoolBlockBuilder(ctx).fromOutcomes(outcomes, weights.length)], weights);
    const priced = (p: Int32Array) => combineBlocks(sample, blockValues(sample, entryScores(ctx.grid, sample, picksToWins(pb, p)), null, 0, 1), 1, 0, 1)[0];
    let best = -Infinity;
    for (let mask = 0; mask < 2 ** pb.gameCount; mask++) best = Math.max(best, priced(bracketOf(pb, mask)));
    const found = searchEntries(ctx, sample, { minProbability: 0, restarts: 8 }).value;
    const gap = Math.max(0, (best - found) / best);
    if (gap < 1e-12) matches++;
    worst = Math.max(worst, gap);
  }
  return { matches, worst };
}

function bracketOf(pb: PoolBracket, mask: number): Int32Array {
  const picks = new Int32Array(pb.gameCount);
  for (let j = 0; j < pb.gameCount; j++) {
    const a = pb.childA[j] >= 0 ? picks[pb.childA[j]] : -pb.childA[j] - 1;
    const c = pb.childB[j] >= 0 ? picks[pb.childB[j]] : -pb.childB[j] - 1;
    picks[j] = ((mask >> j) & 1) === 0 ? a : c;
  }
  return picks;
}

function enumerate(pb: PoolBracket): { outcomes: Uint8Array; weights: Float64Array } {
  const count = 2 ** pb.gameCount;
  const outcomes = new Uint8Array(count * pb.size);
  const weights = new Float64Array(count);
  const r = pb.bracket.ratings;
  for (let mask = 0; mask < count; mask++) {
    const picks = bracketOf(pb, mask);
    let p = 1;
    for (let j = 0; j < pb.gameCount; j++) {
      const a = pb.childA[j] >= 0 ? picks[pb.childA[j]] : -pb.childA[j] - 1;
      const c = pb.childB[j] >= 0 ? picks[pb.childB[j]] : -pb.childB[j] - 1;
      const pa = fiveThirtyEight.prob(r[pb.team[a]], r[pb.team[c]]);
      p *= picks[j] === a ? pa : 1 - pa;
      outcomes[mask * pb.size + picks[j]]++;
    }
    weights[mask] = p;
  }
  return { outcomes, weights };
}

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export async function benchPool(opts: { smoke?: boolean } = {}): Promise<PoolBenchResult> {
  const smoke = opts.smoke ?? false;
  const searchSims = smoke ? 8192 : 20_480;
  const holdoutSims = smoke ? 16_384 : 163_840;
  const { bracket, pb, shares } = await load2016();
  const kernel = prepareKernel(kernelTables(bracket, fiveThirtyEight));
  const sizes: PoolSizeResult[] = [];
  const contexts: PoolContext[] = [];
  const chosen: Uint8Array[][] = [];
  const swaps: Uint8Array[] = [];
  let chalkWins: Uint8Array | null = null;
  let sample100: PoolSample | null = null;
  for (const poolSize of POOL_SIZES) {
    const ctx = poolContext(pb, shares, fiveThirtyEight, { poolSize });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const sample = buildSample(ctx, kernel, SEED, searchSims);
    const t1 = performance.now();
    const search = searchEntries(ctx, sample);
    const t2 = performance.now();
    const cpuMs = process.cpuUsage(c0).user / 1000;
    if (poolSize === 100) sample100 = sample;
    contexts.push(ctx);
    chosen.push(search.entries.map((p) => picksToWins(pb, p)));
    chalkWins = picksToWins(pb, search.chalk);
    const root = pb.gameCount - 1;
    // The one-move baseline: chalk with the best champion (in-sample) swapped in.
    let swap = search.chalk;
    let swapValue = search.chalkValue;
    for (let c = 0; c < pb.size; c++) {
      const p = withWins(pb, search.chalk, c, pb.pathLength[c]);
      const v = combineBlocks(
        sample,
        blockValues(sample, entryScores(ctx.grid, sample, picksToWins(pb, p)), null, 0, sample.blockStart.length - 1),
        1,
        0,
        sample.blockStart.length - 1,
      )[0];
      if (v > swapValue) {
        swap = p;
        swapValue = v;
      }
    }
    swaps.push(picksToWins(pb, swap));
    sizes.push({
      poolSize,
      chalk: { value: 0, se: 0 },
      optimized: { value: 0, se: 0 },
      ratio: { value: 0, se: 0 },
      swapChampion: pb.names[swap[root]],
      swapRatio: { value: 0, se: 0 },
      chosen: '',
      searchChalk: search.entries[0].every((x, j) => x === search.chalk[j]),
      champion: pb.names[search.entries[0][root]],
      chalkChampion: pb.names[search.chalk[root]],
      expectedScore: 0,
      chalkExpectedScore: 0,
      inSampleRatio: search.value / search.chalkValue,
      sampleMs: t1 - t0,
      searchMs: t2 - t1,
      cpuMs,
    });
  }
  // One hold-out pass for every pool size: the opponent's score distribution is computed once per
  // tournament and priced for each size.
  const base = contexts[0];
  const runner = new HoldoutRunner(
    base,
    contexts.map((ctx, k) => ({ opponents: ctx.opponents, pay: ctx.pay, candidates: [[chalkWins!], chosen[k], [swaps[k]]] })),
  );
  const h0 = performance.now();
  const hc0 = process.cpuUsage();
  const hSeed = holdoutSeed(SEED);
  const rows = new Uint8Array(BLOCK_SIZE * bracket.teamCount);
  const tallies = Array.from({ length: blockCount(holdoutSims) }, (_, b) =>
    runner.block(simulateOutcomes(base, kernel, hSeed, b, simsInBlock(holdoutSims, b), rows), simsInBlock(holdoutSims, b)),
  );
  const stats = combineHoldout(runner, tallies);
  const holdoutMs = performance.now() - h0;
  const holdoutCpuMs = process.cpuUsage(hc0).user / 1000;
  stats.forEach(([ch, opt, swap], k) => {
    const r = sizes[k];
    const worse = opt.winProbability.value < ch.winProbability.value;
    r.chalk = ch.winProbability;
    r.optimized = opt.winProbability;
    r.ratio = opt.winRatio;
    r.swapRatio = swap.winRatio;
    r.chosen = worse ? 'chalk: hold-out guard' : r.searchChalk ? 'chalk: no better bracket found' : 'optimized';
    r.expectedScore = opt.expectedScores[0];
    r.chalkExpectedScore = ch.expectedScores[0];
  });

  // Reference: sampled opponent fields for a pool of 100, against the exact distribution per tournament.
  const ctx100 = contexts[POOL_SIZES.indexOf(100)];
  const refTournaments = smoke ? 200 : 1000;
  const sampledFieldUsPerTournament = sampledFieldCost(ctx100, sample100!, 100, refTournaments);
  const exact0 = process.cpuUsage();
  buildSample(ctx100, kernel, 'bench-exact', 4096);
  const exactUsPerTournament = process.cpuUsage(exact0).user / 4096;

  const brute = bruteForce(smoke ? 5 : 20);

  // Importance from 1M stored simulations (rows simulated first, not timed).
  const importanceSims = smoke ? 262_144 : 1_048_576;
  const T = bracket.teamCount;
  const stored = new Uint8Array(importanceSims * T);
  const counts = new Int32Array(bracket.gameCount * T);
  for (let b = 0; b < blockCount(importanceSims); b++)
    simulateFixed(kernel, blockState(SEED, b), simsInBlock(importanceSims, b), counts, stored.subarray(b * BLOCK_SIZE * T));
  const i0 = performance.now();
  const ic0 = process.cpuUsage();
  const tally = new TitleImportanceTally(gameWalk(bracket));
  tally.add(stored, importanceSims);
  titleImportanceTable(tally);
  const importanceMs = performance.now() - i0;
  const importanceCpuMs = process.cpuUsage(ic0).user / 1000;

  const r: PoolBenchResult = {
    searchSims,
    holdoutSims,
    sizes,
    holdoutMs,
    holdoutCpuMs,
    sampledFieldUsPerTournament,
    exactUsPerTournament,
    bruteCases: smoke ? 5 : 20,
    bruteMatches: brute.matches,
    bruteWorstGap: brute.worst,
    importanceSims,
    importanceGames: Array.from(bracket.forced).filter((f) => f < 0).length,
    importanceMs,
    importanceCpuMs,
    markdown: '',
  };
  r.markdown = poolMarkdown(r);
  return r;
}

export function poolMarkdown(r: Omit<PoolBenchResult, 'markdown'>): string {
  const pct = (x: { value: number; se: number }) => `${(100 * x.value).toFixed(2)}% ± ${(100 * x.se).toFixed(2)}`;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `2016 field (FiveThirtyEight ratings, First Four decided), ESPN 2016 pick shares, ESPN scoring 10-20-40-80-160-320, one payout. Search on ${r.searchSims.toLocaleString('en-US')} tournaments (seed ${SEED}); hold-out on ${r.holdoutSims.toLocaleString('en-US')} other tournaments (its own stream), chalk and the chosen entry priced on the same ones. Opponents are integrated out exactly per tournament, so the errors are the tournaments' alone.`,
    '',
    '| other entries | naive 1/(N+1) | chalk wins (hold-out) | optimised wins (hold-out) | ratio (paired) | champion swap only: ratio | champion: chalk → optimised | expected score chalk / optimised | in-sample ratio | optimisation, 1 thread: wall (sample + search), CPU |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.sizes.map(
      (x) =>
        `| ${x.poolSize.toLocaleString('en-US')} | ${(100 / (x.poolSize + 1)).toFixed(2)}% | ${pct(x.chalk)} | ${pct(x.optimized)} | **${x.ratio.value.toFixed(3)} ± ${x.ratio.se.toFixed(3)}** | ${x.swapChampion}: ${x.swapRatio.value.toFixed(3)} ± ${x.swapRatio.se.toFixed(3)} | ${x.chalkChampion} → ${x.champion}${x.chosen === 'optimized' ? '' : ` (${x.chosen})`} | ${x.chalkExpectedScore.toFixed(0)} / ${x.expectedScore.toFixed(0)} | ${x.inSampleRatio.toFixed(3)} | ${s(x.sampleMs + x.searchMs)} (${s(x.sampleMs)} + ${s(x.searchMs)}), CPU ${s(x.cpuMs)} |`,
    ),
    '',
    '| pool engine | value |',
    '| --- | --- |',
    `| hold-out, ${r.holdoutSims.toLocaleString('en-US')} tournaments, all four pool sizes in one pass | ${s(r.holdoutMs)} (CPU ${s(r.holdoutCpuMs)}) |`,
    `| exact opponent distribution + prize table (every score, any pool size), CPU per tournament, simulation included | ${r.exactUsPerTournament.toFixed(0)} µs |`,
    `| reference: one entry against one sampled field of 100 opponents (draw and score each), CPU per tournament | ${r.sampledFieldUsPerTournament.toFixed(0)} µs |`,
    `| expected two-thread time of the optimisation (block work split over 2 workers, ~1.8x), from the slowest size's CPU time | ${s(Math.max(...r.sizes.map((x) => x.cpuMs)) / 1.8)} |`,
    `| search vs brute force, ${r.bruteCases} small brackets (8 teams, all 128 brackets, exact outcomes) | ${r.bruteMatches}/${r.bruteCases} optimal, worst gap ${(100 * r.bruteWorstGap).toFixed(3)}% |`,
    `| importance of all ${r.importanceGames} undecided games for every team's title, ${r.importanceSims.toLocaleString('en-US')} stored simulations (target < 1 s) | ${s(r.importanceMs)} (CPU ${s(r.importanceCpuMs)}) |`,
  ];
  return lines.join('\n') + '\n';
}
