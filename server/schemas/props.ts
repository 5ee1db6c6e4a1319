// Schemas of the props routes: a leg (one prop or an NFL game leg), a slip, and their priced answers.
import { Type } from '@sinclair/typebox';

// Nullable values as type lists, not anyOf: the response serializer then writes them without
// validating each value against every branch (anyOf cost 2.6 ms a 4-leg slip here).
const NullableStr = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const NullableNum = Type.Unsafe<number | null>({ type: ['number', 'null'] });

const American = Type.Union([Type.Integer({ minimum: -100_000, maximum: -100 }), Type.Integer({ minimum: 100, maximum: 100_000 })], {
  description: 'American odds, whole: <= -100 or >= 100',
});

const legFields = {
  game: Type.Optional(Type.String({ maxLength: 64, description: 'NFL: the nflverse game id', examples: ['2022_06_BUF_KC'] })),
  player: Type.Optional(Type.String({ maxLength: 128, description: 'The player as any feed spells him (aliases apply)', examples: ['Patrick Mahomes'] })),
  playerId: Type.Optional(Type.String({ maxLength: 64, description: "The player's id in the stats feed" })),
  stat: Type.String({ maxLength: 32, description: 'NFL: passing_yards, receiving_yards, ... or home_margin, total_points (no player); NBA: threes' }),
  side: Type.Optional(Type.Union([Type.Literal('over'), Type.Literal('under')], { default: 'over' })),
  line: Type.Number({ minimum: -10_000, maximum: 10_000, multipleOf: 0.25, description: 'The line, in quarter points' }),
  date: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: "NBA: the game's local date" })),
  opponent: Type.Optional(Type.String({ maxLength: 64, description: 'NBA: the opponent (abbreviation or name)' })),
  home: Type.Optional(Type.Boolean({ description: 'NBA: the player at home' })),
  overOdds: Type.Optional(American),
  underOdds: Type.Optional(American),
};

const League = Type.Union([Type.Literal('nfl'), Type.Literal('nba')]);

export const PropBody = Type.Object({ league: League, ...legFields }, { additionalProperties: false });
const LegBody = Type.Object({ league: Type.Optional(Type.String({ maxLength: 16 })), ...legFields }, { additionalProperties: false });

const Payout = Type.Union(
  [
    Type.Object({ kind: Type.Literal('american'), odds: Type.Number() }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('decimal'), odds: Type.Number() }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('per-leg'), decimals: Type.Array(Type.Number(), { maxItems: 10 }) }, { additionalProperties: false }),
    Type.Object(
      {
        kind: Type.Literal('multipliers'),
        table: Type.Record(Type.String({ pattern: '^[0-9]{1,2}$' }), Type.Record(Type.String({ pattern: '^[0-9]{1,2}$' }), Type.Number())),
      },
      { additionalProperties: false },
    ),
  ],
  { description: "One price for the slip (American or decimal), a book's per-leg decimals, or a pick'em table[live legs][hits] of total returns" },
);

export const SlipBody = Type.Object(
  {
    league: League,
    // the cap (10) is checked by the handler so an over-long slip is a 413 LIMIT_EXCEEDED, not a 400
    legs: Type.Array(LegBody, { minItems: 1, maxItems: 1000 }),
    stake: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e9, default: 1 })),
    payout: Payout,
    level: Type.Optional(Type.Number({ exclusiveMinimum: 0.5, exclusiveMaximum: 1, default: 0.95 })),
    sims: Type.Optional(Type.Integer({ minimum: 1, description: 'Simulations when the joint law is simulated (default 16,384; at most 1,000,000)' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 1 })),
  },
  { additionalProperties: false },
);

export const PricedLeg = Type.Object({
  league: Type.String(),
  player: NullableStr,
  playerId: NullableStr,
  game: NullableStr,
  date: NullableStr,
  team: NullableStr,
  role: NullableStr,
  stat: Type.String(),
  side: Type.String(),
  line: Type.Number(),
  mean: Type.Number({ description: "The model's expected stat" }),
  sd: NullableNum,
  pOver: Type.Number(),
  pPush: Type.Number(),
  pUnder: Type.Number(),
  pHit: Type.Number({ description: 'P(the side wins)' }),
  fairAmerican: NullableNum,
  market: Type.Unsafe<{ pOver: number; evOver: number; evUnder: number } | null>({
    type: ['object', 'null'],
    properties: { pOver: { type: 'number' }, evOver: { type: 'number' }, evUnder: { type: 'number' } },
    description: "With the book's two prices: the market's P(over) without the margin, and each side's EV per unit at the model's probabilities",
  }),
});

export const PropReply = Type.Object({ ...PricedLeg.properties, cached: Type.Boolean() });

const Pair = Type.Object({ i: Type.Integer(), j: Type.Integer(), rho: Type.Number(), source: Type.String(), n: Type.Number() });

export const SlipReport = Type.Object({
  legs: Type.Integer(),
  stake: Type.Number(),
  pJoint: Type.Number(),
  seJoint: Type.Number(),
  pIndependent: Type.Number(),
  pAnyPush: Type.Number(),
  fairDecimal: Type.Number(),
  fairAmerican: Type.Number(),
  expectedProfit: Type.Number(),
  evPerUnit: Type.Number(),
  variance: Type.Number(),
  sd: Type.Number(),
  level: Type.Number(),
  valueAtRisk: Type.Number(),
  conditionalValueAtRisk: Type.Number(),
  pairs: Type.Array(Type.Object({ i: Type.Integer(), j: Type.Integer(), latent: Type.Number(), phi: Type.Number() })),
  kellyFraction: Type.Number(),
  distribution: Type.Array(Type.Object({ profit: Type.Number(), p: Type.Number() })),
  method: Type.String(),
  sims: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  projected: Type.Boolean(),
});

export const PricedSlipSchema = Type.Object({
  league: Type.String(),
  legs: Type.Array(PricedLeg),
  pairs: Type.Array(Pair),
  slip: SlipReport,
  seed: Type.Number(),
});
export const SlipReply = Type.Object({ ...PricedSlipSchema.properties, cached: Type.Boolean() });
