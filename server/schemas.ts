// Every route's schema (TypeBox): it validates requests, serialises answers (fast-json-stringify) and
// becomes the OpenAPI document at /docs/json.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String({ examples: ['TEAM_UNKNOWN'] }), message: Type.String() }) },
  { description: 'Every error: a stable code (docs/errors.md) and a one-line message.' },
);

const League = Type.String({ minLength: 1, maxLength: 16, pattern: '^[a-z][a-z0-9_-]*$', description: 'League id', examples: ['nfl'] });
const TeamName = Type.String({ minLength: 1, maxLength: 64, description: 'Team id as the league uses it', examples: ['KC'] });
const Spread = Type.Number({ minimum: -100, maximum: 100, description: "The home side's spread: -5.5 means home favoured by 5.5" });
const Total = Type.Number({ minimum: 0, maximum: 1000, description: 'Over/under line (total points)' });
const American = Type.Union([Type.Number({ minimum: -100000, maximum: -100 }), Type.Number({ minimum: 100, maximum: 100000 })], {
  description: 'American odds: <= -100 or >= 100',
});

export const GameOdds = Type.Object(
  { home: Type.Optional(American), away: Type.Optional(American), over: Type.Optional(American), under: Type.Optional(American) },
  { additionalProperties: false, description: 'Market prices, American odds' },
);

export const GameInput = Type.Object(
  {
    league: League,
    home: TeamName,
    away: TeamName,
    neutral: Type.Optional(Type.Boolean()),
    spread: Type.Optional(Spread),
    total: Type.Optional(Total),
    odds: Type.Optional(GameOdds),
  },
  { additionalProperties: false },
);
export type GameInputT = Static<typeof GameInput>;

export const PredictionsBody = Type.Union([GameInput, Type.Array(GameInput, { minItems: 1 })], {
  description: 'One game, or a slate (an array, capped; LIMIT_EXCEEDED above the cap)',
});

export const PredictionsQuery = Type.Object(
  {
    league: League,
    home: TeamName,
    away: TeamName,
    neutral: Type.Optional(Type.Boolean()),
    spread: Type.Optional(Spread),
    total: Type.Optional(Total),
  },
  { additionalProperties: false },
);

const Prob = Type.Number({ minimum: 0, maximum: 1 });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const Recommendation = Type.Object({
  market: Type.Union([Type.Literal('moneyline'), Type.Literal('spread'), Type.Literal('total'), Type.Null()]),
  side: Type.Union([Type.Literal('home'), Type.Literal('away'), Type.Literal('over'), Type.Literal('under'), Type.Null()]),
  edge: Type.Number(),
  kelly: Type.Number({ description: 'Full Kelly fraction' }),
  stake: Type.Number({ description: 'Recommended stake (fractional Kelly, capped), fraction of bankroll' }),
});

export const Prediction = Type.Object(
  {
    league: Type.String(),
    home: Type.String(),
    away: Type.String(),
    neutral: Type.Boolean(),
    spread: NullableNumber,
    total: NullableNumber,
    models: Type.Record(Type.String(), Type.Number(), { description: "Each model's home win probability" }),
    pHome: Prob,
    pCover: Type.Union([Prob, Type.Null()]),
    pOver: Type.Union([Prob, Type.Null()]),
    expectedMargin: Type.Number(),
    expectedTotal: Type.Number(),
    confidence: Prob,
    recommendation: Recommendation,
    ratingsVersion: Type.String(),
    cached: Type.Boolean(),
  },
  {},
);

export const PredictionsReply = Type.Object({ predictions: Type.Array(Prediction) });

export const TeamStats = Type.Object(
  {
    league: Type.String(),
    team: Type.String(),
    rating: Type.Number(),
    games: Type.Integer(),
    pythagorean: Type.Object({ pointsFor: Type.Number(), pointsAgainst: Type.Number(), exponent: Type.Number(), expectation: Type.Number() }),
    form: Type.Object({
      last: Type.Integer(),
      wins: Type.Integer(),
      losses: Type.Integer(),
      ties: Type.Integer(),
      pointDiff: Type.Number(),
      results: Type.String({ description: 'Most recent last, e.g. "WWLTW"' }),
    }),
    ratingsVersion: Type.String(),
  },
  {},
);

export const TeamsParams = Type.Object({ league: League });
export const TeamParams = Type.Object({ league: League, team: TeamName });
export const TeamsReply = Type.Object({ league: Type.String(), ratingsVersion: Type.String(), cached: Type.Boolean(), teams: Type.Array(TeamStats) });
export const TeamReply = Type.Object({ ...TeamStats.properties, cached: Type.Boolean() });

export const SimulateBody = Type.Object(
  {
    field: Type.Object({}, { additionalProperties: true, description: 'A field as docs/field-format.md describes (the CLI --field JSON)' }),
    exact: Type.Optional(Type.Boolean()),
    sims: Type.Optional(Type.Integer({ minimum: 1, description: 'Monte Carlo simulations (capped; LIMIT_EXCEEDED above the cap)' })),
    seed: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.String({ minLength: 1, maxLength: 200 })])),
    model: Type.Optional(
      Type.Object(
        { name: Type.Union([Type.Literal('538'), Type.Literal('elo'), Type.Literal('normal')]), sigma: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })) },
        { additionalProperties: false },
      ),
    ),
    hot: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 })),
  },
  { additionalProperties: false },
);
export type SimulateBodyT = Static<typeof SimulateBody>;

const TeamReport = Type.Object({
  name: Type.String(),
  seed: Type.Union([Type.Integer(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  rating: Type.Number(),
  probabilities: Type.Array(Type.Number()),
  expectedWins: Type.Number(),
  winsDistribution: Type.Array(Type.Number()),
});

export const TournamentReport = Type.Object(
  {
    name: Type.String(),
    mode: Type.Union([Type.Literal('exact'), Type.Literal('montecarlo')]),
    model: Type.String(),
    hot: NullableNumber,
    rounds: Type.Integer(),
    roundNames: Type.Array(Type.String()),
    sims: NullableNumber,
    seed: Type.Union([Type.Number(), Type.String(), Type.Null()]),
    threads: NullableNumber,
    elapsedMs: Type.Number(),
    simsPerSecond: NullableNumber,
    streamScheme: Type.Union([Type.String(), Type.Null()]),
    teams: Type.Array(TeamReport),
  },
  { description: 'The same JSON as `simcast tournament --json`' },
);

const Check = Type.Object({
  state: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('absent')]),
  detail: Type.Optional(Type.String()),
});

export const HealthReply = Type.Object({ status: Type.Literal('ok'), uptimeSeconds: Type.Number() });
export const ReadyReply = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  checks: Type.Object({
    database: Type.Object({ ...Check.properties, kind: Type.Optional(Type.String()) }),
    cache: Type.Object({ ...Check.properties, backend: Type.String() }),
    pool: Type.Object({
      ...Check.properties,
      threads: Type.Integer(),
      utilization: Type.Number(),
      queueSize: Type.Integer(),
    }),
    models: Type.Object({ ...Check.properties, source: Type.String(), leagues: Type.Array(Type.String()) }),
  }),
});

export const errorReplies = (...statuses: number[]): Record<number, TSchema> =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
