// Everything a pool computation reads, built once: the pool's bracket, the points grid, payouts, who the
// opponents are (a model with a pool size, or explicit brackets) and the exact game-win probabilities
// of the tournament model (for chalk, for pruning hopeless picks and for choosing restarts).
import { SimcastError } from '../../core/errors.js';
import type { Bracket } from '../tournament/bracket.js';
import { exactGameWins } from '../tournament/exact.js';
import type { WinProbabilityModel } from '../tournament/win-probability.js';
import { picksToWins } from './entry.js';
import { opponentModel, type OpponentModel, type OpponentModelSpec } from './opponents.js';
import { validatePayouts } from './payouts.js';
import type { PickShares } from './pick-shares.js';
import { poolBracket, type PoolBracket } from './pool-bracket.js';
import { defaultScoring, pointsGrid, DEFAULT_MAX_BINS, type PointsGrid, type PoolScoring } from './scoring.js';

export type OpponentsSpec = OpponentModelSpec | { kind: 'explicit'; entries: Int32Array[] };

export interface PoolSetup {
  /** Other entries in the pool (ours not counted), for model opponents; explicit brackets count themselves. */
  poolSize?: number;
  scoring?: PoolScoring;
  /** Payout by place (default [1]: winner takes all). */
  payouts?: number[];
  opponents?: OpponentsSpec;
  /** Upper limit of the score grid (scoring.ts). */
  maxBins?: number;
  /** Teams our entry must pick to win exactly this many games (main team index → wins). */
  locks?: Map<number, number>;
}

export interface PoolContext {
  pb: PoolBracket;
  scoring: PoolScoring;
  grid: PointsGrid;
  pay: Float64Array;
  /** Number of opponents. */
  opponents: number;
  model: OpponentModel | null;
  /** Explicit opponents' brackets as wins per main team. */
  explicit: Uint8Array[] | null;
  /** gameWin[j * size + i]: P(main team i wins pool game j) under the tournament model (fixed ratings). */
  gameWin: Float64Array;
  locks: Map<number, number>;
}

export function poolContext(bracket: Bracket | PoolBracket, shares: PickShares | null, winModel: WinProbabilityModel, setup: PoolSetup = {}): PoolContext {
  const pb = 'pathLength' in bracket ? bracket : poolBracket(bracket);
  const scoring = setup.scoring ?? defaultScoring(pb.rounds);
  const grid = pointsGrid(scoring, pb, setup.maxBins ?? DEFAULT_MAX_BINS);
  const spec = setup.opponents ?? { kind: 'public' };
  let model: OpponentModel | null = null;
  let explicit: Uint8Array[] | null = null;
  let opponents: number;
  if (spec.kind === 'explicit') {
    if (spec.entries.length === 0) throw new SimcastError('POOL_INVALID', 'explicit opponents: give at least one bracket');
    explicit = spec.entries.map((p) => picksToWins(pb, p));
    opponents = explicit.length;
  } else {
    if (shares === null) throw new SimcastError('POOL_INVALID', 'model opponents need the pick shares');
    model = opponentModel(pb, shares, spec);
    const n = setup.poolSize;
    if (!(Number.isSafeInteger(n) && n! >= 1)) throw new SimcastError('POOL_INVALID', `the pool size (other entries) must be a positive integer (got ${n})`);
    opponents = n!;
  }
  const pay = validatePayouts(setup.payouts ?? [1], opponents + 1);
  const T = pb.bracket.teamCount;
  const wins = exactGameWins(pb.bracket, winModel);
  const gameWin = new Float64Array(pb.gameCount * pb.size);
  for (let j = 0; j < pb.gameCount; j++) {
    for (let i = pb.lo[j]; i < pb.hi[j]; i++) gameWin[j * pb.size + i] = wins[pb.game[j] * T + pb.team[i]];
  }
  const locks = setup.locks ?? new Map<number, number>();
  for (const [i, k] of locks) {
    if (!(Number.isInteger(k) && k >= 0 && k <= pb.pathLength[i])) {
      throw new SimcastError('POOL_INVALID', `lock '${pb.names[i]}:${k}': it can win 0..${pb.pathLength[i]} games`);
    }
  }
  return { pb, scoring, grid, pay, opponents, model, explicit, gameWin, locks };
}

/** "Kansas:6,Duke:2" → main team index → wins, with the field's names. */
export function parseLocks(pb: PoolBracket, text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(.*):(\d+)$/.exec(part);
    if (!m) throw new SimcastError('POOL_INVALID', `a lock is TEAM:WINS (got '${part}')`);
    const i = pb.names.indexOf(m[1].trim());
    if (i < 0) throw new SimcastError('TEAM_UNKNOWN', `lock names '${m[1].trim()}', which is not a team of the bracket after the play-ins`);
    out.set(i, Number(m[2]));
  }
  return out;
}
