// The bracket picture (engine/tournament/bracket-svg.ts): one box per game, one row per team, the odds
// it was given in the cells and boxes, decided games marked, text escaped, the same markup every time.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseFieldJson } from '../engine/field/read-json.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { bracketLayout, type BracketLayout } from '../engine/tournament/bracket-layout.js';
import { bracketSvg, oddsInLayoutOrder, shade } from '../engine/tournament/bracket-svg.js';
import { exactGameWins } from '../engine/tournament/exact.js';
import { buildReport } from '../engine/tournament/report.js';
import { winModelByName } from '../engine/tournament/win-probability.js';

function picture(file: string, extra: (o: Record<string, unknown>) => Record<string, unknown> = (o) => o, model = '538') {
  const raw = extra(JSON.parse(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8')));
  const b = compileBracket(parseFieldJson(JSON.stringify(raw), file));
  const report = buildReport(b, exactGameWins(b, winModelByName(model)), 1, {
    mode: 'exact',
    model,
    hot: null,
    sims: null,
    seed: null,
    threads: null,
    elapsedMs: 0,
    simsPerSecond: null,
    streamScheme: null,
  });
  const layout = bracketLayout(b);
  return { layout, report, svg: bracketSvg(layout, { odds: oddsInLayoutOrder(layout, report.teams), roundNames: report.roundNames, subtitle: 'exact' }) };
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('bracketSvg', () => {
  it('2016 field: 67 game boxes (4 play-in), 68 team rows, the title favourite in the final box', () => {
    const { svg, report } = picture('ncaa-2016.json');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(count(svg, /<g class="game[" ]/g)).toBe(67);
    expect(count(svg, /<g class="game" data-game="\d+" data-round="1"/g)).toBe(4);
    expect(count(svg, /<g class="team"/g)).toBe(68);
    expect(count(svg, /<g[ >]/g)).toBe(count(svg, /<\/g>/g));
    const final = /<g class="game" data-game="66" data-round="7"[^>]*><title>([^<]*)<\/title>/.exec(svg)!;
    const best = report.teams[0];
    expect(final[1]).toContain(`${best.name} ${(best.probabilities[6] * 100).toFixed(1)}%`);
  });

  it("each team's cells show its probabilities; rounds before its first game have none", () => {
    const { svg, report } = picture('ncaa-2016.json');
    const kansas = report.teams.find((t) => t.name === 'Kansas')!;
    const row = /<g class="team" data-team="0" data-name="Kansas"[^]*?<\/g>/.exec(svg)![0];
    expect(count(row, /class="cell"/g)).toBe(6); // no play-in cell
    for (const p of kansas.probabilities.slice(1)) expect(row).toContain(`>${(p * 100).toFixed(1)}%<`);
    const wichita = /<g class="team" data-team="\d+" data-name="Wichita State"[^]*?<\/g>/.exec(svg)![0];
    expect(count(wichita, /class="cell"/g)).toBe(7);
  });

  it('byes and play-ins: a team with byes enters later; the picture is the same every time', () => {
    const a = picture('byes-and-playins.json', (o) => o, 'elo');
    expect(count(a.svg, /<g class="game[" ]/g)).toBe(a.layout.games.length);
    expect(a.layout.games.length).toBe(a.layout.teams.length - 1);
    expect(picture('byes-and-playins.json', (o) => o, 'elo').svg).toBe(a.svg);
  });

  it('a decided game is marked with its winner at 100%', () => {
    const { svg } = picture('four-teams.json', (o) => ({ ...o, results: [{ winner: 'Texas', loser: 'Alabama' }] }), 'elo');
    expect(count(svg, /<g class="game decided"/g)).toBe(1);
    expect(svg).toMatch(/<g class="game decided" data-game="0"[^>]*><title>[^<]*won by Texas<\/title>[^]*?✓ Texas 100%/);
  });

  it('escapes names and writes long shots as <0.1% safely', () => {
    const layout: BracketLayout = {
      name: 'A & B <cup>',
      rounds: 2,
      teams: [
        { name: 'Texas A&M', seed: null, region: null, rating: 1 },
        { name: '"Quoted" <b>', seed: null, region: null, rating: 0 },
      ],
      games: [{ round: 2, a: 0, b: 1, winner: null }],
    };
    const svg = bracketSvg(layout, {
      odds: [
        [1, 0.99999],
        [1, 0.00001],
      ],
    });
    expect(svg).toContain('Texas A&amp;M');
    expect(svg).toContain('&quot;Quoted&quot; &lt;b&gt;');
    expect(svg).toContain('A &amp; B &lt;cup&gt;');
    expect(svg).toContain('&lt;0.1%');
    expect(svg).not.toMatch(/<b>|<cup>|A&M|>[^<]*<0\.1/);
  });

  it('text on every shade contrasts at least 4.5:1 (WCAG AA)', () => {
    let worst = Infinity;
    for (let i = 0; i <= 1000; i++) worst = Math.min(worst, shade(i / 1000).contrast);
    expect(worst).toBeGreaterThanOrEqual(4.5);
    expect(shade(0).text).toBe('#000000');
    expect(shade(1).text).toBe('#ffffff');
  });
});
