// Every route's schema (TypeBox): it validates requests, serialises answers (fast-json-stringify) and
// becomes the OpenAPI document at /docs/json.
import { Type, type TSchema } from '@sinclair/typebox';
import { REQUEST_BOUNDS } from '../app/predictions/predict-cached.js';
import { GamePrediction, TeamStats } from '../app/predictions/schemas.js';

const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String({ examples: ['TEAM_UNKNOWN'] }), message: Type.String() }) },
  { description: 'Every error: a stable code (docs/errors.md) and a one-line message.' },
);

const League = Type.String({ minLength: 1, maxLength: 16, pattern: '^[a-z][a-z0-9_-]*$', description: 'League id', examples: ['nfl'] });
const TeamName = Type.String({ minLength: 1, maxLength: 64, description: "Team id as the league uses it (or an alias: an NFL team_id or full name)", examples: ['KAN'] });
const Spread = Type.Number({ ...REQUEST_BOUNDS.spread, description: "The home side's spread in half points: -5.5 means home favoured by 5.5" });
const Total = Type.Number({ ...REQUEST_BOUNDS.total, description: 'Over/under line (total points), in half points' });
const { largest } = REQUEST_BOUNDS.odds;
const American = Type.Union([Type.Integer({ minimum: -largest, maximum: -100 }), Type.Integer({ minimum: 100, maximum: largest })], {
  description: 'American odds, whole: <= -100 or >= 100',
});
const GameDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'The game day, YYYY-MM-DD: rest days count to it', examples: ['2025-09-07'] });
const Season = Type.Integer({ ...REQUEST_BOUNDS.year, description: "The game's season: one after the last played applies the between-season reversion", examples: [2025] });

const GameOdds = Type.Object(
  { home: Type.Optional(American), away: Type.Optional(American), over: Type.Optional(American), under: Type.Optional(American) },
  { additionalProperties: false, description: 'Market prices, American odds' },
);

const gameFields = {
  league: League,
  home: TeamName,
  away: TeamName,
  neutral: Type.Optional(Type.Boolean()),
  spread: Type.Optional(Spread),
  total: Type.Optional(Total),
  date: Type.Optional(GameDate),
  season: Type.Optional(Season),
};

const GameInput = Type.Object({ ...gameFields, odds: Type.Optional(GameOdds) }, { additionalProperties: false });

export const PredictionsBody = Type.Union([GameInput, Type.Array(GameInput, { minItems: 1 })], {
  description: 'One game, or a slate (an array, capped; LIMIT_EXCEEDED above the cap)',
});

export const PredictionsQuery = Type.Object(gameFields, { additionalProperties: false });

/** The engine's prediction (engine/models/prediction.ts) and whether it came from the cache. */
export const Prediction = Type.Object({ ...GamePrediction.properties, cached: Type.Boolean() });

export const PredictionsReply = Type.Object({ predictions: Type.Array(Prediction) });

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

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

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
