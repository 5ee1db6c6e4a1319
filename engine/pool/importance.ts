// Game importance (leverage) for an outcome X, from simulations grouped by each game's result: side A
// of game g won when its winner came from g's first input (for a game whose two teams are known, "A
// wins"). swing = |P(X | A) - P(X | B)|, importance = 2 p (1 - p) swing with p = P(A) (FiveThirtyEight's
// and inpredictable's definitions). Since the groups split the simulations,
// P(X) = p P(X | A) + (1 - p) P(X | B) holds exactly on the counts.
//
// Input is kernel rows (games won per team per simulation, T bytes each), so this runs on stored
// simulations. For a real-valued X (a pool entry's expected prize in each tournament) the sums are kept
// per stream block and added in block order: the same figures however the rows arrive.
import { BLOCK_SIZE } from '../random/stream-scheme.js';
import type { Bracket } from '../tournament/bracket.js';

/** Per game: games each team must win to win it (0 if it cannot reach it), and the bracket walk. */
export interface GameWalk {
  bracket: Bracket;
  /** need[g * T + t]. */
  need: Uint8Array;
}

export function gameWalk(b: Bracket): GameWalk {
  const T = b.teamCount;
  const need = new Uint8Array(b.gameCount * T);
  const parent = new Int32Array(T + b.gameCount).fill(-1);
  for (let g = 0; g < b.gameCount; g++) {
    parent[b.gameA[g]] = g;
    parent[b.gameB[g]] = g;
  }
  for (let t = 0; t < T; t++) {
    let k = 1;
    for (let g = parent[t]; g >= 0; g = parent[T + g]) need[g * T + t] = k++;
  }
  return { bracket: b, need };
}

/**
 * Winner of every game of one simulation into node[T + g] (node[t] = t), from its row of games won.
 * Returns the champion.
 */
function walkRow(w: GameWalk, rows: Uint8Array, rowOff: number, node: Int32Array, sideA: Uint8Array): number {
  const b = w.bracket;
  const T = b.teamCount;
  const need = w.need;
  for (let g = 0; g < b.gameCount; g++) {
    const a = node[b.gameA[g]];
    const aWon = rows[rowOff + a] >= need[g * T + a];
    node[T + g] = aWon ? a : node[b.gameB[g]];
    sideA[g] = aWon ? 1 : 0;
  }
  return node[T + b.gameCount - 1];
}

/** Counts for every team's title at once: titles[(g * 2 + side) * T + t], side 0 = A won g. */
export class TitleImportanceTally {
  readonly sims: { count: number };
  readonly aWins: Float64Array;
  readonly titles: Float64Array;
  private readonly node: Int32Array;
  private readonly side: Uint8Array;

  constructor(readonly walk: GameWalk) {
    const b = walk.bracket;
    this.sims = { count: 0 };
    this.aWins = new Float64Array(b.gameCount);
    this.titles = new Float64Array(b.gameCount * 2 * b.teamCount);
    this.node = new Int32Array(b.teamCount + b.gameCount);
    for (let t = 0; t < b.teamCount; t++) this.node[t] = t;
    this.side = new Uint8Array(b.gameCount);
  }

  add(rows: Uint8Array, count: number): void {
    const b = this.walk.bracket;
    const T = b.teamCount;
    const G = b.gameCount;
    const titles = this.titles;
    const aWins = this.aWins;
    const side = this.side;
    for (let s = 0; s < count; s++) {
      const champ = walkRow(this.walk, rows, s * T, this.node, side);
      for (let g = 0; g < G; g++) {
        const a = side[g];
        aWins[g] += a;
        titles[(g * 2 + 1 - a) * T + champ]++;
      }
    }
    this.sims.count += count;
  }
}

export interface GameImportance {
  game: number;
  round: number;
  /** P(side A wins the game). */
  pA: number;
  /** P(X | A wins), P(X | B wins); null when that side never won in the simulations. */
  givenA: number | null;
  givenB: number | null;
  swing: number | null;
  importance: number | null;
}

/** Importance of every still undecided game for team t's title. */
export function titleImportance(tally: TitleImportanceTally, t: number): GameImportance[] {
  const b = tally.walk.bracket;
  const T = b.teamCount;
  const n = tally.sims.count;
  const out: GameImportance[] = [];
  for (let g = 0; g < b.gameCount; g++) {
    if (b.forced[g] >= 0) continue;
    const nA = tally.aWins[g];
    out.push(importanceOf(g, b.gameRound[g], n, nA, tally.titles[g * 2 * T + t], tally.titles[(g * 2 + 1) * T + t]));
  }
  return out;
}

/** All teams at once: swing[g * T + t] and importance[g * T + t] (NaN where a side never won). */
export function titleImportanceTable(tally: TitleImportanceTally): { pA: Float64Array; swing: Float64Array; importance: Float64Array } {
  const b = tally.walk.bracket;
  const T = b.teamCount;
  const G = b.gameCount;
  const n = tally.sims.count;
  const pA = new Float64Array(G);
  const swing = new Float64Array(G * T);
  const importance = new Float64Array(G * T);
  for (let g = 0; g < G; g++) {
    const nA = tally.aWins[g];
    const nB = n - nA;
    const p = nA / n;
    pA[g] = p;
    for (let t = 0; t < T; t++) {
      if (nA === 0 || nB === 0) {
        swing[g * T + t] = NaN;
        importance[g * T + t] = NaN;
        continue;
      }
      const d = Math.abs(tally.titles[g * 2 * T + t] / nA - tally.titles[(g * 2 + 1) * T + t] / nB);
      swing[g * T + t] = d;
      importance[g * T + t] = 2 * p * (1 - p) * d;
    }
  }
  return { pA, swing, importance };
}

function importanceOf(g: number, round: number, n: number, nA: number, sumA: number, sumB: number): GameImportance {
  const nB = n - nA;
  const pA = n > 0 ? nA / n : NaN;
  const givenA = nA > 0 ? sumA / nA : null;
  const givenB = nB > 0 ? sumB / nB : null;
  const swing = givenA !== null && givenB !== null ? Math.abs(givenA - givenB) : null;
  return { game: g, round, pA, givenA, givenB, swing, importance: swing === null ? null : 2 * pA * (1 - pA) * swing };
}

/**
 * Importance for any outcome given per simulation (0/1 or a value in [0, 1]: a team's playoff berth, an
 * entry's chance to win its pool in that tournament). Rows arrive in simulation order; sums are kept per
 * stream block and added in block order.
 */
export class OutcomeImportanceTally {
  private count = 0;
  private readonly aWins: Float64Array;
  private readonly sums: Float64Array;
  private readonly blockSums: Float64Array;
  private readonly node: Int32Array;
  private readonly side: Uint8Array;

  constructor(readonly walk: GameWalk) {
    const b = walk.bracket;
    this.aWins = new Float64Array(b.gameCount);
    this.sums = new Float64Array(b.gameCount * 2);
    this.blockSums = new Float64Array(b.gameCount * 2);
    this.node = new Int32Array(b.teamCount + b.gameCount);
    for (let t = 0; t < b.teamCount; t++) this.node[t] = t;
    this.side = new Uint8Array(b.gameCount);
  }

  /** rows and x for simulations simStart .. simStart + count - 1 (call in simulation order). */
  add(simStart: number, rows: Uint8Array, x: ArrayLike<number>, count: number): void {
    const b = this.walk.bracket;
    const T = b.teamCount;
    const G = b.gameCount;
    if (simStart !== this.count) throw new Error(`simulations must arrive in order (expected ${this.count}, got ${simStart})`);
    for (let s = 0; s < count; s++) {
      walkRow(this.walk, rows, s * T, this.node, this.side);
      const v = x[s];
      for (let g = 0; g < G; g++) {
        const a = this.side[g];
        this.aWins[g] += a;
        this.blockSums[g * 2 + 1 - a] += v;
      }
      this.count++;
      if (this.count % BLOCK_SIZE === 0) this.flush();
    }
  }

  private flush(): void {
    for (let k = 0; k < this.sums.length; k++) this.sums[k] += this.blockSums[k];
    this.blockSums.fill(0);
  }

  /** Totals: simulations, A-side wins and the sum of X by side (sums[g * 2 + 0] = A). */
  totals(): { count: number; aWins: Float64Array; sums: Float64Array } {
    const sums = this.sums.slice();
    for (let k = 0; k < sums.length; k++) sums[k] += this.blockSums[k];
    return { count: this.count, aWins: this.aWins.slice(), sums };
  }

  result(): GameImportance[] {
    const b = this.walk.bracket;
    const { count, aWins, sums } = this.totals();
    const out: GameImportance[] = [];
    for (let g = 0; g < b.gameCount; g++) {
      if (b.forced[g] >= 0) continue;
      out.push(importanceOf(g, b.gameRound[g], count, aWins[g], sums[g * 2], sums[g * 2 + 1]));
    }
    return out;
  }
}

/** The teams that can come from each side of game g, top to bottom (names for reports). */
export function gameSides(b: Bracket, g: number): { a: string[]; b: string[] } {
  const T = b.teamCount;
  const collect = (node: number, out: string[]): string[] => {
    if (node < T) out.push(b.names[node]);
    else {
      const x = node - T;
      if (b.forced[x] >= 0) out.push(b.names[b.forced[x]]);
      else {
        collect(b.gameA[x], out);
        collect(b.gameB[x], out);
      }
    }
    return out;
  };
  return { a: collect(b.gameA[g], []), b: collect(b.gameB[g], []) };
}
