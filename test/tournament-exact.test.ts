import { describe, expect, it } from 'vitest';
import { compileBracket } from '../engine/tournament/bracket.js';
import { advancement } from '../engine/tournament/advancement.js';
import { exactGameWins } from '../engine/tournament/exact.js';
import { eloScale, fiveThirtyEight, normalSpread, probToThreshold, winModelByName } from '../engine/tournament/win-probability.js';
import { bruteForce, linearField, slotsField } from './helpers/brackets.js';

const p = (a: number, b: number) => eloScale.prob(a, b);

describe('exact advancement', () => {
  it('matches a hand-computed 4-team bracket', () => {
    const r = { A: 1700, B: 1500, C: 1600, D: 1400 };
    const b = compileBracket(slotsField(r, ['A', 'B', 'C', 'D']));
    const adv = advancement(b, exactGameWins(b, eloScale), 1);
    const pAB = p(1700, 1500);
    const pCD = p(1600, 1400);
    // A is champion: beats B, then C (if C won) or D.
    const champA = pAB * (pCD * p(1700, 1600) + (1 - pCD) * p(1700, 1400));
    const champD = (1 - pCD) * (pAB * (1 - p(1700, 1400)) + (1 - pAB) * (1 - p(1500, 1400)));
    expect(b.rounds).toBe(3);
    expect(adv[0].probabilities[0]).toBe(1); // no play-in round for A
    expect(adv[0].probabilities[1]).toBeCloseTo(pAB, 15);
    expect(adv[0].probabilities[2]).toBeCloseTo(champA, 15);
    expect(adv[3].probabilities[2]).toBeCloseTo(champD, 15);
    const sumChamp = adv.reduce((s, a) => s + a.probabilities[2], 0);
    expect(sumChamp).toBeCloseTo(1, 14);
    expect(adv[0].expectedWins).toBeCloseTo(pAB + champA, 14);
    expect(adv[0].winsDistribution).toHaveLength(3);
    expect(adv[0].winsDistribution[0]).toBeCloseTo(1 - pAB, 14);
  });

  it('matches a hand-computed 8-team bracket with a play-in and a bye', () => {
    // Slots: A, BYE | [P, Q] play-in, C | D, E | F, G -- A enters in round 3.
    const r = { A: 1650, P: 1450, Q: 1500, C: 1550, D: 1600, E: 1400, F: 1500, G: 1520 };
    const b = compileBracket(slotsField(r, ['A', 'BYE', ['P', 'Q'], 'C', 'D', 'E', 'F', 'G']));
    const adv = advancement(b, exactGameWins(b, eloScale), 1);
    const byName = (n: string) => adv[b.names.indexOf(n)];
    const pQ = 1 - p(1450, 1500);
    const pC = pQ * (1 - p(1500, 1550)) + (1 - pQ) * (1 - p(1450, 1550));
    const pP = (1 - pQ) * p(1450, 1550);
    // A's first game is round 3 (semifinal of its half) against the P/Q/C winner.
    const aThrough3 = pC * p(1650, 1550) + pP * p(1650, 1450) + pQ * p(1500, 1550) * p(1650, 1500);
    expect(b.byes[b.names.indexOf('A')]).toBe(1);
    expect(byName('A').probabilities.slice(0, 2)).toEqual([1, 1]);
    expect(byName('A').probabilities[2]).toBeCloseTo(aThrough3, 14);
    expect(byName('Q').probabilities[0]).toBeCloseTo(pQ, 15);
    expect(byName('C').probabilities[1]).toBeCloseTo(pC, 14);
    expect(adv.reduce((s, a) => s + a.probabilities[3], 0)).toBeCloseTo(1, 14);
  });

  for (const n of [8, 16]) {
    it(`equals brute-force enumeration of every outcome of a ${n}-team bracket`, () => {
      const b = compileBracket(linearField(n));
      for (const model of [fiveThirtyEight, eloScale, normalSpread(11)]) {
        const exact = exactGameWins(b, model);
        const brute = bruteForce(b, model);
        for (let i = 0; i < exact.length; i++) expect(exact[i]).toBeCloseTo(brute[i], 12);
      }
    });
  }

  it('equals brute force with play-ins and byes (16 slots)', () => {
    const r: Record<string, number> = {};
    for (let i = 0; i < 15; i++) r[`T${i}`] = 70 + ((i * 5) % 15) * 2;
    const slots: (string | [string, string] | 'BYE')[] = [
      'T0',
      'BYE',
      ['T1', 'T2'],
      'T3',
      'T4',
      'T5',
      ['T6', 'T7'],
      'T8',
      'T9',
      'T10',
      'T11',
      'BYE',
      'T12',
      'T13',
      'T14',
      'BYE',
    ];
    const b = compileBracket(slotsField(r, slots));
    const exact = exactGameWins(b, fiveThirtyEight);
    const brute = bruteForce(b, fiveThirtyEight);
    for (let i = 0; i < exact.length; i++) expect(exact[i]).toBeCloseTo(brute[i], 12);
  });

  it('conditions on decided games exactly as brute force does', () => {
    const field = linearField(8);
    field.results = [
      { winner: 'T1', loser: 'T0' },
      { winner: 'T3', loser: 'T2' },
      { winner: 'T3', loser: 'T1' },
      { winner: 'T4', loser: 'T5' },
    ];
    const b = compileBracket(field);
    const exact = exactGameWins(b, fiveThirtyEight);
    const brute = bruteForce(b, fiveThirtyEight);
    for (let i = 0; i < exact.length; i++) expect(exact[i]).toBeCloseTo(brute[i], 12);
    const adv = advancement(b, exact, 1);
    expect(adv[3].probabilities[2]).toBe(1); // T3 has won its semifinal of the half
    expect(adv[0].probabilities[1]).toBe(0);
  });
});

describe('results that cannot be placed', () => {
  it('rejects teams that cannot meet yet, a game decided twice, and unknown teams', () => {
    const f1 = linearField(8);
    f1.results = [{ winner: 'T0', loser: 'T2', where: { line: 3 } }];
    expect(() => compileBracket(f1)).toThrow("line 3: 'T0' beat 'T2' in round 3, but T0's round 2 game is not decided in its favour");
    const f2 = linearField(8);
    f2.source = 'results.csv';
    f2.results = [
      { winner: 'T0', loser: 'T1' },
      { winner: 'T1', loser: 'T0', where: { line: 2 } },
    ];
    expect(() => compileBracket(f2)).toThrow("results.csv:2: the game of 'T1' and 'T0' (round 2) is decided twice");
    const f3 = linearField(4);
    f3.results = [{ winner: 'Nobody', loser: 'T0' }];
    expect(() => compileBracket(f3)).toThrow(expect.objectContaining({ code: 'TEAM_UNKNOWN' }));
  });

  it('rejects sizes that are not a power of two and byes opposite a game', () => {
    expect(() => compileBracket(slotsField({ A: 1, B: 2, C: 3 }, ['A', 'B', 'C']))).toThrow(expect.objectContaining({ code: 'SIZE_INVALID' }));
    expect(() => compileBracket(slotsField({ A: 1, B: 2, C: 3 }, [['A', 'B'], 'BYE', 'C', 'BYE']))).toThrow(expect.objectContaining({ code: 'SLOT_INVALID' }));
  });
});

describe('win probability models against their closed forms', () => {
  it('538: 1/(1+10^(-(rA-rB)·30.464/400)); Elo: /400; normal: Φ((rA-rB)/σ); thresholds are round(p·2^32) in signed space', () => {
    // closed forms evaluated independently (Python, 10**x and erf)
    expect(fiveThirtyEight.prob(90, 80)).toBeCloseTo(0.8524124323750123, 14);
    expect(eloScale.prob(1600, 1500)).toBeCloseTo(0.6400649998028851, 14);
    expect(normalSpread(11).prob(5.5, 0)).toBeCloseTo(0.6914624612740131, 12);
    for (const m of [fiveThirtyEight, eloScale, normalSpread(11)]) {
      expect(m.prob(1500, 1500)).toBe(0.5);
      expect(m.prob(1500, 1400) + m.prob(1400, 1500)).toBeCloseTo(1, 15);
    }
    expect(probToThreshold(0.75)).toBe(1073741824);
    expect(probToThreshold(0.5)).toBe(0);
    expect(probToThreshold(0)).toBe(-2147483648);
    expect(probToThreshold(1)).toBe(2147483647); // clamped to 1 − 2^-32
    expect(winModelByName('normal', 7).name).toBe('normal(sigma=7)');
    expect(() => winModelByName('logit')).toThrow("options.model must be one of 538, elo, normal (got 'logit')");
    expect(() => normalSpread(0)).toThrow('options.sigma must be a positive number');
  });
});
