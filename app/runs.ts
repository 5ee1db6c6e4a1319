// Stored runs of any kind: list, show (with the kind's results), drop.
import type { Queryable } from '../store/db.js';
import type { Db } from '../store/db.js';
import { dropRun as dropStoredRun, getRun, listRuns as listStoredRuns, titleOdds, type RunRow, type RunStatus } from '../store/runs.js';
import { jobOutcome, type JobOutcome } from './jobs/results.js';

export type { RunRow };

export function listRuns(q: Queryable, o: { limit?: number; status?: RunStatus } = {}): Promise<RunRow[]> {
  return listStoredRuns(q, o);
}

interface RunDetail {
  run: RunRow;
  outcome: JobOutcome;
  /** Tournament runs: the best title odds. */
  titleOdds: { team: string; seed: number | null; region: string | null; titleProbability: number }[];
}

export async function showRun(q: Queryable, id: number): Promise<RunDetail> {
  const run = await getRun(q, id);
  return { run, outcome: await jobOutcome(q, id), titleOdds: run.kind === 'tournament' ? await titleOdds(q, id, 10) : [] };
}

export { getRun };

export function dropRun(db: Db, id: number): Promise<void> {
  return dropStoredRun(db, id);
}

/** A run as users read it (HTTP /v1/runs/{id}, `runs list --json`): camelCase like every answer, without the stored job. */
export function runView(r: RunRow) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    queue: r.queue,
    tournamentId: r.tournament_id,
    inputsHash: r.inputs_hash,
    seed: r.seed,
    streamScheme: r.stream_scheme,
    sims: r.sims,
    blockSize: r.block_size,
    shardBlocks: r.shard_blocks,
    shardsPlanned: r.shards_planned,
    shardsDone: r.shards_done,
    persist: r.persist,
    params: r.params,
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    timings: r.timings,
    simcastVersion: r.simcast_version,
  };
}
