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
import { withTravel, type TravelSpec } from '../../engine/tournament/travel.js';
import { parseTravelObject } from '../../engine/field/read-travel.js';
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
  /** Game sites and team locations: every game's ratings adjusted for travel (engine/tournament/travel.ts). */
  travel?: TravelSpec;
}

export const DEFAULT_SIMS = 100_000;

export async function simulateTournament(field: Bracket, o: SimulateOptions = {}): Promise<TournamentReport> {
  const modelRef = o.model ?? { name: '538' };
  const model = winModelByName(modelRef.name, modelRef.sigma);
  verifyWinModel(model, field.ratings);
  const b = o.travel === undefined ? field : withTravel(field, o.travel, modelRef.name);
  const travel = b.travelK === undefined ? {} : { travelK: b.travelK };
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
      ...travel,
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
    ...travel,
  });
}

export { MODEL_NAMES };

/** The bracket with travel adjustments (checks the sites and locations against the field). */
export function bracketWithTravel(b: Bracket, travel: TravelSpec, modelName: string): Bracket {
  return withTravel(b, travel, modelName);
}

/** The bracket of a field: checks that it can be played (sizes, slots, results) before anything runs. */
export function tournamentBracket(field: FieldSpec, where = 'field'): Bracket {
  checkFieldSize(field, where);
  return compileBracket(field);
}

/**
 * A field given as JSON (an HTTP body), simulated: sims x teams capped, as for every synchronous request.
 * `travel`, when given, is the body's travel object ({ sites, locations, k? }, read at `travelSource`).
 */
export function simulateFieldObject(
  raw: unknown,
  source: string,
  o: Omit<SimulateOptions, 'travel'> & { travel?: unknown; travelSource?: string } = {},
): Promise<TournamentReport> {
  const { travel: rawTravel, travelSource, ...rest } = o;
  const travel = rawTravel === undefined ? undefined : parseTravelObject(rawTravel, travelSource ?? 'travel');
  const field = parseFieldObject(raw, source);
  checkFieldSize(field, source);
  if (!o.exact) checkSyncSimulation(o.sims ?? DEFAULT_SIMS, field.teams.length, source.replace(/\.field$/, '.sims'));
  return simulateTournament(compileBracket(field), { ...rest, ...(travel ? { travel } : {}) });
}

/**
 * Roughly how long a Monte Carlo run takes here: the kernel does about 1.2e8 team-simulations a second
 * per thread (bench/RESULTS.md: 1.78M simulations/s of the 68-team field with the JavaScript kernel; the
 * WebAssembly kernel is faster), so this errs long. For a user deciding whether to start it.
 */
export function estimateRunSeconds(sims: number, teams: number, threads: number): number {
  return (sims * teams) / (1.2e8 * Math.max(1, threads));
}
