// An experiment submitted as a job (POST /v1/experiments): the props-backtest kind stores it as queued
// (app/jobs/kinds/props-backtest.ts) and the job queue runs it: in this process on the embedded
// database, by any worker on Postgres. The answer names both, so a client follows either.
import { parseJobSpec } from '../jobs/parse.js';
import { jobProgress, type JobProgress } from '../jobs/progress.js';
import type { JobQueues } from '../jobs/queues.js';
import { getRun } from '../../store/runs.js';
import { finishExperiment, getExperiment, markExperiment, type ExperimentRow } from '../../store/props-experiments.js';
import type { Queryable } from '../../store/db.js';
import type { ExperimentRequest } from './experiments.js';

export async function submitExperiment(
  jobs: JobQueues,
  backtest: Omit<ExperimentRequest, 'files' | 'userId'>,
  where = 'body',
): Promise<ExperimentRow & { job: JobProgress }> {
  const spec = parseJobSpec({ kind: 'props-backtest', backtest }, where);
  const runId = await jobs.submit(spec, { background: true });
  const experimentId = (await getRun(jobs.db, runId)).spec!.experimentId as number;
  await markExperiment(jobs.db, experimentId, { runId });
  const [experiment, job] = await Promise.all([getExperiment(jobs.db, experimentId), jobProgress(jobs.db, runId)]);
  return { ...experiment, job };
}

/**
 * An experiment as stored; one whose job ended without completing it (cancelled, or failed before its
 * shard ran) is recorded as failed, with the job's status and error, so its status never stays queued.
 */
export async function readExperiment(db: Queryable, id: number): Promise<ExperimentRow> {
  const e = await getExperiment(db, id);
  if (e.jobId === null || (e.status !== 'queued' && e.status !== 'running')) return e;
  const run = await getRun(db, e.jobId);
  if (run.status !== 'cancelled' && run.status !== 'failed') return e;
  return finishExperiment(db, id, 'failed', { error: `job ${e.jobId} ${run.status}${run.error ? `: ${run.error}` : ''}` });
}
