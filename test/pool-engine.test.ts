import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileBracket } from '../engine/tournament/bracket.js';
import { kernelTables, prepareKernel } from '../engine/tournament/kernel.js';
import { fiveThirtyEight } from '../engine/tournament/win-probability.js';
import { blockState, BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import { Xoshiro128 } from '../engine/random/xoshiro128.js';
import { chalkPicks } from '../engine/pool/chalk.js';
import { picksToWins, withWins, winsToPicks } from '../engine/pool/entry.js';
import { bestOf, blockValues, combineBlocks, entryScores, moveBlockValues, moveSet } from '../engine/pool/evaluate.js';
import { combineHoldout, HoldoutRunner } from '../engine/pool/holdout.js';
import { OpponentScoreDp } from '../engine/pool/opponent-score.js';
import { bracketProbability, drawOpponent, sampleOpponents } from '../engine/pool/opponents.js';
import { searchEntries } from '../engine/pool/optimize.js';
import { expectedPrize, finitePayTable, PrizeScratch, validatePayouts, winShare } from '../engine/pool/payouts.js';
import { resolvePickShares } from '../engine/pool/pick-shares.js';
import { parsePicksCsv } from '../engine/pool/picks-csv.js';
import { poolBracket } from '../engine/pool/pool-bracket.js';
import { poolContext, type PoolContext, type PoolSetup } from '../engine/pool/pool-context.js';
import { poolReport } from '../engine/pool/report.js';
import { holdoutSeed, runPool, simulateOutcomes } from '../engine/pool/run.js';
import { joinBlocks, PoolBlockBuilder, type PoolSample } from '../engine/pool/sample.js';
import { poolEntryImportance } from '../engine/pool/pool-importance.js';
import { entryPoints, entryUnits, pickPoints, pointsGrid } from '../engine/pool/scoring.js';
import { SimcastError } from '../core/errors.js';
import { allBrackets, enumerateOutcomes, exactSample, field2016AfterFirstFour, PICKS_2016, publicShares, smallField, smallPool } from './helpers/pool.js';

const value = (ctx: PoolContext, sample: PoolSample, picks: Int32Array[]): number => {
  const blocks = sample.blockStart.length - 1;
  const scores = bestOf(picks.map((p) => entryScores(ctx.grid, sample, picksToWins(ctx.pb, p))))!;
  return combineBlocks(sample, blockValues(sample, scores, null, 0, blocks), 1, 0, blocks)[0];
};

async function pool2016(setup: PoolSetup): Promise<PoolContext> {
  const pb = poolBracket(compileBracket(await field2016AfterFirstFour()));
  const shares = resolvePickShares(parsePicksCsv(readFileSync(PICKS_2016, 'utf8'), PICKS_2016), pb);
  return poolContext(pb, shares, fiveThirtyEight, setup);
}

/** Simulated sample of `blocks` stream blocks of `size` tournaments each. */
function simulatedSample(ctx: PoolContext, seed: number, blocks: number, size = BLOCK_SIZE): PoolSample {
  const kernel = prepareKernel(kernelTables(ctx.pb.bracket, fiveThirtyEight));
  const builder = new PoolBlockBuilder(ctx);
  const list = Array.from({ length: blocks }, (_, b) => builder.fromOutcomes(simulateOutcomes(ctx, kernel, seed, b, size), size));
  return joinBlocks(ctx, list);
}

describe('scoring', () => {
  it('gives ESPN points on an exact grid of 10s: chalk scores 1,920 when chalk happens', async () => {
    const ctx = await pool2016({ poolSize: 10 });
    expect(ctx.grid).toMatchObject({ unit: 10, exact: true, bins: 193 });
    const wins = picksToWins(ctx.pb, chalkPicks(ctx));
    expect(entryPoints(ctx.grid, wins, wins)).toBe(1920);
    expect(entryUnits(ctx.grid, wins, wins)).toBe(192);
    // The champion losing its first game costs its 6 picks: 10+20+40+80+160+320.
    const upset = wins.slice();
    const champ = wins.indexOf(6);
    upset[champ] = 0;
    expect(entryPoints(ctx.grid, wins, upset)).toBe(1920 - 630);
  });

  it('adds or multiplies seed bonuses, and lays fine-grained points on a coarser grid it reports', () => {
    const pb = poolBracket(compileBracket(smallField(8, 3)));
    const i = pb.seeds.indexOf(5);
    const final = pb.gameCount - 1;
    expect(pickPoints({ roundPoints: [1, 2, 4], seedBonus: [0, 1, 2, 3, 4, 5, 6, 7] }, pb, i, final)).toBe(8);
    expect(pickPoints({ roundPoints: [1, 2, 4], seedBonus: [1, 1, 1, 1, 3, 1, 1, 1], combine: 'multiply' }, pb, i, final)).toBe(12);
    expect(pointsGrid({ roundPoints: [1, 2, 4], seedBonus: [0, 1, 2, 3, 4, 5, 6, 7] }, pb).exact).toBe(true);
    const fine = pointsGrid({ roundPoints: [1, 2, 4], seedBonus: [0.0001, 0.1234567, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7] }, pb, 64);
    expect(fine.exact).toBe(false);
    expect(fine.bins).toBeLessThanOrEqual(64 + pb.gameCount);
    expect(() => pointsGrid({ roundPoints: [1, 2] }, pb)).toThrow(/points for each of the 3 rounds/);
    expect(() => pointsGrid({ roundPoints: [1, 2, 4], seedBonus: [1, 2] }, pb)).toThrow(/seed bonuses are given for seeds 1\.\.2/);
  });
});

describe('payouts and ties', () => {
  it('splits tied places evenly', () => {
    const tab = finitePayTable(Float64Array.of(0.7, 0.2, 0.1), 4);
    const at = (above: number, tied: number) => tab[above * 5 + tied];
    expect(at(0, 0)).toBeCloseTo(0.7, 15);
    expect(at(0, 1)).toBeCloseTo(0.45, 15);
    expect(at(1, 2)).toBeCloseTo(0.1, 15);
    expect(at(2, 2)).toBeCloseTo(0.1 / 3, 15);
    expect(at(3, 0)).toBe(0);
    expect(() => validatePayouts([0.5, 0.3, 0.2], 2)).toThrow(/pay 3 places, but the pool has 2 entries/);
    expect(() => validatePayouts([0, 0], 5)).toThrow(/pay nothing/);
    expect(() => validatePayouts([-1], 5)).toThrow(/non-negative/);
  });

  it('prices n iid opponents in closed form exactly as enumerating them does', () => {
    const pays = [Float64Array.of(1), Float64Array.of(0.6, 0.3, 0.1), Float64Array.of(0.5, 0.5)];
    const cases = [
      [0.2, 0.3, 0.5],
      [0, 0.4, 0.6],
      [0.5, 0, 0.5],
      [0.1, 0.9, 0],
      [0.3, 1e-9, 0.7 - 1e-9],
      [0, 0, 1],
    ];
    for (const pay of pays) {
      const scratch = new PrizeScratch(pay.length, 4);
      for (let n = 1; n <= 6; n++) {
        const tab = finitePayTable(pay, n);
        for (const [a, b, c] of cases) {
          // Enumerate how many opponents are above and tied: multinomial(n; a, b, c).
          let exact = 0;
          for (let A = 0; A <= n; A++) {
            for (let K = 0; A + K <= n; K++) {
              exact += multinomial(n, A, K) * a ** A * b ** K * c ** (n - A - K) * tab[A * (n + 1) + K];
            }
          }
          expect(expectedPrize(pay, n, a, b, c, scratch)).toBeCloseTo(exact, 12);
          if (pay.length === 1) expect(winShare(n, b, c)).toBeCloseTo(exact, 12);
        }
      }
    }
  });
});

function multinomial(n: number, a: number, k: number): number {
  const f = (x: number): number => (x <= 1 ? 1 : x * f(x - 1));
  return f(n) / (f(a) * f(k) * f(n - a - k));
}

/** An opponent's score distribution by enumerating every bracket with its model probability. */
function enumeratedPmf(ctx: PoolContext, brackets: Int32Array[], outcome: Uint8Array, offset: number): Float64Array {
  const pmf = new Float64Array(ctx.grid.bins);
  for (const p of brackets) pmf[entryUnits(ctx.grid, picksToWins(ctx.pb, p), outcome, offset)] += bracketProbability(ctx.pb, ctx.model!, p);
  return pmf;
}

describe('opponent model', () => {
  it('is a distribution over brackets, and the top-down walk draws brackets as often as it says', () => {
    const { pb, shares } = smallPool(8, 11);
    const ctx = poolContext(pb, shares, fiveThirtyEight, { poolSize: 5 });
    const brackets = allBrackets(pb);
    const probs = brackets.map((p) => bracketProbability(pb, ctx.model!, p));
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    const rng = new Xoshiro128(blockState('opponents', 0));
    const count = new Map<string, number>();
    const picks = new Int32Array(pb.gameCount);
    const n = 200_000;
    for (let k = 0; k < n; k++) {
      const key = drawOpponent(pb, ctx.model!, rng, picks).join(',');
      count.set(key, (count.get(key) ?? 0) + 1);
    }
    brackets.forEach((p, x) => {
      const q = (count.get(p.join(',')) ?? 0) / n;
      expect(Math.abs(q - probs[x])).toBeLessThan(5 * Math.sqrt((probs[x] * (1 - probs[x])) / n) + 1e-9);
    });
  });

  it('gives the champion its title share, and a game fixed from above keeps its winner', async () => {
    const ctx = await pool2016({ poolSize: 10 });
    const root = ctx.pb.gameCount - 1;
    const kansas = ctx.pb.names.indexOf('Kansas');
    expect(ctx.model!.weight[root * 64 + kansas]).toBeCloseTo(0.271 / 1.001, 12);
    const rng = new Xoshiro128(blockState(5, 0));
    const picks = new Int32Array(ctx.pb.gameCount);
    for (let k = 0; k < 200; k++) {
      drawOpponent(ctx.pb, ctx.model!, rng, picks);
      expect(() => winsToPicks(ctx.pb, picksToWins(ctx.pb, picks))).not.toThrow();
    }
  });

  it("computes one opponent's score distribution exactly (every bracket enumerated), for the public, chalky and seed-bonus cases", () => {
    for (const [seed, setup] of [
      [1, { poolSize: 5 }],
      [2, { poolSize: 5, opponents: { kind: 'chalky', power: 2 } }],
      [3, { poolSize: 5, scoring: { roundPoints: [1, 2, 4], seedBonus: [0, 1, 2, 3, 4, 5, 6, 7] } }],
      [4, { poolSize: 5, scoring: { roundPoints: [3, 5, 7], seedBonus: [1, 1, 2, 2, 3, 3, 4, 4], combine: 'multiply' } }],
    ] as [number, PoolSetup][]) {
      const { pb, shares } = smallPool(8, seed);
      const ctx = poolContext(pb, shares, fiveThirtyEight, setup);
      const dp = new OpponentScoreDp(pb, ctx.grid, ctx.model!);
      const brackets = allBrackets(pb);
      const { outcomes, count } = enumerateOutcomes(pb);
      const pmf = new Float64Array(ctx.grid.bins);
      for (let s = 0; s < count; s++) {
        dp.pmf(outcomes, s * pb.size, pmf);
        const exact = enumeratedPmf(ctx, brackets, outcomes, s * pb.size);
        for (let u = 0; u < ctx.grid.bins; u++) expect(pmf[u]).toBeCloseTo(exact[u], 14);
      }
    }
  });

  it('agrees with sampled opponents on the 2016 field (64 teams)', async () => {
    const ctx = await pool2016({ poolSize: 10 });
    const kernel = prepareKernel(kernelTables(ctx.pb.bracket, fiveThirtyEight));
    const outcomes = simulateOutcomes(ctx, kernel, 3, 0, 2);
    const dp = new OpponentScoreDp(ctx.pb, ctx.grid, ctx.model!);
    const pmf = new Float64Array(ctx.grid.bins);
    const rng = new Xoshiro128(blockState('sampled-opponents', 0));
    const picks = new Int32Array(ctx.pb.gameCount);
    const wins = new Uint8Array(64);
    for (let s = 0; s < 2; s++) {
      dp.pmf(outcomes, s * 64, pmf);
      expect(pmf.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const n = 50_000;
      let mean = 0;
      let meanSq = 0;
      for (let k = 0; k < n; k++) {
        const u = entryUnits(ctx.grid, picksToWins(ctx.pb, drawOpponent(ctx.pb, ctx.model!, rng, picks), wins), outcomes, s * 64);
        mean += u / n;
        meanSq += (u * u) / n;
      }
      const exactMean = pmf.reduce((a, p, u) => a + p * u, 0);
      const se = Math.sqrt((meanSq - mean * mean) / n);
      expect(Math.abs(mean - exactMean)).toBeLessThan(4 * se);
    }
  });
});

describe("a fixed entry's chance to win", () => {
  it('equals an independent exact computation (8 teams: every outcome, every opponent bracket, pools of 1 to 3)', () => {
    const { pb, shares } = smallPool(8, 5);
    const brackets = allBrackets(pb);
    const { outcomes, weights, count } = enumerateOutcomes(pb);
    for (const [M, payouts] of [
      [1, [1]],
      [3, [1]],
      [3, [0.6, 0.3, 0.1]],
      [2, [0.5, 0.5]],
    ] as [number, number[]][]) {
      const ctx = poolContext(pb, shares, fiveThirtyEight, { poolSize: M, payouts });
      const sample = exactSample(ctx);
      const pay = validatePayouts(payouts, M + 1);
      const tab = finitePayTable(pay, M);
      for (const entry of [chalkPicks(ctx), brackets[37], brackets[101]]) {
        const wins = picksToWins(pb, entry);
        let exact = 0;
        for (let s = 0; s < count; s++) {
          const pmf = enumeratedPmf(ctx, brackets, outcomes, s * pb.size);
          const u = entryUnits(ctx.grid, wins, outcomes, s * pb.size);
          const vals = [...pmf.keys()].filter((v) => pmf[v] > 0);
          // Every combination of the M opponents' scores.
          const walk = (k: number, prob: number, above: number, tied: number): number => {
            if (k === M) return prob * tab[above * (M + 1) + tied];
            let acc = 0;
            for (const v of vals) acc += walk(k + 1, prob * pmf[v], above + (v > u ? 1 : 0), tied + (v === u ? 1 : 0));
            return acc;
          };
          exact += weights[s] * walk(0, 1, 0, 0);
        }
        expect(value(ctx, sample, [entry])).toBeCloseTo(exact, 13);
      }
    }
  });

  it('matches pools of sampled opponents on the 2016 field within their standard error', async () => {
    const ctx = await pool2016({ poolSize: 30 });
    const sample = simulatedSample(ctx, 9, 1, 2048);
    const entry = picksToWins(ctx.pb, chalkPicks(ctx));
    const rng = new Xoshiro128(blockState('field', 0));
    const picks = new Int32Array(ctx.pb.gameCount);
    const wins = new Uint8Array(64);
    const scores = new Int32Array(30);
    let diff = 0;
    let diffSq = 0;
    for (let s = 0; s < sample.count; s++) {
      for (let m = 0; m < 30; m++)
        scores[m] = entryUnits(ctx.grid, picksToWins(ctx.pb, drawOpponent(ctx.pb, ctx.model!, rng, picks), wins), sample.outcomes, s * 64);
      const u = entryUnits(ctx.grid, entry, sample.outcomes, s * 64);
      const above = scores.filter((v) => v > u).length;
      const tied = scores.filter((v) => v === u).length;
      const sampled = above === 0 ? 1 / (tied + 1) : 0;
      const d = sampled - sample.prize[s * sample.bins + u];
      diff += d / sample.count;
      diffSq += (d * d) / sample.count;
    }
    const se = Math.sqrt((diffSq - diff * diff) / sample.count);
    expect(Math.abs(diff)).toBeLessThan(4 * se);
  });
});

describe('optimizer against brute force (every bracket of 8 teams, every outcome enumerated)', () => {
  const cases: [number, PoolSetup][] = [
    [21, { poolSize: 3 }],
    [22, { poolSize: 20 }],
    [23, { poolSize: 300 }],
    [24, { poolSize: 10, payouts: [0.6, 0.3, 0.1] }],
    [25, { poolSize: 50, opponents: { kind: 'chalky', power: 2 } }],
    [26, { poolSize: 1000 }],
    [27, { poolSize: 40, scoring: { roundPoints: [1, 2, 4], seedBonus: [0, 1, 2, 3, 4, 5, 6, 7] } }],
    [28, { poolSize: 100 }],
  ];
  for (const [seed, setup] of cases) {
    it(`finds the best bracket: seed ${seed}, ${JSON.stringify(setup)}`, () => {
      const { pb, shares } = smallPool(8, seed);
      const ctx = poolContext(pb, shares, fiveThirtyEight, setup);
      const sample = exactSample(ctx);
      let best = -Infinity;
      for (const p of allBrackets(pb)) best = Math.max(best, value(ctx, sample, [p]));
      const r = searchEntries(ctx, sample, { minProbability: 0, restarts: 8 });
      expect(r.value).toBeCloseTo(best, 14);
      expect(r.value).toBeGreaterThanOrEqual(r.chalkValue);
    });
  }

  it('finds the best bracket of 16 teams on 256 simulated tournaments (32,768 brackets)', () => {
    for (const [seed, poolSize] of [[32, 200]]) {
      const pb = poolBracket(compileBracket(smallField(16, seed)));
      const ctx = poolContext(pb, publicShares(pb, seed), fiveThirtyEight, { poolSize });
      const sample = simulatedSample(ctx, seed, 1, 256);
      let best = -Infinity;
      for (const p of allBrackets(pb)) best = Math.max(best, value(ctx, sample, [p]));
      const r = searchEntries(ctx, sample, { minProbability: 0, restarts: 16 });
      expect(r.value).toBeGreaterThanOrEqual(best * (1 - 1e-3));
    }
  });

  it('builds a two-entry portfolio at least as good as its best single entry, near the best pair', () => {
    const { pb, shares } = smallPool(8, 41);
    const ctx = poolContext(pb, shares, fiveThirtyEight, { poolSize: 100 });
    const sample = exactSample(ctx);
    const brackets = allBrackets(pb);
    const scores = brackets.map((p) => entryScores(ctx.grid, sample, picksToWins(pb, p)));
    let bestPair = -Infinity;
    for (let a = 0; a < brackets.length; a++) {
      for (let b = a + 1; b < brackets.length; b++) {
        bestPair = Math.max(bestPair, combineBlocks(sample, blockValues(sample, scores[a], scores[b], 0, 1), 1, 0, 1)[0]);
      }
    }
    const one = searchEntries(ctx, sample, { minProbability: 0, restarts: 8 });
    const two = searchEntries(ctx, sample, { minProbability: 0, restarts: 8, entries: 2 });
    expect(two.entries).toHaveLength(2);
    expect(two.value).toBeGreaterThan(one.value);
    expect(two.value).toBeGreaterThanOrEqual(bestPair * 0.98);
  });

  it('keeps locked picks', () => {
    const { pb, shares } = smallPool(8, 22);
    const underdog = 5;
    const ctx = poolContext(pb, shares, fiveThirtyEight, { poolSize: 20, locks: new Map([[underdog, 2]]) });
    const r = searchEntries(ctx, exactSample(ctx), { minProbability: 0 });
    expect(picksToWins(pb, r.entries[0])[underdog]).toBe(2);
    const clash = poolContext(pb, shares, fiveThirtyEight, {
      poolSize: 20,
      locks: new Map([
        [0, 3],
        [1, 3],
      ]),
    });
    expect(() => searchEntries(clash, exactSample(clash))).toThrow(SimcastError);
  });

  it('plays explicit opponents: the prize counts their scores', () => {
    const { pb, shares } = smallPool(8, 23);
    const brackets = allBrackets(pb);
    const field = [brackets[3], brackets[77], brackets[120]];
    const ctx = poolContext(pb, shares, fiveThirtyEight, { opponents: { kind: 'explicit', entries: field }, payouts: [0.7, 0.3] });
    const sample = exactSample(ctx);
    const { outcomes, weights, count } = enumerateOutcomes(pb);
    const me = picksToWins(pb, brackets[50]);
    let exact = 0;
    for (let s = 0; s < count; s++) {
      const u = entryUnits(ctx.grid, me, outcomes, s * 8);
      const others = field.map((p) => entryUnits(ctx.grid, picksToWins(pb, p), outcomes, s * 8));
      const above = others.filter((v) => v > u).length;
      const tied = others.filter((v) => v === u).length;
      let prize = 0;
      for (let r = above; r <= above + tied; r++) prize += [0.7, 0.3][r] ?? 0;
      exact += (weights[s] * prize) / (tied + 1);
    }
    expect(value(ctx, sample, [brackets[50]])).toBeCloseTo(exact, 14);
  });
});

describe('determinism', () => {
  it('prices moves identically over any split of the blocks', async () => {
    const ctx = await pool2016({ poolSize: 100 });
    const sample = simulatedSample(ctx, 4, 3, 1024);
    const chalk = chalkPicks(ctx);
    const wins = picksToWins(ctx.pb, chalk);
    const base = entryScores(ctx.grid, sample, wins);
    const moves = moveSet(
      [3, 17, 40].map((x) => {
        const nw = picksToWins(ctx.pb, withWins(ctx.pb, chalk, x, 4));
        return Array.from(nw.keys())
          .filter((i) => nw[i] !== wins[i])
          .map((i) => ({ team: i, from: wins[i], to: nw[i] }));
      }),
    );
    const whole = moveBlockValues(ctx.grid, sample, base, null, moves, 0, 3);
    const split = new Float64Array(whole.length);
    split.set(moveBlockValues(ctx.grid, sample, base, null, moves, 0, 1), 0);
    split.set(moveBlockValues(ctx.grid, sample, base, null, moves, 1, 3), moves.count);
    expect(Array.from(split)).toEqual(Array.from(whole));
    expect(Array.from(combineBlocks(sample, split, moves.count, 0, 3))).toEqual(Array.from(combineBlocks(sample, whole, moves.count, 0, 3)));
    // Blocks built one by one or in another order of work join to the same sample.
    const again = simulatedSample(ctx, 4, 3, 1024);
    expect(Buffer.from(again.prize.buffer).equals(Buffer.from(sample.prize.buffer))).toBe(true);
  });

  it('samples the same example opponents however the work is split', async () => {
    const ctx = await pool2016({ poolSize: 10 });
    const all = sampleOpponents(ctx.pb, ctx.model!, 7, 0, 5000);
    const parts = [...sampleOpponents(ctx.pb, ctx.model!, 7, 0, 4000), ...sampleOpponents(ctx.pb, ctx.model!, 7, 4000, 1000)];
    expect(parts.map((p) => p.join(','))).toEqual(all.map((p) => p.join(',')));
    expect(sampleOpponents(ctx.pb, ctx.model!, 8, 0, 1)[0].join(',')).not.toBe(all[0].join(','));
  });

  it('gives the same report for the same seed, and another hold-out stream than the search', async () => {
    const pb = poolBracket(compileBracket(smallField(16, 7)));
    const ctx = poolContext(pb, publicShares(pb, 7), fiveThirtyEight, { poolSize: 30 });
    const a = runPool(ctx, fiveThirtyEight, { sims: 5000, holdoutSims: 5000, seed: 42 }).report;
    const b = runPool(ctx, fiveThirtyEight, { sims: 5000, holdoutSims: 5000, seed: 42 }).report;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.holdout.seed).toBe(holdoutSeed(42));
    expect(a.sims).toBe(5000);
    // Never below chalk on the hold-out: if the optimised entry did worse there, chalk is returned.
    expect(a.winProbability).toBeGreaterThanOrEqual(a.chalk.winProbability);
    expect(a.holdout.chosen === 'chalk').toBe(a.holdout.winProbability.value < a.holdout.chalkWinProbability.value);
    const c = runPool(ctx, fiveThirtyEight, { sims: 5000, holdoutSims: 5000, seed: 43 }).report;
    expect(c.holdout.chalkWinProbability.value).not.toBe(a.holdout.chalkWinProbability.value);
  });
});

describe('hold-out', () => {
  it('returns chalk when the hold-out finds the optimised entry worse', () => {
    const { pb, shares } = smallPool(8, 22);
    const ctx = poolContext(pb, shares, fiveThirtyEight, { poolSize: 20 });
    const sample = exactSample(ctx);
    const search = searchEntries(ctx, sample, { minProbability: 0 });
    const brackets = allBrackets(pb);
    const bad = picksToWins(pb, brackets[127]);
    const runner = new HoldoutRunner(ctx, [{ opponents: 20, pay: ctx.pay, candidates: [[picksToWins(pb, search.chalk)], [bad]] }]);
    const { outcomes, count } = enumerateOutcomes(pb);
    const [stats] = combineHoldout(runner, [runner.block(outcomes, count)]);
    expect(stats[1].expectedPrize.value).toBeLessThan(stats[0].expectedPrize.value);
    const report = poolReport(
      ctx,
      { ...search, entries: [brackets[127]] },
      { chalk: stats[0], optimized: stats[1], sims: count, seed: 'x' },
      { sims: count, seed: 1 },
    );
    expect(report.holdout.chosen).toBe('chalk');
    expect(report.bracket).toEqual(report.chalk.bracket);
    expect(report.winProbability).toBe(report.chalk.winProbability);
  });

  it('tallies blocks that add up in block order, with paired ratio errors', async () => {
    const ctx = await pool2016({ poolSize: 100 });
    const kernel = prepareKernel(kernelTables(ctx.pb.bracket, fiveThirtyEight));
    const chalk = picksToWins(ctx.pb, chalkPicks(ctx));
    const other = picksToWins(ctx.pb, withWins(ctx.pb, chalkPicks(ctx), ctx.pb.names.indexOf('North Carolina'), 6));
    const runner = new HoldoutRunner(ctx, [
      { opponents: 100, pay: ctx.pay, candidates: [[chalk], [other]] },
      { opponents: 1000, pay: ctx.pay, candidates: [[chalk], [other], [chalk, other]] },
    ]);
    const tallies = [0, 1].map((b) => runner.block(simulateOutcomes(ctx, kernel, 'h', b, 1024), 1024));
    const [at100, at1000] = combineHoldout(runner, tallies);
    expect(at100[0].winRatio.value).toBe(1);
    expect(at100[0].winRatio.se).toBe(0);
    expect(at100[1].winRatio.se).toBeGreaterThan(0);
    // A portfolio's best entry wins at least as often as either entry.
    expect(at1000[2].winProbability.value).toBeGreaterThanOrEqual(Math.max(at1000[0].winProbability.value, at1000[1].winProbability.value));
    expect(at1000[2].expectedScores).toHaveLength(2);
    // One payout: the expected prize is the chance to win.
    expect(at100[1].expectedPrize.value).toBeCloseTo(at100[1].winProbability.value, 12);
  });
});

describe('mid-tournament', () => {
  it('conditions on results: decided games keep their winners for chalk and the tournaments, opponents keep their pre-tournament picks', async () => {
    const spec = await field2016AfterFirstFour();
    const played: [string, string][] = [
      ['Kansas', 'Austin Peay'],
      ['Connecticut', 'Colorado'],
      ['Maryland', 'South Dakota State'],
      ['Hawaii', 'California'],
      ['Wichita State', 'Arizona'],
      ['Miami (FL)', 'Buffalo'],
      ['Iowa', 'Temple'],
      ['Villanova', 'North Carolina-Asheville'],
    ];
    spec.results.push(...played.map(([winner, loser]) => ({ winner, loser })));
    const pb = poolBracket(compileBracket(spec));
    const shares = resolvePickShares(parsePicksCsv(readFileSync(PICKS_2016, 'utf8'), PICKS_2016), pb);
    const ctx = poolContext(pb, shares, fiveThirtyEight, { poolSize: 100 });
    expect(Array.from(pb.decided).filter((d) => d >= 0)).toHaveLength(8);
    const chalk = picksToWins(pb, chalkPicks(ctx));
    const at = (n: string) => pb.names.indexOf(n);
    expect(chalk[at('Hawaii')]).toBeGreaterThanOrEqual(1);
    expect(chalk[at('California')]).toBe(0);
    const sample = simulatedSample(ctx, 5, 1, 1024);
    for (let s = 0; s < sample.count; s++) {
      expect(sample.outcomes[s * 64 + at('Hawaii')]).toBeGreaterThanOrEqual(1);
      expect(sample.outcomes[s * 64 + at('California')]).toBe(0);
    }
    const r = searchEntries(ctx, sample, { restarts: 2 });
    const best = picksToWins(pb, r.entries[0]);
    for (const [w, l] of played) {
      expect(best[at(w)]).toBeGreaterThanOrEqual(1);
      expect(best[at(l)]).toBe(0);
    }
    expect(poolEntryImportance(ctx, sample, [best])).toHaveLength(63 - 8);
  });
});
