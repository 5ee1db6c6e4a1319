// The bracket picture: a pure function from a bracket's layout and each team's advancement odds to SVG
// markup. One renderer for the web page (bundled by web/build.mjs) and `simcast tournament --svg`, so the
// two pictures are the same. No imports but types: it must bundle for the browser as it is.
//
// Left, one row per team in bracket order (seed, name, a cell per round shaded by the chance to win through
// it); right, the tree of games, each box naming its favourite and the chance, every game's full odds on
// hover (<title>). Data attributes (data-team, data-game, data-round) let the page find what was clicked.
import type { BracketLayout } from './bracket-layout.js';

export interface BracketOdds {
  /** odds[t][r] = P(team t wins through round r + 1), indexed like layout.teams (TournamentReport.teams[].probabilities). */
  odds: number[][];
  /** Names of rounds 1..rounds (TournamentReport.roundNames). */
  roundNames?: string[];
  /** A line under the title (model, simulations, seed). */
  subtitle?: string;
  /** A pool entry drawn on the tree beside chalk: each game box names the entry's pick instead of the favourite. */
  pool?: PoolMarks;
}

/** A bracket pool entry against chalk, game by game (indexed like layout.games). */
export interface PoolMarks {
  /** The team (layout index) the entry has winning each game. */
  entry: number[];
  /** The team chalk (the favourites) has winning each game. */
  chalk: number[];
  /** Each game's importance for the entry (2p(1 - p)·swing of its expected prize), null when not reported. */
  importance: (number | null)[];
}

const ROW = 16;
const TOP = 48;
const SEED_W = 24;
const NAME_W = 150;
const CELL_W = 38;
const GAP = 18;
const COL_W = 118;
const BOX_H = 15;

/** Maps TournamentReport.teams (sorted by odds) onto the layout's team order. */
export function oddsInLayoutOrder(layout: BracketLayout, teams: { name: string; probabilities: number[] }[]): number[][] {
  const byName = new Map(teams.map((t) => [t.name, t.probabilities]));
  return layout.teams.map((t) => byName.get(t.name) ?? new Array<number>(layout.rounds).fill(0));
}

/** Which teams can reach each node (team or game winner), and each node's y centre. */
function treeOf(layout: BracketLayout) {
  const T = layout.teams.length;
  const G = layout.games.length;
  const rowOfTeam = new Array<number>(T).fill(-1);
  const y = new Array<number>(T + G).fill(0);
  const members: number[][] = Array.from({ length: T + G }, () => []);
  let row = 0;
  const visit = (node: number): void => {
    if (node < T) {
      rowOfTeam[node] = row;
      y[node] = TOP + row * ROW + ROW / 2;
      members[node] = [node];
      row++;
      return;
    }
    const g = layout.games[node - T];
    visit(g.a);
    visit(g.b);
    y[node] = (y[g.a] + y[g.b]) / 2;
    members[node] = [...members[g.a], ...members[g.b]];
  };
  if (G > 0) visit(T + G - 1);
  else layout.teams.forEach((_, t) => visit(t));
  // Teams the tree did not reach (a one-team field) still get a row.
  rowOfTeam.forEach((r, t) => r < 0 && visit(t));
  const firstRound = new Array<number>(T).fill(layout.rounds + 1);
  layout.games.forEach((g) => {
    for (const n of [g.a, g.b]) if (n < T) firstRound[n] = g.round;
  });
  return { T, G, rows: row, rowOfTeam, y, members, firstRound };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (p: number): string => (p >= 0.9995 ? '100%' : p < 0.0005 ? (p > 0 ? '<0.1%' : '0%') : `${(p * 100).toFixed(1)}%`);
/** Column heads: "Round of 64" → R64, Quarterfinals → QF, Final → Title. */
const abbrev = (n: string): string =>
  n
    .replace(/^Round of (\d+)$/, 'R$1')
    .replace(/^Quarterfinals$/, 'QF')
    .replace(/^Semifinals$/, 'SF')
    .replace(/^Final$/, 'Title');
const short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const f = (x: number): string => (Math.round(x * 10) / 10).toString();

/** WCAG relative luminance of an sRGB colour given as 0..1 channels. */
function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** hsl (degrees, 0..1, 0..1) to sRGB channels 0..1. */
function hslToRgb(h: number, s: number, l: number): number[] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  return [0, 8, 4].map((n) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1)));
}

export const contrast = (l1: number, l2: number): number => (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);

/**
 * A sequential blue: white at 0, deep blue at 1 (square root, so long shots still show), with black or
 * white text, whichever contrasts more (at least 4.5:1 on every shade).
 */
export function shade(p: number): { fill: string; text: string; contrast: number } {
  const l = 97 - 62 * Math.sqrt(Math.max(0, Math.min(1, p)));
  const bg = luminance(hslToRgb(212, 0.72, l / 100));
  const black = contrast(bg, 0);
  const white = contrast(bg, 1);
  return { fill: `hsl(212,72%,${l.toFixed(1)}%)`, text: white > black ? '#ffffff' : '#000000', contrast: Math.max(white, black) };
}

export function bracketSvg(layout: BracketLayout, o: BracketOdds): string {
  const { T, G, rows, y, members, firstRound } = treeOf(layout);
  const R = layout.rounds;
  const names = o.roundNames ?? Array.from({ length: R }, (_, r) => `Round ${r + 1}`);
  const cellsX = SEED_W + NAME_W;
  const treeX = cellsX + R * CELL_W + GAP;
  const colX = (round: number) => treeX + (round - 1) * COL_W;
  const width = treeX + R * COL_W + 10;
  const height = TOP + rows * ROW + 12;
  const odds = (t: number, r: number) => o.odds[t]?.[r - 1] ?? 0;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="bracket" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif" font-size="11" role="img" aria-label="${esc(`${layout.name}: bracket with each team's chance to win through every round`)}">`,
    `<title>${esc(layout.name)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="4" y="15" font-size="14" font-weight="600" fill="#1a1a1a">${esc(layout.name)}</text>`,
  );
  if (o.subtitle) out.push(`<text x="4" y="29" fill="#555">${esc(o.subtitle)}</text>`);
  // Round headers over the cells and over the tree's columns.
  for (let r = 1; r <= R; r++) {
    out.push(
      `<text class="round-head" x="${f(cellsX + (r - 0.5) * CELL_W)}" y="${TOP - 5}" text-anchor="middle" fill="#555" font-size="9">${esc(short(abbrev(names[r - 1]), 8))}<title>${esc(names[r - 1])}</title></text>`,
    );
  }

  // Connectors first, so boxes sit on top.
  const rightEdge = (node: number) => (node < T ? cellsX + R * CELL_W + 2 : colX(layout.games[node - T].round) + COL_W - 12);
  const lines: string[] = [];
  layout.games.forEach((g, i) => {
    const x2 = colX(g.round);
    for (const n of [g.a, g.b]) {
      const x1 = rightEdge(n);
      const xm = Math.max(x1 + 4, x2 - 6);
      lines.push(`M${f(x1)} ${f(y[n])}H${f(xm)}V${f(y[T + i])}H${f(x2)}`);
    }
  });
  out.push(`<path d="${lines.join('')}" fill="none" stroke="#b8c2cc" stroke-width="1"/>`);

  // Team rows: seed, name, one shaded cell per round.
  for (let t = 0; t < T; t++) {
    const team = layout.teams[t];
    const top = y[t] - ROW / 2;
    const label = `${team.name}${team.seed !== null ? ` (${team.seed}${team.region ? ` ${team.region}` : ''})` : ''}`;
    const tip = `${label}, rating ${team.rating}: ${names
      .map((n, r) => (r + 1 >= firstRound[t] ? `${n} ${pct(odds(t, r + 1))}` : null))
      .filter((s) => s !== null)
      .join(', ')}`;
    out.push(`<g class="team" data-team="${t}" data-name="${esc(team.name)}" tabindex="0"><title>${esc(tip)}</title>`);
    out.push(`<text x="${SEED_W - 4}" y="${f(y[t] + 4)}" text-anchor="end" fill="#555">${team.seed ?? ''}</text>`);
    out.push(`<text class="name" x="${SEED_W}" y="${f(y[t] + 4)}" fill="#1a1a1a">${esc(short(team.name, 22))}</text>`);
    for (let r = 1; r <= R; r++) {
      const x = cellsX + (r - 1) * CELL_W;
      if (r < firstRound[t]) continue;
      const p = odds(t, r);
      const s = shade(p);
      out.push(
        `<rect class="cell" data-round="${r}" x="${x + 1}" y="${f(top + 1)}" width="${CELL_W - 2}" height="${ROW - 2}" fill="${s.fill}"/>`,
        `<text x="${f(x + CELL_W / 2)}" y="${f(y[t] + 3.5)}" text-anchor="middle" font-size="9" fill="${s.text}">${esc(pct(p))}</text>`,
      );
    }
    out.push('</g>');
  }

  // Game boxes: the favourite to win it, or the winner of a decided game; with a pool entry, its pick.
  const maxImportance = Math.max(0, ...(o.pool?.importance ?? []).map((v) => v ?? 0));
  for (let g = 0; g < G; g++) {
    if (o.pool) {
      out.push(poolBox(layout, o.pool, g, colX(layout.games[g].round), y[T + g], names, maxImportance));
      continue;
    }
    const game = layout.games[g];
    const node = T + g;
    const ranked = members[node].map((t) => ({ t, p: odds(t, game.round) })).sort((a, b) => b.p - a.p || a.t - b.t);
    const fav = game.winner ?? ranked[0].t;
    const p = game.winner !== null ? 1 : ranked[0].p;
    const s = shade(p);
    const x = colX(game.round);
    const head = `${names[game.round - 1]}, game ${g + 1}`;
    const tip =
      game.winner !== null
        ? `${head}: won by ${layout.teams[game.winner].name}`
        : `${head}: ${ranked
            .slice(0, 6)
            .map((e) => `${layout.teams[e.t].name} ${pct(e.p)}`)
            .join(', ')}`;
    out.push(
      `<g class="game${game.winner !== null ? ' decided' : ''}" data-game="${g}" data-round="${game.round}" data-favourite="${fav}"><title>${esc(tip)}</title>`,
      `<rect x="${x}" y="${f(y[node] - BOX_H / 2)}" width="${COL_W - 12}" height="${BOX_H}" rx="2" fill="${s.fill}" stroke="#8796a5" stroke-width="0.6"/>`,
      `<text x="${x + 3}" y="${f(y[node] + 3.8)}" font-size="9.5" fill="${s.text}">${game.winner !== null ? '✓ ' : ''}${esc(`${short(layout.teams[fav].name, 14)} ${pct(p)}`)}</text>`,
      '</g>',
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

/** A game box with the pool entry's pick: orange (and ◆) where it leaves chalk; a red bar under it as long as the game's importance. */
function poolBox(layout: BracketLayout, pool: PoolMarks, g: number, x: number, yc: number, names: string[], maxImportance: number): string {
  const game = layout.games[g];
  const pick = pool.entry[g];
  const chalk = pool.chalk[g];
  const imp = pool.importance[g] ?? null;
  const differs = pick !== chalk;
  const name = (t: number) => layout.teams[t]?.name ?? '?';
  const tip = `${names[game.round - 1]}, game ${g + 1}: entry ${name(pick)}, chalk ${name(chalk)}${imp === null ? '' : `, importance ${imp.toFixed(4)}`}`;
  const w = COL_W - 12;
  const bar =
    imp !== null && maxImportance > 0
      ? `<rect class="importance" x="${x}" y="${f(yc + BOX_H / 2 - 2)}" width="${f((w * imp) / maxImportance)}" height="2" fill="#b3261e"/>`
      : '';
  return [
    `<g class="game pool${differs ? ' off-chalk' : ''}" data-game="${g}" data-round="${game.round}" data-entry="${pick}" data-chalk="${chalk}"${imp === null ? '' : ` data-importance="${imp}"`}><title>${esc(tip)}</title>`,
    `<rect x="${x}" y="${f(yc - BOX_H / 2)}" width="${w}" height="${BOX_H}" rx="2" fill="${differs ? '#f4b860' : '#ffffff'}" stroke="#8796a5" stroke-width="0.6"/>`,
    `<text x="${x + 3}" y="${f(yc + 3.8)}" font-size="9.5" fill="#1a1a1a">${differs ? '◆ ' : ''}${esc(short(name(pick), 18))}</text>`,
    bar,
    '</g>',
  ].join('');
}
