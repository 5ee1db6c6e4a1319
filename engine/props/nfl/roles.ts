// A player's role in his team before a game, from earlier games only: the starting quarterback is the
// schedule's (QB1); the others are ranked within their position by expected volume among the team's
// players of its previous three games: running backs by carries (RB1, RB2), receivers and tight ends by
// receiving yards (WR1..WR3, TE1, TE2); everyone else is OTHER. The team's leading receiver is the
// highest expected receiving yards among its WR, TE and RB.
import type { NflGameRow } from '../parse/nflverse-schedules.js';
import type { NflPlayerStat } from '../parse/nflverse-weekly.js';
import { firstOnOrAfter, type NflHistory, type PositionGroup } from './history.js';
import type { NflMarginals } from './marginals.js';

export const NFL_ROLES = ['QB1', 'RB1', 'RB2', 'WR1', 'WR2', 'WR3', 'TE1', 'TE2', 'OTHER'] as const;
export type NflRole = (typeof NFL_ROLES)[number];

const RANK: Partial<Record<PositionGroup, { stat: NflPlayerStat; roles: NflRole[] }>> = {
  RB: { stat: 'carries', roles: ['RB1', 'RB2'] },
  WR: { stat: 'receiving_yards', roles: ['WR1', 'WR2', 'WR3'] },
  TE: { stat: 'receiving_yards', roles: ['TE1', 'TE2'] },
};

export interface TeamRoles {
  roles: Map<string, NflRole>;
  /** the team's leading receiver before the game (null when it has no earlier game) */
  leadingReceiver: string | null;
  qb: string | null;
}

export function teamRoles(history: NflHistory, marginals: NflMarginals, game: NflGameRow, team: string): TeamRoles {
  const home = game.home === team;
  const opponent = home ? game.away : game.home;
  const teamGames = history.byTeam.get(team) ?? [];
  const before = firstOnOrAfter(teamGames, game.date);
  const candidates = new Map<string, PositionGroup>();
  for (let j = Math.max(0, before - 3); j < before; j++) {
    for (const p of history.byGame.get(teamGames[j].gameId) ?? []) if (p.team === team) candidates.set(p.playerId, p.group);
  }
  const ctx = { date: game.date, opponent, home };
  const expect = (id: string, stat: NflPlayerStat) => marginals.expected(id, stat, ctx)?.mean ?? 0;
  const roles = new Map<string, NflRole>();
  let qb = home ? game.homeQbId : game.awayQbId;
  if (qb === null) {
    const qbs = [...candidates].filter(([, g]) => g === 'QB').map(([id]) => id);
    qb = qbs.sort((a, b) => expect(b, 'attempts') - expect(a, 'attempts') || a.localeCompare(b))[0] ?? null;
  }
  if (qb !== null) roles.set(qb, 'QB1');
  for (const [group, rank] of Object.entries(RANK) as [PositionGroup, { stat: NflPlayerStat; roles: NflRole[] }][]) {
    const ids = [...candidates].filter(([id, g]) => g === group && id !== qb).map(([id]) => id);
    ids.sort((a, b) => expect(b, rank.stat) - expect(a, rank.stat) || a.localeCompare(b));
    ids.forEach((id, i) => roles.set(id, rank.roles[i] ?? 'OTHER'));
  }
  for (const id of candidates.keys()) if (!roles.has(id)) roles.set(id, 'OTHER');
  const receivers = [...candidates].filter(([id, g]) => (g === 'WR' || g === 'TE' || g === 'RB') && id !== qb).map(([id]) => id);
  receivers.sort((a, b) => expect(b, 'receiving_yards') - expect(a, 'receiving_yards') || a.localeCompare(b));
  return { roles, leadingReceiver: receivers[0] ?? null, qb };
}
