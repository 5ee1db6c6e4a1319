// A small, deterministic league of games (tests, bench, demos): teams with hidden strengths play a
// double round robin each season; scores are drawn from a seeded generator.
import type { GameRecord } from './predictor.js';

export const SYNTHETIC_TEAMS = ['KC', 'BUF', 'PHI', 'DAL', 'SF', 'BAL', 'DET', 'MIA', 'CIN', 'GB', 'LAR', 'NYJ', 'PIT', 'SEA', 'MIN', 'LV'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticGames(opts: { teams?: string[]; seasons?: number[]; seed?: number; scheduled?: { date: string; games: [string, string][] } } = {}): GameRecord[] {
  const teams = opts.teams ?? SYNTHETIC_TEAMS;
  const seasons = opts.seasons ?? [2022, 2023];
  const rnd = mulberry32(opts.seed ?? 7);
  const strength = new Map(teams.map((t, i) => [t, 7 - (14 * i) / Math.max(1, teams.length - 1)]));
  const games: GameRecord[] = [];
  for (const season of seasons) {
    let day = 0;
    for (const h of teams) {
      for (const a of teams) {
        if (h === a) continue;
        const date = new Date(Date.UTC(season, 8, 1) + (day++ % 120) * 86400_000).toISOString().slice(0, 10);
        const margin = strength.get(h)! - strength.get(a)! + 2 + (rnd() + rnd() + rnd() - 1.5) * 20;
        const total = 44 + (rnd() - 0.5) * 20;
        const hs = Math.max(0, Math.round((total + margin) / 2));
        const as = Math.max(0, Math.round((total - margin) / 2));
        games.push({ date, season, home: h, away: a, homeScore: hs, awayScore: as, neutral: false, spread: null, total: null });
      }
    }
  }
  if (opts.scheduled) {
    const season = Number(opts.scheduled.date.slice(0, 4));
    for (const [h, a] of opts.scheduled.games) games.push({ date: opts.scheduled.date, season, home: h, away: a, homeScore: null, awayScore: null, neutral: false, spread: -3, total: 45.5 });
  }
  return games;
}
