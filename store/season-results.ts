// Silver rows of a season run with the NFL procedure (sql/0008_seasons.up.sql), written by binary COPY in
// the run's completing transaction and read back for the HTTP API: per team its chances and expectations,
// per team and seed or pick its probability (only the non-zero ones: most of a 32 x 32 draft grid is
// empty), per remaining game and team the playoff odds given each result (teams the game moves).
import { BinaryCopyEncoder } from './copy-binary.js';
import type { Queryable, WriteTx } from './db.js';

export interface SeasonTeamResult {
  team: string;
  conference: string;
  division: string;
  rating: number;
  expectedWins: number;
  pDivision: number;
  pPlayoffs: number;
  pBye: number;
  pDivisional: number;
  pConference: number;
  pSuperBowl: number;
  pChampion: number;
  expectedPick: number;
  /** seeds[k] = P(seed k + 1); draft[k] = P(pick k + 1). */
  seeds: number[];
  draft: number[];
}

export interface SeasonGameImportanceRow {
  /** The game's place in the remaining schedule (0 first). */
  game: number;
  home: string;
  away: string;
  /** How often the home side won in the simulations. */
  pHome: number;
  /** The team whose playoff chances the row is about. */
  team: string;
  /** P(playoffs | home wins), P(playoffs | away wins): null when that result never happened. */
  ifHome: number | null;
  ifAway: number | null;
  swing: number;
  importance: number;
}

const TEAM_COLUMNS = [
  'run_id',
  'team',
  'conference',
  'division',
  'rating',
  'expected_wins',
  'p_division',
  'p_playoffs',
  'p_bye',
  'p_divisional',
  'p_conference',
  'p_super_bowl',
  'p_champion',
  'expected_pick',
];
const PLACE_COLUMNS = ['run_id', 'team', 'what', 'k', 'probability'];
const GAME_COLUMNS = ['run_id', 'game', 'home', 'away', 'p_home', 'team', 'if_home', 'if_away', 'swing', 'importance'];

/** COPYs the run's team results, seed and pick probabilities and game importance; returns the rows written. */
export async function saveSeasonResults(tx: WriteTx, runId: number, teams: SeasonTeamResult[], games: SeasonGameImportanceRow[]): Promise<number> {
  const t = new BinaryCopyEncoder().header();
  for (const r of teams) {
    t.row(TEAM_COLUMNS.length).int8(runId).text(r.team).text(r.conference).text(r.division);
    for (const v of [r.rating, r.expectedWins, r.pDivision, r.pPlayoffs, r.pBye, r.pDivisional, r.pConference, r.pSuperBowl, r.pChampion, r.expectedPick])
      t.float8(v);
  }
  const p = new BinaryCopyEncoder().header();
  for (const r of teams) {
    for (const [what, probs] of [
      ['seed', r.seeds],
      ['pick', r.draft],
    ] as const) {
      probs.forEach((x, k) => {
        if (x > 0)
          p.row(PLACE_COLUMNS.length)
            .int8(runId)
            .text(r.team)
            .text(what)
            .int2(k + 1)
            .float8(x);
      });
    }
  }
  const g = new BinaryCopyEncoder().header();
  for (const r of games) {
    g.row(GAME_COLUMNS.length).int8(runId).int4(r.game).text(r.home).text(r.away).float8(r.pHome).text(r.team);
    for (const v of [r.ifHome, r.ifAway]) {
      if (v === null) g.null();
      else g.float8(v);
    }
    g.float8(r.swing).float8(r.importance);
  }
  let rows = 0;
  for (const [table, columns, enc] of [
    ['season_team_results', TEAM_COLUMNS, t],
    ['season_team_places', PLACE_COLUMNS, p],
    ['season_game_importance', GAME_COLUMNS, g],
  ] as const) {
    const n = enc.rows;
    if (n === 0) continue;
    await tx.copyBinary(table, [...columns], [enc.trailer().take()], n);
    rows += n;
  }
  return rows;
}

/** A stored run's season results, teams by conference and playoff odds; empty when it has none. */
export async function readSeasonResults(q: Queryable, runId: number): Promise<{ teams: SeasonTeamResult[]; games: SeasonGameImportanceRow[] }> {
  const teams = await q.query<Omit<SeasonTeamResult, 'seeds' | 'draft'>>(
    `select team, conference, division, rating, expected_wins as "expectedWins", p_division as "pDivision", p_playoffs as "pPlayoffs",
       p_bye as "pBye", p_divisional as "pDivisional", p_conference as "pConference", p_super_bowl as "pSuperBowl",
       p_champion as "pChampion", expected_pick as "expectedPick"
     from season_team_results where run_id = $1 order by conference, p_playoffs desc, expected_wins desc, team`,
    [runId],
  );
  const places = await q.query<{ team: string; what: 'seed' | 'pick'; k: number; probability: number }>(
    'select team, what, k, probability from season_team_places where run_id = $1',
    [runId],
  );
  const seedCount = Math.max(0, ...places.rows.filter((r) => r.what === 'seed').map((r) => r.k));
  const byTeam = new Map(
    teams.rows.map((r) => [r.team, { ...r, seeds: new Array<number>(seedCount).fill(0), draft: new Array<number>(teams.rows.length).fill(0) }]),
  );
  for (const r of places.rows) {
    const x = byTeam.get(r.team);
    if (x) (r.what === 'seed' ? x.seeds : x.draft)[r.k - 1] = r.probability;
  }
  const games = await q.query<SeasonGameImportanceRow>(
    `select game, home, away, p_home as "pHome", team, if_home as "ifHome", if_away as "ifAway", swing, importance
     from season_game_importance where run_id = $1 order by game, swing desc, team`,
    [runId],
  );
  return { teams: [...byTeam.values()], games: games.rows };
}
