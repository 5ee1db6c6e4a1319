// The Calcutta routes: for a Calcutta run, the entry rankings (paginated), one entry, the histogram of
// its payout, recommended bids, investment report and team values; and a POST that starts an
// optimisation as a job (202; /v1/jobs/{id} follows and cancels it).
import { randomInt } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RequestError } from '../../core/errors.js';
import { calcuttaBids, calcuttaEntries, calcuttaEntry, calcuttaPayoutHistogram, calcuttaReport, calcuttaTeams } from '../../app/calcutta/reads.js';
import { DEFAULT_CALCUTTA_SIMS } from '../../app/calcutta/optimize.js';
import { parseJobSpec } from '../../app/jobs/parse.js';
import { jobProgress } from '../../app/jobs/progress.js';
import type { AppContext } from '../app.js';
import { requireDb, requireJobs } from '../require-db.js';
import { errorReplies, IdParams, Page } from '../schemas/common.js';
import {
  BidsReply,
  EntriesReply,
  EntryParams,
  EntryReply,
  HistogramQuery,
  HistogramReply,
  OptimizeBody,
  ReportReply,
  TeamsReply,
} from '../schemas/calcutta.js';
import { JobProgress } from '../schemas/jobs.js';

export function calcuttaRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const db = () => requireDb(ctx.db, 'stored runs');
    const read = (summary: string) => ({ tags: ['calcutta'], summary });

    app.get(
      '/v1/calcutta/runs/:id/entries',
      {
        schema: {
          ...read('Entry rankings of a Calcutta run by mean normalised payout, paginated'),
          params: IdParams,
          querystring: Page,
          response: { 200: EntriesReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => calcuttaEntries(db(), req.params.id, req.query),
    );

    app.get(
      '/v1/calcutta/runs/:id/entries/:entry',
      {
        schema: {
          ...read("One entry's performance in a Calcutta run (entry 0 is ours)"),
          params: EntryParams,
          response: { 200: EntryReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => calcuttaEntry(db(), req.params.id, req.params.entry),
    );

    app.get(
      '/v1/calcutta/runs/:id/entries/:entry/histogram',
      {
        schema: {
          ...read("Distribution of one entry's payout (share of the pot) over the run's simulated tournaments, computed in SQL"),
          params: EntryParams,
          querystring: HistogramQuery,
          response: { 200: HistogramReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => calcuttaPayoutHistogram(db(), req.params.id, req.params.entry, req.query.bins),
    );

    app.get(
      '/v1/calcutta/runs/:id/bids',
      { schema: { ...read('Recommended bids of a Calcutta run'), params: IdParams, response: { 200: BidsReply, ...errorReplies(400, 404, 409, 503) } } },
      async (req) => calcuttaBids(db(), req.params.id),
    );

    app.get(
      '/v1/calcutta/runs/:id/report',
      {
        schema: {
          ...read('Investment report of a Calcutta run: per team our bid, ownership, expected points and payout share, ROI; our prospects'),
          params: IdParams,
          response: { 200: ReportReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => calcuttaReport(db(), req.params.id),
    );

    app.get(
      '/v1/calcutta/runs/:id/teams',
      {
        schema: {
          ...read('Team values of a Calcutta run: expected points, points distribution, market bids and predicted share, value index'),
          params: IdParams,
          response: { 200: TeamsReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => calcuttaTeams(db(), req.params.id) as Promise<never>,
    );

    app.post(
      '/v1/calcutta/optimize',
      {
        config: { write: true },
        schema: {
          tags: ['calcutta'],
          summary: 'Start a Calcutta optimisation as a job (a run of kind calcutta, one shard)',
          description:
            'Answers 202 with the job; follow or cancel it at /v1/jobs/{id}, then read it under /v1/calcutta/runs/{id}. The same as POST /v1/jobs with kind "calcutta". The field must be inline.',
          body: OptimizeBody,
          security: [{ bearer: [] }],
          response: { 202: JobProgress, ...errorReplies(400, 401, 413, 429, 503) },
        },
      },
      async (req, reply) => {
        const jobs = requireJobs(ctx.jobs);
        const b = req.body;
        const max = ctx.limits.maxSims;
        const sims = b.sims ?? DEFAULT_CALCUTTA_SIMS;
        if (sims > max) throw new RequestError('LIMIT_EXCEEDED', `body.sims must be at most ${max} (got ${sims})`);
        const spec = parseJobSpec({ kind: 'calcutta', calcutta: b.calcutta, sims, seed: b.seed ?? randomInt(0, 2 ** 31) }, 'body');
        const id = await jobs.submit(spec, { background: true });
        return reply.code(202).send(await jobProgress(jobs.db, id));
      },
    );
  };
}
