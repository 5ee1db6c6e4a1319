import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/temp.js';
import { describe, expect, it } from 'vitest';
import { FIELD_SCHEMA } from '../engine/field/schema.js';
import { loadField } from '../app/inputs/field-file.js';
import { parseFieldJson, parseFieldObject } from '../engine/field/read-json.js';
import { parseField538 } from '../engine/field/read-538.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { FIXTURE_2016 } from './helpers/field-2016.js';

const dir = tempDir('simcast-field-');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const example = (name: string) => new URL(`../examples/${name}`, import.meta.url).pathname;
const csv2016 = readFileSync(FIXTURE_2016, 'utf8').replace(/\r\n/g, '\n');

describe('FiveThirtyEight CSV and the native JSON', () => {
  it('read the 2016 field identically: 68 teams, 64 slots, 4 play-in pairs', async () => {
    const fromCsv = await loadField(FIXTURE_2016, { format: '538', semis: 'South-West,East-Midwest' });
    const fromJson = await loadField(example('ncaa-2016.json'));
    expect(fromCsv.teams).toHaveLength(68);
    expect(fromCsv.slots).toHaveLength(64);
    expect(fromCsv.slots.filter((s) => s.kind === 'playin')).toHaveLength(4);
    const strip = (s: typeof fromCsv) => ({
      teams: s.teams.map(({ name, rating, region, seed }) => ({ name, rating, region, seed })).sort((a, b) => (a.name < b.name ? -1 : 1)),
      slots: s.slots.map((x) => (x.kind === 'team' ? x.team : x.kind === 'playin' ? x.teams.join('|') : 'BYE')),
    });
    expect(strip(fromJson)).toEqual(strip(fromCsv));
    const b = compileBracket(fromJson);
    expect([b.teamCount, b.gameCount, b.rounds]).toEqual([68, 67, 7]);
  });

  it('keeps docs/field.schema.json equal to the schema the code validates with', () => {
    const doc = JSON.parse(readFileSync(new URL('../docs/field.schema.json', import.meta.url), 'utf8'));
    expect(doc).toEqual(JSON.parse(JSON.stringify(FIELD_SCHEMA)));
  });

  it('reads the slots form with play-ins and byes', async () => {
    const spec = await loadField(example('byes-and-playins.json'));
    const b = compileBracket(spec);
    expect(b.byes.reduce((s, x) => s + x, 0)).toBe(4);
    expect(b.playIn.reduce((s, x) => s + x, 0)).toBe(2);
    expect(b.rounds).toBe(5);
  });

  it('adds results from a CSV and conditions on them', async () => {
    const results = file('results.csv', 'winner,loser\nKansas,Austin Peay\n"Wichita State",Vanderbilt\n');
    const spec = await loadField(example('ncaa-2016.json'), { results });
    expect(spec.results.map((r) => [r.winner, r.loser, r.where?.line])).toEqual([
      ['Kansas', 'Austin Peay', 2],
      ['Wichita State', 'Vanderbilt', 3],
    ]);
    const b = compileBracket(spec);
    expect(Array.from(b.forced).filter((x) => x >= 0)).toHaveLength(2);
  });

  it('accepts a field object (an HTTP body) and names fields in messages', () => {
    expect(() =>
      parseFieldObject(
        {
          teams: [
            { name: 'A', rating: 'x' },
            { name: 'B', rating: 1 },
          ],
          slots: ['A', 'B'],
        },
        'body.field',
      ),
    ).toThrow('body.field.teams[0].rating: rating must be a number (got "x")');
  });
});

describe('bad fields: one line naming file, line and field', () => {
  const teams2 = '  "teams": [\n    { "name": "A", "rating": 1 },\n    { "name": "B", "rating": 2 }\n  ],\n';
  const cases: [string, string, string, string][] = [
    ['malformed JSON', '{\n  "teams": [\n    { "name": "A", }\n  ]\n}\n', 'FIELD_INVALID', 'bad.json:3: invalid JSON: property name expected'],
    [
      'non-numeric rating',
      `{\n  "teams": [\n    { "name": "A", "rating": 1 },\n    { "name": "B", "rating": "high" }\n  ],\n  "slots": ["A", "B"]\n}\n`,
      'RATING_INVALID',
      'bad.json:4: teams[1].rating: rating must be a number (got "high")',
    ],
    [
      'missing rating',
      `{\n  "teams": [\n    { "name": "A" },\n    { "name": "B", "rating": 2 }\n  ],\n  "slots": ["A", "B"]\n}\n`,
      'RATING_INVALID',
      'bad.json:3: teams[0]: rating is missing: every team needs a numeric rating',
    ],
    [
      'duplicate team',
      `{\n  "teams": [\n    { "name": "A", "rating": 1 },\n    { "name": "A", "rating": 2 }\n  ],\n  "slots": ["A", "A"]\n}\n`,
      'TEAM_DUPLICATE',
      "bad.json:4: teams[1].name: team 'A' appears twice (also teams[0])",
    ],
    ['unknown team in a slot', `{\n${teams2}  "slots": ["A", "C"]\n}\n`, 'TEAM_UNKNOWN', "bad.json:6: slots[1]: unknown team 'C'"],
    [
      'size not a power of two',
      `{\n  "teams": [{ "name": "A", "rating": 1 }, { "name": "B", "rating": 2 }, { "name": "C", "rating": 3 }],\n  "slots": ["A", "B", "C"]\n}\n`,
      'SIZE_INVALID',
      'bad.json:3: slots: the bracket has 3 slots; the size must be a power of two of at least 2',
    ],
    [
      'unknown team in results',
      `{\n${teams2}  "slots": ["A", "B"],\n  "results": [{ "winner": "A", "loser": "Z" }]\n}\n`,
      'TEAM_UNKNOWN',
      "bad.json:7: results[0].loser: unknown team 'Z'",
    ],
    [
      'bad seed',
      `{\n  "teams": [\n    { "name": "A", "rating": 1, "region": "X", "seed": 1 },\n    { "name": "B", "rating": 2, "region": "X", "seed": 0 }\n  ],\n  "regions": ["X"], "seedOrder": [1, 2]\n}\n`,
      'SEED_NUMBER_INVALID',
      'bad.json:4: teams[1].seed: seed must be a positive integer (got 0)',
    ],
    [
      'seed not in the seed order',
      `{\n  "teams": [\n    { "name": "A", "rating": 1, "region": "X", "seed": 1 },\n    { "name": "B", "rating": 2, "region": "X", "seed": 3 }\n  ],\n  "regions": ["X"], "seedOrder": [1, 2]\n}\n`,
      'SEED_NUMBER_INVALID',
      "bad.json:4: teams[1].seed: team 'B' has seed 3, not one of the seed order 1,2",
    ],
    [
      'a slot with no team',
      `{\n  "teams": [\n    { "name": "A", "rating": 1, "region": "X", "seed": 1 },\n    { "name": "B", "rating": 2, "region": "X", "seed": 1 }\n  ],\n  "regions": ["X"], "seedOrder": [1, 2]\n}\n`,
      'SLOT_INVALID',
      'bad.json:6: regions: X seed 2 has no team',
    ],
    [
      'a slot with three teams',
      `{\n  "teams": [\n    { "name": "A", "rating": 1, "region": "X", "seed": 1 },\n    { "name": "B", "rating": 2, "region": "X", "seed": 2 },\n    { "name": "C", "rating": 2, "region": "X", "seed": 2 },\n    { "name": "D", "rating": 2, "region": "X", "seed": 2 }\n  ],\n  "regions": ["X"], "seedOrder": [1, 2]\n}\n`,
      'SLOT_INVALID',
      'bad.json:6: teams[3].seed: X seed 2 has three teams (B, C, D); a slot takes one team or a play-in pair',
    ],
  ];
  for (const [what, text, code, message] of cases) {
    it(what, async () => {
      const p = file('bad.json', text);
      const err = await loadField(p).catch((e: unknown) => e);
      expect(err).toMatchObject({ code });
      expect((err as Error).message).toBe(`${p.replace(/bad\.json$/, '')}${message}`);
      expect((err as Error).message).not.toContain('\n');
    });
  }

  it('names the CSV line and column in a FiveThirtyEight file', () => {
    const lines = csv2016.split('\n');
    const cols = lines[5].split(',');
    cols[5] = 'n/a'; // team_rating
    lines[5] = cols.join(',');
    expect(() => parseField538(lines.join('\n'), 'f.csv', 'South-West,East-Midwest')).toThrow("f.csv:6: team_rating: rating must be a number (got 'n/a')");
    const dup = csv2016.trimEnd() + '\n' + lines[1] + '\n';
    expect(() => parseField538(dup, 'f.csv', 'South-West,East-Midwest')).toThrow(/^f\.csv:70: team_name: team 'Kansas' appears twice \(also line 2\)$/);
    expect(() => parseField538(csv2016, 'f.csv')).toThrow(
      'f.csv: --semis: the semifinal pairing of the four regions (South, East, Midwest, West) is needed: --semis A-B,C-D',
    );
    expect(() => parseField538(csv2016, 'f.csv', 'South-East,West-Nowhere')).toThrow("semis name region 'Nowhere'");
    expect(() => parseField538(csv2016.replace(/,11a,/, ',eleven,'), 'f.csv', 'South-West,East-Midwest')).toThrow(
      /f\.csv:\d+: team_seed: seed must be a positive integer/,
    );
  });

  it('reports a missing file as FILE_UNREADABLE naming the path', async () => {
    await expect(loadField('/nonexistent/field.json')).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: 'cannot read /nonexistent/field.json: no such file',
    });
  });

  it('parses JSON text with a source name', () => {
    expect(() => parseFieldJson('{"teams": [], "slots": []}', 'body')).toThrow('body:1: teams: a field needs at least 2 teams (got 0)');
  });
});
