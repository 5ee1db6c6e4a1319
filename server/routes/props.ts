// POST /v1/props/price (one prop) and POST /v1/slips/price (a slip of correlated legs), through the cache.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../app.js';
import type { PropsService } from '../../app/props/service.js';
import type { SlipPayout } from '../../engine/props/index.js';
import { propsSavedRoutes } from './props-saved.js';
import { errorReplies } from '../schemas/common.js';
import { PropBody, PropReply, SlipBody, SlipReply } from '../schemas/props.js';
import { checkTierSims } from '../../app/props/tiers.js';
import { callerOf, tiered } from './props-tiers.js';

export function propsRoutes(ctx: AppContext, props: PropsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(propsSavedRoutes(ctx, props));
    app.post(
      '/v1/props/price',
      {
        ...tiered(ctx),
        schema: {
          tags: ['props'],
          summary: 'Price one player prop (or NFL game leg)',
          description:
            "The model's expected stat, P(over), P(push), P(under) and the side's fair price, as of the game (only earlier games count); with the book's two prices, the market's P(over) without the margin and each side's EV. Cached: a repeat is read, `cached: true`.",
          body: PropBody,
          response: { 200: PropReply, ...errorReplies(400, 401, 403, 413, 429, 503) },
        },
      },
      async (req) => props.priceProp(req.body),
    );

    app.post(
      '/v1/slips/price',
      {
        ...tiered(ctx),
        schema: {
          tags: ['props'],
          summary: 'Price a slip: legs joined by their correlation, EV, variance, VaR, CVaR, Kelly',
          description:
            "Each leg priced, the latent correlation of every pair (same-game NFL legs by role and stat, same-game NBA legs as teammates or opponents; different games independent), P(every leg hits) exact for up to three correlated legs or by a seeded simulation, the profit law and its risk. At most 10 legs, and the caller's tier sets the simulations (anonymous 20,000, free 100,000, pro and internal 1,000,000; over: 413). Cached.",
          body: SlipBody,
          response: { 200: SlipReply, ...errorReplies(400, 401, 403, 413, 429, 503) },
        },
      },
      async (req) => {
        checkTierSims(callerOf(req).tier, req.body.sims);
        return props.priceSlip({ ...req.body, payout: req.body.payout as SlipPayout });
      },
    );
  };
}
