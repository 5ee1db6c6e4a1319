// Same-game correlation of NBA threes made, between teammates and between opponents, measured as the
// NFL table is (nfl/correlations.ts): walk forward over the game logs; before each date every player's
// expected threes μ comes from the threes model (threes-model.ts, earlier games only) and his game's
// standardised residual is z = (y − μ)/√(μ + μ²/size) (the negative binomial's sd); the Pearson
// correlation r of z over every pair of players in one game (both orders, so it is symmetric) is the
// observed correlation, turned into the copula's latent ρ by bisection over the two players' count laws
// at the pairs' mean μ (latentFromObserved), then shrunk by n/(n + 60) as the NFL's is.
// Only players a threes prop is offered on take part (μ ≥ 1 and at least 5 earlier games: the price
// file's lines are 0.5 and up, most 1.5 to 3.5), so the figure is the one a slip of such props needs.
import { latentFromObserved, momentCorrelation, SAME_QUANTITY_RHO, type DiscreteLaw } from '../joint/latent-correlation.js';
import { countLaw, countPmf } from '../model/count-laws.js';
import type { NbaGameLogRow } from '../parse/nba-gamelog.js';
import { ThreesState, type ThreesSettings } from './threes-model.js';

export type NbaRelation = 'team' | 'opp';

export interface NbaPairEstimate {
  /** pairs of players (each pair once) */
  n: number;
  /** games the pairs come from */
  games: number;
  /** observed correlation of the residuals */
  r: number;
  /** latent correlation after conversion and shrinkage */
  rho: number;
  /** standard error of r, by game (pairs of one game are not independent: the sandwich over games) */
  se: number;
}

/**
 * Measured by measureThreesCorrelations on nba-player-games-2024-25-to-2025-01-31.csv (13,120 rows),
 * games of 2024-10-22 .. 2024-12-31 only (January 2025 is held out from every fit and setting), with
 * DEFAULT_THREES_SETTINGS (size 8.8), players with μ ≥ 1 and 5 earlier games:
 *   teammates  9,955 pairs in 412 games: r = −0.0107 (SE by game 0.0096) → latent ρ −0.0118;
 *   opponents 11,325 pairs in 406 games: r = +0.0055 (SE 0.0098)          → latent ρ +0.0060.
 * Both are within about one standard error of 0 (the whole file: −0.0084 and +0.0058, SE 0.0075): a
 * player's threes barely move with a teammate's (sharing the ball against sharing a hot night) or an
 * opponent's (pace). The logs miss some players of each game (their team points average 104, the
 * league's about 114), so no game-total correlation is measured from them. Re-measure with
 * `node dist/bench/props-nba-correlations.js [FILE]`.
 */
export const NBA_THREES_CORRELATIONS: Readonly<Record<NbaRelation, NbaPairEstimate>> = {
  team: { n: 9955, games: 412, r: -0.010703, rho: -0.011785, se: 0.009629 },
  opp: { n: 11325, games: 406, r: 0.005462, rho: 0.006013, se: 0.00979 },
};

export interface MeasureOptions {
  /** dates before this one only (default: every date) */
  before?: string;
  /** fewest expected threes of a player in a pair */
  minMean?: number;
  /** fewest earlier games of a player in a pair */
  minGames?: number;
  shrinkPairs?: number;
}

interface Sums {
  n: number;
  a: number;
  b: number;
  aa: number;
  bb: number;
  ab: number;
  mu: number;
  /** per game: its pairs (both orders) and the sum of their residual products */
  games: Map<string, { n: number; ab: number }>;
}

const empty = (): Sums => ({ n: 0, a: 0, b: 0, aa: 0, bb: 0, ab: 0, mu: 0, games: new Map() });

interface Residual {
  z: number;
  mu: number;
}

function lawAt(mean: number, size: number): DiscreteLaw {
  const c = countLaw(mean, size);
  const pmf = countPmf(c, Math.ceil(mean + 12 * Math.sqrt(mean + (mean * mean) / size) + 10));
  return { values: Float64Array.from(pmf, (_, k) => k), probs: pmf };
}

/** The teammates' and opponents' correlation of threes made in one game, walk-forward over the logs. */
export function measureThreesCorrelations(
  byDate: readonly [string, NbaGameLogRow[]][],
  settings: ThreesSettings,
  o: MeasureOptions = {},
): Record<NbaRelation, NbaPairEstimate> {
  const minMean = o.minMean ?? 1;
  const minGames = o.minGames ?? 5;
  const sums: Record<NbaRelation, Sums> = { team: empty(), opp: empty() };
  const state = new ThreesState(settings);
  const add = (s: Sums, x: Residual, y: Residual, game: string) => {
    let g = s.games.get(game);
    if (!g) s.games.set(game, (g = { n: 0, ab: 0 }));
    g.n += 2;
    g.ab += 2 * x.z * y.z;
    // both orders: the estimate does not depend on which player of a pair comes first
    for (const [p, q] of [
      [x, y],
      [y, x],
    ]) {
      s.n++;
      s.a += p.z;
      s.b += q.z;
      s.aa += p.z * p.z;
      s.bb += q.z * q.z;
      s.ab += p.z * q.z;
      s.mu += p.mu;
    }
  };
  for (const [date, rows] of byDate) {
    if (o.before !== undefined && date >= o.before) break;
    const byTeam = new Map<string, Residual[]>();
    for (const r of rows) {
      const p = state.predict(r.playerId, r.opponent, r.home);
      if (p.games < minGames || p.mean < minMean) continue;
      const sd = Math.sqrt(p.mean + (p.mean * p.mean) / settings.size);
      let t = byTeam.get(r.team);
      if (!t) byTeam.set(r.team, (t = []));
      t.push({ z: (r.threesMade - p.mean) / sd, mu: p.mean });
    }
    const opponentOf = new Map(rows.map((r) => [r.team, r.opponent]));
    for (const [team, xs] of byTeam) {
      const game = `${date}|${[team, opponentOf.get(team)].sort().join('-')}`;
      for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) add(sums.team, xs[i], xs[j], game);
      const opp = opponentOf.get(team)!;
      // each opposing pair once: from the team that sorts first
      if (team < opp) for (const x of xs) for (const y of byTeam.get(opp) ?? []) add(sums.opp, x, y, game);
    }
    state.addDate(rows);
  }
  const shrink = o.shrinkPairs ?? 60;
  const estimate = (s: Sums): NbaPairEstimate => {
    const pairs = s.n / 2;
    if (s.n < 6) return { n: pairs, games: s.games.size, r: 0, rho: 0, se: 0 };
    const { r, va, vb } = momentCorrelation(s.n, s.a, s.b, s.aa, s.bb, s.ab);
    const law = lawAt(s.mu / s.n, settings.size);
    const latent = latentFromObserved(law, law, r, 1e-7);
    // r ≈ the mean of the products z_a z_b / sd²: its variance summed game by game (the residuals' means are ~0)
    const v = Math.sqrt(va * vb);
    let ss = 0;
    for (const g of s.games.values()) ss += (g.ab / v - g.n * r) ** 2;
    return { n: pairs, games: s.games.size, r, rho: (latent * pairs) / (pairs + shrink), se: Math.sqrt(ss) / s.n };
  };
  return { team: estimate(sums.team), opp: estimate(sums.opp) };
}

/** Where an NBA threes leg is played: the player, his team (null when unknown), the game and the side. */
export interface NbaLegPlace {
  playerId: string;
  team: string | null;
  opponent: string;
  home: boolean;
  date: string;
  side: 'over' | 'under';
}

/**
 * The latent correlation of two NBA threes legs: teammates or opponents in one game from the table,
 * signed by the sides (an over with an under on positively correlated stats are negatively correlated
 * legs); legs of different games are independent. Two legs on one player in one game are his threes
 * twice (over 1.5 with over 2.5 is over 2.5): one latent normal, SAME_QUANTITY_RHO signed by the sides.
 */
export function nbaLegCorrelation(
  a: NbaLegPlace,
  b: NbaLegPlace,
  table: Readonly<Record<NbaRelation, NbaPairEstimate>> = NBA_THREES_CORRELATIONS,
): { rho: number; source: string; n: number } {
  if (a.date !== b.date) return { rho: 0, source: 'independent (different games)', n: 0 };
  const sign = a.side === b.side ? 1 : -1;
  if (a.playerId === b.playerId) return { rho: sign * SAME_QUANTITY_RHO, source: 'the same quantity', n: 0 };
  // a team plays once a date: the same opponent and side of the court is the same team in the same game
  if (a.opponent === b.opponent && a.home === b.home) return { rho: sign * table.team.rho, source: 'team|threes|threes', n: table.team.n };
  if (a.home !== b.home && a.team !== null && a.team === b.opponent && b.team === a.opponent)
    return { rho: sign * table.opp.rho, source: 'opp|threes|threes', n: table.opp.n };
  return { rho: 0, source: 'independent (different games)', n: 0 };
}
