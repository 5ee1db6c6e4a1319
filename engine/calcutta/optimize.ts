// Choosing our bids: greedy marginal value, then local search, every candidate priced on the same
// tournaments (common random numbers) by the Evaluator. Bids live on a grid of levels: 0, minBid,
// minBid + increment, ... up to min(maxBid, budget). Objective: expected net result in money,
// E[payout share] * (others' spend + our spend) - our spend.
//
// Greedy: from no bids, repeatedly take the move "team t up by 1 level (or by a coarse step)" with the
// best gain in net per unit of money while it gains and fits budget and maxTeams. Local search: moves
// up, down (one level, a coarse step, or to zero) for single teams, and pairs (one team down, another up)
// priced exactly; take the best improving move until none improves. On large samples candidates are
// first screened on a prefix of the tournaments and the best few priced on all of them.
// bruteForceBids enumerates the whole grid, for checking on small cases (test/, bench/).
import type { OurConstraints } from './types.js';
import type { BidChange, Evaluator } from './evaluate.js';

export interface OptimizeOptions {
  /** Tournaments used to screen candidates (default 4,096; all when the sample is smaller). */
  screenSims?: number;
  /** Candidates priced on the full sample after screening (default 4). */
  finalists?: number;
  /** Cap on local-search moves (default 10,000). */
  maxMoves?: number;
  /** Restart from every single stake and from the best minus one team (default: on small samples only). */
  restarts?: boolean;
  /** Cap on restarts (default 256). */
  maxRestarts?: number;
  /**
   * Called between steps: the caller reports progress and may yield to its event loop there (so Ctrl-C
   * and other requests get through a search of tens of seconds) or throw to stop. The engine itself
   * never waits on anything.
   */
  pause?: (at: OptimizeProgress) => Promise<void> | void;
}

/** Where the search is: its phase and the moves made so far. */
export interface OptimizeProgress {
  phase: 'greedy' | 'local search' | 'restarts';
  greedyMoves: number;
  localMoves: number;
  /** Restarts done and planned (phase 'restarts'). */
  restart?: number;
  restarts?: number;
}

export interface OptimizeResult {
  strategy: string;
  bids: Float64Array;
  spend: number;
  expectedShare: number;
  expectedNet: number;
  evaluations: number;
  greedyMoves: number;
  localMoves: number;
  elapsedMs: number;
}

const STRATEGY = 'greedy-marginal+local-search/v1';

/** The bid grid: levels[0] = 0, then minBid, minBid + increment, ... */
export function bidLevels(c: OurConstraints): number[] {
  const top = Math.min(c.maxBid, c.budget);
  const levels = [0];
  if (c.minBid > top || c.maxTeams === 0) return levels;
  // Integer steps from minBid avoid accumulating rounding in the amounts.
  for (let k = 0; ; k++) {
    const v = roundMoney(c.minBid + k * c.increment);
    if (v > top + 1e-9) break;
    if (v > 0) levels.push(v);
  }
  return levels;
}

const roundMoney = (v: number) => Math.round(v * 1e6) / 1e6;

interface Move {
  changes: BidChange[];
  dSpend: number;
  dTeams: number;
  /** Estimated or exact change in expected share. */
  dShare: number;
}

export async function optimizeBids(ev: Evaluator, c: OurConstraints, o: OptimizeOptions = {}): Promise<OptimizeResult> {
  const started = performance.now();
  const T = ev.T;
  const levels = bidLevels(c);
  const L = levels.length;
  const level = new Int32Array(T);
  const coarse = Math.max(2, Math.floor((L - 1) / 8));
  let held = 0;
  const finalists = o.finalists ?? 4;
  const maxMoves = o.maxMoves ?? 10_000;
  ev.setScreen(o.screenSims ?? 4096);
  const screening = ev.screening;
  const evals0 = ev.evaluations;

  /** Levels a team may move to: every one on a small grid, else a step, a coarse step and the extremes. */
  const upTargets = (t: number): number[] => {
    const l = level[t];
    if (L <= 16) return Array.from({ length: L - 1 - l }, (_, i) => l + 1 + i);
    return [...new Set([l + 1, l + coarse, L - 1])].filter((x) => x < L && x > l);
  };
  /** Greedy steps: on a large grid, a coarse step (local search refines by single levels later). */
  const greedyTargets = (t: number): number[] => {
    const l = level[t];
    if (L <= 16) return upTargets(t);
    if (l >= L - 1) return [];
    return [Math.min(L - 1, l + coarse)];
  };
  const downTargets = (t: number): number[] => {
    const l = level[t];
    if (L <= 16) return Array.from({ length: l }, (_, i) => i);
    return [...new Set([l - 1, l - coarse, 0])].filter((x) => x >= 0 && x < l);
  };
  const feasible = (m: Move) => ev.spend + m.dSpend <= c.budget + 1e-9 && held + m.dTeams <= c.maxTeams;
  const gain = (dShare: number, dSpend: number) => ev.net(ev.expectedShare + dShare, ev.spend + dSpend) - ev.net();
  const single = (t: number, to: number): Move => ({
    changes: [{ team: t, bid: levels[to] }],
    dSpend: levels[to] - levels[level[t]],
    dTeams: (to > 0 ? 1 : 0) - (level[t] > 0 ? 1 : 0),
    dShare: 0,
  });
  /** Prices moves: screened (when the sample is large) then the best few exactly. */
  const price = async (moves: Move[], score: (m: Move) => number): Promise<Move[]> => {
    for (const m of moves) {
      m.dShare = m.changes.length === 1 ? ev.deltaOne(m.changes[0].team, m.changes[0].bid, screening) : ev.deltaMany(m.changes);
      await step(restartAt.restarts === undefined ? 'greedy' : 'restarts');
    }
    if (!screening) return moves;
    const top = moves
      .map((m) => ({ m, v: score(m) }))
      .sort((a, b) => b.v - a.v)
      .slice(0, finalists)
      .map((x) => x.m);
    for (const m of top) {
      if (m.changes.length === 1) m.dShare = ev.deltaOne(m.changes[0].team, m.changes[0].bid, false);
      await step(restartAt.restarts === undefined ? 'greedy' : 'restarts');
    }
    return top;
  };
  const apply = (m: Move) => {
    ev.commit(m.changes);
    for (const ch of m.changes) {
      const was = level[ch.team];
      const now = levels.indexOf(ch.bid);
      level[ch.team] = now;
      held += (now > 0 ? 1 : 0) - (was > 0 ? 1 : 0);
    }
  };

  // Greedy: best gain per unit of money. It keeps going while moves fit, even through losing steps
  // (rank payouts have thresholds: one small stake may win nothing where several together do), and
  // remembers the best portfolio on its path.
  let greedyMoves = 0;
  let localMoves = 0;
  const restore = async (levels0: Int32Array) => {
    level.set(levels0);
    held = 0;
    for (let t = 0; t < T; t++) if (level[t] > 0) held++;
    await setBids(Float64Array.from(level, (l) => levels[l]));
  };
  let restartAt: Pick<OptimizeProgress, 'restart' | 'restarts'> = {};
  const step = (phase: OptimizeProgress['phase']) => o.pause?.({ phase, greedyMoves, localMoves, ...restartAt });
  // Each full recomputation of the scores is paused per team: it is the longest single step here.
  async function setBids(bids: Float64Array): Promise<void> {
    await ev.setBidsPaused(bids, () => step(restartAt.restarts === undefined ? 'greedy' : 'restarts'));
  }
  await setBids(new Float64Array(T));
  const greedy = async (): Promise<{ best: Int32Array; end: Int32Array }> => {
    let bestNet = ev.net();
    let bestLevels = level.slice();
    for (;;) {
      await step(restartAt.restarts === undefined ? 'greedy' : 'restarts');
      const moves: Move[] = [];
      for (let t = 0; t < T; t++) {
        for (const to of greedyTargets(t)) {
          const m = single(t, to);
          if (feasible(m)) moves.push(m);
        }
      }
      if (moves.length === 0) break;
      const perMoney = (m: Move) => gain(m.dShare, m.dSpend) / m.dSpend;
      const priced = await price(moves, perMoney);
      let best: Move | null = null;
      for (const m of priced) if (best === null || perMoney(m) > perMoney(best)) best = m;
      if (best === null) break;
      apply(best);
      greedyMoves++;
      if (ev.net() > bestNet + 1e-12) {
        bestNet = ev.net();
        bestLevels = level.slice();
      }
    }
    return { best: bestLevels, end: level.slice() };
  };

  // Local search, from the best portfolio on the greedy path and from its end; the better result wins.
  const localSearch = async () => {
    while (localMoves < maxMoves) {
      await step(restartAt.restarts === undefined ? 'local search' : 'restarts');
      const ups: Move[] = [];
      const downs: Move[] = [];
      for (let t = 0; t < T; t++) {
        for (const to of upTargets(t)) ups.push(single(t, to));
        for (const to of downTargets(t)) downs.push(single(t, to));
      }
      const byGain = (m: Move) => gain(m.dShare, m.dSpend);
      // Price every single move (screened); ups and downs are also the parts of pair moves.
      for (const m of [...ups, ...downs]) m.dShare = ev.deltaOne(m.changes[0].team, m.changes[0].bid, screening);
      const candidates: Move[] = [];
      for (const m of [...ups, ...downs]) if (feasible(m)) candidates.push(m);
      // Pairs: one team down, another up; estimated as the sum of their parts, then priced exactly.
      const pairs: { m: Move; est: number }[] = [];
      for (const d of downs) {
        for (const u of ups) {
          if (u.changes[0].team === d.changes[0].team) continue;
          const m: Move = { changes: [d.changes[0], u.changes[0]], dSpend: d.dSpend + u.dSpend, dTeams: d.dTeams + u.dTeams, dShare: d.dShare + u.dShare };
          if (feasible(m)) pairs.push({ m, est: byGain(m) });
        }
      }
      pairs.sort((a, b) => b.est - a.est);
      const pairBudget = screening ? finalists * 4 : Math.max(finalists * 4, Math.floor(4e7 / Math.max(1, (ev.cols.sim.length * 2 * ev.M) / T)));
      let exactPairs = pairs.slice(0, pairBudget).map((p) => p.m);
      const phase = restartAt.restarts === undefined ? 'local search' : 'restarts';
      for (const m of exactPairs) {
        m.dShare = ev.deltaMany(m.changes, screening);
        await step(phase);
      }
      if (screening) {
        exactPairs = exactPairs.sort((a, b) => byGain(b) - byGain(a)).slice(0, Math.max(1, finalists >> 1));
        for (const m of exactPairs) {
          m.dShare = ev.deltaMany(m.changes);
          await step(phase);
        }
      }
      let pool = candidates;
      if (screening) {
        pool = candidates.sort((a, b) => byGain(b) - byGain(a)).slice(0, finalists);
        for (const m of pool) {
          m.dShare = ev.deltaOne(m.changes[0].team, m.changes[0].bid, false);
          await step(phase);
        }
      }
      let best: Move | null = null;
      let bestGain = 1e-12;
      for (const m of [...pool, ...exactPairs]) {
        const g = byGain(m);
        if (g > bestGain) {
          best = m;
          bestGain = g;
        }
      }
      if (best === null) break;
      apply(best);
      localMoves++;
    }
  };
  /** Greedy from a start, then local search from the best portfolio on its path (and, on small samples, from its end). */
  const climb = async (start: Int32Array): Promise<{ levels: Int32Array; net: number }> => {
    await restore(start);
    const path = await greedy();
    let winner = path.best;
    let winnerNet = -Infinity;
    for (const from of screening ? [path.best] : [path.best, path.end]) {
      await restore(from);
      await localSearch();
      if (ev.net() > winnerNet + 1e-12) {
        winner = level.slice();
        winnerNet = ev.net();
      }
    }
    return { levels: winner, net: winnerNet };
  };
  let best = await climb(new Int32Array(T));
  // Restarts (small samples by default): from every single stake, and from the best with one team dropped.
  if (o.restarts ?? !screening) {
    const starts: Int32Array[] = [];
    for (let t = 0; t < T; t++) {
      for (let l = 1; l < L && levels[l] <= c.budget + 1e-9; l++) {
        const st = new Int32Array(T);
        st[t] = l;
        starts.push(st);
      }
    }
    for (let t = 0; t < T; t++) {
      if (best.levels[t] === 0) continue;
      const st = best.levels.slice();
      st[t] = 0;
      starts.push(st);
    }
    const chosen = starts.slice(0, o.maxRestarts ?? 256);
    for (const [i, st] of chosen.entries()) {
      restartAt = { restart: i, restarts: chosen.length };
      const r = await climb(st);
      if (r.net > best.net + 1e-12) best = r;
    }
  }
  level.set(best.levels);

  // Final state recomputed from scratch (no accumulated rounding in the reported figures).
  const bids = Float64Array.from(level, (l) => levels[l]);
  await setBids(bids);
  return {
    strategy: STRATEGY,
    bids,
    spend: ev.spend,
    expectedShare: ev.expectedShare,
    expectedNet: ev.net(),
    evaluations: ev.evaluations - evals0,
    greedyMoves,
    localMoves,
    elapsedMs: performance.now() - started,
  };
}

interface BruteForceResult {
  bids: Float64Array;
  expectedNet: number;
  portfolios: number;
}

/** Every feasible point of the bid grid, each evaluated from scratch; the best by expected net. */
export function bruteForceBids(ev: Evaluator, c: OurConstraints, limit = 2_000_000): BruteForceResult {
  const T = ev.T;
  const levels = bidLevels(c);
  const level = new Int32Array(T);
  const bids = new Float64Array(T);
  let best = new Float64Array(T);
  let bestNet = -Infinity;
  let portfolios = 0;
  const walk = (t: number, spend: number, teams: number) => {
    if (t === T) {
      if (++portfolios > limit) throw new Error(`brute force: more than ${limit} portfolios`);
      for (let i = 0; i < T; i++) bids[i] = levels[level[i]];
      ev.setBids(bids);
      const net = ev.net();
      if (net > bestNet + 1e-12) {
        bestNet = net;
        best = bids.slice();
      }
      return;
    }
    for (let l = 0; l < levels.length; l++) {
      const s = spend + levels[l];
      const k = teams + (l > 0 ? 1 : 0);
      if (s > c.budget + 1e-9 || k > c.maxTeams) break;
      level[t] = l;
      walk(t + 1, s, k);
    }
    level[t] = 0;
  };
  walk(0, 0, 0);
  ev.setBids(best);
  return { bids: best, expectedNet: bestNet, portfolios };
}
