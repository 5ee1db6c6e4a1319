import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNbaGameLog } from '../engine/props/parse/nba-gamelog.js';
import { parseOddsApiProps } from '../engine/props/parse/odds-api-props.js';
import { parseNflverseWeekly } from '../engine/props/parse/nflverse-weekly.js';
import { parseNflverseSchedules } from '../engine/props/parse/nflverse-schedules.js';
import { parseNflSlips } from '../engine/props/parse/nfl-slips.js';
import { aliasTable, baseNameKey, NameIndex, nameKey, withAliases } from '../engine/props/parse/names.js';
import { localDater } from '../engine/props/parse/local-date.js';
import { matchPricesToLogs } from '../engine/props/nba/match-prices.js';
import { nflTeamCodes, resolveNflTeam } from '../engine/props/parse/nfl-team-codes.js';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/props/${f}`, import.meta.url), 'utf8');

describe('names and aliases', () => {
  it('normalises punctuation, accents and suffixes', () => {
    expect(nameKey('C.J. McCollum')).toBe('cj mccollum');
    expect(nameKey('Nikola Jokić')).toBe('nikola jokic');
    expect(nameKey("Ja'Kobe Walter")).toBe('jakobe walter');
    expect(nameKey('Tim Hardaway Jr.')).toBe(nameKey('Tim Hardaway Jr'));
    expect(baseNameKey('Tim Hardaway Jr.')).toBe('tim hardaway');
    expect(baseNameKey('Karl-Anthony Towns')).toBe('karl anthony towns');
  });

  it('resolves by full key, then suffix-free key, then alias; two people behind one key resolve to neither', () => {
    const idx = new NameIndex(
      [
        ['Tim Hardaway Jr.', '1'],
        ['Herbert Jones', '2'],
        ['Gary Payton', '3'],
        ['Gary Payton II', '4'],
      ],
      aliasTable({ 'Herb Jones': 'Herbert Jones' }),
    );
    expect(idx.resolve('Tim Hardaway Jr')).toEqual({ id: '1', via: 'name' });
    expect(idx.resolve('Tim Hardaway')).toEqual({ id: '1', via: 'base' });
    expect(idx.resolve('Herb Jones')).toEqual({ id: '2', via: 'alias' });
    expect(idx.resolve('Gary Payton II')).toEqual({ id: '4', via: 'name' });
    expect(idx.resolve('Gary Payton Jr')).toMatchObject({ id: null, reason: 'ambiguous' });
    expect(idx.resolve('Zaccharie Risacher')).toEqual({ id: null, reason: 'unknown' });
  });

  it('an alias table is plain data a user extends without changing the original', () => {
    const base = aliasTable({ 'Moe Wagner': 'Moritz Wagner' });
    const more = withAliases(base, [['Nicolas Claxton', 'Nic Claxton']]);
    expect(base.entries.size).toBe(1);
    expect(more.entries.get('nicolas claxton')).toBe('nic claxton');
  });

  it('NFL team codes of earlier seasons join the franchise (STL → LA, SD → LAC, OAK → LV)', () => {
    const c = nflTeamCodes();
    expect(resolveNflTeam(c, 'STL')).toBe('LA');
    expect(resolveNflTeam(c, 'oak')).toBe('LV');
    expect(resolveNflTeam(c, 'KC')).toBe('KC');
    expect(resolveNflTeam(c, 'XYZ')).toBeNull();
    expect(resolveNflTeam(nflTeamCodes({ XYZ: 'KC' }), 'XYZ')).toBe('KC');
  });
});

describe('time zones', () => {
  it('an evening game dated the next day in UTC is the arena’s local date; daylight saving is handled', () => {
    const et = localDater('America/New_York');
    const pt = localDater('America/Los_Angeles');
    expect(et('2025-01-17T00:10:00Z')).toBe('2025-01-16');
    expect(pt('2025-01-17T03:10:00Z')).toBe('2025-01-16');
    // 2024-10-23 is daylight time (UTC−4): 23:10 UTC is 19:10 the same day
    expect(et('2024-10-23T23:10:00Z')).toBe('2024-10-23');
    // an afternoon game stays on its day
    expect(et('2024-12-25T17:00:00Z')).toBe('2024-12-25');
    expect(et('not a time')).toBeNull();
  });
});

describe('NBA game logs', () => {
  it('parses the fixture and rejects malformed rows with their line and reason', () => {
    const r = parseNbaGameLog(fixture('nba-player-games.csv'));
    expect(r.read).toBe(194);
    expect(r.rejected).toEqual([]);
    const brunson = r.rows.find((x) => x.player === 'Jalen Brunson')!;
    expect(brunson).toMatchObject({ team: 'NYK', home: false, opponent: 'BOS', date: '2024-10-22' });
    const bad = [
      'player,player_id,date,matchup,minutes,threes_made,threes_attempted,opponent,home_away',
      'A,1,2024-10-22,BOS vs. NYK,30,2,5,NYK,HOME',
      'B,2,2024-13-01,BOS vs. NYK,30,2,5,NYK,HOME',
      'C,3,2024-10-22,BOS vs. NYK,30,6,5,NYK,HOME',
      'D,4,2024-10-22,BOS @ NYK,30,1,5,NYK,HOME',
      'E,5,2024-10-22,BOS vs. XXX,30,1,5,XXX,HOME',
      'A,1,2024-10-22,BOS vs. NYK,30,2,5,NYK,HOME',
      'F,6,2024-10-22,BOS vs. NYK,thirty,2,5,NYK,HOME',
    ].join('\n');
    const p = parseNbaGameLog(bad);
    expect(p.rows).toHaveLength(1);
    expect(p.rejected.map((x) => x.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(p.rejected[0].reason).toMatch(/date '2024-13-01'/);
    expect(p.rejected[1].reason).toMatch(/made ≤ attempted/);
    expect(p.rejected[2].reason).toMatch(/does not agree/);
    expect(p.rejected[4].reason).toMatch(/duplicate/);
  });
});

describe('odds-api prop prices', () => {
  it('parses the fixture; the row without an over price is rejected, not guessed', () => {
    const r = parseOddsApiProps(fixture('nba-threes-lines.csv'));
    expect(r.read).toBe(251);
    expect(r.rows).toHaveLength(250);
    expect(r.rejected).toEqual([{ line: 252, reason: "over_odds '' is not American odds (≤ -100 or ≥ 100)", scope: 'row' }]);
    expect(r.rows[0]).toMatchObject({ stat: 'threes', homeTeam: expect.any(String), awayTeam: expect.any(String) });
  });

  it('rejects an unknown market, a line that is not a number, odds inside (−100, 100), a local time', () => {
    const text = [
      'player,game,game_time,market,line,bookmaker,over_odds,under_odds',
      'A,X @ Y,2024-10-22T23:40:00Z,player_dunks,1.5,dk,-110,-110',
      'A,X @ Y,2024-10-22T23:40:00Z,player_threes,two,dk,-110,-110',
      'A,X @ Y,2024-10-22T23:40:00Z,player_threes,1.5,dk,50,-110',
      'A,X @ Y,2024-10-22 19:40,player_threes,1.5,dk,-110,-110',
      'A,X v Y,2024-10-22T23:40:00Z,player_threes,1.5,dk,-110,-110',
    ].join('\n');
    const r = parseOddsApiProps(text);
    expect(r.rows).toEqual([]);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      expect.stringMatching(/market 'player_dunks'/),
      "line 'two' is not a number",
      "over_odds '50' is not American odds (≤ -100 or ≥ 100)",
      expect.stringMatching(/not a UTC instant/),
      expect.stringMatching(/not 'Away Team @ Home Team'/),
    ]);
  });

  it('joins prices to logs: aliases and suffixes resolve, rookies missing from the logs are reported', () => {
    const prices = parseOddsApiProps(fixture('nba-threes-lines.csv')).rows;
    const logs = parseNbaGameLog(fixture('nba-player-games.csv')).rows;
    const m = matchPricesToLogs(prices, logs);
    const names = new Set(m.matched.map((x) => x.price.player));
    expect(names.has('Herb Jones')).toBe(true);
    expect(names.has('Tim Hardaway Jr')).toBe(true);
    expect(m.unknownPlayers.map((u) => u.player)).toEqual(['Zaccharie Risacher']);
    expect(m.matched.length + m.unmatched.length).toBe(prices.length);
    // a price at 00:10 UTC settles on the log of the evening before
    const late = m.matched.find((x) => x.price.gameTime.slice(11, 13) === '00')!;
    expect(late.date < late.price.gameTime.slice(0, 10)).toBe(true);
    expect(m.unmatched.every((u) => u.reason.length > 0)).toBe(true);
  });
});

describe('nflverse weekly and schedules', () => {
  it('parses the fixtures; schedule codes join the weekly codes', () => {
    const w = parseNflverseWeekly(fixture('nfl-player-weekly.csv'));
    const s = parseNflverseSchedules(fixture('nfl-schedules.csv'));
    expect(w.rows).toHaveLength(375);
    expect(w.rejected).toEqual([]);
    expect(s.rows).toHaveLength(74);
    expect(s.rows.every((g) => g.spreadLine !== null)).toBe(true);
    const mahomes = w.rows.find((r) => r.name === 'Patrick Mahomes')!;
    expect(mahomes.stats.passing_yards).toBeGreaterThan(0);
  });

  it('rejects bad weekly rows; a schedule row missing a market keeps the game and reports the field', () => {
    const head =
      'player_id,player_display_name,position,recent_team,season,week,season_type,opponent_team,completions,attempts,passing_yards,passing_tds,interceptions,carries,rushing_yards,rushing_tds,receptions,targets,receiving_yards,receiving_tds';
    const ok = 'p1,A,QB,STL,2015,1,REG,SEA,20,30,250.0,2,0.0,3,10.0,0,0,0,0.0,0';
    const text = [head, ok, ok.replace('REG', 'PRE'), ok.replace('20,30', '20.5,30'), ok.replace('STL', 'XXX'), ok].join('\n');
    const r = parseNflverseWeekly(text);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].team).toBe('LA');
    expect(r.rejected.map((x) => [x.line, x.reason])).toEqual([
      [3, "season_type 'PRE' is not REG or POST"],
      [4, "completions '20.5' is not a whole count"],
      [5, "team 'XXX' is not an NFL team code"],
      [6, 'duplicate row for player p1 in 2015 week 1'],
    ]);
    const sched = [
      'game_id,season,game_type,week,gameday,home_team,away_team,home_score,away_score,spread_line,total_line,home_moneyline',
      'g1,2015,REG,1,2015-09-10,NE,PIT,28,21,7.5,51,',
      'g2,2015,REG,1,2015-09-10,NE,NE,28,21,7.5,51,-300',
    ].join('\n');
    const s = parseNflverseSchedules(sched);
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0].homeMoneyline).toBeNull();
    expect(s.rejected).toEqual([
      { line: 2, reason: "home_moneyline '' is missing: the game is kept without it", scope: 'field' },
      { line: 3, reason: "teams 'NE' v 'NE' are not two NFL team codes", scope: 'row' },
    ]);
  });

  it('slip rows: side and line are checked, a game leg has no player', () => {
    const text = [
      'slip_id,game_id,player_id,stat,side,line',
      's1,g1,p1,passing_yards,over,250.5',
      's1,g1,,total_points,under,47',
      's2,g1,p1,passing_yards,sideways,250.5',
      's3,g1,p1,passing_yards,over,lots',
    ].join('\n');
    const r = parseNflSlips(text);
    expect(r.rows).toHaveLength(2);
    expect(r.rows[1]).toMatchObject({ playerId: null, stat: 'total_points', side: 'under', threshold: 47 });
    expect(r.rejected.map((x) => x.line)).toEqual([4, 5]);
  });
});
