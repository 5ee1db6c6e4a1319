// Experiments: a backtest of the prop models over stored (or given) history, with its parameters, risk
// mode, bankroll, status and metrics. A user's experiments go with the user; a snapshot's deletion
// leaves them with a null snapshot.
import { RequestError } from '../core/errors.js';
import type { Queryable } from './db.js';
import { iso } from './iso-time.js';

export interface ExperimentRow {
  id: number;
  userId: number | null;
  snapshotId: number | null;
  league: string;
  stat: string;
  params: unknown;
  riskMode: string;
  bankroll: number;
  status: string;
  /** the job (its run id: GET /v1/jobs/:id) that computes it; null when run in the caller or its run is deleted */
  jobId: number | null;
  metrics: unknown;
  createdAt: string;
  finishedAt: string | null;
}

const COLUMNS = `id::int as id, user_id::int as "userId", snapshot_id::int as "snapshotId", league, stat, params, risk_mode as "riskMode", bankroll, status, run_id::int as "jobId", metrics,
  ${iso('created_at', '"createdAt"')}, case when finished_at is null then null else ${iso('finished_at', 'x').replace(/ as x$/, '')} end as "finishedAt"`;

export async function insertExperiment(
  db: Queryable,
  e: { userId: number | null; snapshotId: number | null; league: string; stat: string; params: unknown; riskMode: string; bankroll: number },
  status: 'queued' | 'running' = 'running',
): Promise<ExperimentRow> {
  const r = await db.query<ExperimentRow>(
    `insert into experiments (user_id, snapshot_id, league, stat, params, risk_mode, bankroll, status) values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8) returning ${COLUMNS}`,
    [e.userId, e.snapshotId, e.league, e.stat, JSON.stringify(e.params), e.riskMode, e.bankroll, status],
  );
  return r.rows[0];
}

/** The experiment's job: its run, and its status as the run goes (queued, running). */
export async function markExperiment(db: Queryable, id: number, change: { runId?: number; status?: 'queued' | 'running' }): Promise<void> {
  await db.query('update experiments set run_id = coalesce($2, run_id), status = coalesce($3, status) where id = $1', [
    id,
    change.runId ?? null,
    change.status ?? null,
  ]);
}

export async function finishExperiment(db: Queryable, id: number, status: 'complete' | 'failed', metrics: unknown): Promise<ExperimentRow> {
  const r = await db.query<ExperimentRow>(`update experiments set status = $2, metrics = $3::jsonb, finished_at = now() where id = $1 returning ${COLUMNS}`, [
    id,
    status,
    JSON.stringify(metrics),
  ]);
  return r.rows[0];
}

export async function getExperiment(db: Queryable, id: number): Promise<ExperimentRow> {
  const r = await db.query<ExperimentRow>(`select ${COLUMNS} from experiments where id = $1`, [id]);
  if (!r.rows[0]) throw new RequestError('NOT_FOUND', `experiment ${id} does not exist`);
  return r.rows[0];
}
