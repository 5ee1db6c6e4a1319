// A pool's inputs turned into the engine's context (docs/pools.md "Engine API"), and the simulated
// tournaments every use case prices entries on, block by block in stream order on this thread: a
// block's tournaments depend only on the seed and the block, so results are the same on any machine.
// The loop yields between blocks so Ctrl-C and cancellation are seen at once.
import { CancelledError, SimcastError } from '../../core/errors.js';
import type { Seed } from '../../core/seed.js';
import { resolvePickShares } from '../../engine/pool/pick-shares.js';
import { poolBracket } from '../../engine/pool/pool-bracket.js';
import { poolContext, type OpponentsSpec, type PoolContext } from '../../engine/pool/pool-context.js';
import { entryFromRecord } from '../../engine/pool/entry.js';
import { gameSides, type GameImportance } from '../../engine/pool/importance.js';
import { BLOCK_SIZE, blockCount } from '../../engine/random/stream-scheme.js';
import { compileBracket } from '../../engine/tournament/bracket.js';
import { verifyWinModel, winModelByName, type WinProbabilityModel } from '../../engine/tournament/win-probability.js';
import type { HoldoutTarget } from '../../engine/pool/holdout.js';
import type { PoolImportanceRecord } from '../../store/pools.js';
import runPoolTask from '../../workers/pool-worker.js';
import { runPoolBlocks } from '../../workers/pool-run.js';
import type { PoolTaskResult } from '../../workers/pool-task.js';
import { checkFieldSize } from '../limits.js';
import type { PoolInputs } from './document.js';

export interface PoolSetup {
  ctx: PoolContext;
  winModel: WinProbabilityModel;
  /** The tournament model by name (what a worker rebuilds it from). */
  model: { name: string; sigma?: number };
}

export function poolSetup(i: PoolInputs): PoolSetup {
  checkFieldSize(i.field, 'field');
  const bracket = compileBracket(i.field);
  const winModel = winModelByName(i.model.name, i.model.sigma);
  verifyWinModel(winModel, bracket.ratings);
  const pb = poolBracket(bracket);
  const shares = resolvePickShares(i.picks, pb, { aliases: i.aliases, aliasSource: i.aliasSource });
  const opponents: OpponentsSpec | undefined =
    i.opponents?.kind === 'explicit'
      ? { kind: 'explicit', entries: i.opponents.entries.map((e, k) => entryFromRecord(pb, e, `opponent entry ${k + 1}`)) }
      : i.opponents;
  const locks = new Map<number, number>();
  for (const [name, wins] of Object.entries(i.locks ?? {})) {
    const x = pb.names.indexOf(name);
    if (x < 0) throw new SimcastError('TEAM_UNKNOWN', `lock names '${name}', which is not a team of the bracket after the play-ins`);
    locks.set(x, wins);
  }
  const ctx = poolContext(pb, shares, winModel, {
    poolSize: opponents?.kind === 'explicit' ? undefined : i.poolSize,
    scoring: i.scoring,
    payouts: i.payouts,
    opponents,
    locks,
  });
  return { ctx, winModel, model: i.model };
}

export type PoolStage = 'search-sample' | 'search' | 'holdout' | 'evaluate';

export interface PoolProgress {
  signal?: AbortSignal;
  /** Worker threads (default 1: this thread). */
  threads?: number;
  /**
   * Nothing heavy on this thread, whatever `threads` says: blocks go to the worker pool (with
   * `threads` threads) and so do the search and importance (optimize; the importance of evaluate). A
   * server sets it so its event loop answers other requests meanwhile; the numbers are the same.
   */
  offThread?: boolean;
  /** Tournaments done of those planned, over every stage. */
  onProgress?: (done: number, planned: number, stage: PoolStage) => void;
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

export interface BlockWork {
  mode: 'sample' | 'holdout';
  targets?: HoldoutTarget[];
  scored?: Uint8Array[];
  withSample?: boolean;
}

/**
 * Every block of tournaments of `seed`, worked as `work` says, handed to `each` in block order: on this
 * thread (yielding between blocks) or, with more than one thread, on the worker pool; the same
 * numbers either way (the same block function, results in block order).
 */
export async function poolBlocks(
  s: PoolSetup,
  seed: Seed,
  sims: number,
  work: BlockWork,
  each: (r: PoolTaskResult) => void,
  p: PoolProgress & { stage: PoolStage; base: number; planned: number },
): Promise<void> {
  const done = (r: PoolTaskResult) => {
    each(r);
    p.onProgress?.(p.base + r.block * BLOCK_SIZE + r.count, p.planned, p.stage);
  };
  const threads = p.threads ?? 1;
  if (threads > 1 || p.offThread) {
    await runPoolBlocks({ ctx: s.ctx, model: s.model, seed, sims, ...work, threads, signal: p.signal, onResult: done });
    return;
  }
  const key = `local-${Math.random()}`;
  for (let b = 0, n = blockCount(sims); b < n; b++) {
    if (p.signal?.aborted) throw new CancelledError('cancelled');
    done(runPoolTask({ kind: 'pool', key, ctx: s.ctx, model: s.model, seed, sims, block: b, ...work }));
    await nextTurn();
  }
}

export const PERCENTILES = [1, 5, 10, 25, 50, 75, 90, 95, 99];

/** Nearest-rank percentiles of scores. */
export function percentiles(points: Int32Array): { p: number; score: number }[] {
  const sorted = Int32Array.from(points).sort();
  return PERCENTILES.map((p) => ({
    p,
    score: sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))],
  }));
}

/** Engine importance rows with the names of the teams on each side. */
export function importanceRecords(ctx: PoolContext, rows: readonly GameImportance[]): PoolImportanceRecord[] {
  const b = ctx.pb.bracket;
  const side = (names: string[]) => (names.length <= 2 ? names.join(' / ') : `${names[0]} .. ${names[names.length - 1]} (${names.length} teams)`);
  return rows
    .map((r) => {
      const { a, b: bb } = gameSides(b, r.game);
      return {
        game: r.game,
        round: r.round,
        sideA: side(a),
        sideB: side(bb),
        pA: r.pA,
        givenA: r.givenA,
        givenB: r.givenB,
        swing: r.swing,
        importance: r.importance,
      };
    })
    .sort((x, y) => (y.importance ?? -1) - (x.importance ?? -1) || x.game - y.game);
}

/** The champion an entry picks (its team with the most wins), for labels. */
export function championOf(ctx: PoolContext, wins: Uint8Array): string {
  let best = 0;
  for (let i = 1; i < wins.length; i++) if (wins[i] > wins[best]) best = i;
  return ctx.pb.names[best];
}
