import { describe, expect, it } from 'vitest';
import { compileBracket } from '../engine/tournament/bracket.js';
import { fiveThirtyEight } from '../engine/tournament/win-probability.js';
import { Evaluator, payoutTable } from '../engine/calcutta/evaluate.js';
import { buildAuction } from '../engine/calcutta/market.js';
import { bidLevels, bruteForceBids, optimizeBids } from '../engine/calcutta/optimize.js';
import { entryOutcomes, type EntryOutcomeChunk } from '../engine/calcutta/outcomes.js';
import { enumerateOutcomes, pointsColumns } from '../engine/calcutta/sample.js';
import { pointsTable } from '../engine/calcutta/scoring.js';
import { buildProblem } from '../engine/calcutta/report.js';
import { linearField, slotsField } from './helpers/brackets.js';
import { calcuttaSpec, kernelSample, lcg } from './helpers/calcutta.js';
import type { EntrySpec } from '../engine/calcutta/types.js';

describe('Calcutta scoring', () => {
  it('turns games won into points per win and per round reached, play-ins included', () => {
    const field = slotsField({ A: 90, B: 85, C: 80, D: 70, E: 69 }, ['A', 'B', 'C', ['D', 'E']]);
    const b = compileBracket(field);
    const perWin = pointsTable(b, { kind: 'perWin', perWin: [1, 3], playInWin: 0.5 });
    expect(perWin.width).toBe(4);
    expect(Array.from(perWin.points.subarray(0, 3))).toEqual([0, 1, 4]); // A: 0, 1, 2 wins
    expect(Array.from(perWin.points.subarray(3 * 4, 3 * 4 + 4))).toEqual([0, 0.5, 1.5, 4.5]); // D: play-in first
    const reached = pointsTable(b, { kind: 'perRoundReached', points: [1, 2, 10] });
    expect(Array.from(reached.points.subarray(0, 3))).toEqual([1, 2, 10]);
    expect(Array.from(reached.points.subarray(12, 16))).toEqual([0, 1, 2, 10]); // play-in loser: 0
  });

  it('splits tied ranks evenly in the payout table', () => {
    const tab = payoutTable(Float64Array.of(0.6, 0.3, 0.1), 3);
    expect(tab[0]).toBeCloseTo(0.6, 15); // first, no tie
    expect(tab[0 * 3 + 1]).toBeCloseTo(0.45, 15); // tied for first with one
    expect(tab[0 * 3 + 2]).toBeCloseTo(1 / 3, 15); // three-way tie
    expect(tab[1 * 3 + 1]).toBeCloseTo(0.2, 15); // tied for second
  });
});

describe('a 4-team, 3-entry Calcutta by hand', () => {
  // Teams A..D, A-B and C-D in the semifinals; 1 point for a semifinal win, 2 for the final.
  const ratings = { A: 92, B: 86, C: 89, D: 80 };
  const field = slotsField(ratings, ['A', 'B', 'C', 'D']);
  const names = ['A', 'B', 'C', 'D'];
  const others: EntrySpec[] = [
    { name: 'Ann', bids: { A: 30, C: 10 } },
    { name: 'Bob', bids: { A: 10, B: 10, C: 10, D: 10 } },
  ];
  const ours = [20, 0, 20, 10];
  const payouts = [0.7, 0.3, 0];

  /** Independent of the engine: every outcome, its probability, points, ranks and payouts. */
  function byHand(): number[] {
    const p = (a: string, b: string) => fiveThirtyEight.prob(ratings[a as 'A'], ratings[b as 'A']);
    const bids = [ours, [30, 0, 10, 0], [10, 10, 10, 10]];
    const total = [0, 1, 2, 3].map((t) => bids.reduce((s, e) => s + e[t], 0));
    const expected = [0, 0, 0];
    for (const w1 of ['A', 'B']) {
      for (const w2 of ['C', 'D']) {
        for (const champ of [w1, w2]) {
          const prob = p(w1, w1 === 'A' ? 'B' : 'A') * p(w2, w2 === 'C' ? 'D' : 'C') * p(champ, champ === w1 ? w2 : w1);
          const pts = names.map((n) => (n === w1 || n === w2 ? 1 : 0) + (n === champ ? 2 : 0));
          const score = bids.map((e) => e.reduce((s, x, t) => s + (x / total[t]) * pts[t], 0));
          score.forEach((sc, e) => {
            const above = score.filter((o) => o > sc + 1e-12).length;
            const tied = score.filter((o, f) => f !== e && Math.abs(o - sc) <= 1e-12).length;
            let pay = 0;
            for (let r = above; r <= above + tied; r++) pay += payouts[r] ?? 0;
            expected[e] += (prob * pay) / (tied + 1);
          });
        }
      }
    }
    return expected;
  }

  it('gives every entry its exact expected payout', async () => {
    const spec = calcuttaSpec(field, others, payouts, { budget: 100 }, [1, 2]);
    const b = compileBracket(field);
    const sample = enumerateOutcomes(b, fiveThirtyEight);
    expect(sample.count).toBe(8);
    expect(sample.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 15);
    const problem = await buildProblem(spec, sample);
    const ev = problem.evaluator;
    ev.setBids(Float64Array.from(ours));
    const hand = byHand();
    expect(ev.expectedShare).toBeCloseTo(hand[0], 14);
    const chunks: EntryOutcomeChunk[] = [];
    const perf = await entryOutcomes(ev, ['us', 'Ann', 'Bob'], [50, 40, 40], (c) =>
      chunks.push({ ...c, points: c.points.slice(), rank: c.rank.slice(), payout: c.payout.slice() }),
    );
    perf.forEach((e, i) => expect(e.meanPayout).toBeCloseTo(hand[i], 14));
    expect(perf.reduce((a, e) => a + e.meanPayout, 0)).toBeCloseTo(1, 14);
    // Per-outcome arrays: every tournament pays out the whole pot.
    expect(chunks).toHaveLength(1);
    for (let s = 0; s < 8; s++) expect(chunks[0].payout[s * 3] + chunks[0].payout[s * 3 + 1] + chunks[0].payout[s * 3 + 2]).toBeCloseTo(1, 14);
    // Net in money: pot 130, our spend 50.
    expect(ev.net()).toBeCloseTo(hand[0] * 130 - 50, 12);
  });

  it('prices a changed bid by delta exactly as a full recomputation', async () => {
    const spec = calcuttaSpec(field, others, payouts, { budget: 100 }, [1, 2]);
    const problem = await buildProblem(spec, enumerateOutcomes(compileBracket(field), fiveThirtyEight));
    const ev = problem.evaluator;
    ev.setBids(Float64Array.from(ours));
    const base = ev.expectedShare;
    const d = ev.deltaOne(1, 15);
    const d2 = ev.deltaMany([
      { team: 0, bid: 5 },
      { team: 3, bid: 0 },
    ]);
    ev.setBids(Float64Array.of(20, 15, 20, 10));
    expect(base + d).toBeCloseTo(ev.expectedShare, 14);
    ev.setBids(Float64Array.of(5, 0, 20, 0));
    expect(base + d2).toBeCloseTo(ev.expectedShare, 14);
  });
});

describe('evaluator on simulated tournaments', () => {
  it('keeps incremental commits equal to recomputation from scratch', async () => {
    const field = linearField(16);
    const rnd = lcg(7);
    const others: EntrySpec[] = Array.from({ length: 6 }, (_, e) => ({
      name: `E${e}`,
      bids: Object.fromEntries(field.teams.filter(() => rnd() < 0.5).map((t) => [t.name, Math.round(1 + rnd() * 20)])),
    }));
    const spec = calcuttaSpec(field, others, [0.5, 0.3, 0.2], { budget: 50 });
    const problem = await buildProblem(spec, kernelSample(field, 5000, 3));
    const ev = problem.evaluator;
    for (let i = 0; i < 60; i++) {
      const t = Math.floor(rnd() * 16);
      const bid = rnd() < 0.3 ? 0 : Math.round(rnd() * 10);
      const predicted = ev.expectedShare + ev.deltaOne(t, bid);
      ev.commit([{ team: t, bid }]);
      expect(ev.expectedShare).toBeCloseTo(predicted, 12);
    }
    const incremental = ev.expectedShare;
    const scores = ev.scores.slice();
    ev.setBids(ev.bids.slice());
    expect(ev.expectedShare).toBeCloseTo(incremental, 12);
    for (let i = 0; i < scores.length; i += 97) expect(ev.scores[i]).toBeCloseTo(scores[i], 10);
  });
});

/** Random small Calcutta: 8 teams, 3-5 other entries. */
async function smallCase(seed: number, exact: boolean) {
  const rnd = lcg(seed);
  const ratings: Record<string, number> = {};
  for (let i = 0; i < 8; i++) ratings[`T${i}`] = 75 + rnd() * 20;
  const field = slotsField(ratings, Object.keys(ratings));
  const n = 3 + Math.floor(rnd() * 3);
  const others: EntrySpec[] = Array.from({ length: n }, (_, e) => ({
    name: `E${e}`,
    bids: Object.fromEntries(
      Object.keys(ratings)
        .filter(() => rnd() < 0.6)
        .map((t) => [t, Math.round(1 + rnd() * 8)]),
    ),
  }));
  const payouts = n >= 4 ? [0.6, 0.3, 0.1] : [0.7, 0.3];
  const budget = 4 + Math.floor(rnd() * 5);
  const constraints = { budget, minBid: 1 + Math.floor(rnd() * 2), maxBid: 2 + Math.floor(rnd() * 4), increment: 1, maxTeams: 2 + Math.floor(rnd() * 3) };
  const spec = calcuttaSpec(field, others, payouts, constraints);
  const sample = exact ? enumerateOutcomes(compileBracket(field), fiveThirtyEight) : kernelSample(field, 3000, seed);
  return { spec, problem: await buildProblem(spec, sample) };
}

describe('optimiser', () => {
  for (const [seed, exact] of [
    [1, true],
    [2, true],
    [3, true],
    [4, false],
    [5, false],
    [6, true],
    [7, false],
    [8, true],
  ] as const) {
    it(`equals brute-force enumeration of the bid grid (case ${seed}, ${exact ? 'exact outcomes' : '3000 simulations'})`, async () => {
      const { spec, problem } = await smallCase(seed, exact);
      const ev = problem.evaluator;
      const opt = await optimizeBids(ev, spec.constraints);
      const brute = bruteForceBids(ev, spec.constraints);
      expect(brute.portfolios).toBeGreaterThan(10);
      expect(opt.expectedNet).toBeCloseTo(brute.expectedNet, 9);
    });
  }

  it('never violates the budget or the bid constraints (randomised)', async () => {
    const rnd = lcg(99);
    for (let i = 0; i < 25; i++) {
      const { spec, problem } = await smallCase(100 + i, false);
      const c = spec.constraints;
      c.budget = 2 + Math.round(rnd() * 30);
      c.increment = [0.5, 1, 2.5][Math.floor(rnd() * 3)];
      c.minBid = c.increment * (1 + Math.floor(rnd() * 3));
      c.maxBid = c.minBid + c.increment * Math.floor(rnd() * 6);
      c.maxTeams = 1 + Math.floor(rnd() * 5);
      const opt = await optimizeBids(problem.evaluator, c, { restarts: i % 12 === 0 });
      const levels = new Set(bidLevels(c));
      const bids = Array.from(opt.bids);
      expect(bids.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(c.budget + 1e-9);
      expect(bids.filter((b) => b > 0).length).toBeLessThanOrEqual(c.maxTeams);
      for (const b of bids) {
        expect(levels.has(b)).toBe(true);
        if (b > 0) {
          expect(b).toBeGreaterThanOrEqual(c.minBid - 1e-9);
          expect(b).toBeLessThanOrEqual(c.maxBid + 1e-9);
          expect(Math.abs((b - c.minBid) / c.increment - Math.round((b - c.minBid) / c.increment))).toBeLessThan(1e-9);
        }
      }
      expect(opt.expectedNet).toBeGreaterThanOrEqual(-1e-9); // bidding nothing is always feasible
    }
  });
});

describe('market', () => {
  it('builds the auction from entries and pads payouts', () => {
    const a = buildAuction(
      ['A', 'B'],
      [
        { name: 'x', bids: { A: 3 } },
        { name: 'y', bids: { A: 1, B: 2 } },
      ],
      [1],
    );
    expect(Array.from(a.otherTotal)).toEqual([4, 2]);
    expect(a.otherSpend).toBe(6);
    expect(Array.from(a.payouts)).toEqual([1, 0, 0]);
    const cols = pointsColumns(enumerateOutcomes(compileBracket(slotsField({ A: 1, B: 2 }, ['A', 'B'])), fiveThirtyEight), {
      width: 2,
      points: Float64Array.of(0, 1, 0, 1),
    });
    expect(Array.from(cols.start)).toEqual([0, 1, 2]);
    expect(
      new Evaluator(
        enumerateOutcomes(compileBracket(slotsField({ A: 1, B: 2 }, ['A', 'B'])), fiveThirtyEight),
        { width: 2, points: Float64Array.of(0, 1, 0, 1) },
        cols,
        a,
      ).M,
    ).toBe(3);
  });
});

describe('the optimiser lets its caller in between steps', () => {
  it('reports its phase and moves, gives the same bids as without a pause, and stops when the pause throws', async () => {
    const { spec, problem } = await smallCase(3, false);
    const plain = await optimizeBids(problem.evaluator, spec.constraints);
    const seen: string[] = [];
    const paused = await optimizeBids(problem.evaluator, spec.constraints, { pause: (at) => void seen.push(at.phase) });
    expect(Array.from(paused.bids)).toEqual(Array.from(plain.bids));
    expect(seen).toContain('greedy');
    expect(seen).toContain('local search');
    let calls = 0;
    const stop = new Error('stop');
    await expect(
      optimizeBids(problem.evaluator, spec.constraints, {
        pause: () => {
          if (++calls === 3) throw stop;
        },
      }),
    ).rejects.toBe(stop);
  });

  it('builds the problem with a pause between teams, to the same scores, and stops when the pause throws', async () => {
    const { spec, problem } = await smallCase(5, false);
    let pauses = 0;
    const paused = await buildProblem(spec, problem.sample, 1, () => void pauses++);
    expect(pauses).toBeGreaterThan(problem.evaluator.T);
    expect(Array.from(paused.evaluator.scores)).toEqual(Array.from(problem.evaluator.scores));
    const stop = new Error('stop');
    let calls = 0;
    await expect(
      buildProblem(spec, problem.sample, 1, () => {
        if (++calls === 4) throw stop;
      }),
    ).rejects.toBe(stop);
  });
});
