// A batch job as users submit it (CLI `simcast run JOB.json`, POST /v1/jobs): validated where it enters,
// with messages of the form `job.sims must be ...`.
import { Ajv } from 'ajv';
import { SimcastError } from '../engine/errors.js';
import { parseSeed, type Seed } from '../engine/random/stream-scheme.js';

export type JobKind = 'tournament' | 'season';

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

export type JobSpec = TournamentJobSpec | SeasonJobSpec;

export const MAX_JOB_SIMS = 1e10;
/** Default shard: 64 blocks (262,144 simulations, about 0.15 s of one core for a 68-team field). */
export const DEFAULT_SHARD_BLOCKS = 64;

const schema = {
  type: 'object',
  required: ['kind', 'sims'],
  properties: {
    kind: { enum: ['tournament', 'season'] },
    sims: { type: 'integer', minimum: 1, maximum: MAX_JOB_SIMS },
    seed: { type: ['integer', 'string'] },
    field: { type: 'object' },
    season: { type: 'object' },
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
    { if: { properties: { kind: { const: 'tournament' } } }, then: { required: ['field'], not: { required: ['season'] } } },
    { if: { properties: { kind: { const: 'season' } } }, then: { required: ['season'], not: { anyOf: [{ required: ['field'] }, { required: ['model'] }, { required: ['persist'] }] } } },
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
            ? 'is a season job: it takes "season" and no "field", "model" or "persist"'
            : 'is a tournament job: it takes "field" and no "season"'
          : (e.message ?? 'is invalid');
    throw new SimcastError('JOB_INVALID', `${where} ${detail}`);
  }
  const spec = raw as unknown as JobSpec;
  return { ...spec, seed: parseSeed(spec.seed ?? 1, `${source}.seed`) };
}
