// NFL team names → stable franchise ids. The table is nfl-teams.csv of the shared data (bundled here so
// the spreadspoke importer needs no second file; `--teams FILE` can replace it).
//
// The franchise id is `team_id_pfr`, which the data README calls stable across a franchise's names and
// moves (all Raiders are RAI). One quirk is joined explicitly rather than guessed: names that share a
// `team_id` or a `team_id_pfr` belong to one franchise (union-find), and the franchise takes the
// `team_id_pfr` most of its names carry (St. Louis Cardinals have pfr `ARI` but team_id `ARI` like the
// Arizona Cardinals, pfr `CRD`, so all Cardinals are `CRD`). The spreadspoke favourite column holds
// `team_id` values (and `LVR` for Raiders of every era), so `team_id` values map to franchises too.
import { parse } from 'csv-parse/sync';
import { InputError } from '../../core/errors.js';

const NFL_TEAMS_CSV = `
team_name,team_name_short,team_id,team_id_pfr,team_conference,team_division,team_conference_pre2002,team_division_pre2002
Arizona Cardinals,Cardinals,ARI,CRD,NFC,NFC West,NFC,NFC West
Phoenix Cardinals,Cardinals,ARI,CRD,NFC,,NFC,NFC East
St. Louis Cardinals,Cardinals,ARI,ARI,NFC,,NFC,NFC East
Atlanta Falcons,Falcons,ATL,ATL,NFC,NFC South,NFC,NFC West
Baltimore Ravens,Ravens,BAL,RAV,AFC,AFC North,AFC,AFC Central
Buffalo Bills,Bills,BUF,BUF,AFC,AFC East,AFC,AFC East
Carolina Panthers,Panthers,CAR,CAR,NFC,NFC South,NFC,NFC West
Chicago Bears,Bears,CHI,CHI,NFC,NFC North,NFC,NFC Central
Cincinnati Bengals,Bengals,CIN,CIN,AFC,AFC North,AFC,AFC Central
Cleveland Browns,Browns,CLE,CLE,AFC,AFC North,AFC,AFC Central
Dallas Cowboys,Cowboys,DAL,DAL,NFC,NFC East,NFC,NFC East
Denver Broncos,Broncos,DEN,DEN,AFC,AFC West,AFC,AFC West
Detroit Lions,Lions,DET,DET,NFC,NFC North,NFC,NFC Central
Green Bay Packers,Packers,GB,GNB,NFC,NFC North,NFC,NFC Central
Houston Texans,Texans,HOU,HTX,AFC,AFC South,AFC,
Baltimore Colts,Colts,IND,CLT,AFC,,AFC,AFC East
Indianapolis Colts,Colts,IND,CLT,AFC,AFC South,AFC,AFC East
Jacksonville Jaguars,Jaguars,JAX,JAX,AFC,AFC South,AFC,AFC Central
Kansas City Chiefs,Chiefs,KC,KAN,AFC,AFC West,AFC,AFC West
Los Angeles Chargers,Chargers,LAC,SDG,AFC,AFC West,AFC,AFC West
San Diego Chargers,Chargers,LAC,SDG,AFC,AFC West,AFC,AFC West
Los Angeles Rams,Rams,LAR,RAM,NFC,NFC West,NFC,NFC West
St. Louis Rams,Rams,LAR,RAM,NFC,,NFC,NFC West
Miami Dolphins,Dolphins,MIA,MIA,AFC,AFC East,AFC,AFC East
Minnesota Vikings,Vikings,MIN,MIN,NFC,NFC North,NFC,NFC Central
New England Patriots,Patriots,NE,NWE,AFC,AFC East,AFC,AFC East
Boston Patriots,Patriots,NE,NWE,AFC,,AFC,
New Orleans Saints,Saints,NO,NOR,NFC,NFC South,NFC,NFC West
New York Giants,Giants,NYG,NYG,NFC,NFC East,NFC,NFC East
New York Jets,Jets,NYJ,NYJ,NFC,AFC East,NFC,AFC East
Los Angeles Raiders,Raiders,OAK,RAI,AFC,,AFC,AFC West
Oakland Raiders,Raiders,OAK,RAI,AFC,AFC West,AFC,AFC West
Philadelphia Eagles,Eagles,PHI,PHI,NFC,NFC East,NFC,NFC East
Pittsburgh Steelers,Steelers,PIT,PIT,AFC,AFC North,AFC,AFC Central
Seattle Seahawks,Seahawks,SEA,SEA,NFC,NFC West,AFC,AFC West
San Francisco 49ers,49ers,SF,SFO,NFC,NFC West,NFC,NFC West
Tampa Bay Buccaneers,Buccaneers,TB,TAM,NFC,NFC South,NFC,NFC Central
Houston Oilers,Oilers,TEN,OTI,AFC,,AFC,AFC Central
Tennessee Oilers,Oilers,TEN,OTI,AFC,,AFC,AFC Central
Tennessee Titans,Titans,TEN,OTI,AFC,AFC South,AFC,AFC Central
Washington Redskins,Redskins,WAS,WAS,NFC,NFC East,NFC,NFC East
Las Vegas Raiders,Raiders,LVR,RAI,AFC,AFC West,AFC,AFC West
Washington Football Team,Commanders,WAS,WAS,NFC,NFC East,NFC,NFC East
Washington Commanders,Commanders,WAS,WAS,NFC,NFC East,NFC,NFC East
`;

export interface TeamMap {
  /** Full team name (as in the games file) → franchise id. */
  byName: Map<string, string>;
  /** `team_id` (e.g. LAC, OAK, LVR) → franchise id. */
  byTeamId: Map<string, string>;
  /** Every franchise id. */
  franchises: string[];
  /** Franchise id → current display name (the last name listed for it). */
  names: Map<string, string>;
  /** Franchise id → its division and conference (the last listed for it that has one), when the table gives them. */
  division: Map<string, string>;
  conference: Map<string, string>;
  /** The same for seasons before the 2002 realignment (team_division_pre2002), when the table gives them. */
  divisionPre2002: Map<string, string>;
  conferencePre2002: Map<string, string>;
}

export function parseTeamMap(text: string, source = 'nfl-teams.csv'): TeamMap {
  let rows: Record<string, string>[];
  try {
    rows = parse(text.trim(), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (e) {
    throw new InputError('CSV_INVALID', `${source}: ${(e as Error).message}`, { cause: e });
  }
  for (const c of ['team_name', 'team_id', 'team_id_pfr']) {
    if (rows.length === 0 || !(c in rows[0])) throw new InputError('CSV_INVALID', `missing column '${c}'`, { location: { file: source, line: 1 } });
  }
  // union-find over names, keyed by shared team_id / team_id_pfr
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const firstBy = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!r.team_name || !r.team_id || !r.team_id_pfr)
      throw new InputError('CSV_INVALID', 'team_name, team_id and team_id_pfr are required', { location: { file: source, line: i + 2 } });
    for (const key of [`id:${r.team_id}`, `pfr:${r.team_id_pfr}`]) {
      const j = firstBy.get(key);
      if (j === undefined) firstBy.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, number[]>();
  rows.forEach((_, i) => {
    const g = find(i);
    groups.set(g, [...(groups.get(g) ?? []), i]);
  });
  const byName = new Map<string, string>();
  const byTeamId = new Map<string, string>();
  const names = new Map<string, string>();
  const division = new Map<string, string>();
  const conference = new Map<string, string>();
  const divisionPre2002 = new Map<string, string>();
  const conferencePre2002 = new Map<string, string>();
  for (const members of groups.values()) {
    const counts = new Map<string, number>();
    for (const i of members) counts.set(rows[i].team_id_pfr, (counts.get(rows[i].team_id_pfr) ?? 0) + 1);
    // most names; ties broken by the first listed
    let id = rows[members[0]].team_id_pfr;
    for (const [k, n] of counts) if (n > counts.get(id)!) id = k;
    for (const i of members) {
      byName.set(rows[i].team_name, id);
      byTeamId.set(rows[i].team_id, id);
      names.set(id, rows[i].team_name);
      if (rows[i].team_division) division.set(id, rows[i].team_division);
      // A division named after its conference decides the conference: nfl-teams.csv lists the Jets
      // (AFC East) in the NFC.
      const named = /^(AFC|NFC) /.exec(rows[i].team_division ?? '')?.[1];
      if (named || rows[i].team_conference) conference.set(id, named ?? rows[i].team_conference);
      const old = rows[i].team_division_pre2002;
      if (old) {
        divisionPre2002.set(id, old);
        conferencePre2002.set(id, /^(AFC|NFC) /.exec(old)?.[1] ?? rows[i].team_conference_pre2002);
      }
    }
  }
  return { byName, byTeamId, franchises: [...names.keys()].sort(), names, division, conference, divisionPre2002, conferencePre2002 };
}

let nfl: TeamMap | null = null;
/** The bundled NFL table. */
export function nflTeams(): TeamMap {
  return (nfl ??= parseTeamMap(NFL_TEAMS_CSV));
}
