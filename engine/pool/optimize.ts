// Choosing entries: local search on a fixed sample (common random numbers: every candidate is priced on
// the same tournaments and the same opponent fields). A move sets one team's picked wins to k (withWins
// in entry.ts): a new champion, a finalist, an upset pick, a favourite knocked out early. Each round
// prices every move, on a prefix of the sample first when the sample is large (screening) and the best
// few on all of it, and takes the best improving move until none improves (then looks two moves ahead).
// Climbs start from chalk and from chalk with each of the likeliest champions swapped in (a contrarian
// champion is the big lever in large pools and is several moves away from chalk otherwise): every start
// climbs a few moves, the best few climb on to the end, and the best climb wins.
//
// Several entries (a best-ball portfolio): each new entry is climbed against the best score of those
// already chosen (its prize is the prize of max(its score, theirs)), then every entry is re-climbed
// against the others.
import { SimcastError } from '../../core/errors.js';
import { chalkPicks } from './chalk.js';
import { picksToWins, withWins } from './entry.js';
import { bestOf, blockValues, combineBlocks, entryScores, moveBlockValues, moveSet } from './evaluate.js';
import type { PoolContext } from './pool-context.js';
import type { PoolSample } from './sample.js';

export interface SearchOptions {
  /** Entries in the portfolio (default 1). */
  entries?: number;
  /** Tournaments to screen moves on before pricing the best on all (default 4,096, one block; all when the sample is at most twice that). */
  screenSims?: number;
  /** Moves priced on the whole sample after screening (default 8). */
  finalists?: number;
  /** Champions tried as starting points besides chalk's (default 12). */
  restarts?: number;
  /** Picks whose chance is below this are not tried (default 0.001). */
  minProbability?: number;
  /** Moves tried as the first of a two-move step when no single move improves (default 4; 0 = none). */
  lookahead?: number;
  /** Moves every start climbs before only the best `raceKeep` go on (defaults 6 and 3). */
  raceMoves?: number;
  raceKeep?: number;
  /** Cap on moves per climb (default 200). */
  maxMoves?: number;
  /** Portfolio passes re-climbing each entry against the others (default 1). */
  refinePasses?: number;
}

export interface SearchResult {
  /** Picks of each entry of the portfolio. */
  entries: Int32Array[];
  /** In-sample expected prize of the portfolio (best ball). */
  value: number;
  chalkValue: number;
  chalk: Int32Array;
  /** Moves priced (each on the screening prefix or the whole sample). */
  evaluations: number;
  /** Moves taken, over all climbs. */
  moves: number;
  starts: number;
}

export const SEARCH_STRATEGY = 'local-search(withWins moves, champion restarts)/v1';

interface Change {
  team: number;
  from: number;
  to: number;
}

export function applyLocks(ctx: PoolContext, picks: Int32Array): Int32Array {
  let out = picks;
  const locks = [...ctx.locks].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const [i, k] of locks) out = withWins(ctx.pb, out, i, k);
  const wins = picksToWins(ctx.pb, out);
  for (const [i, k] of locks) {
    if (wins[i] !== k) throw new SimcastError('POOL_INVALID', `the locks cannot all hold: '${ctx.pb.names[i]}' cannot win ${k} games with the others locked`);
  }
  return out;
}

export function searchEntries(ctx: PoolContext, sample: PoolSample, o: SearchOptions = {}): SearchResult {
  const { pb, grid } = ctx;
  const S = pb.size;
  const R = pb.rounds;
  const k = o.entries ?? 1;
  if (!(Number.isSafeInteger(k) && k >= 1)) throw new SimcastError('POOL_INVALID', `entries must be a positive integer (got ${o.entries})`);
  const minProb = o.minProbability ?? 1e-3;
  const finalists = o.finalists ?? 8;
  const maxMoves = o.maxMoves ?? 200;
  const lookahead = o.lookahead ?? 4;
  const raceMoves = o.raceMoves ?? 6;
  const raceKeep = o.raceKeep ?? 3;
  const blocks = sample.blockStart.length - 1;
  const screenSims = o.screenSims ?? 4096;
  let screenBlocks = blocks;
  if (sample.count > 2 * screenSims) {
    screenBlocks = 1;
    while (screenBlocks < blocks && sample.blockStart[screenBlocks] < screenSims) screenBlocks++;
  }
  const screening = screenBlocks < blocks;
  let evaluations = 0;
  let movesTaken = 0;

  const valueOf = (scores: Int32Array, floor: Int32Array | null) => combineBlocks(sample, blockValues(sample, scores, floor, 0, blocks), 1, 0, blocks)[0];

  const generate = (picks: Int32Array, wins: Uint8Array): { picks: Int32Array; changes: Change[] }[] => {
    const out: { picks: Int32Array; changes: Change[] }[] = [];
    const seen = new Set<string>();
    const nw = new Uint8Array(S);
    for (let x = 0; x < S; x++) {
      for (let kk = 0; kk <= pb.pathLength[x]; kk++) {
        if (kk === wins[x]) continue;
        if (kk > 0 && ctx.gameWin[pb.path[x * R + kk - 1] * S + x] < minProb) continue;
        const np = withWins(pb, picks, x, kk);
        picksToWins(pb, np, nw);
        const changes: Change[] = [];
        let locked = false;
        for (let i = 0; i < S; i++) {
          if (nw[i] === wins[i]) continue;
          if (ctx.locks.has(i)) locked = true;
          changes.push({ team: i, from: wins[i], to: nw[i] });
        }
        if (locked || changes.length === 0) continue;
        const key = changes.map((c) => `${c.team}:${c.to}`).join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ picks: np, changes });
      }
    }
    return out;
  };

  type Ranked = { picks: Int32Array; value: number }[];
  /** The best `top` moves from a state, priced on the whole sample (after screening when large), best first. */
  const rank = (picks: Int32Array, wins: Uint8Array, base: Int32Array, floor: Int32Array | null, top: number): Ranked => {
    const cands = generate(picks, wins);
    if (cands.length === 0) return [];
    let pool = cands;
    let set = moveSet(pool.map((c) => c.changes));
    if (screening) {
      const screen = combineBlocks(sample, moveBlockValues(grid, sample, base, floor, set, 0, screenBlocks), set.count, 0, screenBlocks);
      evaluations += set.count;
      const order = Array.from(screen.keys()).sort((a, b) => screen[b] - screen[a] || a - b);
      pool = order.slice(0, Math.max(top, finalists)).map((m) => cands[m]);
      set = moveSet(pool.map((c) => c.changes));
    }
    const full = combineBlocks(sample, moveBlockValues(grid, sample, base, floor, set, 0, blocks), set.count, 0, blocks);
    evaluations += set.count;
    return Array.from(full.keys())
      .sort((a, b) => full[b] - full[a] || a - b)
      .slice(0, top)
      .map((m) => ({ picks: pool[m].picks, value: full[m] }));
  };
  const improves = (v: number, than: number) => v > than + 1e-12 * Math.max(than, 1e-300);

  /**
   * Best-improvement climb; when no single move improves, a two-move look-ahead from the best few
   * (a champion swap often pays only with the finalist change that follows it).
   */
  const climb = (start: Int32Array, floor: Int32Array | null, steps = maxMoves, ahead = lookahead): { picks: Int32Array; value: number; stuck: boolean } => {
    let picks = start;
    let value = valueOf(entryScores(grid, sample, picksToWins(pb, picks)), floor);
    for (let step = 0; step < steps; step++) {
      const wins = picksToWins(pb, picks);
      const base = entryScores(grid, sample, wins);
      const ranked = rank(picks, wins, base, floor, Math.max(1, ahead));
      if (ranked.length === 0) return { picks, value, stuck: true };
      let next: { picks: Int32Array; value: number } | null = improves(ranked[0].value, value) ? ranked[0] : null;
      for (let x = 0; next === null && x < Math.min(ahead, ranked.length); x++) {
        const w2 = picksToWins(pb, ranked[x].picks);
        const second = rank(ranked[x].picks, w2, entryScores(grid, sample, w2), floor, 1);
        if (second.length > 0 && improves(second[0].value, value)) next = second[0];
      }
      if (next === null) return { picks, value, stuck: true };
      picks = next.picks;
      value = next.value;
      movesTaken++;
    }
    return { picks, value, stuck: false };
  };

  const chalk = chalkPicks(ctx);
  const chalkValue = valueOf(entryScores(grid, sample, picksToWins(pb, chalk)), null);
  const start0 = applyLocks(ctx, chalk);
  // Starting points: chalk, then chalk with each of the likeliest other champions.
  const root = pb.gameCount - 1;
  const champ0 = start0[root];
  const contenders = Array.from({ length: S }, (_, i) => i)
    .filter((i) => i !== champ0 && ctx.gameWin[root * S + i] >= minProb)
    .sort((a, b) => ctx.gameWin[root * S + b] - ctx.gameWin[root * S + a] || a - b)
    .slice(0, o.restarts ?? 12);
  const starts: Int32Array[] = [start0];
  for (const c of contenders) {
    try {
      starts.push(applyLocks(ctx, withWins(pb, start0, c, pb.pathLength[c])));
    } catch {
      // A champion the locks rule out is not a start.
    }
  }

  /**
   * A race: every start climbs a few single moves; the best few climbs go on to the end (with the
   * look-ahead). Most swapped-in champions are hopeless after a handful of moves.
   */
  const bestClimb = (floor: Int32Array | null, from: Int32Array[]): { picks: Int32Array; value: number } => {
    const raced = from.map((st) => climb(st, floor, raceMoves, 0));
    const order = Array.from(raced.keys()).sort((a, b) => raced[b].value - raced[a].value || a - b);
    let best: { picks: Int32Array; value: number } | null = null;
    for (const x of order.slice(0, raceKeep)) {
      const r = climb(raced[x].picks, floor);
      if (best === null || r.value > best.value) best = r;
    }
    return best!;
  };

  const entries: Int32Array[] = [];
  const scores: Int32Array[] = [];
  for (let e = 0; e < k; e++) {
    const floor = bestOf(scores);
    const r = bestClimb(floor, starts);
    entries.push(r.picks);
    scores.push(entryScores(grid, sample, picksToWins(pb, r.picks)));
  }
  if (k > 1) {
    for (let pass = 0; pass < (o.refinePasses ?? 1); pass++) {
      for (let e = 0; e < k; e++) {
        const floor = bestOf(scores.filter((_, x) => x !== e));
        const r = climb(entries[e], floor);
        entries[e] = r.picks;
        scores[e] = entryScores(grid, sample, picksToWins(pb, r.picks));
      }
    }
  }
  const value = valueOf(bestOf(scores)!, null);
  return { entries, value, chalkValue, chalk, evaluations, moves: movesTaken, starts: starts.length };
}
