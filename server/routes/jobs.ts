// Batch jobs over HTTP: submit (behind the API key), follow, cancel. With the embedded database the
// server runs a job's shards itself, in the background; with Postgres they go to the pg-boss queue.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseJobSpec } from '../../app/jobs/parse.js';
import { jobProgress } from '../../app/jobs/progress.js';
import type { AppContext } from '../app.js';
import { requireDb, requireJobs } from '../require-db.js';
import { errorReplies, IdParams } from '../schemas/common.js';
import { JobBody, JobProgress, JobsQuery, JobsReply } from '../schemas/jobs.js';
import { listRuns } from '../../app/runs.js';

export function jobRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
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
        // The body schema documents the job; parseJobSpec below validates it, with the CLI's messages.
        validatorCompiler: () => () => true,
      },
      async (req, reply) => {
        const jobs = requireJobs(ctx.jobs);
        const spec = parseJobSpec(req.body, 'body');
        const id = await jobs.submit(spec, { background: true });
        return reply.code(202).send(await jobProgress(jobs.db, id));
      },
    );

    app.get(
      '/v1/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Jobs and runs, newest first, with their progress; filtered by status',
          querystring: JobsQuery,
          response: { 200: JobsReply, ...errorReplies(400, 503) },
        },
      },
      async (req) => {
        const db = requireDb(ctx.db, 'jobs');
        const runs = await listRuns(db, { limit: req.query.limit, status: req.query.status });
        return { items: await Promise.all(runs.map((r) => jobProgress(db, r.id))) };
      },
    );

    app.get(
      '/v1/jobs/:id',
      {
        schema: {
          tags: ['jobs'],
          summary: 'A job: status, shards done, simulations per second, ETA',
          params: IdParams,
          response: { 200: JobProgress, ...errorReplies(400, 404) },
        },
      },
      async (req) => jobProgress(requireDb(ctx.db, 'jobs'), req.params.id),
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
          response: { 200: JobProgress, ...errorReplies(400, 401, 404) },
        },
      },
      async (req) => {
        const jobs = requireJobs(ctx.jobs);
        await jobs.cancel(req.params.id);
        return jobProgress(jobs.db, req.params.id);
      },
    );
  };
}
