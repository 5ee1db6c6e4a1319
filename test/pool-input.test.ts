import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimcastError } from '../core/errors.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { fiveThirtyEight } from '../engine/tournament/win-probability.js';
import { BUILTIN_ALIASES, normaliseName, parseAliasesCsv } from '../engine/pool/aliases.js';
import { entryFromRecord, entryToRecord, picksToWins, winsToPicks } from '../engine/pool/entry.js';
import { resolvePickShares } from '../engine/pool/pick-shares.js';
import { parsePicksCsv } from '../engine/pool/picks-csv.js';
import { poolBracket } from '../engine/pool/pool-bracket.js';
import { parseLocks, poolContext } from '../engine/pool/pool-context.js';
import { chalkPicks } from '../engine/pool/chalk.js';
import { field2016 } from './helpers/field-2016.js';
import { field2016AfterFirstFour, PICKS_2016 } from './helpers/pool.js';

const picksText = readFileSync(PICKS_2016, 'utf8');

function codeOf(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof SimcastError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

describe('pick-population file', () => {
  it('reads the 2016 ESPN shares: 64 rows, 6 rounds', () => {
    const t = parsePicksCsv(picksText, 'picks.csv');
    expect(t.rounds).toBe(6);
    expect(t.rows).toHaveLength(64);
    expect(t.rows.find((r) => r.name === 'Kansas')!.shares[5]).toBe(0.271);
  });

  it('names file, line and column in CSV errors', () => {
    expect(codeOf(() => parsePicksCsv('team,round1\nA,0.5\n', 'p.csv'))).toEqual({
      code: 'CSV_INVALID',
      message: expect.stringMatching(/^p\.csv:1: name: column 'name' is missing/),
    });
    expect(codeOf(() => parsePicksCsv('name,round1,round2\nA,0.5,0.2\nB,x,0.1\n', 'p.csv'))).toEqual({
      code: 'CSV_INVALID',
      message: "p.csv:3: round1: share must be a number (got 'x')",
    });
    expect(codeOf(() => parsePicksCsv('name,round1\nA,50\n', 'p.csv')).message).toBe(
      'p.csv:2: round1: share must be between 0 and 1, the fraction of brackets (got 50)',
    );
    expect(codeOf(() => parsePicksCsv('name,round1,round3\nA,0.5,0.1\n', 'p.csv')).message).toMatch(/round3.*without round2/);
    expect(codeOf(() => parsePicksCsv('name,round1\nA,0.5\na,0.5\n', 'p.csv'))).toEqual({
      code: 'TEAM_DUPLICATE',
      message: "p.csv:3: name: team 'a' appears twice (also line 2)",
    });
    expect(codeOf(() => parsePicksCsv('name,round1\n"A,0.5\n', 'p.csv')).code).toBe('CSV_INVALID');
  });
});

describe('aliases from ESPN names to the field', () => {
  it('places all 64 ESPN names of 2016 on the FiveThirtyEight field with the built-in table', async () => {
    const pb = poolBracket(compileBracket(await field2016AfterFirstFour()));
    const shares = resolvePickShares(parsePicksCsv(picksText, 'picks.csv'), pb);
    const at = (n: string) => pb.names.indexOf(n);
    expect(shares.fileNames[at('North Carolina')]).toBe('UNC');
    expect(shares.fileNames[at('Stephen F. Austin')]).toBe('SF Austin');
    expect(shares.fileNames[at('Wichita State')]).toBe('Wichita St.');
    expect(shares.fileNames[at('Miami (FL)')]).toBe('Miami');
    expect(shares.fileNames[at('Arkansas-Little Rock')]).toBe('AR-Little Rock');
    expect(shares.share[5 * 64 + at('Kansas')]).toBe(0.271);
  });

  it('normalises case, punctuation and a trailing St', () => {
    expect(normaliseName('South Dakota St')).toBe(normaliseName('South Dakota State'));
    expect(normaliseName("Saint Joseph's")).toBe(normaliseName("St. Joseph's"));
    expect(BUILTIN_ALIASES.UNC).toEqual(['North Carolina']);
  });

  it('reports an unknown name with its line, and suggests teams without a row', async () => {
    const pb = poolBracket(compileBracket(await field2016AfterFirstFour()));
    const text = picksText.replace('"UConn"', '"U Conn Huskies"');
    const e = codeOf(() => resolvePickShares(parsePicksCsv(text, 'picks.csv'), pb));
    expect(e.code).toBe('TEAM_UNKNOWN');
    expect(e.message).toMatch(
      /^picks\.csv:51: name: unknown team 'U Conn Huskies': not a team of the field and no alias names it; add an aliases row 'U Conn Huskies,<field name>'/,
    );
  });

  it('takes alias,name rows from a file, before the built-in table; a bad target names its alias line', async () => {
    const pb = poolBracket(compileBracket(await field2016AfterFirstFour()));
    const text = picksText.replace('"UConn"', '"Huskies"');
    const aliases = parseAliasesCsv('alias,name\nHuskies,Connecticut\n', 'aliases.csv');
    const shares = resolvePickShares(parsePicksCsv(text, 'picks.csv'), pb, { aliases, aliasSource: 'aliases.csv' });
    expect(shares.fileNames[pb.names.indexOf('Connecticut')]).toBe('Huskies');
    const bad = parseAliasesCsv('Huskies,Connecticut State\n', 'aliases.csv');
    expect(codeOf(() => resolvePickShares(parsePicksCsv(text, 'picks.csv'), pb, { aliases: bad, aliasSource: 'aliases.csv' }))).toEqual({
      code: 'TEAM_UNKNOWN',
      message: "aliases.csv:1: name: alias 'Huskies' names 'Connecticut State', which is not a team of the field",
    });
    expect(codeOf(() => parseAliasesCsv('a,b,c\n', 'aliases.csv')).message).toBe('aliases.csv:1: a row is alias,name: 2 values, not 3');
    expect(codeOf(() => parseAliasesCsv('a,b\nA,c\n', 'aliases.csv')).code).toBe('POOL_INVALID');
  });

  it('refuses two rows for one team, a play-in loser, a missing team and shares of the wrong size', async () => {
    const pb = poolBracket(compileBracket(await field2016AfterFirstFour()));
    const dup = picksText.replace('"UConn"', '"Connecticut"').replace('"Dayton"', '"UConn"');
    expect(codeOf(() => resolvePickShares(parsePicksCsv(dup, 'p.csv'), pb)).code).toBe('TEAM_DUPLICATE');
    const loser = picksText.replace('"Wichita St."', '"Vanderbilt"');
    expect(codeOf(() => resolvePickShares(parsePicksCsv(loser, 'p.csv'), pb))).toEqual({
      code: 'POOL_INVALID',
      message: "p.csv:62: name: 'Vanderbilt' lost its play-in game to 'Wichita State': the picks name the play-in winners",
    });
    const missing = picksText
      .split('\n')
      .filter((l) => !l.startsWith('"Yale"'))
      .join('\n');
    expect(codeOf(() => resolvePickShares(parsePicksCsv(missing, 'p.csv'), pb)).message).toMatch(/no picks row for 1 team of the bracket: 'Yale'/);
    const swapped = picksText.replace('"round1","round2"', '"round2","round1"');
    expect(codeOf(() => resolvePickShares(parsePicksCsv(swapped, 'p.csv'), pb)).message).toBe(
      'p.csv: round1: round 1 shares add up to 16.008, not about 32 (one per game of the round)',
    );
  });

  it('needs the First Four decided: pools are filled in after them', async () => {
    const spec = await field2016();
    const e = codeOf(() => poolBracket(compileBracket(spec)));
    expect(e.code).toBe('POOL_INVALID');
    expect(e.message).toMatch(/the play-in game '.*' v '.*' is not decided: pools are filled in after the play-in games, so give its result/);
  });
});

describe('entries as wins per team', () => {
  it('round-trips chalk through { team: wins } and refuses brackets that are not one', async () => {
    const pb = poolBracket(compileBracket(await field2016AfterFirstFour()));
    const shares = resolvePickShares(parsePicksCsv(picksText, 'picks.csv'), pb);
    const ctx = poolContext(pb, shares, fiveThirtyEight, { poolSize: 10 });
    const chalk = chalkPicks(ctx);
    const record = entryToRecord(pb, picksToWins(pb, chalk));
    expect(Object.keys(record)).toHaveLength(64);
    expect(record.Kansas).toBe(6);
    expect(Object.values(record).reduce((a, b) => a + b, 0)).toBe(63);
    expect(Array.from(entryFromRecord(pb, record))).toEqual(Array.from(chalk));
    expect(codeOf(() => entryFromRecord(pb, { ...record, 'North Carolina': 6 })).message).toMatch(
      /picks both 'Kansas' and 'North Carolina' to win the round 6 game/,
    );
    expect(codeOf(() => entryFromRecord(pb, { ...record, Kansas: 5 })).message).toMatch(/picks no winner for the round 6 game/);
    expect(codeOf(() => entryFromRecord(pb, { ...record, Vanderbilt: 1 })).message).toMatch(/'Vanderbilt', which lost its play-in game/);
    expect(codeOf(() => entryFromRecord(pb, { ...record, Nowhere: 1 })).code).toBe('TEAM_UNKNOWN');
    expect(codeOf(() => winsToPicks(pb, new Array(64).fill(7))).message).toMatch(/gives '.*' 7 wins; it can win 0\.\.6/);
    expect(parseLocks(pb, 'Kansas:6, Duke:2')).toEqual(
      new Map([
        [pb.names.indexOf('Kansas'), 6],
        [pb.names.indexOf('Duke'), 2],
      ]),
    );
    expect(codeOf(() => parseLocks(pb, 'Vanderbilt:1')).code).toBe('TEAM_UNKNOWN');
  });
});
