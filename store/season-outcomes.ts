// Silver rows of a season run: per team, expected wins, chances to top each group, the win distribution.
import type { Queryable } from './db.js';

interface SeasonOutcomeRow {
  team: string;
  expectedWins: number;
  pDivisionFirst: number;
  pConferenceFirst: number;
  pLeagueFirst: number;
  winsDistribution: number[];
}

/** One batched insert for every team of the run. */
export async function saveSeasonOutcomes(q: Queryable, runId: number, rows: SeasonOutcomeRow[]): Promise<void> {
  await q.query(
    `insert into season_team_outcomes (run_id, team, expected_wins, p_division_first, p_conference_first, p_league_first, wins_distribution)
     select $1, t, e, d, c, l, w::jsonb from unnest($2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::text[]) as u(t, e, d, c, l, w)`,
    [
      runId,
      rows.map((r) => r.team),
      rows.map((r) => r.expectedWins),
      rows.map((r) => r.pDivisionFirst),
      rows.map((r) => r.pConferenceFirst),
      rows.map((r) => r.pLeagueFirst),
      rows.map((r) => JSON.stringify(r.winsDistribution)),
    ],
  );
}
