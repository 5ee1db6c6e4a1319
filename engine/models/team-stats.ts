// One team as a league state sees it (rating, Pythagorean, recent form), as a TypeBox schema: the
// TypeScript type is derived from it, and the HTTP API's team answers are this schema plus `cached`.
import { Type, type Static } from '@sinclair/typebox';
import { SimcastError } from '../../core/errors.js';
import type { LeagueState } from './league-state.js';

export const TeamStats = Type.Object({
  league: Type.String(),
  team: Type.String(),
  rating: Type.Number({ description: 'Elo rating' }),
  games: Type.Integer({ description: 'Games played in the history loaded' }),
  pythagorean: Type.Object({
    pointsFor: Type.Number({ description: 'Points for in the latest season played' }),
    pointsAgainst: Type.Number(),
    exponent: Type.Number(),
    expectation: Type.Number({ description: 'From the smoothed sums the models use' }),
  }),
  form: Type.Object({
    last: Type.Integer({ description: 'Games of form kept' }),
    wins: Type.Integer(),
    losses: Type.Integer(),
    ties: Type.Integer(),
    pointDiff: Type.Number(),
    results: Type.String({ description: 'Most recent last, e.g. "WWLTW"' }),
  }),
  ratingsVersion: Type.String(),
});
export type TeamStats = Static<typeof TeamStats>;

export function teamStats(state: LeagueState, team: string): TeamStats {
  const t = state.teams.get(team);
  if (!t) throw new SimcastError('NOT_FOUND', `unknown team '${team}' in league ${state.league}`);
  return {
    league: state.league,
    team,
    rating: t.rating,
    games: t.games,
    pythagorean: { pointsFor: t.pointsFor, pointsAgainst: t.pointsAgainst, exponent: state.config.pythExponent, expectation: t.pythagorean },
    form: { last: t.form.results.length, wins: t.form.wins, losses: t.form.losses, ties: t.form.ties, pointDiff: t.form.pointDiff, results: t.form.results },
    ratingsVersion: state.ratingsVersion,
  };
}
