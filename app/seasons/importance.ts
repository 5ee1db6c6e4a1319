// `simcast run JOB --importance` on a season job: the remaining games ranked by how much their result
// moves playoff chances (the berth, as the season report's per-game tallies count it: nothing is
// simulated again). For the league: each game with the team whose chances it moves most; for one team
// (--team): every remaining game, that team's P(playoffs | home wins), P(playoffs | away wins), swing
// and importance 2p(1-p)·swing (docs/seasons.md, "Which games matter").
import { OptionError, SimcastError } from '../../core/errors.js';
import type { SeasonReport } from '../../engine/season/report.js';
import type { SeasonGameImportanceRow } from '../../store/season-results.js';
import type { JobSpec } from '../jobs/registry.js';
import { resolveSeasonSource } from './source.js';

/** One game of the ranking: the same shape as the season results' stored per-game importance. */
export type SeasonImportanceRow = SeasonGameImportanceRow;

export interface SeasonImportanceReport {
  /** The team asked for, or null: each game with the team it matters most to. */
  team: string | null;
  outcome: 'playoffs';
  sims: number;
  /** Most important first (ties in schedule order). */
  games: SeasonImportanceRow[];
}

/**
 * Refuses, before anything runs, what --importance cannot answer: a job of another kind, a season
 * without playoffs (its report has no per-game tallies), a team the season does not have.
 */
export async function checkSeasonImportance(spec: JobSpec, source: string, team?: string): Promise<void> {
  if (spec.kind !== 'season')
    throw new OptionError(
      `options.importance ranks a season's remaining games by their playoff swing: ${source} is a ${spec.kind} job (tournaments: simcast tournament --importance; pools: simcast pool optimize)`,
    );
  const season = (spec as { season: Record<string, unknown> }).season;
  if (season.playoffs === undefined && season.fromGames === undefined)
    throw new OptionError(`options.importance needs a season with playoffs: ${source} has no season.playoffs (nor fromGames, which sets them)`);
  if (team === undefined) return;
  const teams = ((await resolveSeasonSource(season, `${source}.season`)).teams ?? []) as { id: string }[];
  if (!teams.some((t) => t.id === team))
    throw new SimcastError('TEAM_UNKNOWN', `options.team names '${team}', which is not a team of ${source} (${teams.map((t) => t.id).join(', ')})`);
}

/** The ranking, from a season report with playoffs (a stored season job's results). */
export function seasonImportance(report: SeasonReport, team?: string): SeasonImportanceReport {
  if (team !== undefined && !report.teams.some((t) => t.id === team))
    throw new SimcastError('TEAM_UNKNOWN', `options.team names '${team}', which is not a team of this season`);
  const games = report.games ?? [];
  const rows: SeasonImportanceRow[] = [];
  games.forEach((g, k) => {
    const base = { game: k, home: g.home, away: g.away, pHome: g.pHome };
    if (team === undefined) {
      // g.teams holds the teams the game moves, most first; a game that moves no one has no row.
      const top = g.teams.reduce<(typeof g.teams)[number] | null>((b, t) => (b === null || t.importance > b.importance ? t : b), null);
      if (top !== null) rows.push({ ...base, team: top.id, ifHome: top.ifHome, ifAway: top.ifAway, swing: top.swing, importance: top.importance });
      return;
    }
    const t = g.teams.find((x) => x.id === team);
    if (t !== undefined) {
      rows.push({ ...base, team, ifHome: t.ifHome, ifAway: t.ifAway, swing: t.swing, importance: t.importance });
      return;
    }
    // Not listed: the game does not move the team's chances (swing 0), so given either result that
    // happened they are its chances overall (P(X) = p·P(X | A) + (1 - p)·P(X | B) with both equal).
    const p = report.teams.find((x) => x.id === team)?.playoffs ?? 0;
    rows.push({ ...base, team, ifHome: g.pHome > 0 ? p : null, ifAway: g.pHome < 1 ? p : null, swing: 0, importance: 0 });
  });
  rows.sort((x, y) => y.importance - x.importance || x.game - y.game);
  return { team: team ?? null, outcome: 'playoffs', sims: report.sims, games: rows };
}
