export * from './types.js';
export { parseSpreadspoke } from './spreadspoke.js';
export { parseGenericGames, toGenericCsv, GENERIC_COLUMNS } from './generic.js';
export { nflTeams, parseTeamMap, type TeamMap } from './nfl-teams.js';
export { loadGames, type GamesFormat } from './load.js';
