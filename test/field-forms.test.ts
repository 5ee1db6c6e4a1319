// Field readers: the region form's layout options, the slots form's rules, FiveThirtyEight's play-in
// marks, results CSVs, and more bad inputs, each with its code and its one line of file, line and field.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { tempDir } from './helpers/temp.js';
import { describe, expect, it } from 'vitest';
import { loadField } from '../app/inputs/field-file.js';
import { parseFieldJson, parseFieldObject } from '../engine/field/read-json.js';
import { parseField538, parseSemis } from '../engine/field/read-538.js';
import type { FieldSpec } from '../engine/field/types.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { FIXTURE_2016 } from './helpers/field-2016.js';

const dir = tempDir('simcast-field-forms-');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const example = (name: string) => new URL(`../examples/${name}`, import.meta.url).pathname;
const csv2016 = readFileSync(FIXTURE_2016, 'utf8').replace(/\r\n/g, '\n');
const ncaa2016 = JSON.parse(readFileSync(example('ncaa-2016.json'), 'utf8')) as Record<string, unknown>;
const SEMIS = 'South-West,East-Midwest';

const slotNames = (s: FieldSpec) => s.slots.map((x) => (x.kind === 'team' ? x.team : x.kind === 'playin' ? x.teams.join('|') : 'BYE'));
/** The error a call throws (sync or async), for asserting code and message together. */
async function failure(f: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await f();
  } catch (e) {
    expect((e as Error).message).not.toContain('\n');
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected an error');
}

describe('the published schema', () => {
  it('accepts every example field, and a tool using it alone rejects a three-team slot', () => {
    const schema = JSON.parse(readFileSync(new URL('../docs/field.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    for (const name of ['ncaa-2016.json', 'four-teams.json', 'byes-and-playins.json']) {
      expect([name, validate(JSON.parse(readFileSync(example(name), 'utf8')))]).toEqual([name, true]);
    }
    expect(
      validate({
        teams: [
          { name: 'A', rating: 1 },
          { name: 'B', rating: 1 },
        ],
        slots: [['A', 'B', 'A'], 'BYE'],
      }),
    ).toBe(false);
  });
});

describe('region form', () => {
  const eight = (extra: string) =>
    `{\n  "regions": ["Only"],${extra}\n  "teams": [\n` +
    [1, 2, 3, 4, 5, 6, 7, 8].map((s) => `    { "name": "T${s}", "rating": ${100 - s}, "region": "Only", "seed": ${s} }`).join(',\n') +
    '\n  ]\n}\n';

  it('lays out one region of eight seeds in the given seed order', () => {
    const spec = parseFieldJson(eight('\n  "seedOrder": [1, 8, 4, 5, 3, 6, 2, 7],'), 'one.json');
    expect(slotNames(spec)).toEqual(['T1', 'T8', 'T4', 'T5', 'T3', 'T6', 'T2', 'T7']);
    expect(compileBracket(spec).rounds).toBe(4);
  });

  it('without semis, adjacent regions meet: the bracket follows the regions as listed', () => {
    const { semis: _, ...noSemis } = ncaa2016;
    const reordered = { ...noSemis, regions: ['East', 'South', 'Midwest', 'West'] };
    const spec = parseFieldObject(reordered);
    expect(spec.slots).toHaveLength(64);
    expect(slotNames(spec).filter((_, i) => i % 16 === 0)).toEqual(['North Carolina', 'Kansas', 'Virginia', 'Oregon']);
    const withSemis = parseFieldObject({
      ...reordered,
      semis: [
        ['South', 'West'],
        ['East', 'Midwest'],
      ],
    });
    expect(slotNames(withSemis)).toEqual(slotNames(parseFieldObject(ncaa2016)));
  });

  it('the --semis option overrides the file', () => {
    const text = JSON.stringify(ncaa2016, null, 2);
    const spec = parseFieldJson(text, 'f.json', { semis: parseSemis('East-Midwest,South-West') });
    expect(slotNames(spec).filter((_, i) => i % 16 === 0)).toEqual(['North Carolina', 'Virginia', 'Kansas', 'Oregon']);
  });

  it('rejects a region count or seed order that is not a power of two, and bad semis', async () => {
    const three = `{\n  "regions": ["A", "B", "C"],\n  "teams": [{ "name": "X", "rating": 1, "region": "A", "seed": 1 }, { "name": "Y", "rating": 1, "region": "B", "seed": 1 }]\n}\n`;
    expect(await failure(() => parseFieldJson(three, 'r.json'))).toEqual({
      code: 'SIZE_INVALID',
      message: 'r.json:2: regions: there are 3 regions (A, B, C); the number must be a power of two',
    });
    expect(await failure(() => parseFieldJson(eight('\n  "seedOrder": [1, 2, 3, 4, 5, 6],'), 'r.json'))).toEqual({
      code: 'SIZE_INVALID',
      message: 'r.json:3: seedOrder: the seed order has 6 seeds; the number must be a power of two',
    });
    expect(await failure(() => parseFieldJson(eight('\n  "seedOrder": [1, 2, 2, 3],'), 'r.json'))).toEqual({
      code: 'SEED_NUMBER_INVALID',
      message: 'r.json:3: seedOrder: seeds in seedOrder must be distinct ([1,2,2,3])',
    });
    const badSemis = JSON.stringify(
      {
        ...ncaa2016,
        semis: [
          ['South', 'West'],
          ['East', 'Midland'],
        ],
      },
      null,
      2,
    );
    expect(await failure(() => parseFieldJson(badSemis, 's.json'))).toEqual({
      code: 'FIELD_INVALID',
      message: "s.json:9: semis: semis name region 'Midland', which is not one of South, West, East, Midwest",
    });
  });

  it('names the team whose region is not listed', async () => {
    const text = eight('').replace('"region": "Only", "seed": 5', '"region": "Elsewhere", "seed": 5');
    expect(await failure(() => parseFieldJson(text, 'r.json'))).toEqual({
      code: 'FIELD_INVALID',
      message: "r.json:8: teams[4].region: team 'T5' has region 'Elsewhere', not one of Only",
    });
  });
});

describe('slots form', () => {
  it('reads the examples: four teams, and byes with a play-in', async () => {
    const four = await loadField(example('four-teams.json'));
    expect(slotNames(four)).toEqual(['Alabama', 'Texas', 'Michigan', 'Georgia']);
    expect(four).toMatchObject({ name: 'Four-team playoff', source: example('four-teams.json') });
    const byes = await loadField(example('byes-and-playins.json'));
    expect(byes.teams).toHaveLength(13);
    expect(byes.slots.filter((s) => s.kind === 'bye')).toHaveLength(4);
    expect(byes.slots.filter((s) => s.kind === 'playin')).toEqual([expect.objectContaining({ teams: ['Clemson', 'Miami'] })]);
    expect(byes.slots[7].where).toEqual({ file: example('byes-and-playins.json'), line: 20, field: 'slots[7]' });
  });

  const teams = '  "teams": [\n    { "name": "A", "rating": 1 },\n    { "name": "B", "rating": 2 },\n    { "name": "C", "rating": 3 }\n  ],\n';
  const cases: [string, string, string, string][] = [
    [
      'a slot with three teams',
      '["A", ["A", "B", "C"]]',
      'SLOT_INVALID',
      's.json:7: slots[1]: a slot holds one team or a play-in pair of two, not 3 (got ["A","B","C"])',
    ],
    ['a play-in of one', '[["A"], "B"]', 'SLOT_INVALID', 's.json:7: slots[0]: a slot holds one team or a play-in pair of two, not 1 (got ["A"])'],
    ['an empty slot', '["A", ""]', 'SLOT_INVALID', 's.json:7: slots[1]: a slot needs a team name (or "BYE")'],
    ['a null slot', '["A", null]', 'SLOT_INVALID', 's.json:7: slots[1]: a slot is a team name, a two-name array (play-in) or "BYE" (got null)'],
    ['a number in a play-in', '["A", ["B", 3]]', 'SLOT_INVALID', 's.json:7: slots[1]: a play-in pair is two team names (got ["B",3])'],
    ['an unknown team in a play-in', '["A", ["B", "Z"]]', 'TEAM_UNKNOWN', "s.json:7: slots[1][1]: unknown team 'Z'"],
    [
      'six slots',
      '["A", "B", "C", "BYE", "BYE", "BYE"]',
      'SIZE_INVALID',
      's.json:7: slots: the bracket has 6 slots; the size must be a power of two of at least 2',
    ],
  ];
  for (const [what, slots, code, message] of cases) {
    it(what, async () => {
      expect(await failure(() => parseFieldJson(`{\n${teams}  "slots": ${slots}\n}\n`, 's.json'))).toEqual({ code, message });
    });
  }
});

describe('shape and values', () => {
  const two = (extra: string, a = '1') => `{\n  "teams": [\n    { "name": "A", "rating": ${a} },\n    { "name": "B", "rating": 2 }\n  ]${extra}\n}\n`;
  const cases: [string, string, string, string][] = [
    ['not an object', '[1, 2]', 'FIELD_INVALID', 'x.json:1: a field is a JSON object with "teams" and "regions" or "slots" (got an array)'],
    ['no bracket', two(''), 'FIELD_INVALID', 'x.json:1: the bracket is missing: give "slots" (top to bottom) or "regions" (teams with region and seed)'],
    [
      'both forms',
      two(',\n  "regions": ["X"],\n  "slots": ["A", "B"]'),
      'FIELD_INVALID',
      'x.json:7: slots: give the bracket either as "regions" (teams with region and seed) or as "slots", not both',
    ],
    [
      'seedOrder with slots',
      two(',\n  "slots": ["A", "B"],\n  "seedOrder": [1, 2]'),
      'FIELD_INVALID',
      'x.json:7: seedOrder: "seedOrder" belongs to the region form; a field with "slots" gives the order itself',
    ],
    [
      'an infinite rating',
      two(',\n  "slots": ["A", "B"]', '1e999'),
      'RATING_INVALID',
      'x.json:3: teams[0].rating: rating must be a finite number (got Infinity)',
    ],
    ['a null rating', two(',\n  "slots": ["A", "B"]', 'null'), 'RATING_INVALID', 'x.json:3: teams[0].rating: rating must be a number (got null)'],
    [
      'a misspelt property',
      two(',\n  "slots": ["A", "B"]').replace('"rating": 2', '"rating": 2, "seeed": 1'),
      'FIELD_INVALID',
      "x.json:4: teams[1]: unknown property 'seeed'",
    ],
    [
      'one team',
      '{\n  "teams": [{ "name": "A", "rating": 1 }],\n  "slots": ["A", "BYE"]\n}',
      'SIZE_INVALID',
      'x.json:2: teams: a field needs at least 2 teams (got 1)',
    ],
    ['trailing text', two(',\n  "slots": ["A", "B"]') + 'x', 'FIELD_INVALID', 'x.json:8: invalid JSON: invalid symbol'],
    ['an empty file', '', 'FIELD_INVALID', 'x.json:1: invalid JSON: value expected'],
  ];
  for (const [what, text, code, message] of cases) {
    it(what, async () => {
      expect(await failure(() => parseFieldJson(text, 'x.json'))).toEqual({ code, message });
    });
  }

  it('accepts a byte-order mark', () => {
    expect(parseFieldJson('\uFEFF' + two(',\n  "slots": ["A", "B"]'), 'x.json').teams).toHaveLength(2);
  });

  it('--semis on a slots field is an option error', async () => {
    expect(await failure(() => parseFieldJson(two(',\n  "slots": ["A", "B"]'), 'x.json', { semis: [['A', 'B']] }))).toEqual({
      code: 'OPTION_INVALID',
      message: 'options.semis applies only to a field in region form (this one has "slots")',
    });
  });

  it('parseSemis reads A-B,C-D and rejects anything else', async () => {
    expect(parseSemis(' South-West , East-Midwest ')).toEqual([
      ['South', 'West'],
      ['East', 'Midwest'],
    ]);
    expect(await failure(() => parseSemis('South,West'))).toEqual({
      code: 'OPTION_INVALID',
      message: "options.semis must look like A-B,C-D (region pairs; got 'South,West')",
    });
  });

  it('FILE_UNREADABLE names the path, for a directory and a missing results file too', async () => {
    const sub = join(dir, 'adir');
    mkdirSync(sub, { recursive: true });
    expect(await failure(() => loadField(sub))).toEqual({ code: 'FILE_UNREADABLE', message: `cannot read ${sub}: it is a directory` });
    expect(await failure(() => loadField(example('four-teams.json'), { results: join(dir, 'none.csv') }))).toEqual({
      code: 'FILE_UNREADABLE',
      message: `cannot read ${join(dir, 'none.csv')}: no such file`,
    });
  });
});

describe('FiveThirtyEight CSV', () => {
  const lines = csv2016.trimEnd().split('\n');
  const lineOf = (re: RegExp) => lines.findIndex((l) => re.test(l));
  const edit = (re: RegExp, f: (l: string) => string | null) =>
    lines
      .map((l) => (re.test(l) ? f(l) : l))
      .filter((l): l is string => l !== null)
      .join('\n');

  it('names a missing column', async () => {
    expect(await failure(() => parseField538(csv2016.replace('team_rating', 'rating'), 'f.csv', SEMIS))).toEqual({
      code: 'FIELD_INVALID',
      message: "f.csv:1: team_rating: column 'team_rating' is missing (a FiveThirtyEight forecast needs team_name, team_seed, team_region, team_rating)",
    });
  });

  it('ignores extra columns and their order', () => {
    const [head, ...rows] = lines.map((l) => l.split(','));
    const order = [5, 3, 2, 1]; // team_rating, team_region, team_seed, team_name
    const text = [['gender', ...order.map((i) => head[i])], ...rows.map((r) => ['mens', ...order.map((i) => r[i])])].map((r) => r.join(',')).join('\n');
    const a = parseField538(text, 'f.csv', SEMIS);
    const b = parseField538(csv2016, 'f.csv', SEMIS);
    expect(slotNames(a)).toEqual(slotNames(b));
    expect(a.teams.map((t) => t.rating)).toEqual(b.teams.map((t) => t.rating));
  });

  it('a seed of a region with no team names the file and column', async () => {
    expect(
      await failure(() =>
        parseField538(
          edit(/,15,East,/, () => null),
          'f.csv',
          SEMIS,
        ),
      ),
    ).toEqual({
      code: 'SLOT_INVALID',
      message: 'f.csv: team_seed: East seed 15 has no team',
    });
  });

  it('two teams on one seed must be a marked play-in pair', async () => {
    const i = lineOf(/,15,East,/);
    const j = lineOf(/,14,East,/);
    const text = edit(/,15,East,/, (l) => l.replace(',15,East,', ',14,East,'));
    const [first, second] = [Math.min(i, j), Math.max(i, j)];
    const name = (k: number) => lines[k].split(',')[1];
    expect(await failure(() => parseField538(text, 'f.csv', SEMIS))).toEqual({
      code: 'SLOT_INVALID',
      message: `f.csv:${second + 1}: team_seed: East seed 14 is held by '${name(first)}' (line ${first + 1}) and '${name(second)}'; two teams share a seed only as a play-in pair marked 14a and 14b`,
    });
    const noPartner = edit(/,11b,South,/, () => null);
    const k = noPartner.split('\n').findIndex((l) => /,11a,South,/.test(l));
    expect(await failure(() => parseField538(noPartner, 'f.csv', SEMIS))).toEqual({
      code: 'SLOT_INVALID',
      message: `f.csv:${k + 1}: team_seed: 'Vanderbilt' has seed 11a but no play-in partner in South`,
    });
  });

  it('a file that mixes forecast dates is refused, not read as duplicates', async () => {
    const text = [lines[0] + ',forecast_date', ...lines.slice(1).map((l) => l + ',2016-03-14'), lines[1] + ',2016-03-15'].join('\n');
    expect(await failure(() => parseField538(text, 'f.csv', SEMIS))).toEqual({
      code: 'FIELD_INVALID',
      message: "f.csv:70: forecast_date: the file mixes forecast_date '2016-03-14' and '2016-03-15'; keep the rows of one field only",
    });
  });

  it('an unclosed quote names the line where it opened', async () => {
    const text = edit(/^\d+,Kansas,/, (l) => l.replace('Kansas', '"Kansas'));
    expect(await failure(() => parseField538(text, 'f.csv', SEMIS))).toEqual({
      code: 'CSV_INVALID',
      message: 'f.csv:2: malformed CSV: a quote opened on this line is never closed',
    });
  });

  it('a missing rating and an empty file', async () => {
    const k = lineOf(/^\d+,Kansas,/);
    expect(
      await failure(() =>
        parseField538(
          edit(/^\d+,Kansas,/, (l) => l.replace(',94.46,', ',,')),
          'f.csv',
          SEMIS,
        ),
      ),
    ).toEqual({
      code: 'RATING_INVALID',
      message: `f.csv:${k + 1}: team_rating: rating is missing`,
    });
    expect(await failure(() => parseField538(lines[0] + '\n', 'f.csv', SEMIS))).toEqual({ code: 'SIZE_INVALID', message: 'f.csv:1: the file has no teams' });
  });
});

describe('results CSV', () => {
  it("reads rows with or without a header and appends them to the field's own results", async () => {
    const field = file('with-result.json', JSON.stringify({ ...ncaa2016, results: [{ winner: 'Wichita State', loser: 'Vanderbilt' }] }, null, 2));
    const results = file('r1.csv', 'Kansas,Austin Peay\n\nVillanova,North Carolina-Asheville\n');
    const spec = await loadField(field, { results });
    expect(spec.results.map((r) => [r.winner, r.loser, r.where?.file, r.where?.line])).toEqual([
      ['Wichita State', 'Vanderbilt', field, expect.any(Number)],
      ['Kansas', 'Austin Peay', results, 1],
      ['Villanova', 'North Carolina-Asheville', results, 3],
    ]);
    expect(() => compileBracket(spec)).not.toThrow();
  });

  it('works with a FiveThirtyEight field too', async () => {
    const spec = await loadField(FIXTURE_2016, { format: '538', semis: SEMIS, results: file('r2.csv', 'winner,loser\nMichigan,Tulsa\n') });
    expect(spec.results).toEqual([{ winner: 'Michigan', loser: 'Tulsa', where: { file: join(dir, 'r2.csv'), line: 2 } }]);
  });

  const cases: [string, string, string, string][] = [
    ['an unknown team', 'winner,loser\nKansas,Austin Peay\nKansas,Kansass\n', 'TEAM_UNKNOWN', "r.csv:3: loser: unknown team 'Kansass'"],
    ['an empty loser', 'Kansas,\n', 'FIELD_INVALID', 'r.csv:1: loser: loser is empty (rows are winner,loser)'],
    ['three values', 'Kansas,Austin Peay,78-64\n', 'CSV_INVALID', 'r.csv:1: a row is winner,loser: 2 values, not 3'],
  ];
  for (const [what, text, code, message] of cases) {
    it(what, async () => {
      const p = file('r.csv', text);
      expect(await failure(() => loadField(example('ncaa-2016.json'), { results: p }))).toEqual({ code, message: message.replace('r.csv', p) });
    });
  }
});
