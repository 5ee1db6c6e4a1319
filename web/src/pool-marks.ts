// A pool entry (each team's wins, as /v1/pools/optimize answers it) turned into the bracket picture's
// marks: the team each bracket has winning every game of the layout, and each game's importance.
import type { BracketLayout } from '../../engine/tournament/bracket-layout.js';
import type { PoolMarks } from '../../engine/tournament/bracket-svg.js';
import type { PoolBracket, PoolOptimized } from './api.js';

/** The winner of each game: a decided game's winner, else the team of its subtree the bracket gives the most wins (a consistent bracket has one). */
export function winnersOf(layout: BracketLayout, wins: PoolBracket): number[] {
  const T = layout.teams.length;
  const best: number[] = [];
  const top = (node: number): number => (node < T ? node : best[node - T]);
  const w = (t: number) => wins[layout.teams[t].name] ?? 0;
  layout.games.forEach((g, i) => {
    const a = top(g.a);
    const b = top(g.b);
    best[i] = g.winner ?? (w(b) > w(a) ? b : a);
  });
  return best;
}

export function poolMarks(layout: BracketLayout, r: PoolOptimized): PoolMarks {
  const importance: (number | null)[] = layout.games.map(() => null);
  for (const g of r.importance) if (g.game >= 0 && g.game < importance.length) importance[g.game] = g.importance;
  return { entry: winnersOf(layout, r.bracket), chalk: winnersOf(layout, r.chalk.bracket), importance };
}
