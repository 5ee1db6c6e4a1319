// Schemas of the pools routes (validation, serialisation and the OpenAPI document).
import { Type } from '@sinclair/typebox';
import { PoolDocumentSchema } from '../../app/pools/document.js';
import { Id, Num, NullableNum, NullableStr } from './common.js';

const Estimate = Type.Object({ value: Num, se: Num }, { description: 'An estimate with its standard error' });
const NullableEstimate = Type.Union([Estimate, Type.Null()]);

export const PoolBody = Type.Object(
  {
    kind: Type.Optional(Type.Literal('pool', { description: 'Ignored: lets a pool job file be sent as it is' })),
    mode: Type.Optional(Type.Union([Type.Literal('optimize'), Type.Literal('evaluate')], { description: 'If given, the route’s own' })),
    pool: PoolDocumentSchema,
    sims: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Simulated tournaments (default 20,480)' })),
    seed: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.String({ minLength: 1, maxLength: 200 })])),
    job: Type.Optional(Type.Boolean({ description: 'Run it as a stored job (202 with the job); needed above 50,000 tournaments' })),
  },
  { additionalProperties: false },
);

const Importance = Type.Object({
  game: Type.Integer(),
  round: Type.Integer({ description: "The bracket's round of the game (1 = the play-in round)" }),
  sideA: Type.String(),
  sideB: Type.String(),
  pA: Num,
  givenA: NullableNum,
  givenB: NullableNum,
  swing: NullableNum,
  importance: NullableNum,
});

export const OptimizeReply = Type.Object(
  {
    bracket: Type.Record(Type.String(), Type.Integer(), { description: 'Games the entry picks each main team to win' }),
    winProbability: Num,
    expectedPrize: Num,
    expectedScore: Num,
    chalk: Type.Object({ bracket: Type.Record(Type.String(), Type.Integer()), winProbability: Num, expectedPrize: Num, expectedScore: Num }),
    holdout: Type.Object({}, { additionalProperties: true, description: 'Hold-out estimates with standard errors, the paired ratio to chalk, chosen' }),
    search: Type.Object({}, { additionalProperties: true }),
    pool: Type.Object({}, { additionalProperties: true }),
    importance: Type.Array(Importance),
    sims: Type.Integer(),
    seed: Type.Union([Type.Integer(), Type.String()]),
    streamScheme: Type.String(),
  },
  { additionalProperties: true },
);

const Evaluated = Type.Object({
  bracket: Type.Record(Type.String(), Type.Integer()),
  champion: Type.String(),
  winProbability: Estimate,
  expectedPrize: Estimate,
  expectedScore: Num,
  percentiles: Type.Array(Type.Object({ p: Type.Integer(), score: Num })),
});

export const EvaluateReply = Type.Object(
  {
    entry: Evaluated,
    chalk: Evaluated,
    winRatio: Estimate,
    prizeRatio: Estimate,
    importance: Type.Array(Importance),
    pool: Type.Object({}, { additionalProperties: true }),
    sims: Type.Integer(),
    seed: Type.Union([Type.Integer(), Type.String()]),
    streamScheme: Type.String(),
  },
  { additionalProperties: true },
);

export const PoolRunReply = Type.Object({
  run: Type.Integer(),
  status: Type.String(),
  mode: Type.String({ description: 'optimize or evaluate' }),
  seed: Type.String(),
  streamScheme: Type.String(),
  sims: Type.Integer(),
  holdoutSims: Type.Integer(),
  holdoutSeed: Type.String(),
  opponents: Type.Integer(),
  model: Type.String(),
  payouts: Type.Array(Num),
  roundPoints: Type.Array(Num),
  seedBonus: Type.Union([Type.Array(Num), Type.Null()]),
  combine: Type.String(),
  chosen: Type.String({ description: 'optimized, chalk (the hold-out kept chalk) or entry (evaluate)' }),
  winRatio: NullableEstimate,
  startedAt: Type.String(),
  finishedAt: NullableStr,
});

export const PoolEntriesReply = Type.Object({
  run: Type.Integer(),
  items: Type.Array(
    Type.Object({
      entry: Type.Integer({ description: '0: the chosen (or evaluated) entry, 1: chalk, 2..: the rest of a portfolio' }),
      label: Type.String(),
      champion: NullableStr,
      winProbability: NullableEstimate,
      expectedPrize: NullableEstimate,
      expectedScore: Num,
      percentiles: Type.Array(Type.Object({ p: Type.Integer(), score: Num })),
      bracket: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
});

export const ImportanceQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }) });
export const ImportanceReply = Type.Object({ run: Type.Integer(), items: Type.Array(Importance) });

export const PoolEntryParams = Type.Object({ id: Id, entry: Type.Integer({ minimum: 0, maximum: 1000 }) });
export const ScoresReply = Type.Object({
  run: Type.Integer(),
  entry: Type.Integer(),
  total: Type.Integer({ description: 'Tournaments scored' }),
  mean: NullableNum,
  offset: Type.Integer(),
  limit: Type.Integer(),
  histogram: Type.Array(Type.Object({ score: Num, count: Type.Integer() })),
  items: Type.Array(Type.Object({ sim: Type.Integer(), score: Num })),
});
