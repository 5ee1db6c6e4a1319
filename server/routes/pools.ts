// The pools routes: optimise or evaluate a bracket-pool entry (synchronously up to a cap of tournaments,
// or as a stored job: 202), and the stored runs' setup, entries, game importance and entry scores.
import { randomInt } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import { SimcastError } from '../../core/errors.js';
import { parseJobSpec } from '../../app/jobs/parse.js';
import { jobProgress } from '../../app/jobs/progress.js';
import { checkPoolSync } from '../../app/limits.js';
import { poolInputsFromDocument } from '../../app/pools/document.js';
import { evaluatePool } from '../../app/pools/evaluate.js';
import { DEFAULT_POOL_SIMS, optimizePool } from '../../app/pools/optimize.js';
import { poolRunEntries, poolRunEntryScores, poolRunImportance, poolRunSummary } from '../../app/pools/reads.js';
import type { AppContext } from '../app.js';
import { requireDb, requireJobs } from '../require-db.js';
import { errorReplies, IdParams, Page } from '../schemas/common.js';
import { JobProgress } from '../schemas/jobs.js';
import {
  EvaluateReply,
  ImportanceQuery,
  ImportanceReply,
  OptimizeReply,
  PoolBody,
  PoolEntriesReply,
  PoolEntryParams,
  PoolRunReply,
  ScoresReply,
} from '../schemas/pools.js';

export function poolRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const db = () => requireDb(ctx.db, 'stored runs');
    const read = (summary: string) => ({ tags: ['pools'], summary });

    async function start(mode: 'optimize' | 'evaluate', b: Static<typeof PoolBody>, reply: { code(n: number): { send(x: unknown): unknown } }) {
      const sims = b.sims ?? DEFAULT_POOL_SIMS;
      const seed = b.seed ?? randomInt(0, 2 ** 31);
      if (b.mode !== undefined && b.mode !== mode) throw new SimcastError('POOL_INVALID', `body.mode is '${b.mode}': send it to /v1/pools/${b.mode}`);
      if (mode === 'evaluate' && b.pool.entry === undefined) throw new SimcastError('POOL_INVALID', 'body.pool.entry: give the entry to evaluate');
      if (b.job === true) {
        const jobs = requireJobs(ctx.jobs);
        const spec = parseJobSpec({ kind: 'pool', mode, pool: b.pool, sims, seed }, 'body');
        const id = await jobs.submit(spec, { background: true });
        return reply.code(202).send(await jobProgress(jobs.db, id));
      }
      // The cap before anything is built: search and hold-out tournaments for optimize.
      checkPoolSync(mode === 'optimize' ? sims + (b.pool.holdoutSims ?? sims) : sims);
      const inputs = poolInputsFromDocument(b.pool, 'body.pool');
      // Off the event loop (worker threads for the simulation, the search and the importance): the server
      // answers other requests while this one computes, with the numbers the CLI gives for the seed.
      const o = { sims, seed, threads: ctx.threads, offThread: true };
      const r = mode === 'optimize' ? await optimizePool(inputs, o) : await evaluatePool(inputs, o);
      return reply.code(200).send(r.report);
    }

    const post = (mode: 'optimize' | 'evaluate', summary: string, Reply: typeof OptimizeReply | typeof EvaluateReply) =>
      app.post(
        `/v1/pools/${mode}`,
        {
          config: { write: true },
          schema: {
            tags: ['pools'],
            summary,
            description:
              'Synchronous up to 50,000 tournaments (413 LIMIT_EXCEEDED above); with "job": true a stored job of kind pool (202: follow it at /v1/jobs/{id}, read it under /v1/pools/runs/{id}). Inputs inline: the field with its results, the picks as { name, shares }.',
            body: PoolBody,
            security: [{ bearer: [] }],
            response: { 200: Reply, 202: JobProgress, ...errorReplies(400, 401, 413, 429, 503) },
          },
        },
        async (req, reply) => start(mode, req.body, reply) as Promise<never>,
      );
    post('optimize', 'The entry most likely to win a bracket pool (best expected prize), checked on hold-out tournaments', OptimizeReply);
    post('evaluate', "A given entry's chance to win a pool, expected prize and score, beside chalk's, and the games that matter", EvaluateReply);

    app.get(
      '/v1/pools/runs/:id',
      {
        schema: {
          ...read('A stored pool run: its pool, seeds and the hold-out ratio to chalk'),
          params: IdParams,
          response: { 200: PoolRunReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => poolRunSummary(db(), req.params.id),
    );
    app.get(
      '/v1/pools/runs/:id/entries',
      {
        schema: {
          ...read('Entries of a pool run (0: chosen or evaluated, 1: chalk) with win probability, expected prize and score, percentiles, bracket'),
          params: IdParams,
          response: { 200: PoolEntriesReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => poolRunEntries(db(), req.params.id),
    );
    app.get(
      '/v1/pools/runs/:id/importance',
      {
        schema: {
          ...read("The games that matter most for the run's entry: P(A), P(X | A), P(X | B), swing, importance"),
          params: IdParams,
          querystring: ImportanceQuery,
          response: { 200: ImportanceReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => poolRunImportance(db(), req.params.id, req.query.limit),
    );
    app.get(
      '/v1/pools/runs/:id/entries/:entry/scores',
      {
        schema: {
          ...read("One entry's score in each scored tournament (a page) and their distribution"),
          params: PoolEntryParams,
          querystring: Page,
          response: { 200: ScoresReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => poolRunEntryScores(db(), req.params.id, req.params.entry, req.query),
    );
  };
}
