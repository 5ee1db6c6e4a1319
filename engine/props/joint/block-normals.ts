// Standard normals of one block of the stream scheme (engine/random/stream-scheme.ts): xoshiro128**
// seeded by blockState(seed, block), Marsaglia's polar method on pairs of 32-bit uniforms. The generator
// is inlined with its state in locals because this is the hot loop of parlay pricing (the class form
// costs about 1.5x here, as bench/kernel.ts measured for the tournament kernel). A ziggurat was tried and
// measured no faster here (two 32-bit draws per normal against V8's fast log: 12-22 vs 12-19 ns a normal).
import type { Seed } from '../../../core/seed.js';
import { blockState } from '../../random/stream-scheme.js';

export const LEG_SIM_SCHEME = 'props-legs/xoshiro128ss+arc4seed/block4096/polar/v1';

/** Fills `out` with standard normals from block `block` of the run `seed` (same values on any thread). */
export function fillBlockNormals(seed: Seed, block: number, out: Float64Array, state: Uint32Array = new Uint32Array(4)): Float64Array {
  const st = blockState(seed, block, state);
  let s0 = st[0] | 0;
  let s1 = st[1] | 0;
  let s2 = st[2] | 0;
  let s3 = st[3] | 0;
  const U = 1 / 4294967296;
  const count = out.length;
  let i = 0;
  while (i < count) {
    let r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const v1 = 2 * ((r + 0.5) * U) - 1;
    r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const v2 = 2 * ((r + 0.5) * U) - 1;
    const q = v1 * v1 + v2 * v2;
    if (q >= 1 || q === 0) continue;
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    out[i++] = v1 * f;
    if (i < count) out[i++] = v2 * f;
  }
  return out;
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
