// Schemas of the tournament routes: simulation, and the stored tournaments with their runs.
import { Type } from '@sinclair/typebox';
import { NullableNum, NullableStr } from './common.js';

const Tournament = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  teams: Type.Integer({ description: 'Teams in the field' }),
  runs: Type.Integer({ description: 'Stored runs of any kind' }),
  createdAt: Type.String(),
});
export const TournamentsReply = Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(Tournament) });

const Optimization = Type.Object({
  strategy: Type.String(),
  expectedPayout: NullableNum,
  pFirst: NullableNum,
});
const RunSummary = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  status: Type.String({ description: 'queued, running, complete, failed or cancelled' }),
  sims: Type.Number(),
  seed: Type.String(),
  streamScheme: Type.String(),
  startedAt: Type.String(),
  finishedAt: NullableStr,
  optimization: Type.Union([Optimization, Type.Null()], { description: 'Calcutta runs: the optimiser strategy, expected payout (money) and P(first)' }),
});
export const TournamentRunsReply = Type.Object({
  tournament: Type.Integer(),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  items: Type.Array(RunSummary),
});

export const SimulateBody = Type.Object(
  {
    field: Type.Object({}, { additionalProperties: true, description: 'A field as docs/field-format.md describes (the CLI --field JSON)' }),
    exact: Type.Optional(Type.Boolean()),
    sims: Type.Optional(Type.Integer({ minimum: 1, description: 'Monte Carlo simulations (capped; LIMIT_EXCEEDED above the cap)' })),
    seed: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.String({ minLength: 1, maxLength: 200 })])),
    model: Type.Optional(
      Type.Object(
        {
          name: Type.Union([Type.Literal('538'), Type.Literal('elo'), Type.Literal('normal')]),
          sigma: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
    hot: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 })),
    travel: Type.Optional(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description:
            "Game sites and team locations for FiveThirtyEight's travel adjustment: { sites: [{ region?, games, city?, lat, lon }], locations: [{ team, lat, lon }], k? } (docs/field-format.md)",
        },
      ),
    ),
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
    travelK: Type.Optional(Type.Number({ description: 'With travel: k, the rating points a team loses per mile^(1/3) it travels' })),
    teams: Type.Array(TeamReport),
  },
  { description: 'The same JSON as `simcast tournament --json`' },
);

export const FieldBody = Type.Object(
  { field: Type.Object({}, { additionalProperties: true, description: 'A field as docs/field-format.md describes' }) },
  { additionalProperties: false },
);

export const FieldLayoutReply = Type.Object(
  {
    name: Type.String(),
    rounds: Type.Integer({ description: 'Rounds including the play-in round (1)' }),
    teams: Type.Array(
      Type.Object({
        name: Type.String(),
        seed: Type.Union([Type.Integer(), Type.Null()]),
        region: Type.Union([Type.String(), Type.Null()]),
        rating: Type.Number(),
      }),
    ),
    games: Type.Array(
      Type.Object({
        round: Type.Integer(),
        a: Type.Integer({ description: 'First input: a team index, or teams.length + an earlier game index' }),
        b: Type.Integer(),
        winner: Type.Union([Type.Integer(), Type.Null()], { description: 'The team index that already won it (a result), or null' }),
      }),
      { description: 'In round order; the last is the final' },
    ),
  },
  { description: 'The valid field as a bracket: what the web page and `simcast tournament --svg` draw' },
);
