// Layouts the WebAssembly kernel did not keep, compiled by bench/kernel.ts at bench time (asc -O3) and
// measured beside it on the same tables, each with tallies identical to the JavaScript kernel's:
//   streams4: four lanes interleaved in scalar code (four generator states in locals, no SIMD);
//   bytes1:   one lane with node values as bytes (team index) and input node indices as u16,
//             the smallest types, against the kernel's one-lane fixed1 (u32 team * 4).

@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

@inline function bump(p: usize): void {
  store<u32>(p, load<u32>(p) + 1);
}

/** Node arrays 4 lanes wide (stride 16) holding team * 4; states: lane j's four words at st + 16j. */
export function streams4(T: i32, F: i32, thr: usize, freeA: usize, freeB: usize, node: usize, outOff: usize, local: usize, st: usize, sims: i32): void {
  let a0 = load<u32>(st), a1 = load<u32>(st, 4), a2 = load<u32>(st, 8), a3 = load<u32>(st, 12);
  let b0 = load<u32>(st, 16), b1 = load<u32>(st, 20), b2 = load<u32>(st, 24), b3 = load<u32>(st, 28);
  let c0 = load<u32>(st, 32), c1 = load<u32>(st, 36), c2 = load<u32>(st, 40), c3 = load<u32>(st, 44);
  let d0 = load<u32>(st, 48), d1 = load<u32>(st, 52), d2 = load<u32>(st, 56), d3 = load<u32>(st, 60);
  const rowBytes = <usize>T << 2;
  const end = <usize>F << 2;
  for (let s = 0; s < sims; s++) {
    let o = node + outOff;
    let c = local;
    for (let i: usize = 0; i < end; i += 4) {
      const pa = node + <usize>load<u32>(freeA + i);
      const pb = node + <usize>load<u32>(freeB + i);
      const xa = load<u32>(pa), ya = load<u32>(pb);
      const xb = load<u32>(pa, 4), yb = load<u32>(pb, 4);
      const xc = load<u32>(pa, 8), yc = load<u32>(pb, 8);
      const xd = load<u32>(pa, 12), yd = load<u32>(pb, 12);
      const ua = rotl(a1 * 5, 7) * 9;
      const ta = a1 << 9;
      a2 ^= a0; a3 ^= a1; a1 ^= a2; a0 ^= a3; a2 ^= ta; a3 = rotl(a3, 11);
      const ub = rotl(b1 * 5, 7) * 9;
      const tb = b1 << 9;
      b2 ^= b0; b3 ^= b1; b1 ^= b2; b0 ^= b3; b2 ^= tb; b3 = rotl(b3, 11);
      const uc = rotl(c1 * 5, 7) * 9;
      const tc = c1 << 9;
      c2 ^= c0; c3 ^= c1; c1 ^= c2; c0 ^= c3; c2 ^= tc; c3 = rotl(c3, 11);
      const ud = rotl(d1 * 5, 7) * 9;
      const td = d1 << 9;
      d2 ^= d0; d3 ^= d1; d1 ^= d2; d0 ^= d3; d2 ^= td; d3 = rotl(d3, 11);
      const wa = ua < load<u32>(thr + <usize>(xa * <u32>T + ya)) ? xa : ya;
      const wb = ub < load<u32>(thr + <usize>(xb * <u32>T + yb)) ? xb : yb;
      const wc = uc < load<u32>(thr + <usize>(xc * <u32>T + yc)) ? xc : yc;
      const wd = ud < load<u32>(thr + <usize>(xd * <u32>T + yd)) ? xd : yd;
      store<u32>(o, wa);
      store<u32>(o, wb, 4);
      store<u32>(o, wc, 8);
      store<u32>(o, wd, 12);
      o += 16;
      bump(c + <usize>wa);
      bump(c + <usize>wb);
      bump(c + <usize>wc);
      bump(c + <usize>wd);
      c += rowBytes;
    }
  }
  store<u32>(st, a0); store<u32>(st, a1, 4); store<u32>(st, a2, 8); store<u32>(st, a3, 12);
  store<u32>(st, b0, 16); store<u32>(st, b1, 20); store<u32>(st, b2, 24); store<u32>(st, b3, 28);
  store<u32>(st, c0, 32); store<u32>(st, c1, 36); store<u32>(st, c2, 40); store<u32>(st, c3, 44);
  store<u32>(st, d0, 48); store<u32>(st, d1, 52); store<u32>(st, d2, 56); store<u32>(st, d3, 60);
}

/** One lane, node values u8 (team index), free-game inputs u16 node indices; thresholds u32 at thr + 4(xT + y). */
export function bytes1(T: i32, F: i32, thr: usize, freeA: usize, freeB: usize, node: usize, out0: usize, local: usize, st: usize, sims: i32): void {
  let s0 = load<u32>(st), s1 = load<u32>(st, 4), s2 = load<u32>(st, 8), s3 = load<u32>(st, 12);
  const rowBytes = <usize>T << 2;
  const end = <usize>F << 1;
  for (let s = 0; s < sims; s++) {
    let o = node + out0;
    let c = local;
    for (let i: usize = 0; i < end; i += 2) {
      const x = <u32>load<u8>(node + <usize>load<u16>(freeA + i));
      const y = <u32>load<u8>(node + <usize>load<u16>(freeB + i));
      const u = rotl(s1 * 5, 7) * 9;
      const t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
      const w = u < load<u32>(thr + (<usize>(x * <u32>T + y) << 2)) ? x : y;
      store<u8>(o, <u8>w);
      o += 1;
      bump(c + (<usize>w << 2));
      c += rowBytes;
    }
  }
  store<u32>(st, s0); store<u32>(st, s1, 4); store<u32>(st, s2, 8); store<u32>(st, s3, 12);
}
