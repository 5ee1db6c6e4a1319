// The pool entry on the bracket picture: a bracket of wins becomes the winner of every game (decided
// games keep their winner), the boxes name the entry's picks with the ones off chalk marked, each game's
// importance is drawn; and the slips heat map's text contrasts at least 4.5:1 on every shade.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseFieldJson } from '../engine/field/read-json.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { bracketLayout } from '../engine/tournament/bracket-layout.js';
import { bracketSvg, contrast } from '../engine/tournament/bracket-svg.js';
import { poolMarks, winnersOf } from '../web/src/pool-marks.js';
import { shade } from '../web/src/slips-view.js';
import type { PoolOptimized } from '../web/src/api.js';

const four = readFileSync(new URL('../examples/four-teams.json', import.meta.url), 'utf8');
const layoutOf = (text: string) => bracketLayout(compileBracket(parseFieldJson(text, 'field.json')));

describe('pool marks', () => {
  it('the winner of each game is the team of its subtree with the most wins; a decided game keeps its winner', () => {
    const layout = layoutOf(four);
    const names = layout.teams.map((t) => t.name);
    const champion = names[layout.games[0].a];
    const other = names[layout.games[1].b];
    const wins = { [champion]: 2, [other]: 1 };
    const w = winnersOf(layout, wins);
    expect(w.map((t) => names[t])).toEqual([champion, other, champion]);
    // A decided game: its winner stands, whatever the bracket says.
    const decided = { ...layout, games: layout.games.map((g, i) => (i === 0 ? { ...g, winner: g.b } : g)) };
    expect(winnersOf(decided, wins)[0]).toBe(layout.games[0].b);
  });

  it('draws the entry beside chalk: off-chalk boxes marked, importance bars, the same markup every time', () => {
    const layout = layoutOf(four);
    const names = layout.teams.map((t) => t.name);
    const a = names[layout.games[0].a];
    const b = names[layout.games[0].b];
    const c = names[layout.games[1].a];
    const r = {
      bracket: { [b]: 2, [c]: 1 },
      chalk: { bracket: { [a]: 2, [c]: 1 }, winProbability: 0, expectedPrize: 0, expectedScore: 0 },
      importance: [
        { game: 2, round: 2, sideA: a, sideB: c, pA: 0.5, swing: 0.4, importance: 0.2 },
        { game: 0, round: 1, sideA: a, sideB: b, pA: 0.6, swing: 0.2, importance: 0.096 },
      ],
    } as unknown as PoolOptimized;
    const marks = poolMarks(layout, r);
    expect(marks.importance).toEqual([0.096, null, 0.2]);
    const odds = layout.teams.map(() => [0.5, 0.25]);
    const svg = bracketSvg(layout, { odds, pool: marks });
    expect((svg.match(/<g class="game pool off-chalk"/g) ?? []).length).toBe(2);
    expect((svg.match(/<g class="game pool"/g) ?? []).length).toBe(1);
    expect(svg).toContain(`◆ ${b}`);
    expect(svg).toContain(`entry ${b}, chalk ${a}, importance 0.0960`);
    expect((svg.match(/class="importance"/g) ?? []).length).toBe(2);
    expect(bracketSvg(layout, { odds, pool: marks })).toBe(svg);
  });
});

describe('slips heat map shades', () => {
  it('text contrasts at least 4.5:1 on every correlation from -1 to 1', () => {
    const lum = (rgb: number[]) => {
      const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const [r, g, b] = rgb.map((x) => lin(x / 255));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let k = -100; k <= 100; k++) {
      const s = shade(k / 100);
      const bg = lum(s.background.match(/\d+/g)!.map(Number));
      const fg = s.color === '#ffffff' ? 1 : 0;
      expect(contrast(bg, fg), `rho ${k / 100}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(shade(0).background).toBe('rgb(255, 255, 255)');
  });
});
