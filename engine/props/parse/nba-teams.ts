// NBA teams: the price feed's full names, the game logs' abbreviations, and each arena's time zone
// (for the local date of a game stamped in UTC). Data, not code: a caller may pass its own table.

export interface NbaTeam {
  abbr: string;
  name: string;
  timeZone: string;
}

export const NBA_TEAMS: readonly NbaTeam[] = [
  { abbr: 'ATL', name: 'Atlanta Hawks', timeZone: 'America/New_York' },
  { abbr: 'BOS', name: 'Boston Celtics', timeZone: 'America/New_York' },
  { abbr: 'BKN', name: 'Brooklyn Nets', timeZone: 'America/New_York' },
  { abbr: 'CHA', name: 'Charlotte Hornets', timeZone: 'America/New_York' },
  { abbr: 'CHI', name: 'Chicago Bulls', timeZone: 'America/Chicago' },
  { abbr: 'CLE', name: 'Cleveland Cavaliers', timeZone: 'America/New_York' },
  { abbr: 'DAL', name: 'Dallas Mavericks', timeZone: 'America/Chicago' },
  { abbr: 'DEN', name: 'Denver Nuggets', timeZone: 'America/Denver' },
  { abbr: 'DET', name: 'Detroit Pistons', timeZone: 'America/Detroit' },
  { abbr: 'GSW', name: 'Golden State Warriors', timeZone: 'America/Los_Angeles' },
  { abbr: 'HOU', name: 'Houston Rockets', timeZone: 'America/Chicago' },
  { abbr: 'IND', name: 'Indiana Pacers', timeZone: 'America/Indiana/Indianapolis' },
  { abbr: 'LAC', name: 'Los Angeles Clippers', timeZone: 'America/Los_Angeles' },
  { abbr: 'LAL', name: 'Los Angeles Lakers', timeZone: 'America/Los_Angeles' },
  { abbr: 'MEM', name: 'Memphis Grizzlies', timeZone: 'America/Chicago' },
  { abbr: 'MIA', name: 'Miami Heat', timeZone: 'America/New_York' },
  { abbr: 'MIL', name: 'Milwaukee Bucks', timeZone: 'America/Chicago' },
  { abbr: 'MIN', name: 'Minnesota Timberwolves', timeZone: 'America/Chicago' },
  { abbr: 'NOP', name: 'New Orleans Pelicans', timeZone: 'America/Chicago' },
  { abbr: 'NYK', name: 'New York Knicks', timeZone: 'America/New_York' },
  { abbr: 'OKC', name: 'Oklahoma City Thunder', timeZone: 'America/Chicago' },
  { abbr: 'ORL', name: 'Orlando Magic', timeZone: 'America/New_York' },
  { abbr: 'PHI', name: 'Philadelphia 76ers', timeZone: 'America/New_York' },
  { abbr: 'PHX', name: 'Phoenix Suns', timeZone: 'America/Phoenix' },
  { abbr: 'POR', name: 'Portland Trail Blazers', timeZone: 'America/Los_Angeles' },
  { abbr: 'SAC', name: 'Sacramento Kings', timeZone: 'America/Los_Angeles' },
  { abbr: 'SAS', name: 'San Antonio Spurs', timeZone: 'America/Chicago' },
  { abbr: 'TOR', name: 'Toronto Raptors', timeZone: 'America/Toronto' },
  { abbr: 'UTA', name: 'Utah Jazz', timeZone: 'America/Denver' },
  { abbr: 'WAS', name: 'Washington Wizards', timeZone: 'America/New_York' },
];

export interface NbaTeamIndex {
  byName: ReadonlyMap<string, NbaTeam>;
  byAbbr: ReadonlyMap<string, NbaTeam>;
}

export function nbaTeamIndex(teams: readonly NbaTeam[] = NBA_TEAMS): NbaTeamIndex {
  return { byName: new Map(teams.map((t) => [t.name.toLowerCase(), t])), byAbbr: new Map(teams.map((t) => [t.abbr, t])) };
}
