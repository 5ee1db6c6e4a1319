// The real playoffs of a season as the games history records them, and the check that a seeding explains
// them: with the seeds given, the bracket (byes, wild-card pairings, re-seeding, home field) must produce
// exactly the games that were played, each at the home of the side the data lists as home, when every
// game is won by its real winner. Who hosted whom pins the seeds down except where the bracket cannot tell
// (consistentSeedings counts the seedings the games allow).
import type { Game } from '../games/types.js';
import type { PlayoffFormat } from './playoffs.js';

export type PlayoffRound = 'wildcard' | 'divisional' | 'conference' | 'superBowl';

export interface RealPlayoffGame {
  round: PlayoffRound;
  home: string;
  away: string;
  winner: string;
  neutral: boolean;
}

const ROUND_OF_WEEK: Record<string, PlayoffRound> = { Wildcard: 'wildcard', Division: 'divisional', Conference: 'conference', Superbowl: 'superBowl' };

/** The season's playoff games (those with a known round and a score). */
export function realPlayoffGames(games: readonly Game[], season: number): RealPlayoffGame[] {
  const out: RealPlayoffGame[] = [];
  for (const g of games) {
    if (g.season !== season || g.playoff !== true || g.homeScore === null || g.awayScore === null) continue;
    const round = ROUND_OF_WEEK[g.week ?? ''];
    if (round === undefined) continue;
    out.push({ round, home: g.home, away: g.away, winner: g.homeScore > g.awayScore ? g.home : g.away, neutral: g.neutral });
  }
  return out;
}

const EXIT: Record<PlayoffRound, number> = { wildcard: 1, divisional: 2, conference: 3, superBowl: 4 };

/** Furthest round each playoff club reached, as playoffs.ts numbers them (5: won the Super Bowl). */
export function realRoundsReached(real: readonly RealPlayoffGame[]): Map<string, number> {
  const reached = new Map<string, number>();
  for (const g of real) {
    const r = EXIT[g.round];
    for (const t of [g.home, g.away]) reached.set(t, Math.max(reached.get(t) ?? 0, t === g.winner ? r + 1 : r));
  }
  return reached;
}

/**
 * Problems found playing one conference's bracket with these seeds against the real games (empty: the
 * seeds explain every game of the conference). Returns the conference champion too.
 */
export function checkConferenceBracket(
  seeds: readonly string[],
  f: PlayoffFormat,
  real: readonly RealPlayoffGame[],
): { problems: string[]; champion: string | null } {
  const problems: string[] = [];
  const S = f.seeds;
  const B = f.byes;
  const find = (round: PlayoffRound, home: string, away: string): RealPlayoffGame | null => {
    const g = real.find((x) => x.round === round && x.home === home && x.away === away);
    if (g) return g;
    const other = real.find((x) => x.round === round && (x.home === home || x.away === home || x.home === away || x.away === away));
    problems.push(
      `${round}: expected ${home} hosting ${away} (seeds ${seeds.indexOf(home) + 1} v ${seeds.indexOf(away) + 1}), ` +
        (other ? `played ${other.home} hosting ${other.away}` : 'no such game'),
    );
    return null;
  };
  for (let k = 0; k < B; k++) {
    const t = seeds[k];
    if (real.some((x) => x.round === 'wildcard' && (x.home === t || x.away === t)))
      problems.push(`wildcard: seed ${k + 1} ${t} should have had a bye but played`);
  }
  const alive: number[] = [];
  for (let k = 0; k < B; k++) alive.push(k);
  for (let i = 0; i < (S - B) / 2; i++) {
    const hi = B + i;
    const lo = S - 1 - i;
    const g = find('wildcard', seeds[hi], seeds[lo]);
    if (g === null) return { problems, champion: null };
    alive.push(g.winner === seeds[hi] ? hi : lo);
  }
  alive.sort((a, b) => a - b);
  const div1 = find('divisional', seeds[alive[0]], seeds[alive[3]]);
  const div2 = find('divisional', seeds[alive[1]], seeds[alive[2]]);
  if (div1 === null || div2 === null) return { problems, champion: null };
  const a = seeds.indexOf(div1.winner);
  const b = seeds.indexOf(div2.winner);
  const conf = find('conference', seeds[Math.min(a, b)], seeds[Math.max(a, b)]);
  return { problems, champion: conf?.winner ?? null };
}

/** Problems explaining the whole playoffs (both conferences, the field, the Super Bowl) with these seeds. */
export function checkSeedsAgainstPlayoffs(seeds: Record<string, readonly string[]>, f: PlayoffFormat, real: readonly RealPlayoffGame[]): string[] {
  const problems: string[] = [];
  const field = new Set(Object.values(seeds).flat());
  const played = new Set(real.flatMap((g) => [g.home, g.away]));
  for (const t of played) if (!field.has(t)) problems.push(`field: ${t} played in the playoffs but is not seeded`);
  for (const t of field) if (!played.has(t)) problems.push(`field: ${t} is seeded but played no playoff game`);
  const champions: string[] = [];
  for (const [conf, s] of Object.entries(seeds)) {
    const r = checkConferenceBracket(s, f, real);
    problems.push(...r.problems.map((p) => `${conf} ${p}`));
    if (r.champion !== null) champions.push(r.champion);
  }
  const sb = real.find((g) => g.round === 'superBowl');
  if (champions.length === 2 && sb !== undefined && !(champions.includes(sb.home) && champions.includes(sb.away))) {
    problems.push(`superBowl: expected ${champions.join(' v ')}, played ${sb.home} v ${sb.away}`);
  }
  return problems;
}

/** Every order of a conference's field that explains its real games (the real seeds are one of them). */
export function consistentSeedings(field: readonly string[], f: PlayoffFormat, real: readonly RealPlayoffGame[]): string[][] {
  const out: string[][] = [];
  const perm = (rest: string[], acc: string[]) => {
    if (rest.length === 0) {
      if (checkConferenceBracket(acc, f, real).problems.length === 0) out.push(acc.slice());
      return;
    }
    for (let i = 0; i < rest.length; i++) {
      acc.push(rest[i]);
      perm([...rest.slice(0, i), ...rest.slice(i + 1)], acc);
      acc.pop();
    }
  };
  perm([...field], []);
  return out;
}
