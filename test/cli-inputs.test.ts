// The CLI given hostile files (issue 13, items 6 and 8): exit 2 with one line naming file, line and what is
// wrong (before: exit 1 "internal error", or a truncated row imported); nothing is stored.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simcast } from './helpers/cli.js';
import { embeddedDataDir, tempDir } from './helpers/temp.js';

const EMBEDDED = { DATABASE_URL: '' };
const tmp = tempDir('simcast-inputs-');
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const deep = (depth: number) => '['.repeat(depth) + '"A"' + ']'.repeat(depth);
const fieldText = (slots: string, names = ['"A"', '"B"']) =>
  `{\n  "name": "f",\n  "teams": [\n    { "name": ${names[0]}, "rating": 80 },\n    { "name": ${names[1]}, "rating": 75 }\n  ],\n  "slots": ${slots}\n}\n`;

/** One line on stderr, `simcast: CODE: ...`, and exit 2. */
function expectRefused(r: { code: number | null; stdout: string; stderr: string }, code: string, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(new RegExp(`^simcast: ${code}: `));
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|RangeError/);
}

describe('simcast with hostile input files', () => {
  it('a field whose slots are nested 20,000 deep: exit 2 FIELD_INVALID naming the file and line', () => {
    const f = file('deep-field.json', fieldText(`[${deep(20_000)}, "B"]`));
    const r = simcast(['tournament', '--field', f, '--exact', '--model', '538']);
    expectRefused(r, 'FIELD_INVALID', new RegExp(`${f}:7: is nested more than 64 levels deep`));
  });

  it('a NUL in a team name (escaped or raw) in a field file: exit 2', () => {
    const escaped = file('nul-field.json', fieldText('["A\\u0000x", "B"]', ['"A\\u0000x"', '"B"']));
    expectRefused(simcast(['tournament', '--field', escaped, '--exact']), 'FIELD_INVALID', new RegExp(`${escaped}:4: contains a NUL character`));
    const csv = readFileSync(new URL('./fixtures/ncaa-mens-2016-538.csv', import.meta.url), 'utf8').split('\n');
    csv[3] = csv[3].replace(/,([A-Za-z])/, ',\u0000$1');
    const raw = file('nul-538.csv', csv.join('\n'));
    expectRefused(
      simcast(['tournament', '--field', raw, '--format', '538', '--semis', 'South-West,East-Midwest', '--exact']),
      'CSV_INVALID',
      new RegExp(`${raw}:4: contains a NUL character`),
    );
  });

  it('a job nested 20,000 deep, with a NUL, or over the simulation cap: exit 2 and nothing stored', () => {
    const d = embeddedDataDir();
    const job = (extra: string) => `{ "kind": "tournament", "seed": 1, ${extra} }`;
    const deepJob = file('deep-job.json', job(`"sims": 1000, "field": ${fieldText(`[${deep(20_000)}, "B"]`)}`));
    expectRefused(simcast(['run', deepJob, '--data-dir', d], EMBEDDED), 'JOB_INVALID', new RegExp(`${deepJob}:\\d+: is nested more than 64 levels deep`));
    const nulJob = file('nul-job.json', job(`"sims": 1000, "field": ${fieldText('["A\\u0000", "B"]', ['"A\\u0000"', '"B"'])}`));
    expectRefused(simcast(['run', nulJob, '--data-dir', d], EMBEDDED), 'JOB_INVALID', /contains a NUL character/);
    const bigJob = file('big-job.json', job(`"sims": 1e12, "field": ${fieldText('["A", "B"]')}`));
    expectRefused(simcast(['run', bigJob, '--data-dir', d], EMBEDDED), 'LIMIT_EXCEEDED', /sims must be at most 10,000,000,000/);
    const list = simcast(['runs', 'list', '--json', '--data-dir', d], EMBEDDED);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('ingest games: a row cut after `48.` is reported as rejected with its line, never imported', () => {
    const d = embeddedDataDir();
    const lines = readFileSync(new URL('./fixtures/nfl-games-spreadspoke.csv', import.meta.url), 'utf8').split(/\r?\n/);
    const good = lines.find((l) => l.startsWith('1/5/2025,2024,18,FALSE,Pittsburgh Steelers'))!;
    const cut = good.slice(0, good.indexOf('48.5') + 3);
    const f = file('cut.csv', [lines[0], lines[1], cut, ''].join('\n'));
    const r = simcast(['ingest', 'games', '--format', 'spreadspoke', f, '--json', '--data-dir', d], EMBEDDED);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: number; games: number; rejected: { line: number; reason: string }[] };
    expect(out).toMatchObject({ rows: 2, games: 1, inserted: 1 });
    expect(out.rejected).toEqual([expect.objectContaining({ line: 3, reason: expect.stringMatching(/11 columns where the header has 17/) })]);
  });
});
