// Standard normals of one block of the stream scheme (engine/random/stream-scheme.ts): block b's
// xoshiro128** state from blockState(seed, b), drawn by engine/random/draws.ts.
import type { Seed } from '../../../core/seed.js';
import { fillDraws } from '../../random/draws.js';
import { blockState } from '../../random/stream-scheme.js';

export const LEG_SIM_SCHEME = 'props-legs/xoshiro128ss+arc4seed/block4096/polar/v1';

/** Fills `out` with standard normals from block `block` of the run `seed` (same values on any thread). */
export function fillBlockNormals(seed: Seed, block: number, out: Float64Array, state: Uint32Array = new Uint32Array(4)): Float64Array {
  return fillDraws(blockState(seed, block, state), out, 'normal');
}

/**
 * A cache of block normals the caller owns (the engine keeps none): a service pricing many slips with
 * one seed draws each block's normals once. Keyed by seed, block and count; at most `max` entries.
 */
export class BlockNormalsCache {
  private readonly map = new Map<string, Float64Array>();

  constructor(private readonly max = 64) {}

  get(seed: Seed, block: number, count: number): Float64Array {
    const key = `${typeof seed}|${seed}|${block}|${count}`;
    let v = this.map.get(key);
    if (!v) {
      if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
      v = fillBlockNormals(seed, block, new Float64Array(count));
      this.map.set(key, v);
    }
    return v;
  }
}
