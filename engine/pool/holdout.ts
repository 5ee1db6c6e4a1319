// The hold-out check: chosen entries re-priced on tournaments the search never saw (their own seed), so
// the reported chance is not the maximum of noise. Each target compares candidates (portfolios of one or
// more entries) against a reference (chalk) on the same tournaments; several targets may share one
// opponent model with different pool sizes or payouts (the opponent's score distribution is computed
// once per tournament). Tallies are per block and add up in block order; standard errors come from the
// per-tournament values, and the ratio's from the paired values (delta method), which is where common
// random numbers pay.
import { SimcastError } from '../../core/errors.js';
import { OpponentScoreDp } from './opponent-score.js';
import { expectedPrize, finitePayTable, PrizeScratch, winShare } from './payouts.js';
import type { PoolContext } from './pool-context.js';
import { entryPoints, entryUnits } from './scoring.js';

export interface HoldoutTarget {
  /** Other entries in the pool (model opponents); ignored for explicit opponents. */
  opponents: number;
  pay: Float64Array;
  /** Portfolios to price; candidates[0] is the reference the others are compared with. */
  candidates: Uint8Array[][];
}

/** Per candidate: 7 sums, then the points of each of its entries. */
const SUMS = 7;

export interface HoldoutTally {
  count: number;
  /** sums[target][offset of candidate ..]: prize, prize^2, prize * ref prize, win, win^2, win * ref win, 1 (unused), entries' points. */
  sums: Float64Array[];
}

export class HoldoutRunner {
  private readonly dp: OpponentScoreDp | null;
  private readonly pmf: Float64Array;
  private readonly below: Float64Array;
  private readonly scratch: PrizeScratch[];
  private readonly layout: number[][];
  private readonly explicitUnits: Int32Array;
  private readonly tabs: Float64Array[];
  private readonly winTab: Float64Array | null;

  constructor(
    private readonly ctx: PoolContext,
    readonly targets: HoldoutTarget[],
  ) {
    if (ctx.explicit && targets.some((t) => t.opponents !== ctx.opponents)) {
      throw new SimcastError('POOL_INVALID', 'explicit opponents: the hold-out pool is those entries');
    }
    this.dp = ctx.model ? new OpponentScoreDp(ctx.pb, ctx.grid, ctx.model) : null;
    this.pmf = new Float64Array(ctx.grid.bins);
    this.below = new Float64Array(ctx.grid.bins + 1);
    this.scratch = targets.map((t) => new PrizeScratch(t.pay.length, ctx.grid.bins));
    this.layout = targets.map((t) => {
      const offs: number[] = [];
      let at = 0;
      for (const c of t.candidates) {
        offs.push(at);
        at += SUMS + c.length;
      }
      offs.push(at);
      return offs;
    });
    this.explicitUnits = new Int32Array(ctx.explicit?.length ?? 0);
    this.tabs = ctx.explicit ? targets.map((t) => finitePayTable(t.pay, ctx.opponents)) : [];
    this.winTab = ctx.explicit ? finitePayTable(Float64Array.of(1), ctx.opponents) : null;
  }

  /** Tallies one block: outcomes[s * size + i] = main wins, `count` tournaments. */
  block(outcomes: Uint8Array, count: number): HoldoutTally {
    const { pb, grid } = this.ctx;
    const S = pb.size;
    const sums = this.targets.map((_, k) => new Float64Array(this.layout[k][this.layout[k].length - 1]));
    const explicit = this.ctx.explicit;
    for (let s = 0; s < count; s++) {
      const off = s * S;
      if (this.dp !== null) {
        this.dp.pmf(outcomes, off, this.pmf);
        this.below[0] = 0;
        for (let u = 0; u < grid.bins; u++) this.below[u + 1] = this.below[u] + this.pmf[u];
      } else {
        for (let e = 0; e < explicit!.length; e++) this.explicitUnits[e] = entryUnits(grid, explicit![e], outcomes, off);
      }
      this.targets.forEach((t, k) => {
        const acc = sums[k];
        let refPrize = 0;
        let refWin = 0;
        t.candidates.forEach((portfolio, c) => {
          let best = 0;
          const at = this.layout[k][c];
          portfolio.forEach((e, x) => {
            const u = entryUnits(grid, e, outcomes, off);
            if (u > best) best = u;
            acc[at + SUMS + x] += entryPoints(grid, e, outcomes, off);
          });
          const [prize, win] = this.priceAt(k, t, best);
          if (c === 0) {
            refPrize = prize;
            refWin = win;
          }
          acc[at] += prize;
          acc[at + 1] += prize * prize;
          acc[at + 2] += prize * refPrize;
          acc[at + 3] += win;
          acc[at + 4] += win * win;
          acc[at + 5] += win * refWin;
          acc[at + 6] += 1;
        });
      });
    }
    return { count, sums };
  }

  /** [expected prize, chance of first place (ties split)] at score u in the current tournament. */
  private priceAt(k: number, t: HoldoutTarget, u: number): [number, number] {
    if (this.dp !== null) {
      let above = 0;
      for (let v = u + 1; v < this.pmf.length; v++) above += this.pmf[v];
      const b = this.pmf[u];
      const c = this.below[u];
      return [expectedPrize(t.pay, t.opponents, above, b, c, this.scratch[k]), winShare(t.opponents, b, c)];
    }
    let above = 0;
    let tied = 0;
    for (const v of this.explicitUnits) {
      if (v > u) above++;
      else if (v === u) tied++;
    }
    const M1 = this.ctx.opponents + 1;
    return [this.tabs[k][above * M1 + tied], this.winTab![above * M1 + tied]];
  }
}

export interface Estimate {
  value: number;
  se: number;
}

export interface CandidateStats {
  expectedPrize: Estimate;
  winProbability: Estimate;
  /** Expected points of each entry of the portfolio. */
  expectedScores: number[];
  /** Against the reference (candidate 0): ratio of expected prizes and of win chances, paired. */
  prizeRatio: Estimate;
  winRatio: Estimate;
}

/** Adds tallies in block order and turns them into estimates with standard errors. */
export function combineHoldout(runner: HoldoutRunner, tallies: readonly HoldoutTally[]): CandidateStats[][] {
  const N = tallies.reduce((a, t) => a + t.count, 0);
  return runner.targets.map((t, k) => {
    const total = new Float64Array(tallies[0]?.sums[k].length ?? 0);
    for (const tally of tallies) for (let x = 0; x < total.length; x++) total[x] += tally.sums[k][x];
    let at = 0;
    const stats: CandidateStats[] = [];
    const ref = { prize: total[0] / N, prize2: total[1] / N, win: total[3] / N, win2: total[4] / N };
    for (const c of t.candidates) {
      const prize = total[at] / N;
      const prize2 = total[at + 1] / N;
      const cross = total[at + 2] / N;
      const win = total[at + 3] / N;
      const win2 = total[at + 4] / N;
      const winCross = total[at + 5] / N;
      stats.push({
        expectedPrize: { value: prize, se: meanSe(prize, prize2, N) },
        winProbability: { value: win, se: meanSe(win, win2, N) },
        expectedScores: c.map((_, x) => total[at + SUMS + x] / N),
        prizeRatio: ratio(prize, prize2, ref.prize, ref.prize2, cross, N),
        winRatio: ratio(win, win2, ref.win, ref.win2, winCross, N),
      });
      at += SUMS + c.length;
    }
    return stats;
  });
}

function meanSe(m: number, m2: number, n: number): number {
  return n > 1 ? Math.sqrt(Math.max(0, (m2 - m * m) / (n - 1))) : 0;
}

/** x̄ / ȳ with its standard error by the delta method on paired values. */
function ratio(x: number, x2: number, y: number, y2: number, xy: number, n: number): Estimate {
  if (y <= 0) return { value: NaN, se: NaN };
  const r = x / y;
  const vx = x2 - x * x;
  const vy = y2 - y * y;
  const cxy = xy - x * y;
  const v = (vx - 2 * r * cxy + r * r * vy) / (y * y * Math.max(1, n - 1));
  return { value: r, se: Math.sqrt(Math.max(0, v)) };
}
