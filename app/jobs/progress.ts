// A job's progress as users read it: shards done over shards planned, simulations per second, ETA.
import type { Queryable } from '../../store/db.js';
import { getRun, shardTotals, type RunStatus } from '../../store/runs.js';

export interface JobProgress {
  id: number;
  kind: string;
  status: RunStatus;
  queue: string;
  shardsDone: number;
  shardsPlanned: number;
  sims: number;
  simsDone: number;
  simsPerSecond: number | null;
  etaSeconds: number | null;
  seed: string;
  streamScheme: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export async function jobProgress(q: Queryable, runId: number): Promise<JobProgress> {
  const run = await getRun(q, runId);
  const s = await shardTotals(q, runId);
  const simsDone = s.sims;
  const started = new Date(run.started_at).getTime();
  const until = run.status === 'running' || run.status === 'queued' ? Date.now() : new Date(s.lastDoneAt ?? run.finished_at ?? run.started_at).getTime();
  const seconds = Math.max(0.001, (until - started) / 1000);
  const rate = simsDone > 0 ? simsDone / seconds : null;
  const sims = Number(run.sims);
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    queue: run.queue,
    shardsDone: run.shards_done,
    shardsPlanned: run.shards_planned,
    sims,
    simsDone,
    simsPerSecond: rate,
    etaSeconds: rate && run.status === 'running' ? (sims - simsDone) / rate : null,
    seed: run.seed,
    streamScheme: run.stream_scheme,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    error: run.error,
  };
}
