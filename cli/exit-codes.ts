// The CLI's exit codes (docs/errors.md): 0 done; 1 a bug (logged with an id); 2 bad input, a cap or a
// state that forbids the command; 3 the infrastructure failed (database unreachable, a run that could
// not be written: retry or --resume); 130 cancelled (Ctrl-C).
import type { ErrorKind } from '../core/errors.js';

const EXIT = { ok: 0, internal: 1, input: 2, infrastructure: 3, cancelled: 130 } as const;

export function exitCodeOf(kind: ErrorKind): number {
  if (kind === 'cancelled') return EXIT.cancelled;
  if (kind === 'infrastructure') return EXIT.infrastructure;
  if (kind === 'internal') return EXIT.internal;
  return EXIT.input;
}
