// A recommendation (market, side, stake) only when the model's probability beats the market's fair
// probability (margin removed) by at least minEdge and the Kelly stake is positive; the best edge wins.
// Spread and total sides without prices are taken at the standard −110 both ways.
import { Type, type Static } from '@sinclair/typebox';
import { americanToDecimal, expectedValue, kellyFraction, removeMargin, DEFAULT_STAKE_RULE, type StakeRule } from './odds.js';

interface MarketOdds {
  /** American odds */
  home?: number;
  away?: number;
  over?: number;
  under?: number;
  /** American odds of the spread sides (default −110 each) */
  homeSpread?: number;
  awaySpread?: number;
}

/** A bet the model's edge justifies; the schema the API's answer uses too. */
export const Recommendation = Type.Object(
  {
    // enums rather than unions of literals: the API's serializer writes them without trying branches
    market: Type.Unsafe<'moneyline' | 'spread' | 'total'>({ type: 'string', enum: ['moneyline', 'spread', 'total'] }),
    side: Type.Unsafe<'home' | 'away' | 'over' | 'under'>({ type: 'string', enum: ['home', 'away', 'over', 'under'] }),
    edge: Type.Number({ description: "Model probability minus the market's fair probability (margin removed)" }),
    ev: Type.Number({ description: 'Expected value per unit staked' }),
    kelly: Type.Number({ description: 'Full Kelly fraction' }),
    stake: Type.Number({ description: 'Recommended stake, fraction of bankroll (fractional Kelly, capped)' }),
    odds: Type.Number({ description: 'American odds taken' }),
  },
  { description: 'The best bet whose edge clears the threshold' },
);
export type Recommendation = Static<typeof Recommendation>;

interface RecommendInput {
  pHome: number;
  /** p(home covers | no push) and p(over | no push), when lines are known */
  pCover?: number | null;
  pOver?: number | null;
  odds?: MarketOdds;
  hasSpread: boolean;
  hasTotal: boolean;
}

export function recommend(input: RecommendInput, rule: Partial<StakeRule> = {}): Recommendation | null {
  const r = { ...DEFAULT_STAKE_RULE, ...rule };
  const o = input.odds ?? {};
  let best: Recommendation | null = null;
  const consider = (market: Recommendation['market'], sides: [Recommendation['side'], Recommendation['side']], p: number, a: number, b: number) => {
    const da = americanToDecimal(a);
    const db = americanToDecimal(b);
    const fair = removeMargin([da, db]).probabilities;
    const cands: [Recommendation['side'], number, number, number, number][] = [
      [sides[0], p, fair[0], da, a],
      [sides[1], 1 - p, fair[1], db, b],
    ];
    for (const [side, ps, q, d, am] of cands) {
      const edge = ps - q;
      const kelly = kellyFraction(ps, d);
      if (edge >= r.minEdge && kelly > 0 && (best === null || edge > best.edge)) {
        best = { market, side, edge, ev: expectedValue(ps, d), kelly, stake: Math.min(r.cap, r.fraction * kelly), odds: am };
      }
    }
  };
  if (o.home !== undefined && o.away !== undefined) consider('moneyline', ['home', 'away'], input.pHome, o.home, o.away);
  if (input.hasSpread && input.pCover != null) consider('spread', ['home', 'away'], input.pCover, o.homeSpread ?? -110, o.awaySpread ?? -110);
  if (input.hasTotal && input.pOver != null) consider('total', ['over', 'under'], input.pOver, o.over ?? -110, o.under ?? -110);
  return best;
}
