// Simulated (or enumerated) tournaments as the Calcutta models read them: games won per team per
// tournament, team-major (one contiguous column of N bytes per team), with a weight per tournament
// (1/N for Monte Carlo, the outcome's probability for exact enumeration). Points are then a compressed
// sparse column matrix: for each team, the tournaments in which it scores, in order, with the points.
import { SimcastError } from '../../core/errors.js';
import type { Bracket } from '../tournament/bracket.js';
import type { Seed } from '../../core/seed.js';
import { BLOCK_SIZE, blockCount, blockState, simsInBlock } from '../random/stream-scheme.js';
import { kernelTables, prepareKernel, simulateFixed } from '../tournament/kernel.js';
import type { WinProbabilityModel } from '../tournament/win-probability.js';
import type { PointsTable } from './scoring.js';

export interface TournamentSample {
  teamCount: number;
  /** Number of tournaments (simulations or enumerated outcomes). */
  count: number;
  /** wins[t * count + s]: games team t won in tournament s. */
  wins: Uint8Array;
  /** weights[s], summing to 1. */
  weights: Float64Array;
  /** True when the weights are exact outcome probabilities (enumeration), not 1/N. */
  exact: boolean;
}

/** Collects sim-major rows (as the kernels and runTournamentPool deliver them) into a team-major sample. */
export class SampleBuilder {
  readonly wins: Uint8Array;
  constructor(
    readonly teamCount: number,
    readonly count: number,
  ) {
    this.wins = new Uint8Array(teamCount * count);
  }

  /** rows: simCount rows of T bytes, for tournaments simStart.. */
  addRows(simStart: number, simCount: number, rows: Uint8Array): void {
    const T = this.teamCount;
    const N = this.count;
    for (let t = 0; t < T; t++) {
      const col = t * N + simStart;
      for (let s = 0, i = t; s < simCount; s++, i += T) this.wins[col + s] = rows[i];
    }
  }

  finish(): TournamentSample {
    return { teamCount: this.teamCount, count: this.count, wins: this.wins, weights: new Float64Array(this.count).fill(1 / this.count), exact: false };
  }
}

const MAX_ENUMERATED_GAMES = 20;

/**
 * Every outcome of a small bracket with its probability (fixed ratings, the kernels' orientation:
 * the first input wins with model.prob(first, second)); decided games keep their winner.
 */
export function enumerateOutcomes(b: Bracket, model: WinProbabilityModel): TournamentSample {
  const T = b.teamCount;
  const G = b.gameCount;
  const free: number[] = [];
  for (let g = 0; g < G; g++) if (b.forced[g] < 0) free.push(g);
  if (free.length > MAX_ENUMERATED_GAMES) {
    throw new SimcastError('LIMIT_EXCEEDED', `exact enumeration is limited to ${MAX_ENUMERATED_GAMES} undecided games (this field has ${free.length})`);
  }
  const count = 2 ** free.length;
  const wins = new Uint8Array(T * count);
  const weights = new Float64Array(count);
  const node = new Int32Array(T + G);
  for (let mask = 0; mask < count; mask++) {
    for (let t = 0; t < T; t++) node[t] = t;
    let p = 1;
    for (let g = 0, bit = 0; g < G; g++) {
      const a = node[b.gameA[g]];
      const c = node[b.gameB[g]];
      let w: number;
      if (b.forced[g] >= 0) w = b.forced[g];
      else {
        const pa = model.prob(b.ratings[a], b.ratings[c]);
        const aWins = ((mask >> bit++) & 1) === 0;
        p *= aWins ? pa : 1 - pa;
        w = aWins ? a : c;
      }
      node[T + g] = w;
      wins[w * count + mask]++;
    }
    weights[mask] = p;
  }
  return { teamCount: T, count, wins, weights, exact: true };
}

/** Compressed sparse columns of the points matrix: per team, the tournaments where it scores. */
/**
 * The same sample the worker pool builds (app/calcutta/optimize.ts), on this thread, block by block:
 * for tests and benchmarks that want the engine without the pool.
 */
export function sampleTournaments(b: Bracket, model: WinProbabilityModel, sims: number, seed: Seed): TournamentSample {
  const p = prepareKernel(kernelTables(b, model));
  const builder = new SampleBuilder(b.teamCount, sims);
  const counts = new Int32Array(b.gameCount * b.teamCount);
  const rows = new Uint8Array(BLOCK_SIZE * b.teamCount);
  for (let k = 0; k < blockCount(sims); k++) {
    const n = simsInBlock(sims, k);
    simulateFixed(p, blockState(seed, k), n, counts, rows);
    builder.addRows(k * BLOCK_SIZE, n, rows);
  }
  return builder.finish();
}

export interface PointsColumns {
  /** Entries of team t are start[t] .. start[t + 1] - 1. */
  start: Int32Array;
  sim: Int32Array;
  points: Float64Array;
}

export function pointsColumns(sample: TournamentSample, table: PointsTable): PointsColumns {
  const T = sample.teamCount;
  const N = sample.count;
  const start = new Int32Array(T + 1);
  let nnz = 0;
  for (let t = 0; t < T; t++) {
    start[t] = nnz;
    const base = t * table.width;
    for (let s = 0, i = t * N; s < N; s++, i++) if (table.points[base + sample.wins[i]] !== 0) nnz++;
  }
  start[T] = nnz;
  const sim = new Int32Array(nnz);
  const points = new Float64Array(nnz);
  for (let t = 0, j = 0; t < T; t++) {
    const base = t * table.width;
    for (let s = 0, i = t * N; s < N; s++, i++) {
      const v = table.points[base + sample.wins[i]];
      if (v !== 0) {
        sim[j] = s;
        points[j++] = v;
      }
    }
  }
  return { start, sim, points };
}
