// Stored runs over HTTP: one run (any kind) and a finished run's results, paginated.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StoreError } from '../../core/errors.js';
import { getRun, runView } from '../../app/runs.js';
import { jobOutcome } from '../../app/jobs/results.js';
import type { AppContext } from '../app.js';
import { requireDb } from '../require-db.js';
import { errorReplies, IdParams, Page } from '../schemas/common.js';

export function runRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/runs/:id',
      {
        schema: {
          tags: ['runs'],
          summary: 'A stored run (any kind): inputs hash, seed, stream scheme, shards, status',
          params: IdParams,
          response: { ...errorReplies(400, 404) },
        },
      },
      async (req) => {
        return runView(await getRun(requireDb(ctx.db, 'runs'), req.params.id));
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
          response: { ...errorReplies(400, 404, 409) },
        },
      },
      async (req) => {
        const db = requireDb(ctx.db, 'runs');
        const run = await getRun(db, req.params.id);
        const { report } = await jobOutcome(db, run.id);
        if (report === null) throw new StoreError('CONFLICT', `run ${run.id} has no results yet (status ${run.status})`);
        const { teams: rows, ...meta } = report as { teams?: unknown[] } & Record<string, unknown>;
        // a kind without a table of teams (a props backtest) has only its report, in meta
        const teams = Array.isArray(rows) ? rows : [];
        const { offset, limit } = req.query;
        return { run: run.id, kind: run.kind, total: teams.length, offset, limit, items: teams.slice(offset, offset + limit), meta };
      },
    );
  };
}
