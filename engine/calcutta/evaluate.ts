// Our entry's payout on a fixed set of tournaments (common random numbers), for any bids we try.
//
// Layout (all typed arrays, no per-tournament objects):
//   - points: compressed sparse columns (sample.ts), one column per team, so a change of one team's
//     bid touches only the tournaments in which that team scores;
//   - scores[s * M + e]: points of entry e (0 = us, 1..M-1 the others) in tournament s, sim-major so
//     that ranking one tournament reads one contiguous run of M numbers;
//   - pay[s]: our payout in tournament s as a share of the pot.
// Ownership is bid / (all bids on the team, ours included), so raising our bid on team t dilutes every
// other holder of t: their scores move too, by their own bid times the change in 1 / (total on t).
// A candidate is priced by delta over t's column (deltaOne) without changing state; commit() applies it.
import type { TournamentSample, PointsColumns } from './sample.js';
import type { PointsTable } from './scoring.js';

/** The auction from our side: the others' bids and the payout table. */
export interface Auction {
  teamCount: number;
  /** Entries including us (index 0). */
  entryCount: number;
  /** otherBids[(e - 1) * T + t]: bid of entry e (1..M-1) on team t. */
  otherBids: Float64Array;
  /** Sum of the others' bids on each team. */
  otherTotal: Float64Array;
  /** Sum of all the others' bids. */
  otherSpend: number;
  /** payouts[r]: share of the pot for rank r + 1 (length M, zero-padded). */
  payouts: Float64Array;
}

/** Relative tolerance under which two entries' points count as tied. */
export const TIE_TOLERANCE = 1e-9;

/**
 * payTable[a * M + k]: payout share of an entry with `a` entries above it and `k` others tied with it:
 * the tied entries split ranks a+1 .. a+k+1 evenly.
 */
export function payoutTable(payouts: Float64Array, M: number): Float64Array {
  const tab = new Float64Array(M * M);
  for (let a = 0; a < M; a++) {
    for (let k = 0; a + k < M; k++) {
      let sum = 0;
      for (let r = a; r <= a + k; r++) sum += payouts[r] ?? 0;
      tab[a * M + k] = sum / (k + 1);
    }
  }
  return tab;
}

export interface BidChange {
  team: number;
  bid: number;
}

export class Evaluator {
  readonly T: number;
  readonly N: number;
  readonly M: number;
  readonly bids: Float64Array;
  readonly scores: Float64Array;
  readonly pay: Float64Array;
  readonly payTab: Float64Array;
  /** Ranks that are paid: with this many entries above us, we are paid nothing whatever the ties. */
  readonly paidPlaces: number;
  /** Expected payout share of the pot (over the weights). */
  expectedShare = 0;
  spend = 0;
  /** Candidate evaluations done (for reports and the bench). */
  evaluations = 0;
  private readonly dE: Float64Array;
  private readonly mark: Uint8Array;
  /** colEnd[t]: end of team t's column restricted to tournaments < screenLimit. */
  private screenLimit: number;
  private readonly screenEnd: Int32Array;
  private screenWeight = 1;

  constructor(
    readonly sample: TournamentSample,
    readonly table: PointsTable,
    readonly cols: PointsColumns,
    readonly auction: Auction,
    /** False when the caller sets the first bids itself (create() does, with pauses). */
    zeroBids = true,
  ) {
    this.T = sample.teamCount;
    this.N = sample.count;
    this.M = auction.entryCount;
    this.bids = new Float64Array(this.T);
    this.scores = new Float64Array(this.N * this.M);
    this.pay = new Float64Array(this.N);
    this.payTab = payoutTable(auction.payouts, this.M);
    let paid = 0;
    auction.payouts.forEach((p, r) => {
      if (p > 0) paid = r + 1;
    });
    this.paidPlaces = Math.max(1, paid);
    this.dE = new Float64Array(this.M * 4);
    this.mark = new Uint8Array(this.N);
    this.screenLimit = this.N;
    this.screenEnd = new Int32Array(this.T);
    this.setScreen(this.N);
    if (zeroBids) this.setBids(new Float64Array(this.T));
  }

  /** An evaluator with no bids of ours, built with pauses (see setBidsPaused). */
  static async create(
    sample: TournamentSample,
    table: PointsTable,
    cols: PointsColumns,
    auction: Auction,
    pause?: () => Promise<void> | void,
  ): Promise<Evaluator> {
    const ev = new Evaluator(sample, table, cols, auction, false);
    await ev.setBidsPaused(new Float64Array(ev.T), pause);
    return ev;
  }

  /** Restricts deltaOne(.., screen = true) to the first n tournaments (candidate screening). */
  setScreen(n: number): void {
    this.screenLimit = Math.max(1, Math.min(this.N, n));
    const { start, sim } = this.cols;
    for (let t = 0; t < this.T; t++) {
      let j = start[t];
      while (j < start[t + 1] && sim[j] < this.screenLimit) j++;
      this.screenEnd[t] = j;
    }
    let w = 0;
    for (let s = 0; s < this.screenLimit; s++) w += this.sample.weights[s];
    this.screenWeight = w > 0 ? 1 / w : 0;
  }

  get screening(): boolean {
    return this.screenLimit < this.N;
  }

  /** Our expected net result in money: expected payout (share times the pot, ours included) minus spend. */
  net(share = this.expectedShare, spend = this.spend): number {
    return share * (this.auction.otherSpend + spend) - spend;
  }

  /** Sets all our bids and recomputes every score from scratch. */
  setBids(bids: ArrayLike<number>): void {
    for (const _ of this.setBidsSteps(bids));
  }

  /**
   * setBids with a pause after each team, so that a caller on the event loop can let signals through:
   * one full recomputation takes about 0.3 s for 100,000 tournaments and 31 entries (longer under load).
   */
  async setBidsPaused(bids: ArrayLike<number>, pause: (() => Promise<void> | void) | undefined): Promise<void> {
    for (const _ of this.setBidsSteps(bids)) await pause?.();
  }

  /** setBids one team at a time: it yields after each team's column. */
  private *setBidsSteps(bids: ArrayLike<number>): Generator<void> {
    const { T, N, M, scores } = this;
    const { start, sim, points } = this.cols;
    const { otherBids, otherTotal } = this.auction;
    scores.fill(0);
    let spend = 0;
    for (let t = 0; t < T; t++) {
      const x = bids[t];
      this.bids[t] = x;
      spend += x;
      const total = otherTotal[t] + x;
      if (total <= 0) continue;
      const own = this.dE;
      own[0] = x / total;
      for (let e = 1; e < M; e++) own[e] = otherBids[(e - 1) * T + t] / total;
      for (let j = start[t]; j < start[t + 1]; j++) {
        const o = sim[j] * M;
        const p = points[j];
        for (let e = 0; e < M; e++) scores[o + e] += own[e] * p;
      }
      yield;
    }
    this.spend = spend;
    for (let s = 0; s < N; s++) this.pay[s] = this.payoutAt(s);
    this.refreshShare();
  }

  private refreshShare(): void {
    let f = 0;
    const w = this.sample.weights;
    for (let s = 0; s < this.N; s++) f += w[s] * this.pay[s];
    this.expectedShare = f;
  }

  /** Our payout share in tournament s from the current scores. */
  payoutAt(s: number): number {
    const M = this.M;
    const o = s * M;
    const u = this.scores[o];
    const tol = TIE_TOLERANCE * (u < 0 ? 1 - u : 1 + u);
    let above = 0;
    let tied = 0;
    for (let e = 1; e < M; e++) {
      const d = this.scores[o + e] - u;
      if (d > tol) above++;
      else if (d >= -tol) tied++;
    }
    return this.payTab[above * M + tied];
  }

  /** Ownership changes of one team's bid: writes the others' per-point score change into dE[row*M..]. */
  private ownershipDelta(t: number, bid: number, row: number): number {
    const { T, M, dE } = this;
    const B = this.auction.otherTotal[t];
    const x0 = this.bids[t];
    const oldTotal = B + x0;
    const newTotal = B + bid;
    const invOld = oldTotal > 0 ? 1 / oldTotal : 0;
    const invNew = newTotal > 0 ? 1 / newTotal : 0;
    const dInv = invNew - invOld;
    const base = row * M;
    dE[base] = bid * invNew - x0 * invOld;
    const ob = this.auction.otherBids;
    for (let e = 1; e < M; e++) dE[base + e] = ob[(e - 1) * T + t] * dInv;
    return dE[base];
  }

  /**
   * Change in our expected payout share if team t's bid became `bid` (state unchanged). With
   * screen = true, over the screening tournaments only (rescaled to a mean over them).
   */
  deltaOne(t: number, bid: number, screen = false): number {
    this.evaluations++;
    const { M, scores, pay, payTab, dE } = this;
    const paid = this.paidPlaces;
    const du = this.ownershipDelta(t, bid, 0);
    const { sim, points, start } = this.cols;
    const w = this.sample.weights;
    const end = screen ? this.screenEnd[t] : start[t + 1];
    let acc = 0;
    for (let j = start[t]; j < end; j++) {
      const s = sim[j];
      const p = points[j];
      const o = s * M;
      const u = scores[o] + du * p;
      const tol = TIE_TOLERANCE * (u < 0 ? 1 - u : 1 + u);
      let above = 0;
      let tied = 0;
      for (let e = 1; e < M; e++) {
        const d = scores[o + e] + dE[e] * p - u;
        if (d > tol) {
          if (++above >= paid) break;
        } else if (d >= -tol) tied++;
      }
      acc += w[s] * ((above >= paid ? 0 : payTab[above * M + tied]) - pay[s]);
    }
    return screen && this.screening ? acc * this.screenWeight : acc;
  }

  /** Change in our expected payout share if several teams' bids changed at once (up to 4); screen as in deltaOne. */
  deltaMany(changes: readonly BidChange[], screen = false): number {
    const acc = this.applyMany(changes, false, screen && this.screening);
    return screen && this.screening ? acc * this.screenWeight : acc;
  }

  /** Applies bid changes to the state. */
  commit(changes: readonly BidChange[]): void {
    this.applyMany(changes, true);
    for (const c of changes) {
      this.spend += c.bid - this.bids[c.team];
      this.bids[c.team] = c.bid;
    }
    this.refreshShare();
  }

  private applyMany(changes: readonly BidChange[], write: boolean, screen = false): number {
    if (changes.length > 4) throw new Error('at most 4 bid changes at once');
    if (!write) this.evaluations++;
    const { M, N, scores, pay, payTab, dE, mark } = this;
    const paid = this.paidPlaces;
    const { sim, start } = this.cols;
    const wins = this.sample.wins;
    const tab = this.table.points;
    const width = this.table.width;
    const w = this.sample.weights;
    const C = changes.length;
    const du = [0, 0, 0, 0];
    const teams = [0, 0, 0, 0];
    for (let c = 0; c < C; c++) {
      du[c] = this.ownershipDelta(changes[c].team, changes[c].bid, c);
      teams[c] = changes[c].team;
    }
    const p = [0, 0, 0, 0];
    let acc = 0;
    for (let c = 0; c < C; c++) {
      const t = teams[c];
      const end = screen ? this.screenEnd[t] : start[t + 1];
      for (let j = start[t]; j < end; j++) {
        const s = sim[j];
        if (mark[s]) continue;
        mark[s] = 1;
        let dus = 0;
        for (let k = 0; k < C; k++) {
          p[k] = tab[teams[k] * width + wins[teams[k] * N + s]];
          dus += du[k] * p[k];
        }
        const o = s * M;
        if (write) {
          for (let e = 0; e < M; e++) {
            let d = 0;
            for (let k = 0; k < C; k++) d += dE[k * M + e] * p[k];
            scores[o + e] += d;
          }
          pay[s] = this.payoutAt(s);
          continue;
        }
        const u = scores[o] + dus;
        const tol = TIE_TOLERANCE * (u < 0 ? 1 - u : 1 + u);
        let above = 0;
        let tied = 0;
        for (let e = 1; e < M; e++) {
          let v = scores[o + e];
          for (let k = 0; k < C; k++) v += dE[k * M + e] * p[k];
          const d = v - u;
          if (d > tol) {
            if (++above >= paid) break;
          } else if (d >= -tol) tied++;
        }
        acc += w[s] * ((above >= paid ? 0 : payTab[above * M + tied]) - pay[s]);
      }
    }
    for (let c = 0; c < C; c++) {
      const t = teams[c];
      for (let j = start[t]; j < start[t + 1]; j++) mark[sim[j]] = 0;
    }
    return acc;
  }
}
