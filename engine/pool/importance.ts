// Game importance (leverage) for an outcome X, from simulations grouped by each game's result: side A
// of game g won when its winner came from g's first input (for a game whose two teams are known, "A
// wins"). swing = |P(X | A) - P(X | B)|, importance = 2 p (1 - p) swing with p = P(A) (FiveThirtyEight's
// and inpredictable's definitions). Since the groups split the simulations,
// P(X) = p P(X | A) + (1 - p) P(X | B) holds exactly on the counts.
//
// Input is kernel rows (games won per team per simulation, T bytes each), so this runs on stored
// simulations. A team that won w games won the first w games of its path, so the games its side won are
// read from the row directly (no bracket walk): about 33 counter increments a simulation on the
// 64-team bracket. For a real-valued X (an entry's chance to win its pool in each tournament) the sums
// are kept per stream block and added in block order: the same figures however the rows arrive.
import { BLOCK_SIZE } from '../random/stream-scheme.js';
import { gameParents, type Bracket } from '../tournament/bracket.js';

/**
 * The bracket as each team's path: for team t after w wins, the games among its first w in which it
 * came from side A are aGames[aStart[t] .. aStart[t] + aCount[t * (maxPath + 1) + w] - 1].
 */
export interface GameWalk {
  bracket: Bracket;
  /** Longest path (games a team can win). */
  maxPath: number;
  aStart: Int32Array;
  aGames: Int32Array;
  aCount: Uint8Array;
  /** Games team t must win to be champion. */
  titleWins: Uint8Array;
}

export function gameWalk(b: Bracket): GameWalk {
  const T = b.teamCount;
  const parent = gameParents(b);
  const paths: { game: number; a: boolean }[][] = [];
  for (let t = 0; t < T; t++) {
    const path: { game: number; a: boolean }[] = [];
    for (let node = t, g = parent[t]; g >= 0; node = T + g, g = parent[T + g]) path.push({ game: g, a: b.gameA[g] === node });
    paths.push(path);
  }
  const maxPath = Math.max(0, ...paths.map((p) => p.length));
  const W = maxPath + 1;
  const aStart = new Int32Array(T + 1);
  const aGames: number[] = [];
  const aCount = new Uint8Array(T * W);
  paths.forEach((path, t) => {
    aStart[t] = aGames.length;
    let c = 0;
    for (let k = 0; k <= maxPath; k++) {
      aCount[t * W + k] = c;
      if (k < path.length && path[k].a) {
        aGames.push(path[k].game);
        c++;
      }
    }
  });
  aStart[T] = aGames.length;
  return { bracket: b, maxPath, aStart, aGames: Int32Array.from(aGames), aCount, titleWins: Uint8Array.from(paths, (p) => p.length) };
}

/** Counts for every team's title at once (integers: the identity holds exactly). */
export class TitleImportanceTally {
  readonly sims = { count: 0 };
  /** titlesA[t * G + g]: simulations where side A won g and t won the title (one champion's counts together). */
  readonly titlesA: Int32Array;
  /** Titles of each team. */
  readonly titles: Int32Array;

  constructor(readonly walk: GameWalk) {
    const b = walk.bracket;
    this.titlesA = new Int32Array(b.teamCount * b.gameCount);
    this.titles = new Int32Array(b.teamCount);
  }

  add(rows: Uint8Array, count: number): void {
    const { aStart, aGames, aCount, titleWins, maxPath } = this.walk;
    const T = this.walk.bracket.teamCount;
    const G = this.walk.bracket.gameCount;
    const W = maxPath + 1;
    const titlesA = this.titlesA;
    for (let s = 0, row = 0; s < count; s++, row += T) {
      let champ = 0;
      while (rows[row + champ] < titleWins[champ]) champ++;
      this.titles[champ]++;
      const base = champ * G;
      for (let t = 0; t < T; t++) {
        const k0 = aStart[t];
        const end = k0 + aCount[t * W + rows[row + t]];
        for (let k = k0; k < end; k++) titlesA[base + aGames[k]]++;
      }
    }
    this.sims.count += count;
  }

  /** Simulations where side A (0) or B (1) won game g and team t won the title. */
  titlesGiven(g: number, side: 0 | 1, t: number): number {
    const a = this.titlesA[t * this.walk.bracket.gameCount + g];
    return side === 0 ? a : this.titles[t] - a;
  }

  /** Simulations where side A won game g. */
  aWins(g: number): number {
    const { teamCount: T, gameCount: G } = this.walk.bracket;
    let n = 0;
    for (let t = 0; t < T; t++) n += this.titlesA[t * G + g];
    return n;
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
  const n = tally.sims.count;
  const out: GameImportance[] = [];
  for (let g = 0; g < b.gameCount; g++) {
    if (b.forced[g] >= 0) continue;
    out.push(importanceOf(g, b.gameRound[g], n, tally.aWins(g), tally.titlesGiven(g, 0, t), tally.titlesGiven(g, 1, t)));
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
    const nA = tally.aWins(g);
    const nB = n - nA;
    const p = nA / n;
    pA[g] = p;
    for (let t = 0; t < T; t++) {
      if (nA === 0 || nB === 0) {
        swing[g * T + t] = NaN;
        importance[g * T + t] = NaN;
        continue;
      }
      const a = tally.titlesA[t * G + g];
      const d = Math.abs(a / nA - (tally.titles[t] - a) / nB);
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
  /** Sums of X where side A won each game, and of X overall (per block, then in block order). */
  private readonly sumsA: Float64Array;
  private sum = 0;
  private readonly blockA: Float64Array;
  private blockSum = 0;

  constructor(readonly walk: GameWalk) {
    const b = walk.bracket;
    this.aWins = new Float64Array(b.gameCount);
    this.sumsA = new Float64Array(b.gameCount);
    this.blockA = new Float64Array(b.gameCount);
  }

  /** rows and x for simulations simStart .. simStart + count - 1 (call in simulation order). */
  add(simStart: number, rows: Uint8Array, x: ArrayLike<number>, count: number): void {
    const { aStart, aGames, aCount, maxPath } = this.walk;
    const T = this.walk.bracket.teamCount;
    const W = maxPath + 1;
    if (simStart !== this.count) throw new Error(`simulations must arrive in order (expected ${this.count}, got ${simStart})`);
    for (let s = 0, row = 0; s < count; s++, row += T) {
      const v = x[s];
      for (let t = 0; t < T; t++) {
        const k0 = aStart[t];
        const end = k0 + aCount[t * W + rows[row + t]];
        for (let k = k0; k < end; k++) {
          this.aWins[aGames[k]]++;
          this.blockA[aGames[k]] += v;
        }
      }
      this.blockSum += v;
      this.count++;
      if (this.count % BLOCK_SIZE === 0) this.flush();
    }
  }

  private flush(): void {
    for (let g = 0; g < this.sumsA.length; g++) this.sumsA[g] += this.blockA[g];
    this.sum += this.blockSum;
    this.blockA.fill(0);
    this.blockSum = 0;
  }

  /** Totals: simulations, A-side wins, the sum of X where A won each game, and of X overall. */
  totals(): { count: number; aWins: Float64Array; sumsA: Float64Array; sum: number } {
    const sumsA = this.sumsA.slice();
    for (let g = 0; g < sumsA.length; g++) sumsA[g] += this.blockA[g];
    return { count: this.count, aWins: this.aWins.slice(), sumsA, sum: this.sum + this.blockSum };
  }

  result(): GameImportance[] {
    const b = this.walk.bracket;
    const { count, aWins, sumsA, sum } = this.totals();
    const out: GameImportance[] = [];
    for (let g = 0; g < b.gameCount; g++) {
      if (b.forced[g] >= 0) continue;
      out.push(importanceOf(g, b.gameRound[g], count, aWins[g], sumsA[g], sum - sumsA[g]));
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
