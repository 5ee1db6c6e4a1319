// Schemas of the Calcutta routes (validation, serialisation and the OpenAPI document).
import { Type } from '@sinclair/typebox';
import { Id, Num, NullableInt, NullableNum, NullableStr } from './common.js';

export const EntryParams = Type.Object({ id: Id, entry: Type.Integer({ minimum: 0, maximum: 2147483647 }) });
export const HistogramQuery = Type.Object({ bins: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }) });

const Entry = Type.Object({
  position: Type.Integer({ description: '1-based place in the ranking by mean normalised payout' }),
  entry: Type.Integer({ description: 'Entry id: 0 is our entry, then the other entries in input order (predicted entries last)' }),
  name: Type.String(),
  us: Type.Boolean(),
  spend: NullableNum,
  expectedPoints: NullableNum,
  meanPayout: Type.Number({ description: 'Mean payout as a share of the pot' }),
  sdPayout: Num,
  pFirst: Num,
  pInMoney: Num,
  percentileRank: Type.Number({ description: 'Percent of the other entries with a lower mean payout (ties count half)' }),
});
export const EntriesReply = Type.Object({
  run: Type.Integer(),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  items: Type.Array(Entry),
});
export const EntryReply = Type.Object({ run: Type.Integer(), ...Entry.properties });

const Bid = Type.Object({
  team: Type.Integer({ description: 'Team key (index in the field)' }),
  name: Type.String(),
  seed: NullableInt,
  region: NullableStr,
  bid: Num,
});
export const BidsReply = Type.Object({
  run: Type.Integer(),
  strategy: Type.String(),
  entryName: Type.String(),
  budget: Num,
  spend: Num,
  items: Type.Array(Bid),
});

const InvestmentLine = Type.Object({
  team: Type.Integer(),
  name: Type.String(),
  seed: NullableInt,
  bid: Num,
  ownership: Type.Number({ description: 'Our share of all money on the team' }),
  teamExpectedPoints: Num,
  ourExpectedPoints: Num,
  expectedPayoutShare: Type.Number({ description: 'Our expected payout attributed to the team, as a share of the pot' }),
  expectedPayout: Num,
  roi: NullableNum,
});
export const ReportReply = Type.Object({
  run: Type.Integer(),
  calcutta: Type.String(),
  tournament: NullableInt,
  entryName: Type.String(),
  strategy: Type.String(),
  sims: Num,
  seed: Type.String(),
  budget: Num,
  spend: Num,
  pot: Num,
  expectedPayout: Num,
  expectedPayoutShare: Num,
  expectedNet: Num,
  pFirst: Num,
  pInMoney: Num,
  netPercentiles: Type.Array(Type.Object({ p: Num, value: Num })),
  items: Type.Array(InvestmentLine),
});

export const HistogramReply = Type.Object({
  run: Type.Integer(),
  entry: Type.Integer(),
  name: Type.String(),
  sims: Type.Integer(),
  mean: Type.Number({ description: 'Mean payout (share of the pot) over the stored simulations' }),
  min: Num,
  max: Num,
  bins: Type.Array(Type.Object({ lo: Num, hi: Num, count: Type.Integer(), probability: Num }), {
    description: 'Equal-width bins of the payout share over [0, 1]; the last bin includes 1',
  }),
});

const TeamValue = Type.Object({
  team: Type.Integer(),
  name: Type.String(),
  seed: NullableInt,
  region: NullableStr,
  expectedPoints: Num,
  expectedPointsExact: Num,
  sdPoints: Num,
  pointsDistribution: Type.Array(Type.Object({ points: Num, probability: Num })),
  marketBids: Num,
  marketShare: Num,
  predictedMarketShare: Num,
  pointsPerPrice: NullableNum,
  valueIndex: NullableNum,
});
export const TeamsReply = Type.Object({ run: Type.Integer(), items: Type.Array(TeamValue) });

export const OptimizeBody = Type.Object(
  {
    calcutta: Type.Object({}, { additionalProperties: true, description: 'A Calcutta as docs/calcutta.md describes, with the field inline' }),
    sims: Type.Optional(Type.Integer({ minimum: 1, description: 'Simulated tournaments (capped; LIMIT_EXCEEDED above the cap)' })),
    seed: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.String({ minLength: 1, maxLength: 200 })])),
  },
  { additionalProperties: false },
);
