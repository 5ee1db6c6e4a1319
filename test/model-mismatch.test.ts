// A model that does not fit the input stops with MODEL_MISMATCH instead of answering confident nonsense.
import { describe, expect, it } from 'vitest';
import { SimcastError } from '../core/errors.js';
import { checkGamesLeague } from '../engine/games/league-check.js';
import type { Game } from '../engine/games/types.js';
import { checkRatingScale, fiveThirtyEight, verifyWinModel } from '../engine/tournament/win-probability.js';

function code(f: () => void): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof SimcastError ? e.code : String(e);
  }
}

function games(n: number, home: number, away: number): Game[] {
  return Array.from({ length: n }, (_, i) => ({
    date: '2024-01-01',
    season: 2024,
    home: `H${i % 8}`,
    away: `A${i % 8}`,
    homeScore: home,
    awayScore: away,
    neutral: false,
    spread: null,
    total: null,
  }));
}

describe('rating scale against the model', () => {
  it('Elo-scale ratings under the 538 or normal model are refused, points under Elo too', () => {
    expect(code(() => checkRatingScale('538', [1720, 1690, 1705, 1660]))).toBe('MODEL_MISMATCH');
    expect(code(() => checkRatingScale('normal(sigma=11)', [1720, 1660]))).toBe('MODEL_MISMATCH');
    expect(code(() => checkRatingScale('elo', [94.5, 60.2, 88]))).toBe('MODEL_MISMATCH');
    expect(code(() => verifyWinModel(fiveThirtyEight, [1720, 1660]))).toBe('MODEL_MISMATCH');
  });

  it('each model on its own scale passes, and so do models simcast does not know', () => {
    expect(code(() => checkRatingScale('538', [94.5, 60.2, -3]))).toBeNull();
    expect(code(() => checkRatingScale('normal(sigma=11)', [25, -30]))).toBeNull();
    expect(code(() => checkRatingScale('elo', [1720, 1660]))).toBeNull();
    expect(code(() => checkRatingScale('my-model', [1720, 3]))).toBeNull();
  });

  it('the message says which model fits', () => {
    expect(() => checkRatingScale('538', [1720])).toThrow(/use --model elo/);
    expect(() => checkRatingScale('elo', [90])).toThrow(/use --model 538/);
  });
});

describe('games of another league', () => {
  it('NFL scores under --league nba are refused and the message names the NFL', () => {
    expect(() => checkGamesLeague(games(50, 24, 20), 'nba', 'nfl.csv')).toThrow(
      /nfl\.csv: its 50 played games average 44\.0 points, like NFL games, not NBA .*--league nfl/,
    );
  });

  it('NBA scores under --league nfl are refused', () => {
    expect(code(() => checkGamesLeague(games(50, 112, 105), 'nfl', 'nba.csv'))).toBe('MODEL_MISMATCH');
  });

  it("a league's own games pass; too few games or an unknown league say nothing", () => {
    expect(code(() => checkGamesLeague(games(50, 27, 17), 'nfl', 'x.csv'))).toBeNull();
    expect(code(() => checkGamesLeague(games(50, 112, 105), 'nba', 'x.csv'))).toBeNull();
    expect(code(() => checkGamesLeague(games(10, 112, 105), 'nfl', 'x.csv'))).toBeNull();
    expect(code(() => checkGamesLeague(games(50, 112, 105), 'cfl', 'x.csv'))).toBeNull();
  });
});
