import { describe, expect, it } from 'vitest';
import { verifyGameModel, type GameContext } from '../engine/models/model.js';

const samples: GameContext[] = [
  { league: 'nfl', home: 'KAN', away: 'BUF' },
  { league: 'nfl', home: 'KAN', away: 'BUF', neutral: true },
];
const ratings: Record<string, number> = { KAN: 1650, BUF: 1630 };

describe('GameModel verifier', () => {
  it('accepts a well-behaved model', () => {
    const m = { name: 'mine', predict: (c: GameContext) => ({ pHome: 1 / (1 + 10 ** (-(ratings[c.home] - ratings[c.away] + (c.neutral ? 0 : 55)) / 400)) }) };
    expect(verifyGameModel(m, samples)).toBe(m);
  });
  it('rejects bad shapes and behaviour with MODEL_INVALID', () => {
    const bad: [unknown, string][] = [
      [null, 'must be an object with name and predict'],
      [{ name: 'Bad Name', predict: () => ({ pHome: 0.5 }) }, 'name must be'],
      [{ name: 'x', predict: 3 }, 'predict must be a function'],
      [{ name: 'x', predict: () => ({ pHome: 1.2 }) }, 'pHome must be a number in [0, 1] (got 1.2)'],
      [{ name: 'x', predict: () => ({ pHome: Math.random() }) }, 'predict is not deterministic'],
      [{ name: 'x', predict: () => ({ pHome: 0.6 }) }, 'at a neutral site swapping the teams must give 1 − pHome − pDraw'],
      [
        {
          name: 'x',
          predict: () => {
            throw new Error('boom');
          },
        },
        'predict threw on KAN v BUF: boom',
      ],
    ];
    for (const [m, msg] of bad) {
      expect(() => verifyGameModel(m, samples)).toThrow(msg);
      try {
        verifyGameModel(m, samples);
      } catch (e) {
        expect((e as { code: string }).code).toBe('MODEL_INVALID');
      }
    }
  });
});
