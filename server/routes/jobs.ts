// Batch jobs over HTTP (issue 6): submit (behind the API key), follow, cancel; stored runs and their
// results, read from the database and paginated. With the embedded database the server runs a job's
// shards itself, in the background; with Postgres they go to the pg-boss queue for `simcast worker`s.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RequestError, StoreError } from '../../core/errors.js';
import { parseJobSpec } from '../../jobs/job-spec.js';
import { jobProgress } from '../../jobs/progress.js';
import type { Db } from '../../store/db.js';
import { getRun } from '../../store/runs.js';
import type { AppContext } from '../app.js';
import { requireDb } from '../require-db.js';
import { errorReplies } from '../schemas.js';

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

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Page = Type.Object({
  offset: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

const JobBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('tournament'), Type.Literal('season'), Type.Literal('slate'), Type.Literal('calcutta')]),
    sims: Type.Integer({ minimum: 1 }),
    seed: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 200 })])),
    field: Type.Optional(Type.Object({}, { additionalProperties: true })),
    season: Type.Optional(Type.Object({}, { additionalProperties: true })),
    slate: Type.Optional(Type.Object({}, { additionalProperties: true })),
    calcutta: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'A Calcutta (docs/calcutta.md) with the field inline; runs as one shard' })),
    model: Type.Optional(Type.Object({ name: Type.String(), sigma: Type.Optional(Type.Number()) })),
    hot: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
    persist: Type.Optional(Type.Union([Type.Literal('aggregates'), Type.Literal('rows')])),
    shardBlocks: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { description: 'A job as in docs/jobs.md (the same file `simcast run` takes).' },
);

export interface JobRoutesOptions {
  /** Most simulations one job may ask for. */
  maxJobSims?: number;
}

export function jobRoutes(ctx: AppContext, o: JobRoutesOptions = {}): FastifyPluginAsyncTypebox {
  return async (app) => {
    const needDb = (): Db => requireDb(ctx.db, 'jobs');

    app.post(
      '/v1/jobs',
      {
        config: { write: true },
        schema: {
          tags: ['jobs'],
          summary: 'Submit a batch job (tournament, season, slate of games or Calcutta optimisation)',
          description: 'Answers 202 with the job; follow it at GET /v1/jobs/{id}.',
          body: JobBody,
          security: [{ bearer: [] }],
          response: { 202: JobProgress, ...errorReplies(400, 401, 413, 429, 503) },
        },
      },
      async (req, reply) => {
        const db = needDb();
        const spec = parseJobSpec(req.body, 'body');
        const max = o.maxJobSims ?? 1e10;
        if (spec.sims > max) throw new RequestError('LIMIT_EXCEEDED', `body.sims must be at most ${max} (got ${spec.sims})`);
        const id = await ctx.jobs.submit(db, spec);
        return reply.code(202).send(await jobProgress(db, id));
      },
    );

    app.get(
      '/v1/jobs/:id',
      { schema: { tags: ['jobs'], summary: 'A job: status, shards done, simulations per second, ETA', params: IdParams, response: { 200: JobProgress, ...errorReplies(404) } } },
      async (req) => jobProgress(needDb(), req.params.id),
    );

    app.delete(
      '/v1/jobs/:id',
      {
        config: { write: true },
        schema: {
          tags: ['jobs'],
          summary: 'Cancel a job (queued shards are dropped; running ones stop within a second or two)',
          params: IdParams,
          security: [{ bearer: [] }],
          response: { 200: JobProgress, ...errorReplies(401, 404) },
        },
      },
      async (req) => {
        const db = needDb();
        await ctx.jobs.cancel(db, req.params.id);
        return jobProgress(db, req.params.id);
      },
    );

    app.get(
      '/v1/runs/:id',
      { schema: { tags: ['runs'], summary: 'A stored run (any kind): inputs hash, seed, stream scheme, shards, status', params: IdParams, response: { ...errorReplies(404) } } },
      async (req) => {
        const run = await getRun(needDb(), req.params.id);
        const { spec: _spec, ...rest } = run;
        return rest;
      },
    );

    app.get(
      '/v1/runs/:id/results',
      {
        schema: {
          tags: ['runs'],
          summary: "A finished run's results, paginated: a tournament's advancement table or a season's win totals",
          params: IdParams,
          querystring: Page,
          response: { ...errorReplies(404, 409) },
        },
      },
      async (req) => {
        const db = needDb();
        const run = await getRun(db, req.params.id);
        const r = await db.query<{ report: { teams: unknown[] } & Record<string, unknown> }>('select report from run_results where run_id = $1', [run.id]);
        if (r.rows.length === 0) throw new StoreError('CONFLICT', `run ${run.id} has no results yet (status ${run.status})`);
        const { teams, ...meta } = r.rows[0].report;
        const { offset, limit } = req.query;
        return { run: run.id, kind: run.kind, total: teams.length, offset, limit, items: teams.slice(offset, offset + limit), meta };
      },
    );
  };
}
