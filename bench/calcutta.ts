// Calcutta optimisation benchmark: the 68-team 2016 field, 30 other entries, 100,000 simulated
// tournaments (on the worker pool), our bids chosen by greedy + local search; target under 10 s on the
// 2-core machine. Also the gap to brute-force enumeration of the bid grid on small cases, on the same
// tournaments (common random numbers): 0 means the optimiser found the grid's best portfolio.
import { projectFile } from '../core/paths.js';
import type { FieldSpec } from '../engine/field/types.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { fiveThirtyEight, winModelByName } from '../engine/tournament/win-probability.js';
import { loadCalcutta } from '../app/inputs/calcutta-file.js';
import { bruteForceBids, optimizeBids } from '../engine/calcutta/optimize.js';
import { buildProblem } from '../engine/calcutta/report.js';
import { runCalcutta } from '../app/calcutta/optimize.js';
import { enumerateOutcomes, sampleTournaments, type TournamentSample } from '../engine/calcutta/sample.js';
import type { CalcuttaSpec, EntrySpec } from '../engine/calcutta/types.js';
import { closePool } from '../workers/pool.js';

export interface CalcuttaBenchResult {
  teams: number;
  entries: number;
  sims: number;
  threads: number;
  simulateMs: number;
  optimizeMs: number;
  reportMs: number;
  totalMs: number;
  evaluations: number;
  spend: number;
  expectedNet: number;
  /** Small cases: relative gap (brute - ours) / |brute| (0 = optimal on the grid), worst and mean. */
  bruteCases: number;
  bruteWorstGap: number;
  bruteMeanGap: number;
  bruteExactMatches: number;
  markdown: string;
}

export const EXAMPLE_CALCUTTA = projectFile('examples', 'calcutta-2016.json');

/** Deterministic numbers for generating the small cases. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function kernelSample(field: FieldSpec, sims: number, seed: number): TournamentSample {
  return sampleTournaments(compileBracket(field), winModelByName('538'), sims, seed);
}

/** A random small Calcutta: 8 teams, 3-5 other entries, a bid grid of a few levels. */
export function smallCalcutta(seed: number): CalcuttaSpec {
  const rnd = lcg(seed);
  const names = Array.from({ length: 8 }, (_, i) => `T${i}`);
  const field: FieldSpec = {
    name: `small-${seed}`,
    teams: names.map((name) => ({ name, rating: 75 + rnd() * 20 })),
    slots: names.map((team) => ({ kind: 'team', team })),
    results: [],
  };
  const n = 3 + Math.floor(rnd() * 3);
  const entries: EntrySpec[] = Array.from({ length: n }, (_, e) => ({
    name: `E${e}`,
    bids: Object.fromEntries(names.filter(() => rnd() < 0.6).map((t) => [t, Math.round(1 + rnd() * 8)])),
  }));
  const budget = 4 + Math.floor(rnd() * 5);
  return {
    name: field.name!,
    field,
    model: { name: '538' },
    scoring: { kind: 'perWin', perWin: [1, 2, 4], playInWin: 0 },
    payouts: n >= 4 ? [0.6, 0.3, 0.1] : [0.7, 0.3],
    entryName: 'us',
    entries,
    market: null,
    constraints: { budget, minBid: 1 + Math.floor(rnd() * 2), maxBid: 2 + Math.floor(rnd() * 4), increment: 1, maxTeams: 2 + Math.floor(rnd() * 3) },
  };
}

/** Gap of the optimiser to brute force on `cases` small Calcuttas (exact outcomes and simulated ones). */
export async function bruteForceGap(cases: number): Promise<{ worst: number; mean: number; matches: number }> {
  let worst = 0;
  let sum = 0;
  let matches = 0;
  for (let i = 0; i < cases; i++) {
    const spec = smallCalcutta(1000 + i);
    const sample = i % 2 === 0 ? enumerateOutcomes(compileBracket(spec.field), fiveThirtyEight) : kernelSample(spec.field, 4000, i);
    const ev = (await buildProblem(spec, sample)).evaluator;
    const opt = await optimizeBids(ev, spec.constraints);
    const brute = bruteForceBids(ev, spec.constraints);
    const gap = Math.max(0, brute.expectedNet - opt.expectedNet) / Math.max(1e-9, Math.abs(brute.expectedNet));
    if (gap < 1e-9) matches++;
    worst = Math.max(worst, gap);
    sum += gap;
  }
  return { worst, mean: sum / cases, matches };
}

export async function benchCalcutta(opts: { smoke?: boolean; threads?: number } = {}): Promise<CalcuttaBenchResult> {
  const sims = opts.smoke ? 20_000 : 100_000;
  const spec = await loadCalcutta(EXAMPLE_CALCUTTA);
  const threads = opts.threads ?? 2;
  try {
    const report = await runCalcutta(spec, { sims, seed: 2016, threads });
    const brute = await bruteForceGap(opts.smoke ? 6 : 20);
    const r = {
      teams: spec.field.teams.length,
      entries: report.entries.length - 1,
      sims,
      threads,
      simulateMs: report.timings.simulateMs,
      optimizeMs: report.timings.optimizeMs,
      reportMs: report.timings.reportMs,
      totalMs: report.timings.totalMs,
      evaluations: report.optimizer.evaluations,
      spend: report.spend,
      expectedNet: report.expectedNet,
      bruteCases: opts.smoke ? 6 : 20,
      bruteWorstGap: brute.worst,
      bruteMeanGap: brute.mean,
      bruteExactMatches: brute.matches,
      markdown: '',
    };
    r.markdown = calcuttaMarkdown(r);
    return r;
  } finally {
    await closePool();
  }
}

export function calcuttaMarkdown(r: Omit<CalcuttaBenchResult, 'markdown'>): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return (
    [
      '| Calcutta optimisation | value |',
      '| --- | --- |',
      `| field, other entries, simulated tournaments | ${r.teams} teams, ${r.entries} entries, ${r.sims.toLocaleString('en-US')} sims, ${r.threads} threads |`,
      `| simulate (worker pool, rows) | ${s(r.simulateMs)} |`,
      `| optimise (greedy + local search, ${r.evaluations.toLocaleString('en-US')} candidate evaluations) | ${s(r.optimizeMs)} |`,
      `| entry outcomes and reports | ${s(r.reportMs)} |`,
      `| **total** (target < 10 s) | **${s(r.totalMs)}** |`,
      `| recommended spend, expected net | ${r.spend.toFixed(0)}, ${r.expectedNet.toFixed(2)} |`,
      `| gap to brute force, ${r.bruteCases} small cases (worst / mean) | ${(100 * r.bruteWorstGap).toFixed(3)}% / ${(100 * r.bruteMeanGap).toFixed(3)}% (${r.bruteExactMatches}/${r.bruteCases} exactly optimal) |`,
    ].join('\n') + '\n'
  );
}
