// Team statistics through the cache: a league's teams, or one team given by id or alias.
import { SimcastError } from '../../core/errors.js';
import type { TeamStats } from '../../engine/models/team-stats.js';
import { teamKey } from '../../store/cache/keys.js';
import type { PredictionContext } from './predict-cached.js';

function loaded(ctx: PredictionContext, league: string): void {
  const p = ctx.predictor;
  if (!p.hasLeague(league)) throw new SimcastError('NOT_FOUND', `unknown league '${league}' (known: ${p.leagues().join(', ') || 'none'})`);
}

export async function leagueTeamsCached(
  ctx: PredictionContext,
  league: string,
): Promise<{ league: string; ratingsVersion: string; cached: boolean; teams: TeamStats[] }> {
  loaded(ctx, league);
  const p = ctx.predictor;
  const version = p.ratingsVersion(league);
  const r = await ctx.cache.fetch('team', teamKey(ctx.cache.prefix, league, null, version), () => p.teams(league).map((t) => p.teamStats(league, t)));
  return { league, ratingsVersion: version, cached: r.cached, teams: r.value };
}

export async function teamCached(ctx: PredictionContext, league: string, given: string): Promise<TeamStats & { cached: boolean }> {
  loaded(ctx, league);
  const p = ctx.predictor;
  const team = p.resolveTeam(league, given);
  if (!p.hasTeam(league, team)) throw new SimcastError('NOT_FOUND', `unknown team '${given}' in league ${league}`);
  const r = await ctx.cache.fetch<TeamStats>('team', teamKey(ctx.cache.prefix, league, team, p.ratingsVersion(league)), () => p.teamStats(league, team));
  return { ...r.value, cached: r.cached };
}
