// POST /v1/tournaments/simulate: a field in the body, exact or Monte Carlo (simulations capped), answering
// the same JSON as `simcast tournament --json`; and the stored tournaments with their runs.
import { randomInt } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RequestError } from '../../core/errors.js';
import { simulateFieldObject } from '../../app/tournaments/simulate.js';
import { storedTournamentRuns, storedTournaments } from '../../app/tournaments/stored.js';
import { requireDb } from '../require-db.js';
import { IdParams, Page, errorReplies } from '../schemas/common.js';
import { TournamentRunsReply, TournamentsReply } from '../schemas/tournaments.js';
import type { AppContext } from '../app.js';
import { FieldBody, FieldLayoutReply, SimulateBody, TournamentReport } from '../schemas/tournaments.js';
import { fieldLayout } from '../../app/tournaments/bracket-picture.js';

export function tournamentRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/tournaments/simulate',
      {
        config: { write: true },
        schema: {
          tags: ['tournaments'],
          summary: 'Simulate a tournament (exact or Monte Carlo)',
          description: `Simulations default to ${ctx.limits.defaultSims.toLocaleString('en-US')} and are capped at ${ctx.limits.maxSims.toLocaleString('en-US')} per request (LIMIT_EXCEEDED above). Without a seed one is drawn and returned.`,
          body: SimulateBody,
          security: [{ bearer: [] }],
          response: { 200: TournamentReport, ...errorReplies(400, 401, 413, 429) },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const sims = b.sims ?? ctx.limits.defaultSims;
        if (!b.exact && sims > ctx.limits.maxSims) {
          throw new RequestError(
            'LIMIT_EXCEEDED',
            `body.sims must be at most ${ctx.limits.maxSims} for a synchronous request (got ${sims}); run a batch job for more`,
          );
        }
        // A client that goes away cancels its simulation.
        const controller = new AbortController();
        const onClose = () => {
          if (!reply.raw.writableFinished) controller.abort();
        };
        reply.raw.once('close', onClose);
        try {
          return await simulateFieldObject(b.field, 'body.field', {
            exact: b.exact,
            sims,
            seed: b.seed ?? randomInt(0, 2 ** 31),
            threads: ctx.threads,
            model: b.model ? { name: b.model.name, sigma: b.model.sigma } : undefined,
            hotK: b.hot ?? null,
            ...(b.travel === undefined ? {} : { travel: b.travel, travelSource: 'body.travel' }),
            signal: controller.signal,
          });
        } finally {
          reply.raw.off('close', onClose);
        }
      },
    );

    app.post(
      '/v1/tournaments/field',
      {
        schema: {
          tags: ['tournaments'],
          summary: 'Check a field and answer its bracket: teams and games in order, decided games marked',
          description: 'The same checks as a simulation (400 with the error code and the field at fault); nothing is run or stored.',
          body: FieldBody,
          response: { 200: FieldLayoutReply, ...errorReplies(400, 413, 429) },
        },
      },
      async (req) => fieldLayout(req.body.field, 'body.field'),
    );

    app.get(
      '/v1/tournaments',
      {
        schema: {
          tags: ['tournaments'],
          summary: 'Stored tournaments (fields saved by persisted runs), newest first, paginated',
          querystring: Page,
          response: { 200: TournamentsReply, ...errorReplies(400, 503) },
        },
      },
      async (req) => storedTournaments(requireDb(ctx.db, 'stored tournaments'), req.query),
    );

    app.get(
      '/v1/tournaments/:id/runs',
      {
        schema: {
          tags: ['tournaments'],
          summary: "A tournament's runs (any kind), newest first, paginated; Calcutta runs with their optimisation summary",
          params: IdParams,
          querystring: Page,
          response: { 200: TournamentRunsReply, ...errorReplies(400, 404, 503) },
        },
      },
      async (req) => storedTournamentRuns(requireDb(ctx.db, 'stored tournaments'), req.params.id, req.query),
    );
  };
}
