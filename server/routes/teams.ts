// GET /v1/teams/:league and /v1/teams/:league/:team: rating, Pythagorean expectation, recent form.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RequestError } from '../../core/errors.js';
import type { AppContext } from '../app.js';
import { teamKey } from '../cache/index.js';
import type { TeamStats as TeamStatsT } from '../predictor.js';
import { errorReplies, TeamParams, TeamReply, TeamsParams, TeamsReply } from '../schemas.js';

export function teamRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const p = ctx.predictor;
  const league = (l: string) => {
    if (!p.hasLeague(l)) throw new RequestError('NOT_FOUND', `unknown league '${l}' (known: ${p.leagues().join(', ') || 'none'})`);
  };
  return async (app) => {
    app.get(
      '/v1/teams/:league',
      { schema: { tags: ['teams'], summary: "Every team of a league: rating, Pythagorean, recent form", params: TeamsParams, response: { 200: TeamsReply, ...errorReplies(400, 404, 429) } } },
      async (req) => {
        const l = req.params.league;
        league(l);
        const version = p.ratingsVersion(l);
        const r = await ctx.cache.fetch('team', teamKey(ctx.cache.prefix, l, null, version), () => p.teams(l).map((t) => p.teamStats(l, t)));
        return { league: l, ratingsVersion: version, cached: r.cached, teams: r.value };
      },
    );

    app.get(
      '/v1/teams/:league/:team',
      { schema: { tags: ['teams'], summary: 'One team: rating, Pythagorean, recent form', params: TeamParams, response: { 200: TeamReply, ...errorReplies(400, 404, 429) } } },
      async (req) => {
        const { league: l, team: given } = req.params;
        league(l);
        const team = p.resolveTeam?.(l, given) ?? given;
        if (!p.hasTeam(l, team)) throw new RequestError('NOT_FOUND', `unknown team '${given}' in league ${l}`);
        const r = await ctx.cache.fetch<TeamStatsT>('team', teamKey(ctx.cache.prefix, l, team, p.ratingsVersion(l)), () => p.teamStats(l, team));
        return { ...r.value, cached: r.cached };
      },
    );
  };
}
