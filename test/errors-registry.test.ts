import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FieldError, OptionError, SimcastError, type ErrorCode } from '../core/errors.js';
import { exitCodeOf } from '../cli/exit-codes.js';
import { HTTP_STATUS } from '../server/http-status.js';

describe('error registry', () => {
  it('documents every code in docs/errors.md with its HTTP status and CLI exit code, and nothing else', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    const documented = new Map([...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (\d+) \|/gm)].map((m) => [m[1], [Number(m[2]), Number(m[3])]]));
    for (const [code, { kind }] of Object.entries(ERROR_CODES)) {
      expect(documented.get(code), `docs/errors.md lacks ${code}`).toEqual([HTTP_STATUS[code as ErrorCode], exitCodeOf(kind)]);
    }
    expect([...documented.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('formats file, line and field into one line, and serialises as { error: { code, message } }', () => {
    const e = new FieldError('RATING_INVALID', "rating must be a finite number (got 'abc')", {
      location: { file: 'field.csv', line: 12, field: 'team_rating' },
    });
    expect(e.message).toBe("field.csv:12: team_rating: rating must be a finite number (got 'abc')");
    expect(e.kind).toBe('input');
    expect(e.toJSON()).toEqual({ error: { code: 'RATING_INVALID', message: e.message } });
    expect(new OptionError('options.threads must be a positive integer')).toBeInstanceOf(SimcastError);
    expect(new OptionError('x').code).toBe('OPTION_INVALID');
  });
});
