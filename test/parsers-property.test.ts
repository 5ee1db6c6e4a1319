// Property-based (fast-check): the parsers users feed (field JSON and FiveThirtyEight CSV, results CSV,
// games CSV in both formats, job specs, Calcutta documents) either return a value or throw a SimcastError
// with a registry code, for any text or JSON value, including mutations of valid inputs, NUL characters,
// absurd nesting and rows of the wrong width. Games parsers also account for every row: imported or
// reported. FC_SEED and FC_RUNS replay or widen a run.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SimcastError } from '../core/errors.js';
import { parseFieldJson, parseFieldObject } from '../engine/field/read-json.js';
import { parseField538 } from '../engine/field/read-538.js';
import { parseResultsCsv } from '../engine/field/read-results.js';
import { parseSpreadspoke } from '../engine/games/spreadspoke.js';
import { parseGenericGames } from '../engine/games/generic.js';
import { parseCalcuttaObject } from '../engine/calcutta/parse.js';
import { parseJobSpec } from '../app/jobs/parse.js';
import { compileSeason, type SeasonSpec } from '../engine/season/season.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const params = { numRuns: RUNS, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };
const text = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const example = (name: string) => JSON.parse(readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** Runs `f`; anything thrown must be a SimcastError with a registry code (never a TypeError, RangeError, ...). */
function onlyRegistryErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof SimcastError)) throw new Error(`threw ${String(e)} (not a SimcastError)`, { cause: e });
    expect(Object.keys(ERROR_CODES)).toContain(e.code);
    expect(e.message).not.toMatch(/\n\s+at /);
  }
}

// Leaves users write, with the edge cases that broke things before.
const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', '\u0000', 'A\u0000B', 'Kansas', 'South', 'BYE', '1e309', 'NaN', '__proto__', '😀'),
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, 2 ** 53 + 1, 1e12),
  fc.boolean(),
  fc.constant(null),
);
const jsonish = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('v'), { maxKeys: 4 })),
})).v;

/** A copy of `base` with the value at one path replaced by `by`, or that key dropped. */
function replaceAt(base: unknown, path: number[], by: unknown, drop: boolean): unknown {
  const copy = structuredClone(base);
  let node = copy as Record<string, unknown>;
  for (let d = 0; d < path.length; d++) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const k = keys[path[d] % keys.length];
    const child = node[k];
    if (d === path.length - 1 || child === null || typeof child !== 'object') {
      if (drop && !Array.isArray(node)) delete node[k];
      else node[k] = by;
      break;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}
const mutationOf = (base: unknown) =>
  fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), jsonish, fc.boolean()).map(([path, by, drop]) => replaceAt(base, path, by, drop));
const nestedText = fc.integer({ min: 1, max: 5000 }).map((d) => '['.repeat(d) + '"A"' + ']'.repeat(d));

describe('field readers', () => {
  const valid = example('ncaa-2016.json');
  it('JSON text: any text, a mutated valid field, or slots nested up to 5,000 deep', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (t) => onlyRegistryErrors(() => parseFieldJson(t, 'f.json'))),
      params,
    );
    fc.assert(
      fc.property(mutationOf(valid), (f) => onlyRegistryErrors(() => parseFieldJson(JSON.stringify(f, null, 1), 'f.json'))),
      params,
    );
    fc.assert(
      fc.property(nestedText, (deep) => {
        const t = JSON.stringify({ ...example('four-teams.json'), slots: ['DEEP'] }).replace('"DEEP"', deep);
        onlyRegistryErrors(() => parseFieldJson(t, 'f.json'));
      }),
      { ...params, numRuns: Math.min(RUNS, 100) },
    );
  });

  it('objects (HTTP bodies): any JSON value, or a mutated valid field', () => {
    fc.assert(
      fc.property(jsonish, (v) => onlyRegistryErrors(() => parseFieldObject(v, 'body.field'))),
      params,
    );
    fc.assert(
      fc.property(mutationOf(valid), (f) => onlyRegistryErrors(() => parseFieldObject(f, 'body.field'))),
      params,
    );
  });

  it('FiveThirtyEight CSV and results CSV: cells replaced, rows cut, NUL inserted', () => {
    const lines = text('ncaa-mens-2016-538.csv').split('\n');
    const csvEdit = fc.tuple(fc.nat(), fc.nat(), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('', '"', '\u0000', '1e309', '-5', 'x,y')), fc.nat(3));
    fc.assert(
      fc.property(csvEdit, ([row, col, cell, how]) => {
        const ls = [...lines];
        const i = 1 + (row % (ls.length - 1));
        const cells = ls[i].split(',');
        if (how === 0) ls[i] = cells.slice(0, col % cells.length).join(',');
        else {
          cells[col % cells.length] = cell;
          ls[i] = cells.join(',');
        }
        onlyRegistryErrors(() => parseField538(ls.join('\n'), 'f.csv', 'South-West,East-Midwest'));
      }),
      params,
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), { maxLength: 6 }), (rows) =>
        onlyRegistryErrors(() => parseResultsCsv(rows.map(([a, b]) => `${a},${b}`).join('\n'), 'r.csv')),
      ),
      params,
    );
  });
});

describe('games CSV', () => {
  const spread = text('nfl-games-spreadspoke.csv').split(/\r?\n/);
  const header = spread[0];
  const body = spread.slice(13_500, 13_560);
  const cell = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('', '48.', '-2.5', '"', '""', '\u0000', 'PICK', '1e309', 'x,y', '13/45/2024'));
  const edits = fc.array(fc.tuple(fc.nat(), fc.nat(), cell, fc.nat(4)), { maxLength: 6 });
  const apply = (rows: string[], es: [number, number, string, number][]) => {
    const out = [...rows];
    for (const [row, col, c, how] of es) {
      const i = row % out.length;
      const cells = out[i].split(',');
      if (how === 0)
        out[i] = cells.slice(0, col % cells.length).join(','); // cut short
      else if (how === 1)
        out[i] = `${out[i]},${c}`; // one too many
      else {
        cells[col % cells.length] = c;
        out[i] = cells.join(',');
      }
    }
    return out;
  };

  it('spreadspoke: every data row imported or reported as rejected; only registry errors', () => {
    fc.assert(
      fc.property(edits, (es) => {
        const rows = apply(body, es);
        try {
          const parsed = parseSpreadspoke([header, ...rows].join('\n'), 's.csv');
          expect(parsed.games.length + parsed.rejected.filter((r) => r.scope === 'row').length).toBe(parsed.rows);
          for (const g of parsed.games) expect(rows[g.line! - 2].split(',').length).toBe(header.split(',').length);
        } catch (e) {
          onlyRegistryErrors(() => {
            throw e;
          });
        }
      }),
      params,
    );
  });

  it('generic: every data row imported or reported; wrong widths never imported', () => {
    const gen = [
      'date,season,home,away,home_score,away_score,neutral,spread,total',
      '2025-01-05,2024,PIT,CIN,17,19,false,2.5,48.5',
      '2025-01-06,2024,KAN,DEN,38,0,false,-10,41',
    ];
    fc.assert(
      fc.property(edits, (es) => {
        const rows = apply(gen.slice(1), es);
        try {
          const parsed = parseGenericGames([gen[0], ...rows].join('\n'), 'g.csv');
          expect(parsed.games.length + parsed.rejected.filter((r) => r.scope === 'row').length).toBe(parsed.rows);
          for (const g of parsed.games) expect(rows[g.line! - 2].split(',').length).toBe(9);
        } catch (e) {
          onlyRegistryErrors(() => {
            throw e;
          });
        }
      }),
      params,
    );
  });
});

describe('job specs and Calcutta documents', () => {
  const jobs = ['job-tournament.json', 'job-season.json', 'job-calcutta.json', 'job-slate.json'].map(example);
  it('parseJobSpec: any JSON value, or a mutated example job (incl. 5,000-deep nesting)', () => {
    fc.assert(
      fc.property(jsonish, (v) => onlyRegistryErrors(() => parseJobSpec(v))),
      params,
    );
    fc.assert(
      fc.property(fc.constantFrom(...jobs).chain(mutationOf), (j) => onlyRegistryErrors(() => parseJobSpec(j))),
      params,
    );
    fc.assert(
      fc.property(nestedText, (deep) => onlyRegistryErrors(() => parseJobSpec({ ...jobs[0], field: JSON.parse(deep) as unknown }))),
      { ...params, numRuns: Math.min(RUNS, 100) },
    );
  });

  it("a season job's season section (free-form in the job schema) compiles or is refused with a code", () => {
    const season = jobs[1].season;
    fc.assert(
      fc.property(jsonish, (v) => onlyRegistryErrors(() => compileSeason(v as unknown as SeasonSpec))),
      params,
    );
    fc.assert(
      fc.property(mutationOf(season), (v) => onlyRegistryErrors(() => compileSeason(v as unknown as SeasonSpec))),
      params,
    );
  });

  it('parseCalcuttaObject: any JSON value, or a mutated example', () => {
    const tiny = example('calcutta-tiny.json');
    fc.assert(
      fc.property(jsonish, (v) => onlyRegistryErrors(() => parseCalcuttaObject(v, 'c.json'))),
      params,
    );
    fc.assert(
      fc.property(mutationOf(tiny), (c) => onlyRegistryErrors(() => parseCalcuttaObject(c, 'c.json'))),
      params,
    );
  });
});
