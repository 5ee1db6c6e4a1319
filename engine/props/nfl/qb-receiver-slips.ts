// Two-leg same-game slips for a season, as a test of the copula on history: each team's starting
// quarterback's passing yards with his leading receiver's receiving yards (roles.ts: from earlier games),
// each over the player's trailing median (his previous up to 8 games, at least 4). Only teams whose two
// players appear in the game's box score (a slip on a player who sat out is void).
import type { NflSlipRow } from '../parse/nfl-slips.js';
import type { NflPlayerStat } from '../parse/nflverse-weekly.js';
import { firstOnOrAfter, type NflHistory } from './history.js';
import type { NflMarginals } from './marginals.js';
import { teamRoles } from './roles.js';

export function trailingMedian(history: NflHistory, playerId: string, stat: NflPlayerStat, date: string, window = 8, min = 4): number | null {
  const games = history.byPlayer.get(playerId) ?? [];
  const i = firstOnOrAfter(games, date);
  if (i < min) return null;
  const v = games
    .slice(Math.max(0, i - window), i)
    .map((g) => g.stats[stat])
    .sort((a, b) => a - b);
  const m = v.length;
  return m % 2 ? v[(m - 1) / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
}

export function qbReceiverSlips(history: NflHistory, marginals: NflMarginals, season: number): NflSlipRow[] {
  const out: NflSlipRow[] = [];
  const games = [...history.games.values()]
    .filter((g) => g.season === season && g.homeScore !== null)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.gameId.localeCompare(b.gameId)));
  for (const g of games) {
    const played = new Set((history.byGame.get(g.gameId) ?? []).map((p) => p.playerId));
    for (const team of [g.away, g.home]) {
      const r = teamRoles(history, marginals, g, team);
      if (!r.qb || !r.leadingReceiver || !played.has(r.qb) || !played.has(r.leadingReceiver)) continue;
      const qbLine = trailingMedian(history, r.qb, 'passing_yards', g.date);
      const recLine = trailingMedian(history, r.leadingReceiver, 'receiving_yards', g.date);
      if (qbLine === null || recLine === null) continue;
      const slipId = `${g.gameId}-${team}`;
      out.push({ line: 0, slipId, gameId: g.gameId, playerId: r.qb, stat: 'passing_yards', side: 'over', threshold: qbLine });
      out.push({ line: 0, slipId, gameId: g.gameId, playerId: r.leadingReceiver, stat: 'receiving_yards', side: 'over', threshold: recLine });
    }
  }
  return out;
}
