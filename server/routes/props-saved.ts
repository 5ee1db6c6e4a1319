// Users, saved slips (a user's own: Authorization: Bearer <the user's key>) and snapshots of prices
// (created, extended and locked with the server's API key; a locked snapshot answers 409 SNAPSHOT_LOCKED).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../app.js';
import type { PropsService } from '../../app/props/service.js';
import {
  addSnapshotMarkets,
  createUser,
  deleteUser,
  getSlip,
  getSnapshot,
  listSlips,
  lockSnapshot,
  newSnapshot,
  saveSlip,
  updateUser,
} from '../../app/props/saved.js';
import type { SlipPayout } from '../../engine/props/index.js';
import { requireDb, requireJobs } from '../require-db.js';
import { errorReplies, IdParams, Page } from '../schemas/common.js';
import { SlipBody, PropBody } from '../schemas/props.js';
import { RequestError } from '../../core/errors.js';
import { readExperiment, submitExperiment } from '../../app/props/experiment-jobs.js';
import { checkTierSims } from '../../app/props/tiers.js';
import { callerOf, tiered, userOf } from './props-tiers.js';

const MarketBody = Type.Omit(PropBody, ['league']);
const Markets = Type.Array(MarketBody, { maxItems: 500 });
const SnapshotBody = Type.Object(
  {
    league: Type.Union([Type.Literal('nfl'), Type.Literal('nba')]),
    season: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2199 })),
    week: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32 })),
    config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    markets: Type.Optional(Markets),
  },
  { additionalProperties: false },
);
const Tier = Type.Union([Type.Literal('free'), Type.Literal('pro'), Type.Literal('internal')], {
  description: 'Sets the requests a minute and simulations a slip the key may ask for (docs/props.md)',
});
const SaveSlipBody = Type.Object(
  { ...SlipBody.properties, placed: Type.Optional(Type.Boolean()), snapshotId: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export function propsSavedRoutes(ctx: AppContext, props: PropsService): FastifyPluginAsyncTypebox {
  const db = () => requireDb(ctx.db, 'saved slips and snapshots');
  return async (app) => {
    app.post(
      '/v1/users',
      {
        config: { write: true },
        schema: {
          tags: ['props'],
          summary: 'A new user; the answer holds its API key, shown once (only its hash is stored)',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 128 }),
              tier: Type.Optional(Tier),
            },
            { additionalProperties: false },
          ),
          security: [{ bearer: [] }],
          response: { ...errorReplies(400, 401, 503) },
        },
      },
      async (req, reply) => reply.code(201).send(await createUser(db(), req.body.name, req.body.tier)),
    );
    app.post(
      '/v1/users/:id',
      {
        config: { write: true },
        schema: {
          tags: ['props'],
          summary: "Change a user's tier or status (a suspended user's key is refused: 403 USER_SUSPENDED)",
          params: IdParams,
          body: Type.Object(
            { tier: Type.Optional(Tier), status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])) },
            { additionalProperties: false, minProperties: 1 },
          ),
          security: [{ bearer: [] }],
          response: { ...errorReplies(400, 401, 404, 503) },
        },
      },
      async (req) => {
        const u = await updateUser(db(), req.params.id, req.body);
        if (!u) throw new RequestError('NOT_FOUND', `user ${req.params.id} does not exist`);
        return u;
      },
    );
    app.delete(
      '/v1/users/:id',
      {
        config: { write: true },
        schema: {
          tags: ['props'],
          summary: 'Removes a user with their saved slips and experiments',
          params: IdParams,
          security: [{ bearer: [] }],
          response: { ...errorReplies(401, 404, 503) },
        },
      },
      async (req) => {
        if (!(await deleteUser(db(), req.params.id))) throw new RequestError('NOT_FOUND', `user ${req.params.id} does not exist`);
        return { deleted: req.params.id };
      },
    );

    app.post(
      '/v1/slips',
      {
        ...tiered(ctx),
        schema: {
          tags: ['props'],
          summary: "Price a slip and save it as the user's (Authorization: Bearer <the user's key>)",
          body: SaveSlipBody,
          response: { ...errorReplies(400, 401, 403, 404, 413, 429, 503) },
        },
      },
      async (req, reply) => {
        const user = userOf(req);
        checkTierSims(callerOf(req).tier, req.body.sims);
        return reply.code(201).send(await saveSlip(db(), props, user, { ...req.body, payout: req.body.payout as SlipPayout }));
      },
    );
    app.get(
      '/v1/slips',
      {
        ...tiered(ctx),
        schema: { tags: ['props'], summary: "The user's saved slips, newest first", querystring: Page, response: { ...errorReplies(400, 401, 403, 429, 503) } },
      },
      async (req) => ({ slips: await listSlips(db(), userOf(req).id, req.query) }),
    );
    app.get(
      '/v1/slips/:id',
      {
        ...tiered(ctx),
        schema: {
          tags: ['props'],
          summary: "One of the user's saved slips (another user's is 404)",
          params: IdParams,
          response: { ...errorReplies(400, 401, 403, 404, 429, 503) },
        },
      },
      async (req) => getSlip(db(), userOf(req).id, req.params.id),
    );

    app.post(
      '/v1/snapshots',
      {
        config: { write: true },
        schema: {
          tags: ['props'],
          summary: 'A new snapshot of prop prices (each market priced by the model and kept with its prices)',
          body: SnapshotBody,
          security: [{ bearer: [] }],
          response: { ...errorReplies(400, 401, 413, 503) },
        },
      },
      async (req, reply) => reply.code(201).send(await newSnapshot(db(), props, req.body)),
    );
    app.post(
      '/v1/snapshots/:id/markets',
      {
        config: { write: true },
        schema: {
          tags: ['props'],
          summary: 'Add markets to an unlocked snapshot (409 SNAPSHOT_LOCKED once locked)',
          params: IdParams,
          body: Type.Object({ markets: Markets }, { additionalProperties: false }),
          security: [{ bearer: [] }],
          response: { ...errorReplies(400, 401, 404, 409, 503) },
        },
      },
      async (req) => addSnapshotMarkets(db(), props, req.params.id, req.body.markets),
    );
    app.post(
      '/v1/snapshots/:id/lock',
      {
        config: { write: true },
        schema: {
          tags: ['props'],
          summary: 'Lock a snapshot: from now on nothing in it can change (enforced by the database)',
          params: IdParams,
          security: [{ bearer: [] }],
          response: { ...errorReplies(401, 404, 409, 503) },
        },
      },
      async (req) => lockSnapshot(db(), req.params.id),
    );
    app.post(
      '/v1/experiments',
      {
        config: { write: true },
        schema: {
          tags: ['props'],
          summary: 'Start an experiment as a job: the NBA threes model, market consensus and blend walk-forward over the stored prices (Brier, log loss, ROI)',
          description:
            'Stores the experiment (status queued) and submits a props-backtest job that computes it; answers 202 with the experiment, its `jobId` and the job. Follow either: GET /v1/experiments/{id} (status, then metrics) or GET /v1/jobs/{jobId}.',
          body: Type.Object(
            {
              league: Type.Literal('nba'),
              stat: Type.Literal('threes'),
              from: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
              to: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
              holdoutFrom: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
              riskMode: Type.Optional(Type.Union([Type.Literal('conservative'), Type.Literal('balanced'), Type.Literal('aggressive')])),
              snapshotId: Type.Optional(Type.Integer({ minimum: 1 })),
            },
            { additionalProperties: false },
          ),
          security: [{ bearer: [] }],
          response: { ...errorReplies(400, 401, 404, 503) },
        },
      },
      async (req, reply) => reply.code(202).send(await submitExperiment(requireJobs(ctx.jobs), req.body)),
    );
    app.get(
      '/v1/experiments/:id',
      {
        schema: {
          tags: ['props'],
          summary: 'An experiment: parameters, status (queued, running, complete, failed), its job and, once complete, its metrics',
          params: IdParams,
          response: { ...errorReplies(400, 404, 503) },
        },
      },
      async (req) => readExperiment(db(), req.params.id),
    );
    app.get(
      '/v1/snapshots/:id',
      { schema: { tags: ['props'], summary: 'A snapshot with its markets', params: IdParams, response: { ...errorReplies(400, 404, 503) } } },
      async (req) => getSnapshot(db(), req.params.id),
    );
  };
}
