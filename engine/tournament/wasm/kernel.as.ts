// The tournament kernel in AssemblyScript, compiled to WebAssembly at build time (compile.mjs). The
// TypeScript host (../kernel-wasm.ts) owns the memory layout; every pointer here is a byte offset into
// linear memory. It computes exactly what ../kernel.ts computes (the tests compare them bit for bit):
//   - node values are team * 4 (a byte offset): thresholds at thr + x * T + y, tallies at local + c + w;
//   - node arrays hold L lanes side by side (node i of lane j at node + i * 4L + 4j), so one address
//     serves all lanes and four lanes load as one v128;
//   - lanes are independent stretches of simulations, each with its own xoshiro128** state (the host
//     jumps each lane's state to the draw its first simulation starts at);
//   - thresholds are unsigned: A wins iff u < thr (the JS kernel's signed form shifted back).

// ---- xoshiro128**, four lanes in one v128 ------------------------------------------------------

@inline function rotlv(x: v128, k: i32): v128 {
  return v128.or(i32x4.shl(x, k), i32x4.shr_u(x, 32 - k));
}

@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

@inline function bump(p: usize): void {
  store<u32>(p, load<u32>(p) + 1);
}

@inline function bumpByte(p: usize): void {
  store<u8>(p, load<u8>(p) + 1);
}

/** Thresholds of the four lanes' games (x, y: team * 4), gathered lane by lane. */
@inline function gather(thr: usize, x: v128, y: v128, Tv: v128): v128 {
  const idx = i32x4.add(i32x4.mul(x, Tv), y);
  let th = i32x4.splat(load<u32>(thr + <usize>i32x4.extract_lane(idx, 0)));
  th = v128.load32_lane(thr + <usize>i32x4.extract_lane(idx, 1), th, 1);
  th = v128.load32_lane(thr + <usize>i32x4.extract_lane(idx, 2), th, 2);
  th = v128.load32_lane(thr + <usize>i32x4.extract_lane(idx, 3), th, 3);
  return th;
}

/**
 * Fixed ratings, 4 lanes (one v128 of generator state), `sims` simulations per lane. States at st:
 * s0 of the four lanes, then s1, s2, s3 (64 bytes). rows = 0: no rows; else lane j writes its rows at
 * rows + j * laneRows, T bytes a simulation.
 */
export function fixed4(T: i32, F: i32, thr: usize, freeA: usize, freeB: usize, node: usize, outOff: usize, local: usize, st: usize, sims: i32, rows: usize, laneRows: usize): void {
  let s0 = v128.load(st), s1 = v128.load(st, 16), s2 = v128.load(st, 32), s3 = v128.load(st, 48);
  const five = i32x4.splat(5), nine = i32x4.splat(9), Tv = i32x4.splat(T);
  const rowBytes = <usize>T << 2;
  const end = <usize>F << 2;
  let rp = i32x4(<i32>rows, <i32>(rows + laneRows), <i32>(rows + 2 * laneRows), <i32>(rows + 3 * laneRows));
  const Tstep = i32x4.splat(T);
  for (let s = 0; s < sims; s++) {
    let o = node + outOff;
    let c = local;
    for (let i: usize = 0; i < end; i += 4) {
      const x = v128.load(node + <usize>load<u32>(freeA + i));
      const y = v128.load(node + <usize>load<u32>(freeB + i));
      const u = i32x4.mul(rotlv(i32x4.mul(s1, five), 7), nine);
      const t = i32x4.shl(s1, 9);
      s2 = v128.xor(s2, s0);
      s3 = v128.xor(s3, s1);
      s1 = v128.xor(s1, s2);
      s0 = v128.xor(s0, s3);
      s2 = v128.xor(s2, t);
      s3 = rotlv(s3, 11);
      const w = v128.bitselect(x, y, i32x4.lt_u(u, gather(thr, x, y, Tv)));
      v128.store(o, w);
      o += 16;
      bump(c + <usize>i32x4.extract_lane(w, 0));
      bump(c + <usize>i32x4.extract_lane(w, 1));
      bump(c + <usize>i32x4.extract_lane(w, 2));
      bump(c + <usize>i32x4.extract_lane(w, 3));
      if (rows != 0) {
        const r = i32x4.add(rp, i32x4.shr_u(w, 2));
        bumpByte(<usize>i32x4.extract_lane(r, 0));
        bumpByte(<usize>i32x4.extract_lane(r, 1));
        bumpByte(<usize>i32x4.extract_lane(r, 2));
        bumpByte(<usize>i32x4.extract_lane(r, 3));
      }
      c += rowBytes;
    }
    rp = i32x4.add(rp, Tstep);
  }
  v128.store(st, s0);
  v128.store(st, s1, 16);
  v128.store(st, s2, 32);
  v128.store(st, s3, 48);
}

/**
 * Fixed ratings, 8 lanes (two v128 of generator state: lanes 0-3 at st, lanes 4-7 at st + 64); node
 * arrays 8 lanes wide. Two independent groups in flight hide each other's latencies.
 */
export function fixed8(T: i32, F: i32, thr: usize, freeA: usize, freeB: usize, node: usize, outOff: usize, local: usize, st: usize, sims: i32, rows: usize, laneRows: usize): void {
  let s0 = v128.load(st), s1 = v128.load(st, 16), s2 = v128.load(st, 32), s3 = v128.load(st, 48);
  let r0 = v128.load(st, 64), r1 = v128.load(st, 80), r2 = v128.load(st, 96), r3 = v128.load(st, 112);
  const five = i32x4.splat(5), nine = i32x4.splat(9), Tv = i32x4.splat(T);
  const rowBytes = <usize>T << 2;
  const end = <usize>F << 2;
  let rp = i32x4(<i32>rows, <i32>(rows + laneRows), <i32>(rows + 2 * laneRows), <i32>(rows + 3 * laneRows));
  let rq = i32x4.add(rp, i32x4.splat(<i32>(laneRows << 2)));
  const Tstep = i32x4.splat(T);
  for (let s = 0; s < sims; s++) {
    let o = node + outOff;
    let c = local;
    for (let i: usize = 0; i < end; i += 4) {
      const pa = node + <usize>load<u32>(freeA + i);
      const pb = node + <usize>load<u32>(freeB + i);
      const x = v128.load(pa), y = v128.load(pb);
      const x2 = v128.load(pa, 16), y2 = v128.load(pb, 16);
      const u = i32x4.mul(rotlv(i32x4.mul(s1, five), 7), nine);
      const t = i32x4.shl(s1, 9);
      s2 = v128.xor(s2, s0);
      s3 = v128.xor(s3, s1);
      s1 = v128.xor(s1, s2);
      s0 = v128.xor(s0, s3);
      s2 = v128.xor(s2, t);
      s3 = rotlv(s3, 11);
      const u2 = i32x4.mul(rotlv(i32x4.mul(r1, five), 7), nine);
      const t2 = i32x4.shl(r1, 9);
      r2 = v128.xor(r2, r0);
      r3 = v128.xor(r3, r1);
      r1 = v128.xor(r1, r2);
      r0 = v128.xor(r0, r3);
      r2 = v128.xor(r2, t2);
      r3 = rotlv(r3, 11);
      const w = v128.bitselect(x, y, i32x4.lt_u(u, gather(thr, x, y, Tv)));
      const w2 = v128.bitselect(x2, y2, i32x4.lt_u(u2, gather(thr, x2, y2, Tv)));
      v128.store(o, w);
      v128.store(o, w2, 16);
      o += 32;
      bump(c + <usize>i32x4.extract_lane(w, 0));
      bump(c + <usize>i32x4.extract_lane(w, 1));
      bump(c + <usize>i32x4.extract_lane(w, 2));
      bump(c + <usize>i32x4.extract_lane(w, 3));
      bump(c + <usize>i32x4.extract_lane(w2, 0));
      bump(c + <usize>i32x4.extract_lane(w2, 1));
      bump(c + <usize>i32x4.extract_lane(w2, 2));
      bump(c + <usize>i32x4.extract_lane(w2, 3));
      if (rows != 0) {
        const r = i32x4.add(rp, i32x4.shr_u(w, 2));
        bumpByte(<usize>i32x4.extract_lane(r, 0));
        bumpByte(<usize>i32x4.extract_lane(r, 1));
        bumpByte(<usize>i32x4.extract_lane(r, 2));
        bumpByte(<usize>i32x4.extract_lane(r, 3));
        const q = i32x4.add(rq, i32x4.shr_u(w2, 2));
        bumpByte(<usize>i32x4.extract_lane(q, 0));
        bumpByte(<usize>i32x4.extract_lane(q, 1));
        bumpByte(<usize>i32x4.extract_lane(q, 2));
        bumpByte(<usize>i32x4.extract_lane(q, 3));
      }
      c += rowBytes;
    }
    rp = i32x4.add(rp, Tstep);
    rq = i32x4.add(rq, Tstep);
  }
  v128.store(st, s0);
  v128.store(st, s1, 16);
  v128.store(st, s2, 32);
  v128.store(st, s3, 48);
  v128.store(st, r0, 64);
  v128.store(st, r1, 80);
  v128.store(st, r2, 96);
  v128.store(st, r3, 112);
}

/**
 * Fixed ratings, one lane (lane 0 of node arrays `stride` bytes wide): the few simulations left when a
 * block does not split evenly into lanes. State: four words at st.
 */
export function fixed1(T: i32, F: i32, stride: usize, thr: usize, freeA: usize, freeB: usize, node: usize, outOff: usize, local: usize, st: usize, sims: i32, rows: usize): void {
  let s0 = load<u32>(st), s1 = load<u32>(st, 4), s2 = load<u32>(st, 8), s3 = load<u32>(st, 12);
  const rowBytes = <usize>T << 2;
  const end = <usize>F << 2;
  for (let s = 0; s < sims; s++) {
    let o = node + outOff;
    let c = local;
    for (let i: usize = 0; i < end; i += 4) {
      const x = load<u32>(node + <usize>load<u32>(freeA + i));
      const y = load<u32>(node + <usize>load<u32>(freeB + i));
      const u = rotl(s1 * 5, 7) * 9;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      const w = u < load<u32>(thr + <usize>(x * <u32>T + y)) ? x : y;
      store<u32>(o, w);
      o += stride;
      bump(c + <usize>w);
      if (rows != 0) bumpByte(rows + <usize>(w >>> 2));
      c += rowBytes;
    }
    if (rows != 0) rows += <usize>T;
  }
  store<u32>(st, s0);
  store<u32>(st, s1, 4);
  store<u32>(st, s2, 8);
  store<u32>(st, s3, 12);
}

// ---- hot ratings -------------------------------------------------------------------------------

/**
 * Hot ratings, `lanes` lanes interleaved game by game (their exp() chains overlap), `sims` simulations
 * per lane. Lane j: state at st + 16j, ratings at work + 8Tj (reset from base each simulation), rows
 * at rows + j * laneRows. p = 1 / (1 + exp(-(rA - rB) * k)): the 538 and Elo logistic of
 * ../win-probability.ts with k = elo * ln(10) / 400, evaluated with the same operations in the same
 * order, and exp() computing what V8's Math.exp computes (expJs below), so every threshold and every
 * rating update equals the JavaScript kernel's.
 */
export function hot(T: i32, F: i32, lanes: i32, stride: usize, freeA: usize, freeB: usize, node: usize, outOff: usize, local: usize, st: usize, sims: i32, base: usize, work: usize, k: f64, hotK: f64, rows: usize, laneRows: usize, tv: usize): void {
  const rowBytes = <usize>T << 2;
  const ratingBytes = <usize>T << 3;
  const end = <usize>F << 2;
  for (let s = 0; s < sims; s++) {
    for (let j = 0; j < lanes; j++) memory.copy(work + <usize>j * ratingBytes, base, ratingBytes);
    let o = node + outOff;
    let c = local;
    for (let i: usize = 0; i < end; i += 4) {
      const fa = node + <usize>load<u32>(freeA + i);
      const fb = node + <usize>load<u32>(freeB + i);
      for (let j = 0; j < lanes; j++) {
        const lane = <usize>j << 2;
        const x = load<u32>(fa + lane);
        const y = load<u32>(fb + lane);
        const r = work + <usize>j * ratingBytes;
        const rx = r + (<usize>x << 1);
        const ry = r + (<usize>y << 1);
        // With game sites (tv != 0), each side's rating carries its travel to this game: tv[a * T + b], f64.
        const d =
          tv == 0
            ? load<f64>(rx) - load<f64>(ry)
            : load<f64>(rx) + load<f64>(tv + ((<usize>(x >>> 2) * <usize>T + <usize>(y >>> 2)) << 3)) - (load<f64>(ry) + load<f64>(tv + ((<usize>(y >>> 2) * <usize>T + <usize>(x >>> 2)) << 3)));
        const pA = 1.0 / (1.0 + expJs(-d * k));
        const sp = st + (<usize>j << 4);
        let s0 = load<u32>(sp), s1 = load<u32>(sp, 4), s2 = load<u32>(sp, 8), s3 = load<u32>(sp, 12);
        const u = rotl(s1 * 5, 7) * 9;
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
        store<u32>(sp, s0);
        store<u32>(sp, s1, 4);
        store<u32>(sp, s2, 8);
        store<u32>(sp, s3, 12);
        const aWins = u < threshold(pA);
        const w = aWins ? x : y;
        const delta = hotK * (aWins ? 1.0 - pA : pA);
        const rw = aWins ? rx : ry;
        const rl = aWins ? ry : rx;
        store<f64>(rw, load<f64>(rw) + delta);
        store<f64>(rl, load<f64>(rl) - delta);
        store<u32>(o + lane, w);
        bump(c + <usize>w);
        if (rows != 0) bumpByte(rows + <usize>j * laneRows + <usize>s * <usize>T + <usize>(w >>> 2));
      }
      o += stride;
      c += rowBytes;
    }
  }
}

/**
 * Hot ratings in SIMD: `groups` groups of 4 lanes (generator state as in fixed4: group g's s0..s3 at
 * st + 64g), two f64x2 vectors of probabilities per group. Lane j's ratings at work + 8Tj; node
 * arrays `stride` bytes wide. Same numbers as hot() lane by lane (exp2 below is expJs on two lanes).
 */
export function hotSimd(T: i32, F: i32, groups: i32, stride: usize, freeA: usize, freeB: usize, node: usize, outOff: usize, local: usize, st: usize, sims: i32, base: usize, work: usize, k: f64, hotK: f64, rows: usize, laneRows: usize, tv: usize): void {
  const rowBytes = <usize>T << 2;
  const ratingBytes = <usize>T << 3;
  const end = <usize>F << 2;
  const lanes = groups << 2;
  const five = i32x4.splat(5), nine = i32x4.splat(9);
  const kv = f64x2.splat(k), Kv = f64x2.splat(hotK), one = f64x2.splat(1.0);
  const two32 = f64x2.splat(4294967296.0), half = f64x2.splat(0.5), top = f64x2.splat(4294967295.0), zero = f64x2.splat(0.0);
  const rb = <i32>ratingBytes;
  for (let s = 0; s < sims; s++) {
    for (let j = 0; j < lanes; j++) memory.copy(work + <usize>j * ratingBytes, base, ratingBytes);
    let o = node + outOff;
    let c = local;
    for (let i: usize = 0; i < end; i += 4) {
      const fa = node + <usize>load<u32>(freeA + i);
      const fb = node + <usize>load<u32>(freeB + i);
      for (let g = 0; g < groups; g++) {
        const lane0 = <usize>g << 4;
        const x = v128.load(fa + lane0);
        const y = v128.load(fb + lane0);
        // Lane j's rating addresses: work + 8T(4g + j) + 2 * (team * 4).
        const laneBase = i32x4.add(i32x4.splat(<i32>work + (g << 2) * rb), i32x4(0, rb, 2 * rb, 3 * rb));
        const ax = i32x4.add(laneBase, i32x4.shl(x, 1));
        const ay = i32x4.add(laneBase, i32x4.shl(y, 1));
        const ax0 = <usize>i32x4.extract_lane(ax, 0), ax1 = <usize>i32x4.extract_lane(ax, 1), ax2 = <usize>i32x4.extract_lane(ax, 2), ax3 = <usize>i32x4.extract_lane(ax, 3);
        const ay0 = <usize>i32x4.extract_lane(ay, 0), ay1 = <usize>i32x4.extract_lane(ay, 1), ay2 = <usize>i32x4.extract_lane(ay, 2), ay3 = <usize>i32x4.extract_lane(ay, 3);
        let rx01 = v128.load64_lane(ax1, f64x2.splat(load<f64>(ax0)), 1);
        let rx23 = v128.load64_lane(ax3, f64x2.splat(load<f64>(ax2)), 1);
        let ry01 = v128.load64_lane(ay1, f64x2.splat(load<f64>(ay0)), 1);
        let ry23 = v128.load64_lane(ay3, f64x2.splat(load<f64>(ay2)), 1);
        if (tv != 0) {
          // Travel to this game: tv + 8 * (x * T + y) for x's side, 8 * (y * T + x) for y's (x, y are team * 4).
          const xi = i32x4.shr_u(x, 2), yi = i32x4.shr_u(y, 2), Tv = i32x4.splat(T), tvv = i32x4.splat(<i32>tv);
          const tx = i32x4.add(tvv, i32x4.shl(i32x4.add(i32x4.mul(xi, Tv), yi), 3));
          const ty = i32x4.add(tvv, i32x4.shl(i32x4.add(i32x4.mul(yi, Tv), xi), 3));
          rx01 = f64x2.add(rx01, v128.load64_lane(<usize>i32x4.extract_lane(tx, 1), f64x2.splat(load<f64>(<usize>i32x4.extract_lane(tx, 0))), 1));
          rx23 = f64x2.add(rx23, v128.load64_lane(<usize>i32x4.extract_lane(tx, 3), f64x2.splat(load<f64>(<usize>i32x4.extract_lane(tx, 2))), 1));
          ry01 = f64x2.add(ry01, v128.load64_lane(<usize>i32x4.extract_lane(ty, 1), f64x2.splat(load<f64>(<usize>i32x4.extract_lane(ty, 0))), 1));
          ry23 = f64x2.add(ry23, v128.load64_lane(<usize>i32x4.extract_lane(ty, 3), f64x2.splat(load<f64>(<usize>i32x4.extract_lane(ty, 2))), 1));
        }
        const p01 = f64x2.div(one, f64x2.add(one, exp2(f64x2.mul(f64x2.neg(f64x2.sub(rx01, ry01)), kv))));
        const p23 = f64x2.div(one, f64x2.add(one, exp2(f64x2.mul(f64x2.neg(f64x2.sub(rx23, ry23)), kv))));
        // Thresholds: Math.round(p * 2^32) (halves up), clamped to [0, 2^32 - 1], as u32 in one i32x4.
        const th = i8x16.shuffle(thresholds2(p01, two32, half, top, zero), thresholds2(p23, two32, half, top, zero), 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
        const sp = st + lane0 * 4;
        let s0 = v128.load(sp), s1 = v128.load(sp, 16), s2 = v128.load(sp, 32), s3 = v128.load(sp, 48);
        const u = i32x4.mul(rotlv(i32x4.mul(s1, five), 7), nine);
        const t = i32x4.shl(s1, 9);
        s2 = v128.xor(s2, s0);
        s3 = v128.xor(s3, s1);
        s1 = v128.xor(s1, s2);
        s0 = v128.xor(s0, s3);
        s2 = v128.xor(s2, t);
        s3 = rotlv(s3, 11);
        v128.store(sp, s0);
        v128.store(sp, s1, 16);
        v128.store(sp, s2, 32);
        v128.store(sp, s3, 48);
        const aWins = i32x4.lt_u(u, th);
        const w = v128.bitselect(x, y, aWins);
        v128.store(o + lane0, w);
        // delta = K * (aWins ? 1 - p : p); the winner's rating gains it, the loser's loses it.
        const m01 = i64x2.extend_low_i32x4_s(aWins), m23 = i64x2.extend_high_i32x4_s(aWins);
        const d01 = f64x2.mul(Kv, v128.bitselect(f64x2.sub(one, p01), p01, m01));
        const d23 = f64x2.mul(Kv, v128.bitselect(f64x2.sub(one, p23), p23, m23));
        const aw = v128.bitselect(ax, ay, aWins);
        const al = v128.bitselect(ay, ax, aWins);
        move(<usize>i32x4.extract_lane(aw, 0), <usize>i32x4.extract_lane(al, 0), f64x2.extract_lane(d01, 0));
        move(<usize>i32x4.extract_lane(aw, 1), <usize>i32x4.extract_lane(al, 1), f64x2.extract_lane(d01, 1));
        move(<usize>i32x4.extract_lane(aw, 2), <usize>i32x4.extract_lane(al, 2), f64x2.extract_lane(d23, 0));
        move(<usize>i32x4.extract_lane(aw, 3), <usize>i32x4.extract_lane(al, 3), f64x2.extract_lane(d23, 1));
        bump(c + <usize>i32x4.extract_lane(w, 0));
        bump(c + <usize>i32x4.extract_lane(w, 1));
        bump(c + <usize>i32x4.extract_lane(w, 2));
        bump(c + <usize>i32x4.extract_lane(w, 3));
        if (rows != 0) {
          const r = rows + <usize>s * <usize>T + <usize>(g << 2) * laneRows;
          bumpByte(r + <usize>(i32x4.extract_lane(w, 0) >>> 2));
          bumpByte(r + laneRows + <usize>(i32x4.extract_lane(w, 1) >>> 2));
          bumpByte(r + 2 * laneRows + <usize>(i32x4.extract_lane(w, 2) >>> 2));
          bumpByte(r + 3 * laneRows + <usize>(i32x4.extract_lane(w, 3) >>> 2));
        }
      }
      o += stride;
      c += rowBytes;
    }
  }
}

/** exp2 on (a, b), written at out (for tests). */
export function expPair(a: f64, b: f64, out: usize): void {
  v128.store(out, exp2(f64x2.replace_lane(f64x2.splat(a), 1, b)));
}

@inline function move(winner: usize, loser: usize, delta: f64): void {
  store<f64>(winner, load<f64>(winner) + delta);
  store<f64>(loser, load<f64>(loser) - delta);
}

/** threshold() on two lanes: u32 results in lanes 0-1 of an i32x4. */
@inline function thresholds2(p: v128, two32: v128, half: v128, top: v128, zero: v128): v128 {
  const x = f64x2.mul(p, two32);
  let r = f64x2.floor(x);
  r = f64x2.add(r, v128.and(f64x2.ge(f64x2.sub(x, r), half), f64x2.splat(1.0)));
  return i32x4.trunc_sat_f64x2_u_zero(f64x2.min(top, f64x2.max(zero, r)));
}

/**
 * expJs on two lanes, branch-free for |x| < 512 (hot ratings' arguments; anything else goes lane by
 * lane through expJs). fdlibm's three reductions are one formula: with k = 0 (|x| <= ln2/2), hi = x
 * and lo = 0 give 1 - ((lo - q) - hi) = 1 - ((x*c)/(c-2) - x) exactly (c - 2 = -(2 - c) and 0 - q = -q
 * in IEEE arithmetic); with |x| < 1.5 ln2, k = +-1 and hi = x - k*LN2HI is fdlibm's x -+ LN2HI. Then
 * |x| < 2^-28 (1 + x) and x = 1 (E) are selected in.
 */
@inline function exp2(v: v128): v128 {
  const bits = v;
  const hx = v128.and(i64x2.shr_u(bits, 32), i64x2.splat(0x7fffffff));
  if (i64x2.bitmask(i64x2.ge_s(hx, i64x2.splat(0x40800000))) != 0) {
    return f64x2.replace_lane(f64x2.splat(expJs(f64x2.extract_lane(v, 0))), 1, expJs(f64x2.extract_lane(v, 1)));
  }
  const LN2HI = f64x2.splat(reinterpret<f64>(0x3fe62e42fee00000));
  const LN2LO = f64x2.splat(reinterpret<f64>(0x3dea39ef35793c76));
  const INVLN2 = f64x2.splat(reinterpret<f64>(0x3ff71547652b82fe));
  const negative = i64x2.shr_s(bits, 63);
  const halfSigned = v128.bitselect(f64x2.splat(-0.5), f64x2.splat(0.5), negative);
  const oneSigned = v128.bitselect(f64x2.splat(-1.0), f64x2.splat(1.0), negative);
  const kD = f64x2.trunc(f64x2.add(f64x2.mul(INVLN2, v), halfSigned));
  const isK1 = i64x2.lt_s(hx, i64x2.splat(0x3ff0a2b2));
  const isK0 = v128.not(i64x2.gt_s(hx, i64x2.splat(0x3fd62e42)));
  const kf = v128.andnot(v128.bitselect(oneSigned, kD, isK1), isK0);
  const hi = f64x2.sub(v, f64x2.mul(kf, LN2HI));
  const lo = f64x2.mul(kf, LN2LO);
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  const c = f64x2.sub(r, f64x2.mul(t, f64x2.add(f64x2.splat(reinterpret<f64>(0x3fc555555555553e)), f64x2.mul(t, f64x2.add(f64x2.splat(reinterpret<f64>(0xbf66c16c16bebd93)), f64x2.mul(t, f64x2.add(f64x2.splat(reinterpret<f64>(0x3f11566aaf25de2c)), f64x2.mul(t, f64x2.add(f64x2.splat(reinterpret<f64>(0xbebbbd41c5d26bf1)), f64x2.mul(t, f64x2.splat(reinterpret<f64>(0x3e66376972bea4d0))))))))))));
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2.0), c));
  const y = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.sub(lo, q), hi));
  const k64 = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(kf));
  const twopk = i64x2.shl(i64x2.add(k64, i64x2.splat(1023)), 52);
  let e = f64x2.mul(y, twopk);
  e = v128.bitselect(f64x2.add(f64x2.splat(1.0), v), e, i64x2.lt_s(hx, i64x2.splat(0x3e300000)));
  return v128.bitselect(f64x2.splat(reinterpret<f64>(0x4005bf0a8b145769)), e, f64x2.eq(v, f64x2.splat(1.0)));
}

/** probToThreshold (../win-probability.ts) without the signed shift: round(p * 2^32) clamped to 2^32 - 1. */
@inline function threshold(p: f64): u32 {
  const x = p * 4294967296.0;
  // Math.round: the nearest integer, halves toward +Infinity.
  let r = Math.floor(x);
  if (x - r >= 0.5) r += 1.0;
  return <u32>Math.min(4294967295.0, Math.max(0.0, r));
}

/**
 * e^x as V8's Math.exp computes it: fdlibm's e_exp.c algorithm (argument reduction x = k ln2 + r, a
 * degree-5 rational approximation on [-ln2/2, ln2/2], scaling by 2^k), with V8's special case
 * exp(1) = E. Not AssemblyScript's Math.exp (musl's table-driven exp), which can differ in the last bit.
 */
export function expJs(x: f64): f64 {
  const LN2HI = reinterpret<f64>(0x3fe62e42fee00000);
  const LN2LO = reinterpret<f64>(0x3dea39ef35793c76);
  const INVLN2 = reinterpret<f64>(0x3ff71547652b82fe);
  const P1 = reinterpret<f64>(0x3fc555555555553e);
  const P2 = reinterpret<f64>(0xbf66c16c16bebd93);
  const P3 = reinterpret<f64>(0x3f11566aaf25de2c);
  const P4 = reinterpret<f64>(0xbebbbd41c5d26bf1);
  const P5 = reinterpret<f64>(0x3e66376972bea4d0);
  const bits = reinterpret<u64>(x);
  const high = <u32>(bits >>> 32);
  const negative = high >>> 31;
  const hx = high & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78: NaN, infinities, overflow and underflow.
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | <u32>bits) != 0) return x + x;
      return negative == 0 ? x : 0.0;
    }
    if (x > reinterpret<f64>(0x40862e42fefa39ef)) return Infinity;
    if (x < reinterpret<f64>(0xc0874910d52d3051)) return 0.0;
  }
  let hi = 0.0;
  let lo = 0.0;
  let k: i32 = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2 / 2: reduce.
    if (hx < 0x3ff0a2b2) {
      // |x| < 1.5 ln2: k = +-1.
      if (x == 1.0) return reinterpret<f64>(0x4005bf0a8b145769);
      if (negative) {
        hi = x + LN2HI;
        lo = -LN2LO;
        k = -1;
      } else {
        hi = x - LN2HI;
        lo = LN2LO;
        k = 1;
      }
    } else {
      k = <i32>(INVLN2 * x + (negative ? -0.5 : 0.5));
      const kf = <f64>k;
      hi = x - kf * LN2HI;
      lo = kf * LN2LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1.0 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * reinterpret<f64>(0x7fe0000000000000);
    return y * reinterpret<f64>(<u64>(0x3ff00000 + (k << 20)) << 32);
  }
  return y * reinterpret<f64>(<u64>(0x3ff00000 + ((k + 1000) << 20)) << 32) * reinterpret<f64>(0x0170000000000000);
}

// ---- jumping a generator ahead -----------------------------------------------------------------

// xoshiro128**'s characteristic polynomial is x^128 + POLY (bit i = coefficient of x^i): found by
// Berlekamp-Massey on its output; x^(2^64) mod it gives Blackman & Vigna's published JUMP constants
// (test/tournament-wasm.test.ts checks both that and jumps against stepping).
const POLY_LO: u64 = 0x1b489db6de18fc01;
const POLY_HI: u64 = 0x00fc65a2006254b1;

/** a * b mod (x^128 + POLY) over GF(2); 128-bit operands and result at pointers (lo, hi u64). */
function mulMod(a: usize, b: usize, out: usize): void {
  const alo = load<u64>(a), ahi = load<u64>(a, 8);
  const blo = load<u64>(b), bhi = load<u64>(b, 8);
  // 256-bit carry-less product in p0..p3.
  let p0: u64 = 0, p1: u64 = 0, p2: u64 = 0, p3: u64 = 0;
  for (let i: u64 = 0; i < 64; i++) {
    if ((blo >>> i) & 1) {
      p0 ^= alo << i;
      p1 ^= (ahi << i) | (i == 0 ? 0 : alo >>> (64 - i));
      p2 ^= i == 0 ? 0 : ahi >>> (64 - i);
    }
    if ((bhi >>> i) & 1) {
      p1 ^= alo << i;
      p2 ^= (ahi << i) | (i == 0 ? 0 : alo >>> (64 - i));
      p3 ^= i == 0 ? 0 : ahi >>> (64 - i);
    }
  }
  // Reduce bits 255..128: x^(128 + j) = x^j * POLY.
  for (let j: i32 = 127; j >= 0; j--) {
    const set = j >= 64 ? (p3 >>> <u64>(j - 64)) & 1 : (p2 >>> <u64>j) & 1;
    if (set == 0) continue;
    if (j >= 64) p3 ^= <u64>1 << <u64>(j - 64);
    else p2 ^= <u64>1 << <u64>j;
    // XOR POLY << j into p0..p3 (POLY has degree < 128, so it lands below bit 256).
    const sh = <u64>(j & 63);
    const lo = POLY_LO << sh;
    const mid = (POLY_HI << sh) | (sh == 0 ? 0 : POLY_LO >>> (64 - sh));
    const top = sh == 0 ? 0 : POLY_HI >>> (64 - sh);
    if (j >= 64) {
      p1 ^= lo;
      p2 ^= mid;
      p3 ^= top;
    } else {
      p0 ^= lo;
      p1 ^= mid;
      p2 ^= top;
    }
  }
  store<u64>(out, p0);
  store<u64>(out, p1, 8);
}

/** x^n mod the characteristic polynomial, written at out (16 bytes); scratch: 32 bytes. */
export function jumpPoly(n: u64, out: usize, scratch: usize): void {
  store<u64>(out, 1);
  store<u64>(out, 0, 8);
  store<u64>(scratch, 2);
  store<u64>(scratch, 0, 8);
  const tmp = scratch + 16;
  while (n != 0) {
    if (n & 1) {
      mulMod(out, scratch, tmp);
      memory.copy(out, tmp, 16);
    }
    mulMod(scratch, scratch, tmp);
    memory.copy(scratch, tmp, 16);
    n >>>= 1;
  }
}

/** Advances the state at st (four words) by the number of draws whose jump polynomial is at poly. */
export function jump(st: usize, poly: usize): void {
  let s0 = load<u32>(st), s1 = load<u32>(st, 4), s2 = load<u32>(st, 8), s3 = load<u32>(st, 12);
  let a0: u32 = 0, a1: u32 = 0, a2: u32 = 0, a3: u32 = 0;
  for (let w: usize = 0; w < 16; w += 4) {
    const bits = load<u32>(poly + w);
    for (let b: u32 = 0; b < 32; b++) {
      if ((bits >>> b) & 1) {
        a0 ^= s0;
        a1 ^= s1;
        a2 ^= s2;
        a3 ^= s3;
      }
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
    }
  }
  store<u32>(st, a0);
  store<u32>(st, a1, 4);
  store<u32>(st, a2, 8);
  store<u32>(st, a3, 12);
}
