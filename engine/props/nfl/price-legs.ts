// Pricing NFL legs and slips from a fitted model, as of each leg's game date (nothing from that game or
// later). A player leg: the player's expected stat and its law give P(over), P(push), P(under) at the
// line. A game leg: the home margin (spread, moneyline at 0) or the total points, a whole-number normal
// around the closing spread or total with the spread measured on earlier seasons. The latent correlation
// of two legs: 0 across games; else by relation (the same player, teammates, opponents, a player and
// his game) and roles from the correlation table, signed by the legs' sides (an over and an under on
// positively correlated stats are negatively correlated legs).
import { InputError } from '../../../core/errors.js';
import { jointDistribution, type JointDistribution, type JointOptions } from '../joint/joint-distribution.js';
import { SAME_QUANTITY_RHO } from '../joint/latent-correlation.js';
import type { LegProbabilities } from '../joint/simulate-legs.js';
import { evaluateSlip, type SlipReport } from '../slip/evaluate-slip.js';
import type { SlipPayout } from '../slip/payout.js';
import { yardageLineOutcome } from '../model/yardage-law.js';
import { NFL_STAT_NAMES, type NflPlayerStat } from '../parse/nflverse-weekly.js';
import type { NflGameRow } from '../parse/nflverse-schedules.js';
import { firstOnOrAfter, type PositionGroup } from './history.js';
import type { LegItem, Relation } from './correlations.js';
import type { NflPropModel } from './model.js';
import { teamRoles, type NflRole } from './roles.js';
import { lawFor, statLineOutcome, statSd } from './stat-laws.js';

export const NFL_GAME_LEG_STATS = ['home_margin', 'total_points'] as const;
export type NflGameLegStat = (typeof NFL_GAME_LEG_STATS)[number];

export interface NflLegSpec {
  gameId: string;
  /** null or empty for a game leg */
  playerId?: string | null;
  stat: string;
  side: string;
  line: number;
}

export interface NflPricedLeg {
  gameId: string;
  playerId: string | null;
  stat: string;
  side: 'over' | 'under';
  line: number;
  /** the model's expected value of the stat, and its standard deviation */
  mean: number;
  sd: number;
  pOver: number;
  pPush: number;
  pUnder: number;
  team: string | null;
  role: NflRole | null;
}

export interface NflPricedLegs {
  legs: NflPricedLeg[];
  /** latent correlation of the legs' hit orientation, row-major */
  correlation: Float64Array;
  /** where each pair's correlation came from */
  pairs: { i: number; j: number; rho: number; source: string; n: number }[];
}

const legError = (i: number, msg: string) => new InputError('LEG_INVALID', `leg ${i + 1}: ${msg}`);

function gameOf(model: NflPropModel, gameId: string, i: number): NflGameRow {
  const g = model.history.games.get(gameId);
  if (!g) throw legError(i, `game '${gameId}' is not in the schedules`);
  return g;
}

function rolesOf(model: NflPropModel, game: NflGameRow, team: string) {
  const k = `${game.gameId}|${team}`;
  let r = model.roleCache.get(k);
  if (!r) model.roleCache.set(k, (r = teamRoles(model.history, model.marginals, game, team)));
  return r;
}

interface LegMeta {
  game: NflGameRow;
  item: LegItem;
  playerId: string | null;
  team: string | null;
}

export function priceNflLeg(model: NflPropModel, spec: NflLegSpec, i = 0): { leg: NflPricedLeg; meta: LegMeta } {
  const side = typeof spec.side === 'string' ? spec.side.toLowerCase() : '';
  if (side !== 'over' && side !== 'under') throw legError(i, `side must be 'over' or 'under' (got '${spec.side}')`);
  if (typeof spec.line !== 'number' || !Number.isFinite(spec.line)) throw legError(i, `line must be a number (got '${String(spec.line)}')`);
  const game = gameOf(model, spec.gameId, i);
  const playerId = spec.playerId ? spec.playerId : null;
  if (playerId === null) {
    if (!(NFL_GAME_LEG_STATS as readonly string[]).includes(spec.stat))
      throw legError(i, `a game leg's stat must be one of ${NFL_GAME_LEG_STATS.join(', ')} (got '${spec.stat}')`);
    const margin = spec.stat === 'home_margin';
    const mean = margin ? game.spreadLine : game.totalLine;
    if (mean === null) throw legError(i, `game '${game.gameId}' has no closing ${margin ? 'spread' : 'total'} to price '${spec.stat}' from`);
    const sd = margin ? model.game.marginSd : model.game.totalSd;
    const o = yardageLineOutcome({ family: 'normal', c: sd, gamma: 0, shift: 0 }, mean, spec.line);
    return {
      leg: {
        gameId: game.gameId,
        playerId: null,
        stat: spec.stat,
        side,
        line: spec.line,
        mean,
        sd,
        pOver: o.over,
        pPush: o.push,
        pUnder: o.under,
        team: null,
        role: null,
      },
      meta: { game, item: { role: 'GAME', group: 'GAME', stat: margin ? 'team_margin' : 'total_points' }, playerId: null, team: null },
    };
  }
  if (!(NFL_STAT_NAMES as readonly string[]).includes(spec.stat))
    throw legError(i, `stat '${spec.stat}' has no model (one of ${NFL_STAT_NAMES.join(', ')}, or ${NFL_GAME_LEG_STATS.join(', ')} with no player)`);
  const stat = spec.stat as NflPlayerStat;
  const games = model.history.byPlayer.get(playerId);
  if (!games) throw new InputError('PLAYER_UNKNOWN', `leg ${i + 1}: player '${playerId}' is not in the player stats`);
  const before = firstOnOrAfter(games, game.date);
  if (before === 0) throw new InputError('PLAYER_UNKNOWN', `leg ${i + 1}: player '${playerId}' has no game before ${game.date}`);
  const team = games[before - 1].team;
  if (team !== game.home && team !== game.away) throw legError(i, `player '${playerId}' last played for ${team}, which is not in game ${game.gameId}`);
  const home = team === game.home;
  const e = model.marginals.expected(playerId, stat, { date: game.date, opponent: home ? game.away : game.home, home })!;
  const law = lawFor(model.laws, stat, e.group);
  const o = statLineOutcome(law, e.mean, spec.line);
  const role = rolesOf(model, game, team).roles.get(playerId) ?? 'OTHER';
  return {
    leg: {
      gameId: game.gameId,
      playerId,
      stat,
      side,
      line: spec.line,
      mean: e.mean,
      sd: statSd(law, e.mean),
      pOver: o.over,
      pPush: o.push,
      pUnder: o.under,
      team,
      role,
    },
    meta: { game, item: { role, group: e.group as PositionGroup, stat }, playerId, team },
  };
}

export function priceNflLegs(model: NflPropModel, specs: readonly NflLegSpec[]): NflPricedLegs {
  const priced = specs.map((s, i) => priceNflLeg(model, s, i));
  const n = priced.length;
  const corr = new Float64Array(n * n);
  const pairs: NflPricedLegs['pairs'] = [];
  for (let i = 0; i < n; i++) {
    corr[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const a = priced[i];
      const b = priced[j];
      let rho = 0;
      let source = 'different games';
      let count = 0;
      if (a.meta.game.gameId === b.meta.game.gameId) {
        let rel: Relation;
        let x = a.meta.item;
        let y = b.meta.item;
        let sign = 1;
        if (a.meta.playerId === null && b.meta.playerId === null) {
          rel = x.stat === y.stat ? 'self' : 'game';
          if (x.stat === 'total_points') [x, y] = [y, x];
        } else if (a.meta.playerId === null || b.meta.playerId === null) {
          rel = 'game';
          if (a.meta.playerId === null) [x, y] = [y, x];
          const player = a.meta.playerId === null ? b : a;
          // the table holds the player's team margin; a home_margin leg flips for an away player
          if (y.stat === 'team_margin' && player.meta.team !== player.meta.game.home) sign = -1;
        } else rel = a.meta.playerId === b.meta.playerId ? 'self' : a.meta.team === b.meta.team ? 'team' : 'opp';
        if (rel === 'self' && x.stat === y.stat && (a.meta.playerId === b.meta.playerId || a.meta.playerId === null)) {
          rho = SAME_QUANTITY_RHO;
          source = 'the same quantity';
        } else {
          const found = model.correlations.lookup(rel, x, y);
          rho = sign * found.rho;
          source = found.source;
          count = found.n;
        }
      }
      const orient = (a.leg.side === 'over' ? -1 : 1) * (b.leg.side === 'over' ? -1 : 1);
      corr[i * n + j] = corr[j * n + i] = orient * rho;
      pairs.push({ i, j, rho, source, n: count });
    }
  }
  return { legs: priced.map((p) => p.leg), correlation: corr, pairs };
}

export function legHitProbabilities(legs: readonly NflPricedLeg[]): LegProbabilities[] {
  return legs.map((l) => ({ pHit: l.side === 'over' ? l.pOver : l.pUnder, pPush: l.pPush }));
}

/** The joint law of the legs (exact for small groups, simulated otherwise). */
export function nflJoint(model: NflPropModel, specs: readonly NflLegSpec[], joint: JointOptions = {}): { priced: NflPricedLegs; joint: JointDistribution } {
  const priced = priceNflLegs(model, specs);
  return { priced, joint: jointDistribution(legHitProbabilities(priced.legs), priced.correlation, joint) };
}

export interface NflSlipRequest {
  legs: readonly NflLegSpec[];
  stake: number;
  payout: SlipPayout;
  level?: number;
  joint?: JointOptions;
}

/** A slip priced from legs and a fitted model: the legs' prices and the slip's report (JSON-friendly). */
export function priceNflSlip(model: NflPropModel, req: NflSlipRequest): { legs: NflPricedLeg[]; pairs: NflPricedLegs['pairs']; slip: SlipReport } {
  if (req.legs.length === 0) throw new InputError('SLIP_INVALID', 'a slip needs at least one leg');
  const priced = priceNflLegs(model, req.legs);
  const slip = evaluateSlip({
    legs: legHitProbabilities(priced.legs),
    correlation: priced.correlation,
    stake: req.stake,
    payout: req.payout,
    level: req.level,
    joint: req.joint,
  });
  return { legs: priced.legs, pairs: priced.pairs, slip };
}
