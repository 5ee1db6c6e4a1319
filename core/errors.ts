// The one error registry (after fastify's lib/errors.js): every code a user can cause, its kind and a
// one-line summary. docs/errors.md lists the same codes; test/errors-registry.test.ts holds the two
// together so no code goes undocumented.

/**
 * What kind of problem a code is, which each interface turns into its own answer (server/http-status.ts,
 * cli/exit-codes.ts): the user's input, a cap, a credential, something absent, a state that forbids the
 * request, the infrastructure (database, disk), a cancellation, or a bug.
 */
export type ErrorKind = 'input' | 'limit' | 'auth' | 'missing' | 'conflict' | 'infrastructure' | 'cancelled' | 'internal';

export const ERROR_CODES = {
  OPTION_INVALID: { kind: 'input', summary: 'A command-line option or request parameter is missing or out of range.' },
  SEED_INVALID: { kind: 'input', summary: 'The seed is not a non-negative integer or a non-empty string.' },
  FILE_UNREADABLE: { kind: 'input', summary: 'An input file does not exist or cannot be read.' },
  FIELD_INVALID: { kind: 'input', summary: 'The tournament field is malformed (shape, size, region order, semifinal pairing).' },
  TEAM_UNKNOWN: { kind: 'input', summary: 'A team named in the input is not in the field or league.' },
  TEAM_DUPLICATE: { kind: 'input', summary: 'A team appears twice in the field.' },
  SLOT_INVALID: { kind: 'input', summary: 'A bracket slot has no team, or more than a play-in pair.' },
  SEED_NUMBER_INVALID: { kind: 'input', summary: "A team seed is missing, not a positive integer, or not in the region's seed order." },
  RATING_INVALID: { kind: 'input', summary: 'A team rating is missing or not a finite number.' },
  SIZE_INVALID: { kind: 'input', summary: 'The bracket size is not a power of two.' },
  RESULT_INVALID: { kind: 'input', summary: 'A decided game cannot be placed in the bracket (teams cannot meet, or earlier games undecided).' },
  MODEL_INVALID: { kind: 'input', summary: 'A pluggable model (win probability, scoring, generator) failed its verification.' },
  MODEL_MISMATCH: {
    kind: 'input',
    summary: "The model does not fit the input: the ratings are on another scale than the model's, or the games are of another league than asked.",
  },
  CSV_INVALID: { kind: 'input', summary: 'A CSV input has a malformed row or header.' },
  TRAVEL_INVALID: {
    kind: 'input',
    summary: 'Game sites or team locations are malformed, name an unknown region or group of games, or miss a game of the field or one of its teams.',
  },
  CALCUTTA_INVALID: { kind: 'input', summary: 'A Calcutta input is malformed (shape, scoring, budget or bid constraints).' },
  PAYOUTS_INVALID: { kind: 'input', summary: 'Calcutta payouts are negative, do not sum to 1, or pay more places than there are entries.' },
  BID_INVALID: { kind: 'input', summary: "A Calcutta bid is negative, not a number, or exceeds its entry's budget." },
  POOL_INVALID: { kind: 'input', summary: 'A bracket-pool input is malformed (pick shares, entries, scoring, payouts, locks, or an undecided play-in game).' },
  PLAYER_UNKNOWN: { kind: 'input', summary: 'A player named in a leg or row is not in the history (after names are normalised and aliases applied).' },
  LEG_INVALID: { kind: 'input', summary: 'A prop leg is malformed: a stat the model lacks, a side other than over/under, a line that is not a number.' },
  SLIP_INVALID: { kind: 'input', summary: 'A slip is malformed: no legs, legs from two leagues, a stake or payout out of range.' },
  LIMIT_EXCEEDED: { kind: 'limit', summary: 'A request exceeds a configured cap (slate size, simulations, body size).' },
  RATE_LIMITED: { kind: 'limit', summary: 'Too many requests from this client; retry after the given time.' },
  UNAUTHORIZED: { kind: 'auth', summary: 'A write route needs the API key as a bearer token.' },
  NOT_FOUND: { kind: 'missing', summary: 'The run, job, team or route does not exist.' },
  CONFLICT: { kind: 'conflict', summary: 'The resource is in a state that forbids the request (run already complete, job finished).' },
  DATABASE_UNREACHABLE: { kind: 'infrastructure', summary: 'The database cannot be reached.' },
  SHUTTING_DOWN: { kind: 'infrastructure', summary: 'The server is shutting down: requests in flight are answered, new ones are refused.' },
  DATABASE_LOCKED: { kind: 'conflict', summary: 'The embedded database folder is in use by another process (it has one owner at a time).' },
  MIGRATION_HELD: { kind: 'conflict', summary: "The database was migrated down on purpose; 'simcast migrate up' lifts the hold before other commands use it." },
  MIGRATION_CHECKSUM: { kind: 'infrastructure', summary: 'An applied migration file has changed since it was applied.' },
  RUN_FAILED: { kind: 'infrastructure', summary: 'A simulation run failed; it can be resumed.' },
  JOB_INVALID: { kind: 'input', summary: 'A job description is malformed (kind, simulations, seed, field or season).' },
  CANCELLED: { kind: 'cancelled', summary: 'The run or job was cancelled.' },
  BODY_INVALID: { kind: 'input', summary: 'The request body is not valid JSON, is empty, or has an unsupported content type.' },
  INTERNAL: { kind: 'internal', summary: 'An unexpected failure; the answer carries only an id, the log has the stack.' },
  SNAPSHOT_LOCKED: { kind: 'conflict', summary: 'The snapshot is locked: nothing in it (its prices, config or lock) can change.' },
  USER_SUSPENDED: { kind: 'auth', summary: "The API key is a suspended user's: its requests are refused until the user is active again." },
} as const satisfies Record<string, { kind: ErrorKind; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where in the user's input the problem is: file, 1-based line (row), field name. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class SimcastError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly location: ErrorLocation | undefined;

  constructor(code: ErrorCode, message: string, options: { location?: ErrorLocation; cause?: unknown } = {}) {
    super(formatMessage(message, options.location), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = ERROR_CODES[code].kind;
    this.location = options.location;
  }

  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Bad tournament fields and results (file, row, field in the message). */
export class FieldError extends SimcastError {}
/** Bad options: messages of the form `options.threads must be a positive integer`. */
export class OptionError extends SimcastError {
  constructor(message: string, options: { location?: ErrorLocation; cause?: unknown } = {}) {
    super('OPTION_INVALID', message, options);
  }
}
/** Bad CSV or JSON input files other than fields. */
export class InputError extends SimcastError {}
/** Database and storage errors a user can act on. */
export class StoreError extends SimcastError {}
/** HTTP-only errors (limits, auth, not found). */
export class RequestError extends SimcastError {}
/** A run or job stopped by the user. */
export class CancelledError extends SimcastError {
  constructor(message = 'cancelled') {
    super('CANCELLED', message);
  }
}

function formatMessage(message: string, loc: ErrorLocation | undefined): string {
  if (!loc) return message;
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.file);
  else if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.field !== undefined) parts.push(loc.field);
  return parts.length > 0 ? `${parts.join(': ')}: ${message}` : message;
}

export function isSimcastError(e: unknown): e is SimcastError {
  return e instanceof SimcastError;
}
