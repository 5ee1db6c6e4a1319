import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCalcutta, parseCalcuttaObject } from '../engine/calcutta/parse.js';
import { loadCalcutta } from '../app/inputs/calcutta-file.js';
import { CALCUTTA_SCHEMA } from '../engine/calcutta/schema.js';
import { SimcastError } from '../core/errors.js';

const base = () => ({
  name: 'garbage test',
  field: {
    teams: [
      { name: 'A', rating: 1700 },
      { name: 'B', rating: 1600 },
      { name: 'C', rating: 1650 },
      { name: 'D', rating: 1500 },
    ],
    slots: ['A', 'B', 'C', 'D'],
  },
  model: { name: 'elo' },
  scoring: { perWin: [1, 2] },
  payouts: [0.7, 0.3],
  entries: [
    { name: 'Ann', budget: 20, bids: { A: 10, C: 5 } },
    { name: 'Bob', bids: { B: 4, D: 4 } },
  ],
  budget: 20,
  constraints: { minBid: 1, maxBid: 10, increment: 1, maxTeams: 3 },
});

async function failure(doc: unknown): Promise<SimcastError> {
  try {
    parseCalcuttaObject(doc, 'pool.json');
  } catch (e) {
    expect(e).toBeInstanceOf(SimcastError);
    expect((e as Error).message).not.toContain('\n');
    return e as SimcastError;
  }
  throw new Error('expected an error');
}

describe('Calcutta input', () => {
  it('reads a valid input with defaults filled in', async () => {
    const spec = await parseCalcuttaObject(base(), 'pool.json');
    expect(spec.field.teams).toHaveLength(4);
    expect(spec.scoring).toEqual({ kind: 'perWin', perWin: [1, 2], playInWin: 0 });
    expect(spec.entryName).toBe('us');
    expect(spec.entries[0]).toEqual({ name: 'Ann', budget: 20, bids: { A: 10, C: 5 } });
    expect(spec.constraints).toEqual({ budget: 20, minBid: 1, maxBid: 10, increment: 1, maxTeams: 3 });
    const doc = base() as Record<string, unknown>;
    delete doc.constraints;
    doc.scoring = { perRoundReached: [0, 1, 3] };
    const d = await parseCalcuttaObject(doc, 'pool.json');
    expect(d.constraints).toEqual({ budget: 20, minBid: 1, maxBid: 20, increment: 1, maxTeams: 4 });
    expect(d.scoring).toEqual({ kind: 'perRoundReached', points: [0, 1, 3] });
  });

  it('reads the examples (field by path, relative to the Calcutta file)', async () => {
    const big = await loadCalcutta('examples/calcutta-2016.json');
    expect(big.field.teams).toHaveLength(68);
    expect(big.entries).toHaveLength(30);
    expect(big.payouts.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const tiny = await loadCalcutta('examples/calcutta-tiny.json');
    expect(tiny.entries).toHaveLength(3);
  });

  it('keeps docs/calcutta.schema.json equal to the schema the reader uses', () => {
    expect(JSON.parse(readFileSync('docs/calcutta.schema.json', 'utf8'))).toEqual(CALCUTTA_SCHEMA);
  });

  // Each case breaks a document of any shape: the checks are on the parsed result.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const cases: [string, (d: any) => void, string, string][] = [
    [
      'bids over the entry budget',
      (d) => (d.entries[0].bids.A = 16),
      'BID_INVALID',
      "pool.json: entries[0].bids: bids total 21, over the entry's budget of 20",
    ],
    ['a negative bid', (d) => (d.entries[1].bids.B = -4), 'BID_INVALID', 'pool.json: entries[1].bids.B: bid must be a non-negative number (got -4)'],
    ['a negative entry budget', (d) => (d.entries[0].budget = -1), 'BID_INVALID', 'pool.json: entries[0].budget: must be a non-negative number (got -1)'],
    ['an unknown team', (d) => (d.entries[1].bids.Zed = 3), 'TEAM_UNKNOWN', "pool.json: entries[1].bids: unknown team 'Zed' (not in the field)"],
    ['payouts not summing to 1', (d) => (d.payouts = [0.6, 0.3]), 'PAYOUTS_INVALID', 'pool.json: payouts: shares must sum to 1 (they sum to 0.9)'],
    ['a negative payout', (d) => (d.payouts = [1.2, -0.2]), 'PAYOUTS_INVALID', 'pool.json: payouts[1]: must be a non-negative share of the pot (got -0.2)'],
    [
      'more paid places than entries',
      (d) => (d.payouts = [0.4, 0.3, 0.2, 0.1]),
      'PAYOUTS_INVALID',
      'pool.json: payouts: pays 4 places but there are only 3 entries',
    ],
    ['a negative budget', (d) => (d.budget = -5), 'CALCUTTA_INVALID', 'pool.json: budget: must be a positive number (got -5)'],
    [
      'a minimum bid over the budget',
      (d) => (d.constraints = { minBid: 25, maxBid: 30 }),
      'CALCUTTA_INVALID',
      'pool.json: constraints.minBid: 25 exceeds the budget of 20',
    ],
    [
      'a maximum bid under the minimum',
      (d) => (d.constraints = { minBid: 5, maxBid: 2 }),
      'CALCUTTA_INVALID',
      'pool.json: constraints.maxBid: must be at least constraints.minBid (5) (got 2)',
    ],
    [
      'a negative increment',
      (d) => (d.constraints = { increment: -1 }),
      'CALCUTTA_INVALID',
      'pool.json: constraints.increment: must be a positive number (got -1)',
    ],
    [
      'negative points',
      (d) => (d.scoring = { perWin: [1, -2] }),
      'CALCUTTA_INVALID',
      'pool.json: scoring.perWin[1]: points must be a non-negative number (got -2)',
    ],
    [
      'scoring of the wrong length',
      (d) => (d.scoring = { perWin: [1, 2, 4] }),
      'CALCUTTA_INVALID',
      'pool.json: scoring.perWin: needs one value per full round: 2 for this field (got 3)',
    ],
    [
      'two scoring rules',
      (d) => (d.scoring = { perWin: [1, 2], perRoundReached: [0, 1, 2] }),
      'CALCUTTA_INVALID',
      'pool.json: scoring: must have perWin (with optional playInWin) or perRoundReached, not both',
    ],
    ['a missing budget', (d) => delete d.budget, 'CALCUTTA_INVALID', 'pool.json: budget: is required'],
    ['an unknown property', (d) => (d.bugdet = 5), 'CALCUTTA_INVALID', "pool.json: (root): unknown property 'bugdet'"],
    ['a bid that is not a number', (d) => (d.entries[0].bids.A = 'ten'), 'CALCUTTA_INVALID', 'pool.json: entries[0].bids.A: must be number'],
    [
      'no other entries',
      (d) => (d.entries = []),
      'CALCUTTA_INVALID',
      'pool.json: entries: needs the other entries: their bids (entries) or a prediction (market.entries and market.pot)',
    ],
    ['a negative market pot', (d) => (d.market = { pot: -100, entries: 3 }), 'BID_INVALID', 'pool.json: market.pot: must be a non-negative number (got -100)'],
    ['an entry named twice', (d) => (d.entries[1].name = 'Ann'), 'CALCUTTA_INVALID', "pool.json: entries[1].name: entry name 'Ann' is used twice"],
  ];
  for (const [what, edit, code, message] of cases) {
    it(`rejects ${what} with ${code}`, async () => {
      const doc = base();
      edit(doc);
      const e = await failure(doc);
      expect(e.code).toBe(code);
      expect(e.message).toBe(message);
    });
  }

  it('rejects text that is not JSON and a field that is not a field', async () => {
    expect(() => parseCalcutta('{ "budget": ', 'pool.json')).toThrow(expect.objectContaining({ code: 'CALCUTTA_INVALID' }));
    const doc = base();
    doc.field.slots = ['A', 'B', 'C'];
    expect(() => parseCalcuttaObject(doc, 'pool.json')).toThrow(expect.objectContaining({ code: 'SIZE_INVALID' }));
    expect(() => parseCalcuttaObject({ ...base(), field: 'field.json' }, 'job')).toThrow(expect.objectContaining({ code: 'CALCUTTA_INVALID' }));
    await expect(loadCalcutta('no/such/calcutta.json')).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
