// A job's state and results as users read them (CLI `run`, `jobs show`, `runs show`; HTTP /v1/runs).
import type { Queryable } from '../../store/db.js';
import { getRunResult } from '../../store/runs.js';
import type { RenderedTable } from './kinds/kind.js';
import { jobProgress, type JobProgress } from './progress.js';
import { jobKind } from './registry.js';

export interface JobOutcome {
  progress: JobProgress;
  /** The kind's stored report, null while it has none. */
  report: Record<string, unknown> | null;
  /** The report as its kind renders it (null without a report, or for a kind not run as a job). */
  table: RenderedTable | null;
}

export async function jobOutcome(q: Queryable, runId: number): Promise<JobOutcome> {
  const progress = await jobProgress(q, runId);
  const report = await getRunResult(q, runId);
  const kind = jobKind(progress.kind);
  return { progress, report, table: report && kind ? kind.render(report) : null };
}
