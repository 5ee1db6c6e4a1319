// One call for a whole tournament run, exact or Monte Carlo: what the CLI and the HTTP API both use.
import { OptionError } from '../../core/errors.js';
import { STREAM_SCHEME } from '../../engine/random/stream-scheme.js';
import { parseSeed, type Seed } from '../../core/seed.js';
import { parseFieldObject } from '../../engine/field/read-json.js';
import type { FieldSpec } from '../../engine/field/types.js';
import { compileBracket, type Bracket } from '../../engine/tournament/bracket.js';
import { exactGameWins } from '../../engine/tournament/exact.js';
import { buildReport, type TournamentReport } from '../../engine/tournament/report.js';
import { checkFieldSize, checkSyncSimulation } from '../limits.js';
import { MODEL_NAMES, verifyWinModel, winModelByName } from '../../engine/tournament/win-probability.js';
import { runTournamentPool, type TournamentRunOptions } from '../../workers/tournament-run.js';
import type { WinModelRef } from '../../workers/tournament-task.js';

interface SimulateOptions {
  exact?: boolean;
  sims?: number;
  seed?: Seed;
  threads?: number;
  model?: WinModelRef;
  hotK?: number | null;
  signal?: AbortSignal;
  onProgress?: TournamentRunOptions['onProgress'];
  onChunk?: TournamentRunOptions['onChunk'];
  withRows?: boolean;
}

export const DEFAULT_SIMS = 100_000;

export async function simulateTournament(b: Bracket, o: SimulateOptions = {}): Promise<TournamentReport> {
  const modelRef = o.model ?? { name: '538' };
  const model = winModelByName(modelRef.name, modelRef.sigma);
  verifyWinModel(model, b.ratings);
  const hot = o.hotK ?? null;
  if (o.exact) {
    if (hot !== null && hot !== 0) throw new OptionError('options.hot cannot be used with options.exact: hot ratings have no exact answer');
    const started = performance.now();
    const wins = exactGameWins(b, model);
    return buildReport(b, wins, 1, {
      mode: 'exact',
      model: model.name,
      hot: null,
      sims: null,
      seed: null,
      threads: null,
      elapsedMs: performance.now() - started,
      simsPerSecond: null,
      streamScheme: null,
    });
  }
  const sims = o.sims ?? DEFAULT_SIMS;
  const seed = parseSeed(o.seed ?? 1);
  const run = await runTournamentPool(b, {
    sims,
    seed,
    threads: o.threads,
    model: modelRef,
    hotK: hot,
    signal: o.signal,
    onProgress: o.onProgress,
    onChunk: o.onChunk,
    withRows: o.withRows,
  });
  return buildReport(b, run.wins, run.sims, {
    mode: 'montecarlo',
    model: model.name,
    hot,
    sims: run.sims,
    seed,
    threads: run.threads,
    elapsedMs: run.elapsedMs,
    simsPerSecond: run.elapsedMs > 0 ? (run.sims / run.elapsedMs) * 1000 : null,
    streamScheme: STREAM_SCHEME,
  });
}

export { MODEL_NAMES };

/** The bracket of a field: checks that it can be played (sizes, slots, results) before anything runs. */
export function tournamentBracket(field: FieldSpec, where = 'field'): Bracket {
  checkFieldSize(field, where);
  return compileBracket(field);
}

/** A field given as JSON (an HTTP body), simulated: sims x teams capped, as for every synchronous request. */
export function simulateFieldObject(raw: unknown, source: string, o: SimulateOptions = {}): Promise<TournamentReport> {
  const field = parseFieldObject(raw, source);
  checkFieldSize(field, source);
  if (!o.exact) checkSyncSimulation(o.sims ?? DEFAULT_SIMS, field.teams.length, source.replace(/\.field$/, '.sims'));
  return simulateTournament(compileBracket(field), o);
}

/**
 * Roughly how long a Monte Carlo run takes here: the kernel does about 1.2e8 team-simulations a second
 * per thread (bench/RESULTS.md: 1.78M simulations/s of the 68-team field with the JavaScript kernel; the
 * WebAssembly kernel is faster), so this errs long. For a user deciding whether to start it.
 */
export function estimateRunSeconds(sims: number, teams: number, threads: number): number {
  return (sims * teams) / (1.2e8 * Math.max(1, threads));
}
