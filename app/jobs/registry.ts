// The job kinds. Adding a kind: its module in kinds/ and one line here.
import { calcuttaKind, type CalcuttaJobSpec } from './kinds/calcutta.js';
import type { JobKind, JobSpecBase } from './kinds/kind.js';
import { poolKind, type PoolJobSpec } from './kinds/pool.js';
import { propsBacktestKind, type PropsBacktestJobSpec } from './kinds/props-backtest.js';
import { seasonKind, type SeasonJobSpec } from './kinds/season.js';
import { slateKind, type SlateJobSpec } from './kinds/slate.js';
import { tournamentKind, type TournamentJobSpec } from './kinds/tournament.js';

export const JOB_KINDS = [tournamentKind, seasonKind, slateKind, calcuttaKind, poolKind, propsBacktestKind] as unknown as readonly JobKind<JobSpecBase>[];

export type JobSpec = TournamentJobSpec | SeasonJobSpec | SlateJobSpec | CalcuttaJobSpec | PoolJobSpec | PropsBacktestJobSpec;

export function jobKind(name: string): JobKind<JobSpecBase> | undefined {
  return JOB_KINDS.find((k) => k.name === name);
}
