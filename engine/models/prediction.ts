// What predictGame (engine/models/league-state.ts) answers for one game, as a TypeBox schema: the
// TypeScript type is derived from it, and the HTTP API's answer is this schema plus `cached`, so the
// engine, the cache and the API share one shape.
//
// One distribution per prediction: `pHome` is the prediction (the ensemble with the closing line when a
// spread is given and the line model was fitted, the ensemble alone otherwise; `basis` names which), and
// every derived field (expected margin, margin distribution, cover, push, over, draw, recommendation)
// comes from the game distribution whose P(home) is that `pHome`. The models stand side by side in
// `models`, each under its own name.
//
// The margin distribution is given as whole counts of simulations (with their number) rather than
// probabilities: exact, half the bytes, and a tenth of the serializing time (2 µs against 15 µs for 110
// bins). "X or null" is written as one JSON Schema type list (`type: ['number', 'null']`) rather than a union:
// the API's serializer (fast-json-stringify) writes a type list directly but tries a union's branches with
// a validator, which made serializing this answer slower than JSON.stringify (50 µs against 28 µs).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Recommendation } from '../betting/recommend.js';

/** `schema` or null, as a type list; `schema` is a plain (single-type) TypeBox schema. */
function nullable<T extends TSchema>(schema: T, description: string) {
  const plain = JSON.parse(JSON.stringify(schema)) as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...plain, type: [plain.type, 'null'], description });
}

const probability = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const nullableProbability = (description: string) => nullable(Type.Number({ minimum: 0, maximum: 1 }), description);

export const ModelProbabilities = Type.Object(
  {
    elo: Type.Number({ description: "FiveThirtyEight's Elo with margin of victory" }),
    pythagorean: Type.Number({ description: 'Pythagorean expectations combined by log5, home edge added' }),
    poisson: Type.Optional(Type.Number({ description: 'Poisson-scoring leagues: the Skellam model (a draw counted half)' })),
    logistic: Type.Number({ description: 'The fitted logistic regression' }),
    montecarlo: Type.Number({ description: 'The margin regression simulated (normal leagues) or the Poisson scores simulated' }),
    ensemble: Type.Number({ description: 'The stacked ensemble of the models, without the market line' }),
    ensembleWithLine: Type.Optional(
      Type.Number({ description: 'The ensemble with the closing line as an input: present when a spread is given and enough lines were seen to fit it' }),
    ),
    extra: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'User models (verifyGameModel), reported, not ensembled' })),
  },
  { description: "Each model's probability that the home side wins (a draw counted half)" },
);
export type ModelProbabilities = Static<typeof ModelProbabilities>;

export const MarginDistribution = Type.Object(
  {
    min: Type.Integer({ description: 'The first margin counted (home − away, whole points; the ends gather everything beyond ±80)' }),
    max: Type.Integer({ description: 'The last margin counted' }),
    sims: Type.Integer({ description: 'Simulations counted: P(margin = min + k) = counts[k] / sims' }),
    counts: Type.Array(Type.Integer(), { description: 'Simulations ending with margin min, min + 1, ... max; they sum to sims' }),
  },
  { description: 'The simulated margin, rounded to whole points, from the same distribution as pHome: counts, exact and compact' },
);
export type MarginDistribution = Static<typeof MarginDistribution>;

const PredictionBasis = Type.Unsafe<'ensemble' | 'ensembleWithLine'>({
  type: 'string',
  enum: ['ensemble', 'ensembleWithLine'],
  description: 'Which of `models` pHome is; every derived field follows it',
});

export const GamePrediction = Type.Object({
  league: Type.String(),
  home: Type.String({ description: "The home side's team id" }),
  away: Type.String(),
  neutral: Type.Boolean(),
  spread: nullable(Type.Number(), "The home side's line asked about (negative: home favoured)"),
  total: nullable(Type.Number(), 'The total line asked about'),
  date: nullable(Type.String(), 'The game day given (YYYY-MM-DD): rest days count to it'),
  season: nullable(Type.Integer(), "The game's season given: a season after the last one played applies the between-season reversion"),
  pHome: probability('P(home wins), a draw counted half: the prediction'),
  basis: PredictionBasis,
  confidence: probability('Agreement of the models, scaled down for teams with few games'),
  pDraw: nullableProbability('Poisson-scoring leagues: P(draw); null where the margin is modelled as normal'),
  expectedMargin: Type.Number({ description: 'Expected home − away points' }),
  expectedTotal: Type.Number({ description: 'Expected total points' }),
  pCover: nullableProbability('P(home covers the spread); null without a spread'),
  pPush: nullableProbability('P(push on the spread): whole-number spreads only; null without a spread'),
  pOver: nullableProbability('P(total goes over the line); null without a total'),
  pTotalPush: nullableProbability('P(push on the total): whole-number totals only; null without a total'),
  marginDistribution: MarginDistribution,
  models: ModelProbabilities,
  recommendation: nullable(Recommendation, 'A bet when the edge clears the threshold, null otherwise'),
  ratingsVersion: Type.String({ description: 'Changes whenever the ratings do' }),
});
export type GamePrediction = Static<typeof GamePrediction>;
