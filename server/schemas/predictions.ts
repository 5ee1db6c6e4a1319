// Schemas of the prediction and team routes: requests here, answers from the engine's one prediction type.
import { Type } from '@sinclair/typebox';
import { REQUEST_BOUNDS } from '../../app/predictions/predict-cached.js';
import { GamePrediction, TeamStats } from '../../app/predictions/schemas.js';

const League = Type.String({ minLength: 1, maxLength: 16, pattern: '^[a-z][a-z0-9_-]*$', description: 'League id', examples: ['nfl'] });
const TeamName = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'Team id as the league uses it (or an alias: an NFL team_id or full name)',
  examples: ['KAN'],
});
const Spread = Type.Number({ ...REQUEST_BOUNDS.spread, description: "The home side's spread in half points: -5.5 means home favoured by 5.5" });
const Total = Type.Number({ ...REQUEST_BOUNDS.total, description: 'Over/under line (total points), in half points' });
const { largest } = REQUEST_BOUNDS.odds;
const American = Type.Union([Type.Integer({ minimum: -largest, maximum: -100 }), Type.Integer({ minimum: 100, maximum: largest })], {
  description: 'American odds, whole: <= -100 or >= 100',
});
const GameDate = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'The game day, YYYY-MM-DD: rest days count to it',
  examples: ['2025-09-07'],
});
const Season = Type.Integer({
  ...REQUEST_BOUNDS.year,
  description: "The game's season: one after the last played applies the between-season reversion",
  examples: [2025],
});

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
