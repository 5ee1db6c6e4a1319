import { describe, expect, it } from 'vitest';
import { compileBracket } from '../engine/tournament/bracket.js';
import { kernelTables, prepareKernel, simulateFixed } from '../engine/tournament/kernel.js';
import { fiveThirtyEight } from '../engine/tournament/win-probability.js';
import { blockState, BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import { chalkPicks } from '../engine/pool/chalk.js';
import { picksToWins } from '../engine/pool/entry.js';
import { entryScores } from '../engine/pool/evaluate.js';
import { gameSides, gameWalk, OutcomeImportanceTally, titleImportance, titleImportanceTable, TitleImportanceTally } from '../engine/pool/importance.js';
import { poolContext } from '../engine/pool/pool-context.js';
import { poolEntryImportance } from '../engine/pool/pool-importance.js';
import { joinBlocks, PoolBlockBuilder } from '../engine/pool/sample.js';
import { poolBracket } from '../engine/pool/pool-bracket.js';
import { field2016 } from './helpers/field-2016.js';
import { publicShares, smallField } from './helpers/pool.js';
import { slotsField } from './helpers/brackets.js';

function simulateRows(b: ReturnType<typeof compileBracket>, seed: number, blocks: number): Uint8Array {
  const k = prepareKernel(kernelTables(b, fiveThirtyEight));
  const T = b.teamCount;
  const rows = new Uint8Array(blocks * BLOCK_SIZE * T);
  const counts = new Int32Array(b.gameCount * T);
  for (let x = 0; x < blocks; x++) simulateFixed(k, blockState(seed, x), BLOCK_SIZE, counts, rows.subarray(x * BLOCK_SIZE * T));
  return rows;
}

describe('game importance', () => {
  it("splits every simulation by each game's result: P(X) = p P(X|A) + (1 - p) P(X|B) exactly on the counts", async () => {
    const b = compileBracket(await field2016());
    const T = b.teamCount;
    const rows = simulateRows(b, 1, 2);
    const n = 2 * BLOCK_SIZE;
    const tally = new TitleImportanceTally(gameWalk(b));
    tally.add(rows, n);
    const titles = new Float64Array(T);
    for (let s = 0; s < n; s++) for (let t = 0; t < T; t++) if (rows[s * T + t] === b.rounds - b.firstRound[t] + 1) titles[t]++;
    expect(titles.reduce((a, c) => a + c, 0)).toBe(n);
    expect(Array.from(tally.titles)).toEqual(Array.from(titles));
    // A-side counts against a walk of every simulation's bracket.
    const aWins = new Float64Array(b.gameCount);
    const node = new Int32Array(T + b.gameCount);
    // Games team t must win to win game g: one more than the games before g on its path.
    const parent = new Int32Array(T + b.gameCount).fill(-1);
    for (let g = 0; g < b.gameCount; g++) parent[b.gameA[g]] = parent[b.gameB[g]] = g;
    const needTab = new Int32Array(b.gameCount * T);
    for (let t = 0; t < T; t++) for (let g = parent[t], k = 1; g >= 0; g = parent[T + g], k++) needTab[g * T + t] = k;
    let neither = 0;
    for (let s = 0; s < n; s++) {
      for (let t = 0; t < T; t++) node[t] = t;
      for (let g = 0; g < b.gameCount; g++) {
        const a = node[b.gameA[g]];
        const c = node[b.gameB[g]];
        const aWon = rows[s * T + a] >= needTab[g * T + a];
        if (!aWon && rows[s * T + c] < needTab[g * T + c]) neither++;
        node[T + g] = aWon ? a : c;
        if (aWon) aWins[g]++;
      }
    }
    expect(neither).toBe(0);
    for (let g = 0; g < b.gameCount; g++) expect(tally.aWins(g)).toBe(aWins[g]);
    for (let g = 0; g < b.gameCount; g++) {
      for (let t = 0; t < T; t++) {
        // Integer counts: the identity holds with no rounding at all.
        expect(tally.titlesGiven(g, 0, t) + tally.titlesGiven(g, 1, t)).toBe(titles[t]);
        expect(tally.titlesGiven(g, 1, t)).toBeGreaterThanOrEqual(0);
      }
    }
    const kansas = b.names.indexOf('Kansas');
    const games = titleImportance(tally, kansas);
    for (const x of games) {
      if (x.givenA === null || x.givenB === null) continue;
      expect(x.pA * x.givenA + (1 - x.pA) * x.givenB).toBeCloseTo(titles[kansas] / n, 14);
      expect(x.importance).toBeCloseTo(2 * x.pA * (1 - x.pA) * x.swing!, 15);
    }
    // The game that matters most for Kansas's title is one Kansas can play in; a game in the other half
    // of the bracket matters less than any of Kansas's own.
    const top = games.reduce((a, c) => ((c.importance ?? 0) > (a.importance ?? 0) ? c : a));
    const sides = gameSides(b, top.game);
    expect([...sides.a, ...sides.b]).toContain('Kansas');
    const table = titleImportanceTable(tally);
    expect(table.importance[top.game * T + kansas]).toBe(top.importance);
    const first = games.find((x) => gameSides(b, x.game).a.includes('Kansas') && x.round === 2)!;
    expect(first.givenB).toBe(0);
  });

  it('matches the exact swing on a 4-team bracket', () => {
    const b = compileBracket(slotsField({ A: 90, B: 80, C: 85, D: 84 }, ['A', 'B', 'C', 'D']));
    const n = 3 * BLOCK_SIZE;
    const rows = simulateRows(b, 2, 3);
    const tally = new TitleImportanceTally(gameWalk(b));
    tally.add(rows, n);
    // Game 0 is A v B: P(A's title | A wins) = P(A beats C or D), and 0 if B wins.
    const p = fiveThirtyEight.prob;
    const pC = (p(85, 84) * 1) / 1;
    const aFinal = pC * p(90, 85) + (1 - pC) * p(90, 84);
    const [g0] = titleImportance(tally, 0).filter((x) => x.game === 0);
    expect(g0.givenB).toBe(0);
    expect(Math.abs(g0.givenA! - aFinal)).toBeLessThan(4 * Math.sqrt((aFinal * (1 - aFinal)) / (g0.pA * n)));
    expect(Math.abs(g0.swing! - aFinal)).toBeLessThan(0.03);
  });

  it('gives the same figures for any outcome however the rows arrive', async () => {
    const b = compileBracket(await field2016());
    const T = b.teamCount;
    const n = 3 * BLOCK_SIZE;
    const rows = simulateRows(b, 3, 3);
    const x = Float64Array.from({ length: n }, (_, s) => (rows[s * T + 0] >= 3 ? 0.25 + (s % 7) / 10 : 0));
    const whole = new OutcomeImportanceTally(gameWalk(b));
    whole.add(0, rows, x, n);
    const pieces = new OutcomeImportanceTally(gameWalk(b));
    for (const [from, to] of [
      [0, 1000],
      [1000, 5000],
      [5000, n],
    ]) {
      pieces.add(from, rows.subarray(from * T, to * T), x.subarray(from, to), to - from);
    }
    expect(JSON.stringify(pieces.result())).toBe(JSON.stringify(whole.result()));
    const total = x.reduce((a, c) => a + c, 0) / n;
    for (const g of whole.result()) if (g.givenA !== null && g.givenB !== null) expect(g.pA * g.givenA + (1 - g.pA) * g.givenB).toBeCloseTo(total, 13);
    expect(() => pieces.add(0, rows, x, 1)).toThrow(/in order/);
  });

  it('ranks the games that matter for an entry winning its pool, the identity holding on the prize', () => {
    const pb = poolBracket(compileBracket(smallField(16, 5)));
    const ctx = poolContext(pb, publicShares(pb, 5), fiveThirtyEight, { poolSize: 50 });
    const rows = simulateRows(pb.bracket, 4, 1);
    const block = new PoolBlockBuilder(ctx).fromRows(rows, BLOCK_SIZE);
    const sample = joinBlocks(ctx, [block]);
    const entry = picksToWins(pb, chalkPicks(ctx));
    const games = poolEntryImportance(ctx, sample, [entry]);
    expect(games).toHaveLength(15);
    const scores = entryScores(ctx.grid, sample, entry);
    let total = 0;
    for (let s = 0; s < sample.count; s++) total += sample.prize[s * sample.bins + scores[s]];
    total /= sample.count;
    for (const g of games) expect(g.pA * g.givenA! + (1 - g.pA) * g.givenB!).toBeCloseTo(total, 13);
    // The final matters more than any first-round game for a chalk entry.
    const final = games.find((g) => g.round === pb.bracket.rounds)!;
    const firsts = games.filter((g) => g.round === 2);
    expect(final.importance!).toBeGreaterThan(Math.max(...firsts.map((g) => g.importance!)));
  });
});
