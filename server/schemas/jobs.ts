// Schemas of the job and run routes. A job's body is the union of every kind's schema (the registry's),
// documented here and validated once, by the same parser the CLI uses.
import { Type } from '@sinclair/typebox';
import { JOB_KINDS } from '../../app/jobs/registry.js';

export const JobProgress = Type.Object(
  {
    id: Type.Number(),
    kind: Type.String(),
    status: Type.String({ description: 'queued, running, complete, failed or cancelled' }),
    queue: Type.String({ description: "'local' (this process) or 'pg-boss' (Postgres queue)" }),
    shardsDone: Type.Integer(),
    shardsPlanned: Type.Integer(),
    sims: Type.Number(),
    simsDone: Type.Number(),
    simsPerSecond: Type.Union([Type.Number(), Type.Null()]),
    etaSeconds: Type.Union([Type.Number(), Type.Null()]),
    seed: Type.String(),
    streamScheme: Type.String(),
    startedAt: Type.String(),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
  },
  { description: 'A job: progress is shards done over shards planned.' },
);

export const JobBody = Type.Union(
  JOB_KINDS.map((k) => k.schema),
  { description: 'A job as in docs/jobs.md (the same file `simcast run` takes), one of the kinds.' },
);

export const JobsQuery = Type.Object({
  status: Type.Optional(
    Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('complete'), Type.Literal('failed'), Type.Literal('cancelled')]),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});
export const JobsReply = Type.Object({ items: Type.Array(JobProgress) });
