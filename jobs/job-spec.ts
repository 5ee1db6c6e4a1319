// A batch job as users submit it (CLI `simcast run JOB.json`, POST /v1/jobs): validated where it enters,
// with messages of the form `job.sims must be ...`.
import { Ajv } from 'ajv';
import { SimcastError } from '../core/errors.js';
import { parseSeed, type Seed } from '../core/seed.js';

export type JobKind = 'tournament' | 'season' | 'slate' | 'calcutta';

export interface TournamentJobSpec {
  kind: 'tournament';
  /** A field in the native JSON format (docs/field-format.md). */
  field: Record<string, unknown>;
  sims: number;
  seed: Seed;
  model?: { name: '538' | 'elo' | 'normal'; sigma?: number };
  hot?: number | null;
  /** aggregates: runs + silver tables; rows adds one bronze row per team per simulation. */
  persist?: 'aggregates' | 'rows';
  /** Blocks of 4096 simulations per shard (the unit of work, retry and storage transaction). */
  shardBlocks?: number;
}

export interface SeasonJobSpec {
  kind: 'season';
  season: Record<string, unknown>;
  sims: number;
  seed: Seed;
  hot?: number | null;
  shardBlocks?: number;
}

export interface SlateJobSpec {
  kind: 'slate';
  /** League, games (ratings or expected margins, lines) and the margin model: see jobs/kinds/slate.ts. */
  slate: Record<string, unknown>;
  sims: number;
  seed: Seed;
  shardBlocks?: number;
}

export interface CalcuttaJobSpec {
  kind: 'calcutta';
  /** A Calcutta as docs/calcutta.md describes, with the field inline. Runs as one shard. */
  calcutta: Record<string, unknown>;
  sims: number;
  seed: Seed;
}

export type JobSpec = TournamentJobSpec | SeasonJobSpec | SlateJobSpec | CalcuttaJobSpec;

export const MAX_JOB_SIMS = 1e10;
/**
 * Default shard: 256 blocks (1,048,576 simulations, about 0.4 s on two cores for a 68-team field). In
 * bench/jobs.ts the queue and bookkeeping cost 40-65% of compute at 16 blocks and 7-14% at 64; from 128
 * blocks on it is inside the run-to-run noise of a 2-core VM, and 256 leaves margin. Smaller shards only
 * buy finer retries.
 */
export const DEFAULT_SHARD_BLOCKS = 256;

const schema = {
  type: 'object',
  required: ['kind', 'sims'],
  properties: {
    kind: { enum: ['tournament', 'season', 'slate', 'calcutta'] },
    sims: { type: 'integer', minimum: 1, maximum: MAX_JOB_SIMS },
    seed: { type: ['integer', 'string'] },
    field: { type: 'object' },
    season: { type: 'object' },
    calcutta: { type: 'object' },
    slate: {
      type: 'object',
      required: ['league', 'games'],
      properties: {
        league: { type: 'string', minLength: 1 },
        games: {
          type: 'array',
          minItems: 1,
          maxItems: 1000,
          items: {
            type: 'object',
            required: ['home', 'away'],
            properties: {
              home: { type: 'string', minLength: 1 },
              away: { type: 'string', minLength: 1 },
              neutral: { type: 'boolean' },
              homeRating: { type: 'number' },
              awayRating: { type: 'number' },
              expectedMargin: { type: 'number', minimum: -100, maximum: 100 },
              expectedTotal: { type: 'number', minimum: 0, maximum: 500 },
              spread: { type: ['number', 'null'], minimum: -100, maximum: 100 },
              total: { type: ['number', 'null'], minimum: 0, maximum: 500 },
            },
            additionalProperties: false,
          },
        },
        homeAdvantage: { type: 'number' },
        eloPerPoint: { type: 'number', exclusiveMinimum: 0 },
        marginSd: { type: 'number', exclusiveMinimum: 0 },
        totalSd: { type: 'number', exclusiveMinimum: 0 },
        defaultTotal: { type: 'number', minimum: 0 },
      },
      additionalProperties: false,
    },
    model: {
      type: 'object',
      required: ['name'],
      properties: { name: { enum: ['538', 'elo', 'normal'] }, sigma: { type: 'number', exclusiveMinimum: 0 } },
      additionalProperties: false,
    },
    hot: { type: ['number', 'null'], minimum: 0 },
    persist: { enum: ['aggregates', 'rows'] },
    shardBlocks: { type: 'integer', minimum: 1, maximum: 100000 },
  },
  additionalProperties: false,
  allOf: [
    { if: { properties: { kind: { const: 'tournament' } } }, then: { required: ['field'], not: { anyOf: [{ required: ['season'] }, { required: ['calcutta'] }] } } },
    { if: { properties: { kind: { const: 'season' } } }, then: { required: ['season'], not: { anyOf: [{ required: ['field'] }, { required: ['model'] }, { required: ['persist'] }, { required: ['calcutta'] }] } } },
    { if: { properties: { kind: { const: 'slate' } } }, then: { required: ['slate'], not: { anyOf: [{ required: ['field'] }, { required: ['season'] }, { required: ['model'] }, { required: ['persist'] }, { required: ['hot'] }, { required: ['calcutta'] }] } } },
    {
      if: { properties: { kind: { const: 'calcutta' } } },
      then: { required: ['calcutta'], not: { anyOf: ['field', 'season', 'slate', 'model', 'persist', 'hot', 'shardBlocks'].map((k) => ({ required: [k] })) } },
    },
  ],
} as const;

const ajv = new Ajv({ allErrors: false, strict: false });
const validate = ajv.compile(schema);

export function parseJobSpec(raw: unknown, source = 'job'): JobSpec {
  if (!validate(raw)) {
    const e = validate.errors![0];
    const where = `${source}${e.instancePath.replace(/\//g, '.')}`;
    const detail =
      e.keyword === 'additionalProperties'
        ? `has an unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`
        : e.keyword === 'if' || e.keyword === 'not'
          ? (raw as { kind?: string }).kind === 'season'
            ? 'is a season job: it takes "season" and no "field", "model", "persist" or "calcutta"'
            : (raw as { kind?: string }).kind === 'slate'
              ? 'is a slate job: it takes "slate" and no "field", "season", "model", "persist", "hot" or "calcutta"'
              : (raw as { kind?: string }).kind === 'calcutta'
                ? 'is a Calcutta job: it takes "calcutta" (field inline) and no "field", "season", "slate", "model", "persist", "hot" or "shardBlocks"'
                : 'is a tournament job: it takes "field" and no "season" or "calcutta"'
          : (e.message ?? 'is invalid');
    throw new SimcastError('JOB_INVALID', `${where} ${detail}`);
  }
  const spec = raw as unknown as JobSpec;
  return { ...spec, seed: parseSeed(spec.seed ?? 1, `${source}.seed`) };
}
