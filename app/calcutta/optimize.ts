// A whole Calcutta optimisation: tournaments simulated on the worker pool (or enumerated exactly for
// small fields), then the engine's problem, optimiser and report. What the CLI prints and the Calcutta
// job kind stores.
import { CancelledError, OptionError } from '../../core/errors.js';
import { parseSeed, type Seed } from '../../core/seed.js';
import { buildProblem, buildReport, DEFAULT_CALCUTTA_SIMS, type CalcuttaReport } from '../../engine/calcutta/report.js';
import { optimizeBids, type OptimizeOptions, type OptimizeProgress } from '../../engine/calcutta/optimize.js';
import type { OutcomeSink } from '../../engine/calcutta/outcomes.js';
import { enumerateOutcomes, SampleBuilder, type TournamentSample } from '../../engine/calcutta/sample.js';
import type { CalcuttaSpec } from '../../engine/calcutta/types.js';
import { compileBracket, type Bracket } from '../../engine/tournament/bracket.js';
import { verifyWinModel, winModelByName } from '../../engine/tournament/win-probability.js';
import { runTournamentPool } from '../../workers/tournament-run.js';

export { DEFAULT_CALCUTTA_SIMS };

interface CalcuttaRunOptions {
  sims?: number;
  seed?: Seed;
  threads?: number;
  /** Enumerate every outcome instead of simulating (small fields only). */
  exact?: boolean;
  optimize?: OptimizeOptions;
  /** Per-tournament entry outcomes, chunk by chunk (memory-bounded). */
  onOutcomes?: OutcomeSink;
  onProgress?: (done: number, planned: number) => void;
  /** After the simulations: the optimiser's phase and moves, then the report's tournaments scored. */
  onPhase?: (at: CalcuttaPhase) => void;
  signal?: AbortSignal;
}

export type CalcuttaPhase = { stage: 'preparing' } | { stage: 'optimising'; search: OptimizeProgress } | { stage: 'report'; done: number; total: number };

/** How long the optimiser and the report hold the event loop before they let signals and I/O through. */
const SLICE_MS = 50;

/** Lets the event loop run (Ctrl-C, a server's other requests), then stops with CANCELLED if the signal is aborted. */
function yieldToLoop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    setImmediate(() => (signal?.aborted ? reject(new CancelledError('interrupted: nothing was stored')) : resolve())),
  );
}

/** The pause the engine calls between steps: every SLICE_MS it reports where it is and yields to the loop. */
function cooperative<T>(signal: AbortSignal | undefined, report: ((at: T) => void) | undefined): (at: T) => Promise<void> | void {
  let last = performance.now();
  return (at: T) => {
    if (performance.now() - last < SLICE_MS) return;
    report?.(at);
    return yieldToLoop(signal).then(() => {
      last = performance.now();
    });
  };
}

/** The tournaments every candidate is priced on: simulated on the pool, or every outcome with its probability. */
async function simulateSample(b: Bracket, spec: CalcuttaSpec, o: CalcuttaRunOptions): Promise<TournamentSample> {
  const model = winModelByName(spec.model.name, spec.model.sigma);
  verifyWinModel(model, b.ratings);
  if (o.exact) return enumerateOutcomes(b, model);
  const sims = o.sims ?? DEFAULT_CALCUTTA_SIMS;
  const builder = new SampleBuilder(b.teamCount, sims);
  await runTournamentPool(b, {
    sims,
    seed: parseSeed(o.seed ?? 1),
    threads: o.threads,
    model: spec.model,
    withRows: true,
    signal: o.signal,
    onProgress: o.onProgress,
    onChunk: (c) => builder.addRows(c.simStart, c.simCount, c.rows!),
  });
  return builder.finish();
}

export async function runCalcutta(spec: CalcuttaSpec, o: CalcuttaRunOptions = {}): Promise<CalcuttaReport> {
  const t0 = performance.now();
  if (o.sims !== undefined && !(Number.isSafeInteger(o.sims) && o.sims >= 1)) throw new OptionError(`options.sims must be a positive integer (got ${o.sims})`);
  const seed = parseSeed(o.seed ?? 1);
  const bracket = compileBracket(spec.field);
  const sample = await simulateSample(bracket, spec, { ...o, seed });
  const t1 = performance.now();
  const preparing = cooperative(o.signal, o.onPhase && (() => o.onPhase!({ stage: 'preparing' })));
  const problem = await buildProblem(spec, sample, seed, () => preparing(undefined));
  await yieldToLoop(o.signal);
  const opt = await optimizeBids(problem.evaluator, spec.constraints, {
    ...o.optimize,
    pause: cooperative(o.signal, o.onPhase && ((at: OptimizeProgress) => o.onPhase!({ stage: 'optimising', search: at }))),
  });
  const t2 = performance.now();
  const reportPause = cooperative(o.signal, o.onPhase && ((at: { done: number; total: number }) => o.onPhase!({ stage: 'report', ...at })));
  const report = await buildReport(problem, opt, {
    seed: o.exact ? null : seed,
    threads: o.exact ? null : (o.threads ?? null),
    onOutcomes: o.onOutcomes,
    pause: (done, total) => reportPause({ done, total }),
  });
  const t3 = performance.now();
  report.timings = { simulateMs: t1 - t0, optimizeMs: t2 - t1, reportMs: t3 - t2, totalMs: t3 - t0 };
  return report;
}
