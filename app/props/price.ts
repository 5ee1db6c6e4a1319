// Pricing a prop (one leg) and a slip (legs, stake, payout) for a user: the request checked and
// normalised (players by name or id through the aliases, lines on quarter points, odds whole, sims and
// legs capped before anything is allocated), then priced by the engine from a PropsBook. Answers are
// pure functions of the normalised request and the book's data version, so they can be cached.
import { InputError, RequestError } from '../../core/errors.js';
import { americanToDecimal, decimalToAmerican } from '../../engine/betting/odds.js';
import { validIsoDate } from '../../engine/games/csv-rows.js';
import {
  devigOver,
  evaluateSlip,
  NFL_GAME_LEG_STATS,
  NFL_STAT_NAMES,
  nbaLegCorrelation,
  nbaTeamIndex,
  priceNflLegs,
  priceThreesProp,
  type NflLegSpec,
  type SlipPayout,
  type SlipReport,
} from '../../engine/props/index.js';
import type { PropsBook, PropsLeague } from './book.js';

export const PROPS_LIMITS = {
  /** legs of one slip: the joint law has 3^legs patterns */
  legs: 10,
  /** simulations of one slip's joint law */
  sims: 1_000_000,
  defaultSims: 16_384,
} as const;

export interface LegRequest {
  league?: string;
  /** NFL: the nflverse game id (2022_01_BUF_LA) */
  game?: string;
  /** a name as any feed spells it; or playerId */
  player?: string;
  playerId?: string;
  stat: string;
  side?: string;
  line: number;
  /** NBA: the game's local date, the opponent (abbreviation or name) and whether the player is at home */
  date?: string;
  opponent?: string;
  home?: boolean;
  /** the book's two-way price (American): the market's fair probability and each side's EV */
  overOdds?: number;
  underOdds?: number;
}

export interface SlipRequest {
  league: string;
  legs: LegRequest[];
  stake?: number;
  payout: SlipPayout;
  /** VaR and CVaR level (default 0.95) */
  level?: number;
  sims?: number;
  seed?: number;
}

export interface PricedLeg {
  league: PropsLeague;
  player: string | null;
  playerId: string | null;
  game: string | null;
  date: string | null;
  team: string | null;
  role: string | null;
  stat: string;
  side: 'over' | 'under';
  line: number;
  mean: number;
  sd: number | null;
  pOver: number;
  pPush: number;
  pUnder: number;
  /** P(the side wins), and the fair American price of the side (a push returns the stake) */
  pHit: number;
  fairAmerican: number | null;
  market: { pOver: number; evOver: number; evUnder: number } | null;
}

export interface PricedSlip {
  league: PropsLeague;
  legs: PricedLeg[];
  /** each pair's latent correlation and where it came from */
  pairs: { i: number; j: number; rho: number; source: string; n: number }[];
  slip: Omit<SlipReport, 'distribution'> & { distribution: { profit: number; p: number }[] };
  seed: number;
}

const bad = (where: string, msg: string) => new InputError('LEG_INVALID', `${where}${msg}`);

function leagueOf(raw: unknown, where: string): PropsLeague {
  if (raw === 'nfl' || raw === 'nba') return raw;
  throw new InputError('OPTION_INVALID', `${where}league must be nfl or nba (got '${String(raw)}')`);
}

/** The book must hold the league's data. */
function requireLeague(book: PropsBook, league: PropsLeague, where: string): void {
  if (!book.has(league)) {
    throw new InputError(
      'OPTION_INVALID',
      `${where}no ${league} player stats are loaded (simcast ingest player-stats${league === 'nfl' ? ' and ingest schedules' : ''} first)`,
    );
  }
}

function odds(where: string, name: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) < 100 || Math.abs(v) > 100_000)
    throw bad(where, `${name} must be whole American odds, <= -100 or >= 100 (got '${String(v)}')`);
  return v;
}

/** A leg checked: side, line on a quarter point, the player resolved; what the key and the engine read. */
export interface NormalLeg {
  league: PropsLeague;
  stat: string;
  side: 'over' | 'under';
  line: number;
  playerId: string | null;
  game: string | null;
  date: string | null;
  opponent: string | null;
  home: boolean | null;
  overOdds: number | null;
  underOdds: number | null;
}

const NBA_TEAMS_INDEX = nbaTeamIndex();

function resolvePlayer(book: PropsBook, league: PropsLeague, leg: LegRequest, where: string): string {
  const b = league === 'nfl' ? book.nfl! : book.nba!;
  if (leg.playerId !== undefined) {
    if (typeof leg.playerId !== 'string' || !b.playerNames.has(leg.playerId))
      throw new InputError('PLAYER_UNKNOWN', `${where}playerId: '${String(leg.playerId)}' is not in the ${league} player stats`);
    return leg.playerId;
  }
  if (typeof leg.player !== 'string' || leg.player.trim() === '') throw bad(where, 'player (a name) or playerId is needed for a player leg');
  const r = b.names.resolve(leg.player);
  if (r.id !== null) return r.id;
  if (r.reason === 'ambiguous')
    throw new InputError('PLAYER_UNKNOWN', `${where}player: '${leg.player}' names more than one player (${(r.candidates ?? []).join(', ')}); give playerId`);
  throw new InputError('PLAYER_UNKNOWN', `${where}player: unknown player '${leg.player}' in the ${league} player stats (add an alias: simcast ingest aliases)`);
}

export function normaliseLeg(book: PropsBook, league: PropsLeague, leg: LegRequest, where = ''): NormalLeg {
  if (leg === null || typeof leg !== 'object') throw bad(where, 'a leg must be an object');
  if (leg.league !== undefined && leg.league !== league)
    throw new InputError('SLIP_INVALID', `${where}league: a leg of ${String(leg.league)} in a ${league} slip (legs from two leagues cannot be joined)`);
  requireLeague(book, league, where);
  const side = (leg.side ?? 'over').toString().toLowerCase();
  if (side !== 'over' && side !== 'under') throw bad(where, `side must be 'over' or 'under' (got '${String(leg.side)}')`);
  if (typeof leg.line !== 'number' || !Number.isFinite(leg.line) || Math.abs(leg.line) > 10_000 || !Number.isInteger(leg.line * 4))
    throw bad(where, `line must be a number in quarter points (got '${String(leg.line)}')`);
  const line = leg.line === 0 ? 0 : leg.line;
  const overOdds = odds(where, 'overOdds', leg.overOdds) ?? null;
  const underOdds = odds(where, 'underOdds', leg.underOdds) ?? null;
  if ((overOdds === null) !== (underOdds === null)) throw bad(where, 'overOdds and underOdds go together (a two-way price)');
  if (typeof leg.stat !== 'string') throw bad(where, 'stat is needed');
  if (league === 'nfl') {
    if (typeof leg.game !== 'string' || !book.nfl!.history.games.has(leg.game)) throw bad(where, `game: '${String(leg.game)}' is not in the nfl schedules`);
    const gameLeg = (NFL_GAME_LEG_STATS as readonly string[]).includes(leg.stat);
    if (!gameLeg && !(NFL_STAT_NAMES as readonly string[]).includes(leg.stat))
      throw bad(where, `stat '${leg.stat}' has no model (one of ${NFL_STAT_NAMES.join(', ')}; or ${NFL_GAME_LEG_STATS.join(', ')} with no player)`);
    const playerId = gameLeg ? null : resolvePlayer(book, league, leg, where);
    return { league, stat: leg.stat, side, line, playerId, game: leg.game, date: null, opponent: null, home: null, overOdds, underOdds };
  }
  if (leg.stat !== 'threes') throw bad(where, `stat '${leg.stat}' has no model for nba (threes)`);
  if (typeof leg.date !== 'string' || !validIsoDate(leg.date)) throw bad(where, `date must be the game's local date as YYYY-MM-DD (got '${String(leg.date)}')`);
  const t =
    typeof leg.opponent === 'string'
      ? (NBA_TEAMS_INDEX.byAbbr.get(leg.opponent.toUpperCase()) ?? NBA_TEAMS_INDEX.byName.get(leg.opponent.toLowerCase()))
      : undefined;
  if (!t) throw bad(where, `opponent must be an NBA team (abbreviation or name; got '${String(leg.opponent)}')`);
  if (typeof leg.home !== 'boolean') throw bad(where, 'home must be true or false (the player at home)');
  const playerId = resolvePlayer(book, league, leg, where);
  return { league, stat: 'threes', side, line, playerId, game: null, date: leg.date, opponent: t.abbr, home: leg.home, overOdds, underOdds };
}

/** A leg's cache-key text: every normalised field in a fixed order. */
export function legKey(l: NormalLeg): string {
  return [l.stat, l.side, l.line, l.playerId ?? '', l.game ?? '', l.date ?? '', l.opponent ?? '', l.home ?? '', l.overOdds ?? '', l.underOdds ?? '']
    .map((x) => encodeURIComponent(String(x)))
    .join(',');
}

function fairAmerican(pHit: number, pMiss: number): number | null {
  if (pHit <= 0) return null;
  const d = 1 + pMiss / pHit;
  return d > 1 ? Math.round(decimalToAmerican(d) * 100) / 100 : null;
}

function withMarket(l: NormalLeg, p: { pOver: number; pPush: number; pUnder: number }): PricedLeg['market'] {
  if (l.overOdds === null || l.underOdds === null) return null;
  const dOver = americanToDecimal(l.overOdds);
  const dUnder = americanToDecimal(l.underOdds);
  return { pOver: devigOver(dOver, dUnder), evOver: p.pOver * (dOver - 1) - p.pUnder, evUnder: p.pUnder * (dUnder - 1) - p.pOver };
}

function finishLeg(
  book: PropsBook,
  l: NormalLeg,
  p: { mean: number; sd: number | null; pOver: number; pPush: number; pUnder: number; team: string | null; role: string | null },
): PricedLeg {
  const pHit = l.side === 'over' ? p.pOver : p.pUnder;
  const pMiss = l.side === 'over' ? p.pUnder : p.pOver;
  const names = l.league === 'nfl' ? book.nfl!.playerNames : book.nba!.playerNames;
  return {
    league: l.league,
    player: l.playerId === null ? null : (names.get(l.playerId) ?? null),
    playerId: l.playerId,
    game: l.game,
    date: l.date ?? (l.game ? book.nfl!.history.games.get(l.game)!.date : null),
    team: p.team,
    role: p.role,
    stat: l.stat,
    side: l.side,
    line: l.line,
    mean: p.mean,
    sd: p.sd,
    pOver: p.pOver,
    pPush: p.pPush,
    pUnder: p.pUnder,
    pHit,
    fairAmerican: fairAmerican(pHit, pMiss),
    market: withMarket(l, p),
  };
}

/** NBA legs priced one by one (threes: the walk-forward state of the leg's date). */
function priceNbaLeg(book: PropsBook, l: NormalLeg): PricedLeg {
  const o = priceThreesProp(book.nbaState(l.date!), { playerId: l.playerId!, opponent: l.opponent!, home: l.home!, line: l.line });
  return finishLeg(book, l, { mean: o.prediction.mean, sd: null, pOver: o.over, pPush: o.push, pUnder: o.under, team: null, role: null });
}

function nflSpecs(legs: readonly NormalLeg[]): NflLegSpec[] {
  return legs.map((l) => ({ gameId: l.game!, playerId: l.playerId, stat: l.stat, side: l.side, line: l.line }));
}

/** One NFL season per slip: the model is fitted on the seasons before it. */
function nflSeason(book: PropsBook, legs: readonly NormalLeg[]): number {
  const seasons = new Set(legs.map((l) => book.nfl!.history.games.get(l.game!)!.season));
  if (seasons.size > 1) throw new InputError('SLIP_INVALID', `legs of seasons ${[...seasons].join(' and ')}: a slip's legs are of one season`);
  return [...seasons][0];
}

/**
 * The model of a league's legs and their joining, in every cache key beside the data's version: an answer
 * cached by an older model is not read. nfl 2: a starting quarterback shrunk toward starters' mean;
 * nba 3: two legs on one player joined as one quantity (2: same-game legs joined).
 */
const PROPS_MODEL: Record<PropsLeague, number> = { nfl: 2, nba: 3 };

export interface NormalProp {
  league: PropsLeague;
  leg: NormalLeg;
  key: string;
}

export function normaliseProp(book: PropsBook, req: LegRequest, where = 'body.'): NormalProp {
  const league = leagueOf(req?.league, where);
  const leg = normaliseLeg(book, league, req, where);
  return { league, leg, key: `${league}:${book.version[league]}:m${PROPS_MODEL[league]}:${legKey(leg)}` };
}

export function priceProp(book: PropsBook, p: NormalProp): PricedLeg {
  if (p.league === 'nba') return priceNbaLeg(book, p.leg);
  const model = book.nflModel(nflSeason(book, [p.leg]));
  const priced = priceNflLegs(model, nflSpecs([p.leg])).legs[0];
  return finishLeg(book, p.leg, { ...priced, role: priced.role });
}

export interface NormalSlip {
  league: PropsLeague;
  legs: NormalLeg[];
  stake: number;
  payout: SlipPayout;
  level: number;
  sims: number;
  seed: number;
  key: string;
}

export function normaliseSlip(book: PropsBook, req: SlipRequest, where = 'body.'): NormalSlip {
  if (req === null || typeof req !== 'object') throw new InputError('SLIP_INVALID', `${where.replace(/\.$/, '')} must be a slip object`);
  const league = leagueOf(req.league, where);
  if (!Array.isArray(req.legs) || req.legs.length === 0) throw new InputError('SLIP_INVALID', `${where}legs: a slip needs at least one leg`);
  if (req.legs.length > PROPS_LIMITS.legs) throw new RequestError('LIMIT_EXCEEDED', `${where}legs: ${req.legs.length} legs; at most ${PROPS_LIMITS.legs}`);
  const sims = req.sims ?? PROPS_LIMITS.defaultSims;
  if (!Number.isInteger(sims) || sims < 1) throw new InputError('SLIP_INVALID', `${where}sims must be a positive integer (got ${String(req.sims)})`);
  if (sims > PROPS_LIMITS.sims)
    throw new RequestError('LIMIT_EXCEEDED', `${where}sims: ${sims} simulations; at most ${PROPS_LIMITS.sims.toLocaleString('en-US')} for one slip`);
  const seed = req.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InputError('SLIP_INVALID', `${where}seed must be a non-negative integer (got ${String(req.seed)})`);
  const stake = req.stake ?? 1;
  if (typeof stake !== 'number' || !(stake > 0) || stake > 1e9)
    throw new InputError('SLIP_INVALID', `${where}stake must be a positive number (got ${String(req.stake)})`);
  const level = req.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0.5 && level < 1))
    throw new InputError('SLIP_INVALID', `${where}level must be in (0.5, 1) (got ${String(req.level)})`);
  if (req.payout === null || typeof req.payout !== 'object' || typeof req.payout.kind !== 'string')
    throw new InputError(
      'SLIP_INVALID',
      `${where}payout must be { kind: american|decimal, odds } or { kind: per-leg, decimals } or { kind: multipliers, table }`,
    );
  const legs = req.legs.map((l, i) => normaliseLeg(book, league, l, `${where}legs[${i}].`));
  const payout = req.payout;
  const key = `${league}:${book.version[league]}:m${PROPS_MODEL[league]}:${stake}:${level}:${sims}:${seed}:${encodeURIComponent(JSON.stringify(payout))}:${legs.map(legKey).join('|')}`;
  return { league, legs, stake, payout, level, sims, seed, key };
}

/** Legs of one league priced together, with their latent correlation. */
export function priceJoinedLegs(
  book: PropsBook,
  league: PropsLeague,
  legs: readonly NormalLeg[],
): { priced: PricedLeg[]; correlation: ArrayLike<number>; pairs: PricedSlip['pairs'] } {
  if (league === 'nfl') {
    const model = book.nflModel(nflSeason(book, legs));
    const p = priceNflLegs(model, nflSpecs(legs));
    return { priced: p.legs.map((x, i) => finishLeg(book, legs[i], { ...x })), correlation: p.correlation, pairs: p.pairs };
  }
  // Same-game NBA legs joined by the measured teammate and opponent correlation of threes
  // (engine/props/nba/threes-correlations.ts); legs of different games independent.
  const priced = legs.map((l) => priceNbaLeg(book, l));
  const places = legs.map((l) => ({
    playerId: l.playerId!,
    team: book.nbaTeam(l.playerId!, l.date!),
    opponent: l.opponent!,
    home: l.home!,
    date: l.date!,
    side: l.side,
  }));
  const n = priced.length;
  const c = new Float64Array(n * n);
  const pairs: PricedSlip['pairs'] = [];
  for (let i = 0; i < n; i++) {
    c[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const p = nbaLegCorrelation(places[i], places[j]);
      c[i * n + j] = c[j * n + i] = p.rho;
      pairs.push({ i, j, ...p });
    }
  }
  return { priced, correlation: c, pairs };
}

export function priceSlip(book: PropsBook, s: NormalSlip): PricedSlip {
  const { priced, correlation, pairs } = priceJoinedLegs(book, s.league, s.legs);
  const slip = evaluateSlip({
    legs: priced.map((l) => ({ pHit: l.pHit, pPush: l.pPush })),
    correlation,
    stake: s.stake,
    payout: s.payout,
    level: s.level,
    joint: { sims: s.sims, seed: s.seed, normals: book.normals },
  });
  return { league: s.league, legs: priced, pairs, slip, seed: s.seed };
}
