// Correlations between legs, estimated from box scores of earlier seasons by stat pair and by role:
// for every game, every player's stats become standardised residuals z = (y − μ̂)/sd from the walk-
// forward model (expected value and law before the game), and the game's margin and total residuals
// against the closing spread and total. Pearson correlations of z are accumulated for each pair of
// (role, stat) items in one of four relations: the same player ('self'), teammates ('team'), opponents
// ('opp'), a player and his game ('game': his team's margin, the total). Roles are QB1, RB1, WR1, ...
// (roles.ts); the same sums by position group are the fallback for thin role pairs. An observed r is
// turned into the copula's latent ρ (latentFromObserved: bisection over the two stats' laws at their
// mean expected values), then shrunk toward 0 by n/(n + n0). The box scores carry no defensive players,
// so "a running back against the opposing defense" is read through the opposing offense and the margin.
import { latentFromObserved, momentCorrelation } from '../joint/latent-correlation.js';
import { NFL_STAT_NAMES, type NflPlayerStat } from '../parse/nflverse-weekly.js';
import type { NflHistory, PositionGroup } from './history.js';
import type { NflMarginals } from './marginals.js';
import { NFL_ROLES, teamRoles, type NflRole } from './roles.js';
import { lawFor, NFL_STAT_GROUPS, statDiscreteLaw, statSd, type NflLaws } from './stat-laws.js';

export const GAME_STATS = ['team_margin', 'total_points'] as const;
export type GameStat = (typeof GAME_STATS)[number];
export type Relation = 'self' | 'team' | 'opp' | 'game';
const RELATIONS: Relation[] = ['self', 'team', 'opp', 'game'];
const GROUP_LABELS: PositionGroup[] = ['QB', 'RB', 'WR', 'TE', 'OTHER'];
/** item labels: roles, then position groups, then the game */
const LABELS = [...NFL_ROLES, ...GROUP_LABELS.map((g) => `pos:${g}`), 'GAME'];
const ST: string[] = [...NFL_STAT_NAMES, ...GAME_STATS];
const SG = ST.length;
const K = LABELS.length * SG;
const F = 8; // n, Σa, Σb, Σaa, Σbb, Σab, Σμa, Σμb

export interface CorrelationSettings {
  /** fewest pairs for a role-level estimate (else the position-group one) */
  minPairs: number;
  /** shrinkage toward 0: ρ · n/(n + n0) */
  shrinkPairs: number;
}

export const DEFAULT_CORRELATION_SETTINGS: Readonly<CorrelationSettings> = { minPairs: 60, shrinkPairs: 60 };

export interface PairEstimate {
  n: number;
  /** observed correlation of the residuals */
  r: number;
  /** latent correlation after conversion and shrinkage */
  rho: number;
  key: string;
}

export interface LegItem {
  role: NflRole | 'GAME';
  group: PositionGroup | 'GAME';
  stat: NflPlayerStat | GameStat;
}

const labelIndex = new Map(LABELS.map((l, i) => [l, i]));
const statIdx = new Map(ST.map((s, i) => [s, i]));

function item(label: string, stat: string): number {
  return labelIndex.get(label)! * SG + statIdx.get(stat)!;
}

/** Pair sums and the laws to convert them; latent values are computed on first use and kept here. */
export class CorrelationTable {
  private readonly memo = new Map<number, PairEstimate | null>();

  constructor(
    private readonly sums: Float64Array,
    private readonly laws: NflLaws,
    readonly settings: CorrelationSettings,
    /** seasons the sums came from */
    readonly seasons: [number, number] | null,
  ) {}

  private estimate(rel: Relation, a: number, b: number): PairEstimate | null {
    const ri = RELATIONS.indexOf(rel);
    if (rel !== 'game' && a > b) [a, b] = [b, a];
    const key = (ri * K + a) * K + b;
    if (this.memo.has(key)) return this.memo.get(key)!;
    const o = key * F;
    const s = this.sums;
    const n = s[o];
    let out: PairEstimate | null = null;
    if (n >= 3) {
      const { r } = momentCorrelation(n, s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5]);
      const latent = this.toLatent(a, b, s[o + 6] / n, s[o + 7] / n, r);
      const desc = (x: number) => `${LABELS[Math.floor(x / SG)]}:${ST[x % SG]}`;
      out = { n, r, rho: (latent * n) / (n + this.settings.shrinkPairs), key: `${rel}|${desc(a)}|${desc(b)}` };
    }
    this.memo.set(key, out);
    return out;
  }

  private toLatent(a: number, b: number, meanA: number, meanB: number, r: number): number {
    const law = (x: number, mean: number) => {
      const stat = ST[x % SG];
      if ((GAME_STATS as readonly string[]).includes(stat)) return null;
      return statDiscreteLaw(this.laws[stat as NflPlayerStat], mean);
    };
    const la = law(a, meanA);
    const lb = law(b, meanB);
    // game residuals are normal: their latent correlation is the observed one, and a player's is nearly so
    if (!la && !lb) return r;
    const normal = { values: Float64Array.from({ length: 25 }, (_, i) => (i - 12) / 4), probs: new Float64Array(25) };
    if (!la || !lb) {
      let t = 0;
      for (let i = 0; i < 25; i++) t += normal.probs[i] = Math.exp(-0.5 * normal.values[i] ** 2);
      for (let i = 0; i < 25; i++) normal.probs[i] /= t;
    }
    try {
      // 1e-7 in ρ is far below the estimates' standard errors (about 0.02)
      return latentFromObserved(la ?? normal, lb ?? normal, r, 1e-7);
    } catch {
      return r;
    }
  }

  /** The latent correlation of two items in a relation: role level when it has enough pairs, else position level, else 0. */
  lookup(rel: Relation, a: LegItem, b: LegItem): { rho: number; source: string; n: number } {
    const stA = a.stat;
    const stB = b.stat;
    const roleA = a.role === 'GAME' ? 'GAME' : a.role;
    const roleB = b.role === 'GAME' ? 'GAME' : b.role;
    const posA = a.group === 'GAME' ? 'GAME' : `pos:${a.group}`;
    const posB = b.group === 'GAME' ? 'GAME' : `pos:${b.group}`;
    const byRole = rel === 'self' ? null : this.estimate(rel, item(roleA, stA), item(roleB, stB));
    if (byRole && byRole.n >= this.settings.minPairs) return { rho: byRole.rho, source: byRole.key, n: byRole.n };
    const byPos = this.estimate(rel, item(posA, stA), item(posB, stB));
    if (byPos && byPos.n >= this.settings.minPairs) return { rho: byPos.rho, source: byPos.key, n: byPos.n };
    return { rho: 0, source: 'none', n: 0 };
  }

  /** Converts ahead the pairs of these role/stat items in every relation (so the first prices are fast). */
  warm(items: readonly (readonly [string, string])[]): number {
    let n = 0;
    const ids = items.map(([label, stat]) => item(label, stat));
    for (const rel of RELATIONS) {
      for (const a of ids) {
        for (const b of ids) {
          if (rel !== 'game' && a > b) continue;
          if (this.estimate(rel, a, b)) n++;
        }
      }
    }
    return n;
  }

  /** Every estimate with at least minPairs pairs at the role level (for reports and docs). */
  listRolePairs(rel: Relation, roles: readonly string[], stats: readonly string[]): PairEstimate[] {
    const out: PairEstimate[] = [];
    for (const ra of roles)
      for (const sa of stats)
        for (const rb of roles)
          for (const sb of stats) {
            const a = item(ra, sa);
            const b = item(rb, sb);
            if (rel !== 'game' && a >= b) continue;
            const e = this.estimate(rel, a, b);
            if (e && e.n >= this.settings.minPairs) out.push(e);
          }
    return out;
  }
}

interface Residual {
  team: string;
  playerId: string;
  /** item ids by role and by position group */
  byRole: number;
  byGroup: number;
  z: number;
  mu: number;
}

/** Accumulates residual correlations over the played games of seasons [fromSeason, toSeason]. */
export function estimateCorrelations(
  history: NflHistory,
  marginals: NflMarginals,
  laws: NflLaws,
  game: { marginSd: number; totalSd: number },
  seasons: [number, number],
  settings: CorrelationSettings = { ...DEFAULT_CORRELATION_SETTINGS },
): CorrelationTable {
  const sums = new Float64Array(RELATIONS.length * K * K * F);
  const add = (rel: number, a: number, b: number, za: number, zb: number, ma: number, mb: number) => {
    if (rel !== 3 && a > b) {
      [a, b] = [b, a];
      [za, zb] = [zb, za];
      [ma, mb] = [mb, ma];
    }
    const o = ((rel * K + a) * K + b) * F;
    sums[o]++;
    sums[o + 1] += za;
    sums[o + 2] += zb;
    sums[o + 3] += za * za;
    sums[o + 4] += zb * zb;
    sums[o + 5] += za * zb;
    sums[o + 6] += ma;
    sums[o + 7] += mb;
  };
  for (const g of history.games.values()) {
    if (g.season < seasons[0] || g.season > seasons[1] || g.homeScore === null || g.awayScore === null) continue;
    const rows = history.byGame.get(g.gameId) ?? [];
    const res: Residual[] = [];
    for (const team of [g.home, g.away]) {
      const roles = teamRoles(history, marginals, g, team).roles;
      for (const p of rows) {
        if (p.team !== team) continue;
        for (const stat of NFL_STAT_NAMES) {
          if (!NFL_STAT_GROUPS[stat].includes(p.group)) continue;
          const e = marginals.expected(p.playerId, stat, { date: g.date, opponent: p.opponent, home: p.home });
          if (!e || e.games < 2) continue;
          const sd = statSd(lawFor(laws, stat, p.group), e.mean);
          if (!(sd > 0)) continue;
          res.push({
            team,
            playerId: p.playerId,
            byRole: item(roles.get(p.playerId) ?? 'OTHER', stat),
            byGroup: item(`pos:${p.group}`, stat),
            z: (p.stats[stat] - e.mean) / sd,
            mu: e.mean,
          });
        }
      }
    }
    for (let i = 0; i < res.length; i++) {
      const a = res[i];
      for (let j = i + 1; j < res.length; j++) {
        const b = res[j];
        const rel = a.playerId === b.playerId ? 0 : a.team === b.team ? 1 : 2;
        if (rel !== 0) add(rel, a.byRole, b.byRole, a.z, b.z, a.mu, b.mu);
        add(rel, a.byGroup, b.byGroup, a.z, b.z, a.mu, b.mu);
      }
    }
    if (g.spreadLine !== null && g.totalLine !== null) {
      const zm = (g.homeScore - g.awayScore - g.spreadLine) / game.marginSd;
      const zt = (g.homeScore + g.awayScore - g.totalLine) / game.totalSd;
      const im = item('GAME', 'team_margin');
      const it = item('GAME', 'total_points');
      add(3, im, it, zm, zt, 0, 0);
      for (const a of res) {
        const zs = a.team === g.home ? zm : -zm;
        add(3, a.byRole, im, a.z, zs, a.mu, 0);
        add(3, a.byGroup, im, a.z, zs, a.mu, 0);
        add(3, a.byRole, it, a.z, zt, a.mu, 0);
        add(3, a.byGroup, it, a.z, zt, a.mu, 0);
      }
    }
  }
  return new CorrelationTable(sums, laws, settings, seasons);
}

/** The role/stat items most legs are on: converted when a model is fitted. */
export const COMMON_ITEMS: readonly (readonly [string, string])[] = [
  ...['passing_yards', 'passing_tds', 'completions', 'rushing_yards'].map((s) => ['QB1', s] as const),
  ...['rushing_yards', 'carries', 'receptions', 'receiving_yards'].map((s) => ['RB1', s] as const),
  ...['WR1', 'WR2', 'TE1'].flatMap((r) => ['receptions', 'receiving_yards', 'receiving_tds'].map((s) => [r, s] as const)),
  ['GAME', 'team_margin'],
  ['GAME', 'total_points'],
];
