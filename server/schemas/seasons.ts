// Schemas of the season routes: the simulation (as `simcast season --json` answers), the weekly replay
// (as `simcast season --weekly --json`) and a stored season run.
import { Type } from '@sinclair/typebox';
import { NullableInt, NullableNum, NullableStr } from './common.js';

const SeedValue = Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.String({ minLength: 1, maxLength: 200 })]);

const SeasonWhich = {
  league: Type.Optional(Type.Literal('nfl', { description: 'The league (only the NFL has its procedure here)' })),
  season: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100, description: 'The season by its first year; default: the latest with a game left' })),
  sims: Type.Optional(Type.Integer({ minimum: 1, description: 'Simulations (capped with the games left: LIMIT_EXCEEDED above the cap)' })),
  seed: Type.Optional(SeedValue),
  hot: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6, description: 'Hot ratings: K of the Elo update after every simulated game' })),
};

export const SeasonSimulateBody = Type.Object(
  {
    ...SeasonWhich,
    week: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 30, description: 'As the season stood before this week (the last week + 1: after the regular season)' }),
    ),
    asOf: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'As the season stood at the end of this day (YYYY-MM-DD)' })),
    persist: Type.Optional(Type.Boolean({ description: 'Keep the run in the database (answers its runId; GET /v1/seasons/runs/{id} reads it)' })),
  },
  { additionalProperties: false },
);

export const SeasonWeeklyBody = Type.Object(SeasonWhich, { additionalProperties: false });

const SeasonTeam = Type.Object({
  id: Type.String(),
  conference: Type.String(),
  division: Type.String(),
  rating: Type.Number({ description: 'Elo rating the run started from' }),
  expectedWins: Type.Number(),
  halfWinsDistribution: Type.Array(Type.Number(), { description: 'P(k/2 wins) at index k' }),
  playoffs: Type.Number(),
  divisionTitle: Type.Number(),
  bye: Type.Number(),
  seeds: Type.Array(Type.Number(), { description: 'P(seed k+1 of its conference) at index k' }),
  rounds: Type.Object({ divisional: Type.Number(), conference: Type.Number(), superBowl: Type.Number(), champion: Type.Number() }),
  draft: Type.Array(Type.Number(), { description: 'P(draft pick k+1) at index k' }),
  expectedPick: Type.Number(),
});

const SeasonGame = Type.Object({
  home: Type.String(),
  away: Type.String(),
  pHome: Type.Number({ description: "The home side's win frequency in the simulations" }),
  teams: Type.Array(Type.Object({ id: Type.String(), ifHome: NullableNum, ifAway: NullableNum, swing: Type.Number(), importance: Type.Number() }), {
    description: 'Teams whose playoff chances the game moves: P(playoffs | each result), their difference and 2p(1-p)·swing',
  }),
});

const Meta = {
  league: Type.String(),
  season: Type.Integer(),
  source: Type.String({ description: 'The games file' }),
  sims: Type.Integer(),
  seed: SeedValue,
  hot: NullableNum,
  streamScheme: Type.String(),
};

export const SeasonReply = Type.Object({
  runId: Type.Optional(Type.Integer()),
  ...Meta,
  asOf: NullableStr,
  week: NullableInt,
  gamesPlayed: Type.Integer(),
  gamesLeft: Type.Integer(),
  threads: NullableInt,
  elapsedMs: NullableNum,
  simsPerSecond: NullableNum,
  playoffs: Type.Union([Type.Object({ season: Type.Integer(), seeds: Type.Integer(), byes: Type.Integer() }), Type.Null()]),
  teams: Type.Array(SeasonTeam),
  games: Type.Array(SeasonGame),
});

export const SeasonWeeklyReply = Type.Object({
  ...Meta,
  weeks: Type.Integer({ description: 'Regular-season weeks' }),
  threads: Type.Integer(),
  elapsedMs: Type.Number(),
  teams: Type.Array(
    Type.Object({
      id: Type.String(),
      conference: Type.String(),
      division: Type.String(),
      playoffs: Type.Array(Type.Number(), { description: 'P(playoffs) before week k+1 at index k (points[k]); the last: after the regular season' }),
      divisionTitle: Type.Array(Type.Number()),
      champion: Type.Array(Type.Number()),
    }),
  ),
  points: Type.Array(Type.Object({ week: Type.Integer(), asOf: Type.String(), gamesLeft: Type.Integer() }), {
    description: 'The season before each week kicked off (the last: after the regular season)',
  }),
});

export const StoredSeasonReply = Type.Object({
  run: Type.Object({ id: Type.Integer(), status: Type.String(), startedAt: Type.String(), finishedAt: NullableStr }),
  result: Type.Union([SeasonReply, Type.Null()], { description: 'null until the run is complete' }),
});
