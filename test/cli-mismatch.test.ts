// The CLI's side of MODEL_MISMATCH: one line, exit 2, nothing simulated.
import { describe, expect, it } from 'vitest';
import { simcast } from './helpers/cli.js';

describe('a model that does not fit the input', () => {
  it('Elo ratings with the default 538 model: exit 2 and the model that fits', () => {
    const r = simcast(['tournament', '--field', 'examples/four-teams.json', '--sims', '1000']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^simcast: MODEL_MISMATCH: ratings up to 1720 are on an Elo scale.*use --model elo/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('the same field with --model elo runs', () => {
    const r = simcast(['tournament', '--field', 'examples/four-teams.json', '--model', 'elo', '--sims', '1000', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).model).toBe('elo');
  });

  it('backtest --league nba on the NFL file: exit 2 naming the file and the league it holds', () => {
    const r = simcast(['backtest', '--league', 'nba', '--games', 'examples/data/nfl-games-spreadspoke.csv', '--from', '2020', '--to', '2021']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MODEL_MISMATCH: examples\/data\/nfl-games-spreadspoke\.csv: .* like NFL games, not NBA .*--league nfl/);
  });
});
