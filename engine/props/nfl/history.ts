// The NFL history a prop model learns from: each weekly box-score row joined to its game in the
// schedule by (season, week, team), so it gets the game's id, date and home/away side. A row whose team
// had no game that week, or whose opponent disagrees with the schedule, is reported, not guessed.
import type { NflGameRow } from '../parse/nflverse-schedules.js';
import type { NflPlayerStat, NflWeeklyRow } from '../parse/nflverse-weekly.js';
import type { RejectedRow } from '../parse/types.js';

export type PositionGroup = 'QB' | 'RB' | 'WR' | 'TE' | 'OTHER';

export function positionGroup(position: string): PositionGroup {
  const p = position.toUpperCase();
  if (p === 'QB') return 'QB';
  if (p === 'RB' || p === 'FB' || p === 'HB') return 'RB';
  if (p === 'WR') return 'WR';
  if (p === 'TE') return 'TE';
  return 'OTHER';
}

export interface NflPlayerGame {
  playerId: string;
  name: string;
  group: PositionGroup;
  team: string;
  opponent: string;
  gameId: string;
  date: string;
  season: number;
  week: number;
  home: boolean;
  /** whether the schedule lists him as his team's starting quarterback in this game */
  startedAtQb: boolean;
  stats: Record<NflPlayerStat, number>;
}

export interface NflHistory {
  games: Map<string, NflGameRow>;
  /** each player's games, by date */
  byPlayer: Map<string, NflPlayerGame[]>;
  /** each game's player rows */
  byGame: Map<string, NflPlayerGame[]>;
  /** each team's games (ids), by date */
  byTeam: Map<string, NflGameRow[]>;
  /** every player game, by date (stable) */
  all: NflPlayerGame[];
  /** weekly rows not joined to a game */
  unjoined: RejectedRow[];
}

export function buildNflHistory(weekly: readonly NflWeeklyRow[], schedule: readonly NflGameRow[]): NflHistory {
  const games = new Map<string, NflGameRow>();
  const slot = new Map<string, NflGameRow>();
  const byTeam = new Map<string, NflGameRow[]>();
  for (const g of schedule) {
    games.set(g.gameId, g);
    slot.set(`${g.season}|${g.week}|${g.home}`, g);
    slot.set(`${g.season}|${g.week}|${g.away}`, g);
    for (const t of [g.home, g.away]) {
      let a = byTeam.get(t);
      if (!a) byTeam.set(t, (a = []));
      a.push(g);
    }
  }
  for (const a of byTeam.values()) a.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  const unjoined: RejectedRow[] = [];
  const all: NflPlayerGame[] = [];
  for (const w of weekly) {
    const g = slot.get(`${w.season}|${w.week}|${w.team}`);
    if (!g) {
      unjoined.push({ line: w.line, reason: `no ${w.team} game in the schedule for ${w.season} week ${w.week}`, scope: 'row' });
      continue;
    }
    const home = g.home === w.team;
    const opp = home ? g.away : g.home;
    if (opp !== w.opponent) {
      unjoined.push({ line: w.line, reason: `opponent ${w.opponent} disagrees with the schedule's ${opp} (${g.gameId})`, scope: 'row' });
      continue;
    }
    all.push({
      playerId: w.playerId,
      name: w.name,
      group: positionGroup(w.position),
      team: w.team,
      opponent: opp,
      gameId: g.gameId,
      date: g.date,
      season: w.season,
      week: w.week,
      home,
      startedAtQb: (home ? g.homeQbId : g.awayQbId) === w.playerId,
      stats: w.stats,
    });
  }
  all.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const byPlayer = new Map<string, NflPlayerGame[]>();
  const byGame = new Map<string, NflPlayerGame[]>();
  for (const p of all) {
    let a = byPlayer.get(p.playerId);
    if (!a) byPlayer.set(p.playerId, (a = []));
    a.push(p);
    let b = byGame.get(p.gameId);
    if (!b) byGame.set(p.gameId, (b = []));
    b.push(p);
  }
  return { games, byPlayer, byGame, byTeam, all, unjoined };
}

/** Index of the first element of a date-sorted list dated on or after `date` (so [0, i) is strictly before). */
export function firstOnOrAfter<T extends { date: string }>(list: readonly T[], date: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].date < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
