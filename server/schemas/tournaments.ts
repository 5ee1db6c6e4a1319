// Schemas of the stored-tournament routes.
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
export const TournamentRunsReply = Type.Object({ tournament: Type.Integer(), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(RunSummary) });
