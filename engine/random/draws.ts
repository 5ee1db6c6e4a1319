// Uniforms in (0, 1) and standard normals from one xoshiro128** state (a block of the stream scheme):
// the game Monte Carlo and the props' joint simulation both draw here. The generator is inlined with its
// state in locals because this is their hot loop (the class form costs about 1.5x, as bench/kernel.ts
// measured for the tournament kernel); normals by Marsaglia's polar method on pairs of uniforms (a
// ziggurat measured no faster here: 12-22 against 12-19 ns a normal).

/** Fills `out` from the generator whose state is `st` (not changed): uniforms, or standard normals. */
export function fillDraws(st: Uint32Array, out: Float64Array, what: 'uniform' | 'normal'): Float64Array {
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
    const u1 = (r + 0.5) * U;
    r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const u2 = (r + 0.5) * U;
    if (what === 'uniform') {
      out[i++] = u1;
      if (i < count) out[i++] = u2;
      continue;
    }
    const v1 = 2 * u1 - 1;
    const v2 = 2 * u2 - 1;
    const q = v1 * v1 + v2 * v2;
    if (q >= 1 || q === 0) continue;
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    out[i++] = v1 * f;
    if (i < count) out[i++] = v2 * f;
  }
  return out;
}
