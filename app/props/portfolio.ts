// Several slips at once (a JSON array of slips, or { slips: [...] }): their legs priced together (a leg
// in two slips is one leg), one joint law, so every slip's P&L is read off the same scenarios; each
// slip's EV and variance, their covariances, the total's VaR and CVaR, and the simultaneous Kelly stakes.
import { InputError, RequestError } from '../../core/errors.js';
import { evaluatePortfolio, type PortfolioReport } from '../../engine/props/index.js';
import type { PropsBook, PropsLeague } from './book.js';
import { legKey, normaliseSlip, PROPS_LIMITS, priceJoinedLegs, type NormalLeg, type PricedLeg, type PricedSlip, type SlipRequest } from './price.js';

export interface PortfolioRequest {
  slips: SlipRequest[];
  level?: number;
  sims?: number;
  seed?: number;
  /** cap on the sum of the Kelly fractions (default 1) */
  maxKellyTotal?: number;
}

export interface PricedPortfolio {
  league: PropsLeague;
  legs: PricedLeg[];
  pairs: PricedSlip['pairs'];
  /** each slip's legs, as indices into legs */
  slipLegs: number[][];
  portfolio: PortfolioReport;
  seed: number;
}

/** A JSON value read as a portfolio: an array of slips or { slips }. */
export function asPortfolio(v: unknown): PortfolioRequest | null {
  if (Array.isArray(v)) return { slips: v as SlipRequest[] };
  if (v && typeof v === 'object' && Array.isArray((v as PortfolioRequest).slips)) return v as PortfolioRequest;
  return null;
}

export function pricePortfolio(book: PropsBook, req: PortfolioRequest, where = ''): PricedPortfolio {
  if (req.slips.length === 0) throw new InputError('SLIP_INVALID', `${where}slips: a portfolio needs at least one slip`);
  if (req.slips.length > 50) throw new RequestError('LIMIT_EXCEEDED', `${where}slips: ${req.slips.length} slips; at most 50`);
  const slips = req.slips.map((s, k) => normaliseSlip(book, { ...s, sims: req.sims ?? s?.sims, seed: req.seed ?? s?.seed }, `${where}slips[${k}].`));
  const league = slips[0].league;
  slips.forEach((s, k) => {
    if (s.league !== league) throw new InputError('SLIP_INVALID', `${where}slips[${k}].league: ${s.league} beside ${league} (one league per portfolio)`);
  });
  const union: NormalLeg[] = [];
  const index = new Map<string, number>();
  const slipLegs = slips.map((s) =>
    s.legs.map((l) => {
      const k = legKey({ ...l, overOdds: null, underOdds: null });
      let i = index.get(k);
      if (i === undefined) {
        index.set(k, (i = union.length));
        union.push(l);
      }
      return i;
    }),
  );
  if (union.length > PROPS_LIMITS.legs) throw new RequestError('LIMIT_EXCEEDED', `${where}slips: ${union.length} distinct legs; at most ${PROPS_LIMITS.legs}`);
  const { priced, correlation, pairs } = priceJoinedLegs(book, league, union);
  const portfolio = evaluatePortfolio({
    legs: priced.map((l) => ({ pHit: l.pHit, pPush: l.pPush })),
    correlation,
    slips: slips.map((s, k) => ({ legs: slipLegs[k], stake: s.stake, payout: s.payout })),
    level: req.level ?? slips[0].level,
    joint: { sims: slips[0].sims, seed: slips[0].seed, normals: book.normals },
    maxKellyTotal: req.maxKellyTotal,
  });
  return { league, legs: priced, pairs, slipLegs, portfolio, seed: slips[0].seed };
}
