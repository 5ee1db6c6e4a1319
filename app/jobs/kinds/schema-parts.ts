// Schema pieces every kind's job schema shares (TypeBox: JSON Schema that also gives the TypeScript type).
import { Type } from '@sinclair/typebox';

/** Most simulations one job may ask for. */
export const MAX_JOB_SIMS = 1e10;

/**
 * Default shard: 256 blocks (1,048,576 simulations, about 0.4 s on two cores for a 68-team field). In
 * bench/jobs.ts the queue and bookkeeping cost 40-65% of compute at 16 blocks and 7-14% at 64; from 128
 * blocks on it is inside the run-to-run noise of a 2-core VM, and 256 leaves margin. Smaller shards only
 * buy finer retries.
 */
export const DEFAULT_SHARD_BLOCKS = 256;

export const Sims = Type.Integer({ minimum: 1, maximum: MAX_JOB_SIMS, description: 'Simulations' });
export const SeedValue = Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.String({ minLength: 1, maxLength: 200 })], {
  description: 'Seed: a non-negative integer or a string (default 1)',
});
export const ShardBlocks = Type.Integer({
  minimum: 1,
  maximum: 100000,
  description: 'Blocks of 4,096 simulations per shard (the unit of work, retry and storage transaction)',
});
export const HotK = Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
  description: 'Hot ratings: after every simulated game both ratings move by K*(1-p)',
});
/** A section given as an object, validated by its own reader (a field, a season, a Calcutta). */
export const Section = (description: string) => Type.Object({}, { additionalProperties: true, description });
