// GET /v1/teams/:league and /v1/teams/:league/:team: rating, Pythagorean expectation, recent form.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { leagueTeamsCached, teamCached } from '../../app/predictions/teams.js';
import type { AppContext } from '../app.js';
import { errorReplies } from '../schemas/common.js';
import { TeamParams, TeamReply, TeamsParams, TeamsReply } from '../schemas/predictions.js';

export function teamRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/teams/:league',
      {
        schema: {
          tags: ['teams'],
          summary: 'Every team of a league: rating, Pythagorean, recent form',
          params: TeamsParams,
          response: { 200: TeamsReply, ...errorReplies(400, 404, 429) },
        },
      },
      async (req) => leagueTeamsCached(ctx, req.params.league),
    );

    app.get(
      '/v1/teams/:league/:team',
      {
        schema: {
          tags: ['teams'],
          summary: 'One team: rating, Pythagorean, recent form',
          params: TeamParams,
          response: { 200: TeamReply, ...errorReplies(400, 404, 429) },
        },
      },
      async (req) => teamCached(ctx, req.params.league, req.params.team),
    );
  };
}
