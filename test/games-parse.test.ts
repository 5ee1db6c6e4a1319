import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpreadspoke } from '../engine/games/spreadspoke.js';
import { parseGenericGames, toGenericCsv } from '../engine/games/generic.js';
import { nflTeams } from '../engine/games/nfl-teams.js';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');

describe('spreadspoke NFL games', () => {
  const text = fixture('nfl-games-spreadspoke.csv');
  const parsed = parseSpreadspoke(text, 'nfl-games-spreadspoke.csv');

  it('imports or reports every row of the whole file', () => {
    const dataRows = text.trim().split('\n').length - 1;
    expect(parsed.rows).toBe(dataRows);
    const rowRejects = parsed.rejected.filter((r) => r.scope === 'row');
    expect(parsed.games.length + rowRejects.length).toBe(dataRows);
    // every played game (both scores present) is imported: the rejected rows are the unplayed, truncated ones
    const played = text
      .trim()
      .split('\n')
      .slice(1)
      .filter((l) => /^[^,]*,[^,]*,[^,]*,[^,]*,("[^"]*"|[^,]*),\d+,\d+,/.test(l)).length;
    expect(parsed.games.filter((g) => g.homeScore !== null).length).toBe(played);
    expect(rowRejects.map((r) => r.line)).toEqual([14154, 14155, 14158, 14161, 14164]);
    expect(rowRejects[0].reason).toBe("team_away 'New York' is not a team name in nfl-teams.csv");
    expect(rowRejects[1].reason).toBe("team_home 'New York Jets (1p, ' is not a team name in nfl-teams.csv");
  });

  it('reports the favourite-id typos and drops only their lines', () => {
    const odds = parsed.rejected.filter((r) => r.scope === 'odds');
    expect(odds.map((r) => r.reason)).toEqual([
      "team_favorite_id 'LV' is neither Las Vegas Raiders nor Pittsburgh Steelers (line dropped)",
      "team_favorite_id 'NJY' is neither New York Jets nor New England Patriots (line dropped)",
    ]);
    const g = parsed.games.find((x) => x.line === 13558)!;
    expect(g).toMatchObject({ home: 'RAI', away: 'PIT', homeScore: 18, awayScore: 23, spread: null });
  });

  it('maps names to stable franchise ids and the favourite to the home line', () => {
    const t = nflTeams();
    expect(t.byName.get('Oakland Raiders')).toBe('RAI');
    expect(t.byName.get('Las Vegas Raiders')).toBe('RAI');
    expect(t.byName.get('St. Louis Cardinals')).toBe('CRD');
    expect(t.byName.get('San Diego Chargers')).toBe(t.byName.get('Los Angeles Chargers'));
    expect(t.franchises.length).toBe(32);
    const first = parsed.games[0];
    expect(first).toMatchObject({ date: '1966-09-02', season: 1966, home: 'MIA', away: 'RAI', homeScore: 14, awayScore: 23, neutral: false, spread: null });
    // 9/28/2025 Houston Texans v Tennessee Titans, HOU −7: home line −7
    expect(parsed.games.find((x) => x.date === '2025-09-28' && x.home === 'HTX')!.spread).toBe(-7);
    // 9/28/2025 Kansas City v Baltimore, BAL −2.5: the away side favoured, home line +2.5
    expect(parsed.games.find((x) => x.date === '2025-09-28' && x.home === 'KAN')!.spread).toBe(2.5);
    // PICK is a line of 0; LVR as favourite for the Oakland-era Raiders maps to the franchise
    expect(parsed.games.find((x) => x.date === '2025-09-28' && x.home === 'RAI')!.spread).toBe(0);
    expect(parsed.games.find((x) => x.date === '1979-09-23' && x.away === 'RAI')!.spread).not.toBeNull();
    expect(parsed.games.filter((x) => x.homeScore === null).length).toBe(9);
  });
});

describe('generic games CSV', () => {
  it('parses good rows and reports bad ones with line and reason', () => {
    const text = [
      'date,season,home,away,home_score,away_score,neutral,spread,total',
      '2024-09-08,2024,KAN,BAL,27,20,false,-3,46.5',
      '2024-09-08,2024,KAN,BAL,27,20,false,-3,46.5',
      '2024-13-01,2024,KAN,BAL,27,20,false,,',
      '2024-09-09,2024,KAN,KAN,1,2,false,,',
      '2024-09-10,2024,NYJ,SFO,19,,false,,',
      '2024-09-11,2024,NYJ,SFO,x,3,false,,',
      '2024-09-12,2024,NYJ,SFO,,,maybe,,',
      '2024-09-13,2024,NYJ,SFO,,,1,+3.5,abc',
      '2024-09-14,2024,NYJ,SFO,,,1,+3.5,41',
    ].join('\n');
    const p = parseGenericGames(text, 'g.csv');
    expect(p.games.length).toBe(2);
    expect(p.games[1]).toMatchObject({ homeScore: null, neutral: true, spread: 3.5, total: 41 });
    expect(p.rejected).toEqual([
      { line: 3, scope: 'row', reason: 'duplicate game KAN v BAL on 2024-09-08' },
      { line: 4, scope: 'row', reason: "date '2024-13-01' is not YYYY-MM-DD" },
      { line: 5, scope: 'row', reason: 'home and away are the same team (KAN)' },
      { line: 6, scope: 'row', reason: 'one score is missing (a game is played with both scores or scheduled with neither)' },
      { line: 7, scope: 'row', reason: "score 'x' is not a non-negative integer" },
      { line: 8, scope: 'row', reason: "neutral 'maybe' is not true/false/1/0" },
      { line: 9, scope: 'row', reason: "total 'abc' is not a positive number" },
    ]);
    expect(parseGenericGames(toGenericCsv(p.games)).games).toEqual(p.games.map((g, i) => ({ ...g, line: i + 2 })));
  });
  it('a missing column is CSV_INVALID naming the header line', () => {
    expect(() => parseGenericGames('date,season,home,away,home_score\n', 'g.csv')).toThrow("g.csv:1: missing column 'away_score'");
  });
});
