// The tournaments every candidate entry is priced on (common random numbers), block by block: each
// tournament's main wins per team, and its prize table prize[u] = our expected prize if we score u
// (grid units) against the pool's opponents in that tournament. With model opponents the table
// integrates the opponents out exactly (opponent-score.ts and payouts.ts), so a pool of 1,000 costs
// what a pool of 10 does; with explicit opponents it counts their scores.
//
// Blocks follow the stream scheme (BLOCK_SIZE tournaments from blockState(seed, b)); a block's data
// depends on that block's rows alone, so blocks can be built on any thread and joined in block order.
import { mainWinsFromRow } from './pool-bracket.js';
import { OpponentScoreDp } from './opponent-score.js';
import { finitePayTable, prizeTable, prizeTableFromCounts, PrizeScratch } from './payouts.js';
import type { PoolContext } from './pool-context.js';
import { entryUnits } from './scoring.js';

export interface PoolBlock {
  count: number;
  /** outcomes[s * size + i]: main wins of team i in tournament s. */
  outcomes: Uint8Array;
  /** prize[s * bins + u]. */
  prize: Float64Array;
}

export interface PoolSample {
  count: number;
  size: number;
  bins: number;
  /** First tournament of each block, and count at the end (length blocks + 1). */
  blockStart: Int32Array;
  outcomes: Uint8Array;
  prize: Float64Array;
  /** Probability of each tournament (exact enumeration), or null for 1/count each. */
  weights: Float64Array | null;
}

/** Builds blocks from kernel rows; holds the scratch space of one thread. */
export class PoolBlockBuilder {
  private readonly dp: OpponentScoreDp | null;
  private readonly pmf: Float64Array;
  private readonly scratch: PrizeScratch;
  private readonly counts: Int32Array;
  private readonly tab: Float64Array | null;

  constructor(private readonly ctx: PoolContext) {
    this.dp = ctx.model ? new OpponentScoreDp(ctx.pb, ctx.grid, ctx.model) : null;
    this.pmf = new Float64Array(ctx.grid.bins);
    this.scratch = new PrizeScratch(ctx.pay.length, ctx.grid.bins);
    this.counts = new Int32Array(ctx.grid.bins);
    this.tab = ctx.explicit ? finitePayTable(ctx.pay, ctx.opponents) : null;
  }

  /** From `count` kernel rows (T bytes each: games won per field team). */
  fromRows(rows: Uint8Array, count: number): PoolBlock {
    const { pb } = this.ctx;
    const S = pb.size;
    const T = pb.bracket.teamCount;
    const outcomes = new Uint8Array(count * S);
    for (let s = 0; s < count; s++) mainWinsFromRow(pb, rows, s * T, outcomes, s * S);
    return this.fromOutcomes(outcomes, count);
  }

  /** From main wins per team (count rows of size bytes). */
  fromOutcomes(outcomes: Uint8Array, count: number): PoolBlock {
    const bins = this.ctx.grid.bins;
    const prize = new Float64Array(count * bins);
    for (let s = 0; s < count; s++) this.prizeOf(outcomes, s, prize, s * bins);
    return { count, outcomes, prize };
  }

  /** The prize table of tournament s of `outcomes` into out[offset ..]. */
  prizeOf(outcomes: Uint8Array, s: number, out: Float64Array, offset: number): void {
    const { pb, grid, pay, opponents } = this.ctx;
    const S = pb.size;
    if (this.dp !== null) {
      this.dp.pmf(outcomes, s * S, this.pmf);
      prizeTable(this.pmf, grid.bins, opponents, pay, out, offset, this.scratch);
      return;
    }
    this.counts.fill(0);
    for (const e of this.ctx.explicit!) this.counts[entryUnits(grid, e, outcomes, s * S)]++;
    prizeTableFromCounts(this.counts, grid.bins, opponents, this.tab!, out, offset);
  }

  /** One opponent's score distribution in tournament s (model opponents only). */
  opponentPmf(outcomes: Uint8Array, s: number): Float64Array {
    if (this.dp === null) throw new Error('explicit opponents have no score distribution');
    this.dp.pmf(outcomes, s * this.ctx.pb.size, this.pmf);
    return this.pmf;
  }
}

/** Joins blocks, in block order, into one sample. */
export function joinBlocks(ctx: PoolContext, blocks: readonly PoolBlock[], weights: Float64Array | null = null): PoolSample {
  const S = ctx.pb.size;
  const bins = ctx.grid.bins;
  const count = blocks.reduce((a, b) => a + b.count, 0);
  const outcomes = new Uint8Array(count * S);
  const prize = new Float64Array(count * bins);
  const blockStart = new Int32Array(blocks.length + 1);
  let at = 0;
  blocks.forEach((b, k) => {
    blockStart[k] = at;
    outcomes.set(b.outcomes, at * S);
    prize.set(b.prize, at * bins);
    at += b.count;
  });
  blockStart[blocks.length] = at;
  return { count, size: S, bins, blockStart, outcomes, prize, weights };
}
