// `simcast tournament --svg FILE`: the bracket picture written beside the usual output, the same markup
// the renderer gives for the API's layout and answer, and a clean exit 2 when it cannot be written.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simcast } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';
import { bracketSvg, oddsInLayoutOrder } from '../engine/tournament/bracket-svg.js';
import { fieldLayout } from '../app/tournaments/bracket-picture.js';

describe('simcast tournament --svg', () => {
  it('writes the 2016 bracket (67 games) beside the JSON, the same picture as the renderer draws from that answer', () => {
    const dir = tempDir('simcast-svg-');
    const out = join(dir, 'bracket.svg');
    const r = simcast(['tournament', '--field', 'examples/ncaa-2016.json', '--exact', '--json', '--svg', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const svg = readFileSync(out, 'utf8');
    expect((svg.match(/<g class="game[" ]/g) ?? []).length).toBe(67);
    const layout = fieldLayout(JSON.parse(readFileSync('examples/ncaa-2016.json', 'utf8')), 'field');
    expect(svg).toBe(
      bracketSvg(layout, { odds: oddsInLayoutOrder(layout, report.teams), roundNames: report.roundNames, subtitle: 'exact probabilities, model 538' }),
    );
    expect(readdirSync(dir)).toEqual(['bracket.svg']);
  });

  it('Monte Carlo with results: the subtitle names simulations and seed, decided games are marked', () => {
    const out = join(tempDir('simcast-svg-'), 'b.svg');
    const r = simcast([
      'tournament',
      '--field',
      'examples/ncaa-2016.json',
      '--results',
      'examples/data/ncaa-mens-2016-first-four.csv',
      '--sims',
      '20000',
      '--seed',
      '3',
      '--threads',
      '2',
      '--quiet',
      '--csv',
      '--svg',
      out,
    ]);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('20,000 simulations, model 538, seed 3');
    expect((svg.match(/<g class="game decided"/g) ?? []).length).toBe(4);
  });

  it('a folder that does not exist: exit 2, one line, nothing written', () => {
    const dir = tempDir('simcast-svg-');
    const out = join(dir, 'missing', 'b.svg');
    const r = simcast(['tournament', '--field', 'examples/four-teams.json', '--model', 'elo', '--exact', '--svg', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`simcast: OPTION_INVALID: --svg: cannot write ${out}: ENOENT\n`);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('is refused with --persist (a stored run is drawn by the web page)', () => {
    const r = simcast(['tournament', '--field', 'examples/four-teams.json', '--persist', 'aggregates', '--svg', 'x.svg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^simcast: OPTION_INVALID: --svg draws a run made now/);
  });
});
