import { afterAll, describe, expect, it } from 'vitest';
import { compileBracket, type Bracket } from '../engine/tournament/bracket.js';
import { exactGameWins } from '../engine/tournament/exact.js';
import { blockState } from '../engine/random/stream-scheme.js';
import { kernelTables, prepareKernel, simulateFixed, simulateFixedPair, simulateHot } from '../engine/tournament/kernel.js';
import { eloScale, fiveThirtyEight } from '../engine/tournament/win-probability.js';
import { closePool } from '../workers/pool.js';
import { runTournamentPool } from '../workers/tournament-run.js';
import { simulateTournament } from '../app/tournaments/simulate.js';
import { bruteForce, slotsField } from './helpers/brackets.js';
import { field2016 } from './helpers/field-2016.js';

afterAll(closePool);

/** Two-sided tail beyond 5 standard errors of a normal: the strictness of every check below. */
const TAIL = 5.733031438470704e-7 / 2;

function poissonTails(k: number, lambda: number): { le: number; ge: number } {
  // P(X <= k) and P(X >= k) by summing terms in log space (exact enough far into the tails).
  const logTerm = (i: number) => -lambda + i * Math.log(lambda) - logFactorial(i);
  let le = 0;
  for (let i = 0; i <= k; i++) le += Math.exp(logTerm(i));
  let ge = 0;
  for (let i = k; i < k + 200 + 10 * lambda; i++) ge += Math.exp(logTerm(i));
  return { le, ge };
}
function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/** Every (game, team) count within 5 standard errors of the exact probability, or inside the exact Poisson tails. */
function expectAgreement(b: Bracket, counts: ArrayLike<number>, n: number, exact: ArrayLike<number>): number {
  let checked = 0;
  for (let i = 0; i < exact.length; i++) {
    const p = exact[i];
    const k = counts[i];
    if (p === 0 || p === 1) {
      // Impossible, or certain (a decided game): no randomness may show.
      expect(k).toBe(p * n);
      continue;
    }
    if (n * p * (1 - p) >= 25) {
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(k / n - p), `${b.names[i % b.teamCount]} game ${Math.floor(i / b.teamCount)}`).toBeLessThanOrEqual(5 * se);
    } else {
      // Rare (or near-certain) events: the count of the rarer side is close to Poisson.
      const rare = p <= 0.5 ? k : n - k;
      const lambda = n * Math.min(p, 1 - p);
      const { le, ge } = poissonTails(rare, lambda);
      expect(le, `lower tail ${i}`).toBeGreaterThan(TAIL);
      expect(ge, `upper tail ${i}`).toBeGreaterThan(TAIL);
    }
    checked++;
  }
  return checked;
}

describe('Monte Carlo', () => {
  it('agrees with the exact calculator on the 2016 field, every team and round', async () => {
    const b = compileBracket(await field2016());
    const n = 400_000;
    const run = await runTournamentPool(b, { sims: n, seed: 2016, threads: 2 });
    expect(run.sims).toBe(n);
    const checked = expectAgreement(b, run.wins, n, exactGameWins(b, fiveThirtyEight));
    expect(checked).toBeGreaterThan(400);
  });

  it('is bit-identical on 1, 2 and 3 threads and for any task size; another seed differs', async () => {
    const b = compileBracket(await field2016());
    const n = 100_000; // 25 blocks, the last one short
    const one = await runTournamentPool(b, { sims: n, seed: 'bits', threads: 1 });
    const two = await runTournamentPool(b, { sims: n, seed: 'bits', threads: 2, blocksPerTask: 3 });
    const three = await runTournamentPool(b, { sims: n, seed: 'bits', threads: 3, blocksPerTask: 1 });
    expect(Buffer.from(two.wins.buffer).equals(Buffer.from(one.wins.buffer))).toBe(true);
    expect(Buffer.from(three.wins.buffer).equals(Buffer.from(one.wins.buffer))).toBe(true);
    const r1 = await simulateTournament(b, { sims: n, seed: 'bits', threads: 1 });
    const r3 = await simulateTournament(b, { sims: n, seed: 'bits', threads: 3 });
    expect(JSON.stringify(r3.teams)).toBe(JSON.stringify(r1.teams));
    const other = await runTournamentPool(b, { sims: n, seed: 'other', threads: 2 });
    expect(Buffer.from(other.wins.buffer).equals(Buffer.from(one.wins.buffer))).toBe(false);
  });

  it('hands rows over in block order, and the rows sum to the aggregates', async () => {
    const b = compileBracket(await field2016());
    const n = 30_000;
    const T = b.teamCount;
    const starts: number[] = [];
    const totals = new Float64Array(T);
    const run = await runTournamentPool(b, {
      sims: n,
      seed: 9,
      threads: 2,
      blocksPerTask: 1,
      withRows: true,
      onChunk: (c) => {
        starts.push(c.simStart);
        expect(c.rows!.length).toBe(c.simCount * T);
        for (let i = 0; i < c.rows!.length; i++) totals[i % T] += c.rows![i];
      },
    });
    expect(starts).toEqual(starts.slice().sort((x, y) => x - y));
    for (let t = 0; t < T; t++) {
      let fromCounts = 0;
      for (let g = 0; g < b.gameCount; g++) fromCounts += run.wins[g * T + t];
      expect(totals[t]).toBe(fromCounts);
    }
  });

  it('conditions on decided games (Monte Carlo vs exact)', async () => {
    const spec = await field2016();
    spec.results = [
      { winner: 'Wichita State', loser: 'Vanderbilt' },
      { winner: 'Kansas', loser: 'Austin Peay' },
    ];
    const b = compileBracket(spec);
    const n = 200_000;
    const run = await runTournamentPool(b, { sims: n, seed: 3, threads: 2 });
    expectAgreement(b, run.wins, n, exactGameWins(b, fiveThirtyEight));
    const r = await simulateTournament(b, { sims: n, seed: 3 });
    const kansas = r.teams.find((t) => t.name === 'Kansas')!;
    expect(kansas.probabilities[1]).toBe(1);
    expect(r.teams.find((t) => t.name === 'Vanderbilt')!.probabilities[0]).toBe(0);
  });

  it('cancels a long run promptly', async () => {
    const b = compileBracket(await field2016());
    const controller = new AbortController();
    const started = performance.now();
    const run = runTournamentPool(b, {
      sims: 1e9,
      seed: 1,
      threads: 2,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 500_000) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('two blocks interleaved', () => {
  it('simulateFixedPair tallies exactly what simulateFixed does block by block, and leaves the same generator states', async () => {
    const b = compileBracket(await field2016());
    const k = prepareKernel(kernelTables(b, fiveThirtyEight));
    const one = new Int32Array(b.gameCount * b.teamCount);
    const two = new Int32Array(b.gameCount * b.teamCount);
    const [s0, s1] = [blockState('pair', 6), blockState('pair', 7)];
    simulateFixed(k, s0, 1000, one, null);
    simulateFixed(k, s1, 1000, one, null);
    const [p0, p1] = [blockState('pair', 6), blockState('pair', 7)];
    simulateFixedPair(k, p0, p1, 1000, two);
    expect(Array.from(two)).toEqual(Array.from(one));
    expect([...p0, ...p1]).toEqual([...s0, ...s1]);
    // the pool pairs whole blocks and runs an odd last one alone: any split gives the same numbers
    const odd = await runTournamentPool(b, { sims: 3 * 4096 + 5, seed: 'pair', threads: 1 });
    const split = await runTournamentPool(b, { sims: 3 * 4096 + 5, seed: 'pair', threads: 2, blocksPerTask: 1 });
    expect(Buffer.from(split.wins.buffer).equals(Buffer.from(odd.wins.buffer))).toBe(true);
  });
});

describe('hot ratings', () => {
  it('K = 0 equals fixed ratings bit for bit (kernel and pool)', async () => {
    const b = compileBracket(await field2016());
    const k = prepareKernel(kernelTables(b, fiveThirtyEight));
    const T = b.teamCount;
    const fixed = new Int32Array(b.gameCount * T);
    const hot = new Int32Array(b.gameCount * T);
    const rowsF = new Uint8Array(4096 * T);
    const rowsH = new Uint8Array(4096 * T);
    simulateFixed(k, blockState(11, 0), 4096, fixed, rowsF);
    simulateHot(k, fiveThirtyEight, 0, blockState(11, 0), 4096, hot, rowsH);
    expect(Array.from(hot)).toEqual(Array.from(fixed));
    expect(Buffer.from(rowsH).equals(Buffer.from(rowsF))).toBe(true);
    const a = await runTournamentPool(b, { sims: 50_000, seed: 4, threads: 2 });
    const h = await runTournamentPool(b, { sims: 50_000, seed: 4, threads: 2, hotK: 0 });
    expect(Buffer.from(h.wins.buffer).equals(Buffer.from(a.wins.buffer))).toBe(true);
  });

  it('matches a hand-checkable 4-team case enumerated with the updates', async () => {
    const r = { A: 1600, B: 1500, C: 1550, D: 1450 };
    const b = compileBracket(slotsField(r, ['A', 'B', 'C', 'D']));
    const K = 100;
    const pAB = eloScale.prob(1600, 1500);
    const pCD = eloScale.prob(1550, 1450);
    // If A and C win their semifinals: A' = 1600 + K(1-pAB), C' = 1550 + K(1-pCD).
    const aFinal = 1600 + K * (1 - pAB);
    const cFinal = 1550 + K * (1 - pCD);
    const brute = bruteForce(b, eloScale, { hotK: K });
    const finalGame = 2;
    const champAviaC = pAB * pCD * eloScale.prob(aFinal, cFinal);
    const bD = 1 - pCD;
    const champAviaD = pAB * bD * eloScale.prob(aFinal, 1450 + K * pCD);
    expect(brute[finalGame * 4 + 0]).toBeCloseTo(champAviaC + champAviaD, 14);
    const n = 400_000;
    const run = await runTournamentPool(b, { sims: n, seed: 5, threads: 2, model: { name: 'elo' }, hotK: K });
    expectAgreement(b, run.wins, n, brute);
    // And the update matters: with K = 100 the favourite A wins the title 0.8 points less often than with
    // fixed ratings (0.3882 vs 0.3962), which the 400,000 simulations (5 SE = 0.0039) resolve.
    const fixed = exactGameWins(b, eloScale)[finalGame * 4];
    expect(fixed - brute[finalGame * 4]).toBeGreaterThan(0.0075);
  });

  it('K > 0 lowers the top favourite’s title odds on the 2016 field', async () => {
    const b = compileBracket(await field2016());
    const cold = await simulateTournament(b, { sims: 200_000, seed: 6 });
    const hot = await simulateTournament(b, { sims: 200_000, seed: 6, hotK: 2 });
    const last = b.rounds - 1;
    const fav = cold.teams[0];
    const hotFav = hot.teams.find((t) => t.name === fav.name)!;
    const se = Math.sqrt((fav.probabilities[last] * (1 - fav.probabilities[last])) / 200_000);
    expect(hotFav.probabilities[last]).toBeLessThan(fav.probabilities[last] - 4 * se);
  });
});
