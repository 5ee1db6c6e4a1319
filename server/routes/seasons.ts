// Season simulation over HTTP: POST /v1/seasons/simulate (the rest of an NFL season with its tiebreakers,
// seeds, playoffs and draft order, answered synchronously within the cap on simulated games; stored when
// asked), POST /v1/seasons/weekly (the season replayed week by week) and GET /v1/seasons/runs/{id} (a
// stored season run, as the simulation answered it).
import { randomInt } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { checkedSeasonInputs, DEFAULT_SEASON_SIMS, DEFAULT_WEEKLY_SIMS, simulateSeason, simulateSeasonWeekly } from '../../app/seasons/simulate.js';
import { runPersistedSeason, storedSeasonRun } from '../../app/seasons/stored.js';
import { seasonResultView, seasonView, weeklyView } from '../../app/seasons/view.js';
import { LIMITS } from '../../app/limits.js';
import type { AppContext } from '../app.js';
import { requireDb } from '../require-db.js';
import { errorReplies, IdParams } from '../schemas/common.js';
import { SeasonReply, SeasonSimulateBody, SeasonWeeklyBody, SeasonWeeklyReply, StoredSeasonReply } from '../schemas/seasons.js';

const CAP = `Simulations times (games left + playoff games) are capped at ${LIMITS.syncSeasonSimGames.toLocaleString('en-US')} per request (LIMIT_EXCEEDED above: run a season job for more).`;

/** A client that goes away cancels its simulation. */
function cancelOnClose(reply: FastifyReply): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort();
  };
  reply.raw.once('close', onClose);
  return { signal: controller.signal, done: () => reply.raw.off('close', onClose) };
}

export function seasonRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/seasons/simulate',
      {
        config: { write: true },
        schema: {
          tags: ['seasons'],
          summary: 'Simulate the rest of an NFL season: tiebreakers, seeds, playoffs, draft order',
          description: `The season (default: the latest with a game left) as it stood before \`week\` or at the end of \`asOf\`, from the bundled games. Simulations default to ${DEFAULT_SEASON_SIMS.toLocaleString('en-US')}. ${CAP} Without a seed one is drawn and returned. Answers what \`simcast season --json\` prints.`,
          body: SeasonSimulateBody,
          security: [{ bearer: [] }],
          response: { 200: SeasonReply, ...errorReplies(400, 401, 413, 429, 503) },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const query = { league: 'nfl' as const, season: b.season, week: b.week, asOf: b.asOf };
        const run = { sims: b.sims ?? DEFAULT_SEASON_SIMS, seed: b.seed ?? randomInt(0, 2 ** 31), threads: ctx.threads, hotK: b.hot ?? null, sync: true };
        const c = cancelOnClose(reply);
        try {
          if (b.persist) {
            const db = requireDb(ctx.db, 'stored season runs');
            const inputs = await checkedSeasonInputs(query, run, 'body');
            const r = await runPersistedSeason({ db, inputs, ...run, signal: c.signal });
            return seasonView(r.meta, r.report, { threads: ctx.threads ?? null, elapsedMs: r.elapsedMs, runId: r.runId });
          }
          return seasonResultView(await simulateSeason(query, { ...run, signal: c.signal }, 'body'));
        } finally {
          c.done();
        }
      },
    );

    app.post(
      '/v1/seasons/weekly',
      {
        config: { write: true },
        schema: {
          tags: ['seasons'],
          summary: 'An NFL season replayed week by week: playoff chances before every week',
          description: `Each point is the season as it stood before that week, simulated to its end (the same seed each time). Simulations default to ${DEFAULT_WEEKLY_SIMS.toLocaleString('en-US')} a week; the cap counts every week's games. ${CAP} Answers what \`simcast season --weekly --json\` prints.`,
          body: SeasonWeeklyBody,
          security: [{ bearer: [] }],
          response: { 200: SeasonWeeklyReply, ...errorReplies(400, 401, 413, 429) },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const c = cancelOnClose(reply);
        try {
          const w = await simulateSeasonWeekly(
            { league: 'nfl', season: b.season },
            {
              sims: b.sims ?? DEFAULT_WEEKLY_SIMS,
              seed: b.seed ?? randomInt(0, 2 ** 31),
              threads: ctx.threads,
              hotK: b.hot ?? null,
              sync: true,
              signal: c.signal,
            },
            'body',
          );
          return weeklyView(w);
        } finally {
          c.done();
        }
      },
    );

    app.get(
      '/v1/seasons/runs/:id',
      {
        schema: {
          tags: ['seasons'],
          summary: 'A stored season run (simcast season --persist, a season job) as the simulation answered it',
          params: IdParams,
          response: { 200: StoredSeasonReply, ...errorReplies(400, 404, 503) },
        },
      },
      async (req) => {
        const { run, meta, report } = await storedSeasonRun(requireDb(ctx.db, 'stored season runs'), req.params.id);
        return {
          run: { id: run.id, status: run.status, startedAt: run.started_at, finishedAt: run.finished_at },
          result: report === null || report.playoffs === undefined ? null : seasonView(meta, report, { runId: run.id }),
        };
      },
    );
  };
}
