// The tournament kernel in WebAssembly (wasm/kernel.as.ts, compiled at build time): the same
// simulations, draws and tallies as kernel.ts, bit for bit (test/tournament-wasm.test.ts); about 8x
// faster with fixed ratings and 2.5x with hot ratings, 1.2-1.9x the C reference (bench/RESULTS.md).
//
// Why it is faster (bench/kernel.ts measures the alternatives): the tables live in linear memory, the
// generator runs in SIMD registers, and a block is cut into L lanes that run side by side. Every
// simulation draws exactly one number per game still to be played (F), so simulation s of a block
// starts at draw s * F of the block's stream: lane j, which runs simulations j*q .. j*q + q - 1, starts
// from the block's state jumped ahead by j * q * F draws (a jump polynomial, the standard technique
// for xoshiro), and the few simulations left over (sims - L*q < L) run on one lane from where lane
// L-1 stopped. The stream scheme is untouched: block b still draws from blockState(seed, b), and each
// simulation sees the same numbers as in kernel.ts.
//
// kernel.ts stays the reference the tests compare against and the fallback (hot ratings under a model
// this kernel does not evaluate: see hotLogisticScale).
import { BLOCK_SIZE } from '../random/stream-scheme.js';
import { simulateHot, type PreparedKernel } from './kernel.js';
import type { WinProbabilityModel } from './win-probability.js';
import { KERNEL_WASM_BASE64 } from './wasm/kernel-wasm-bytes.js';

/** The compiled module: compile once per thread and reuse it for every kernel (bench/kernel.ts shows the cost). */
export function compileKernelModule(): WebAssembly.Module {
  const text = atob(KERNEL_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new WebAssembly.Module(bytes);
}

interface KernelExports {
  memory: WebAssembly.Memory;
  fixed4(
    T: number,
    F: number,
    thr: number,
    freeA: number,
    freeB: number,
    node: number,
    outOff: number,
    local: number,
    st: number,
    sims: number,
    rows: number,
    laneRows: number,
  ): void;
  fixed8(
    T: number,
    F: number,
    thr: number,
    freeA: number,
    freeB: number,
    node: number,
    outOff: number,
    local: number,
    st: number,
    sims: number,
    rows: number,
    laneRows: number,
  ): void;
  fixed1(
    T: number,
    F: number,
    stride: number,
    thr: number,
    freeA: number,
    freeB: number,
    node: number,
    outOff: number,
    local: number,
    st: number,
    sims: number,
    rows: number,
  ): void;
  hot(
    T: number,
    F: number,
    lanes: number,
    stride: number,
    freeA: number,
    freeB: number,
    node: number,
    outOff: number,
    local: number,
    st: number,
    sims: number,
    base: number,
    work: number,
    k: number,
    hotK: number,
    rows: number,
    laneRows: number,
    travel: number,
  ): void;
  hotSimd(
    T: number,
    F: number,
    groups: number,
    stride: number,
    freeA: number,
    freeB: number,
    node: number,
    outOff: number,
    local: number,
    st: number,
    sims: number,
    base: number,
    work: number,
    k: number,
    hotK: number,
    rows: number,
    laneRows: number,
    travel: number,
  ): void;
  expJs(x: number): number;
  expPair(a: number, b: number, out: number): void;
  jumpPoly(n: bigint, out: number, scratch: number): void;
  jump(st: number, poly: number): void;
}

/** Lanes a block is cut into (SIMD for fixed ratings: 4 = one vector of generator state, 8 = two; 1 = scalar, for comparison). */
export type FixedLanes = 1 | 4 | 8;

export interface WasmKernelOptions {
  /** Default 4: one vector of generator state measured 5-8% faster than two on the 2016 field (fewer
   * registers spilled), and as fast for rows and hot ratings (bench/RESULTS.md). */
  lanes?: FixedLanes;
}

/**
 * The Elo logistic scale of a hot-ratings model this kernel evaluates in WebAssembly: p = 1 / (1 +
 * exp(-(rA - rB) * k)), k = elo * ln(10) / 400 (win-probability.ts), or null (the JavaScript kernel
 * runs it). The model's own prob() must give exactly this formula's numbers on sample differences,
 * so a model changed in win-probability.ts falls back rather than drifting.
 */
export function hotLogisticScale(model: WinProbabilityModel): number | null {
  const elo = model.name === '538' ? 30.464 : model.name === 'elo' ? 1 : null;
  if (elo === null) return null;
  const k = (elo * Math.LN10) / 400;
  for (const [a, b] of [
    [0, 0],
    [1, 0],
    [95.3, 71.25],
    [1500, 1712.5],
    [-3.5, 2.75],
  ]) {
    const d = a - b;
    if (model.prob(a, b) !== 1 / (1 + Math.exp(-d * k))) return null;
  }
  return k;
}

const align = (n: number, to = 16) => Math.ceil(n / to) * to;

/**
 * One run's kernel: its tables copied into a fresh instance of the module. Not thread-safe (one per
 * worker); methods have the contracts of kernel.ts's simulateFixed and simulateHot.
 */
export class WasmTournamentKernel {
  readonly lanes: FixedLanes;
  private readonly p: PreparedKernel;
  private readonly x: KernelExports;
  private readonly T: number;
  private readonly F: number;
  private readonly stride: number;
  private readonly at: {
    st: number;
    poly: number;
    scratch: number;
    tmp: number;
    thr: number;
    freeA: number;
    freeB: number;
    node: number;
    local: number;
    base: number;
    work: number;
    /** The travel table (T x T f64), or 0 without game sites. */
    travel: number;
    rows: number;
  };
  private rowsCapacity: number;
  /** Jump polynomials by distance in draws (a run with lanes needs two: full blocks and the last one). */
  private readonly polys = new Map<number, Uint32Array>();

  constructor(module: WebAssembly.Module, p: PreparedKernel, opts: WasmKernelOptions = {}) {
    this.p = p;
    this.lanes = opts.lanes ?? 4;
    const L = this.lanes;
    const T = (this.T = p.tables.teamCount);
    const F = (this.F = p.freeA.length);
    const N = p.nodeTemplate.length;
    this.stride = 4 * L;
    this.x = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
    // Address 0 means "no rows" to the kernel, so the layout starts above it.
    let top = 64;
    const take = (bytes: number) => {
      const at = top;
      top = align(top + bytes, 64);
      return at;
    };
    this.rowsCapacity = BLOCK_SIZE;
    this.at = {
      st: take(16 * 4 * L),
      poly: take(16),
      scratch: take(32),
      tmp: take(16),
      thr: take(4 * T * T),
      freeA: take(4 * F),
      freeB: take(4 * F),
      node: take(4 * N * L),
      local: take(4 * F * T),
      base: take(8 * T),
      work: take(8 * T * L),
      travel: p.tables.travel === null ? 0 : take(8 * T * T),
      rows: take(0),
    };
    this.ensureMemory(this.at.rows + this.rowsCapacity * T);
    const buf = this.x.memory.buffer;
    const thr = new Uint32Array(buf, this.at.thr, T * T);
    const src = p.tables.thresholds;
    for (let i = 0; i < T * T; i++) thr[i] = (src[i] + 2147483648) >>> 0;
    new Uint32Array(buf, this.at.freeA, F).set(Array.from(p.freeA, (n) => n * this.stride));
    new Uint32Array(buf, this.at.freeB, F).set(Array.from(p.freeB, (n) => n * this.stride));
    // Teams and decided games never change; free games are written before they are read.
    const node = new Uint32Array(buf, this.at.node, N * L);
    for (let n = 0; n < N; n++) for (let j = 0; j < L; j++) node[n * L + j] = Math.max(0, p.nodeTemplate[n]) * 4;
    new Float64Array(buf, this.at.base, T).set(p.tables.ratings);
    if (p.tables.travel !== null) new Float64Array(buf, this.at.travel, T * T).set(p.tables.travel);
  }

  private ensureMemory(bytes: number): void {
    const have = this.x.memory.buffer.byteLength;
    if (bytes > have) this.x.memory.grow(Math.ceil((bytes - have) / 65536));
  }

  private poly(draws: number): Uint32Array {
    let poly = this.polys.get(draws);
    if (poly === undefined) {
      this.x.jumpPoly(BigInt(draws), this.at.poly, this.at.scratch);
      poly = new Uint32Array(this.x.memory.buffer, this.at.poly, 4).slice();
      this.polys.set(draws, poly);
    }
    return poly;
  }

  /** Hands put() lane j's state (j = 0..lanes-1): `state` jumped ahead by j * draws, each from the one before. */
  private laneStates(state: Uint32Array, draws: number, lanes: number, put: (lane: number, s: Uint32Array) => void): void {
    const poly = this.poly(draws);
    const buf = this.x.memory.buffer;
    new Uint32Array(buf, this.at.poly, 4).set(poly);
    const tmp = new Uint32Array(buf, this.at.tmp, 4);
    tmp.set(state);
    put(0, tmp);
    for (let j = 1; j < lanes; j++) {
      this.x.jump(this.at.tmp, this.at.poly);
      put(j, new Uint32Array(this.x.memory.buffer, this.at.tmp, 4));
    }
  }

  private begin(sims: number, rows: Uint8Array | null): void {
    const T = this.T;
    if (rows !== null && sims > this.rowsCapacity) {
      this.rowsCapacity = sims;
      this.ensureMemory(this.at.rows + sims * T);
    }
    const buf = this.x.memory.buffer;
    new Int32Array(buf, this.at.local, this.F * T).fill(0);
    if (rows !== null) new Uint8Array(buf, this.at.rows, sims * T).fill(0);
  }

  /** Scatters the compact tally into counts and copies the rows out, adding decided games (as kernel.ts's finishTally). */
  private finish(sims: number, counts: Int32Array, rows: Uint8Array | null): void {
    const T = this.T;
    const p = this.p;
    const buf = this.x.memory.buffer;
    const local = new Int32Array(buf, this.at.local, this.F * T);
    for (let i = 0; i < this.F; i++) {
      const src = i * T;
      const dst = p.freeGame[i] * T;
      for (let t = 0; t < T; t++) counts[dst + t] += local[src + t];
    }
    if (rows !== null) rows.set(new Uint8Array(buf, this.at.rows, sims * T));
    for (let i = 0; i < p.decidedCounts.length; i++) {
      counts[p.decidedCounts[i]] += sims;
      if (rows !== null) for (let s = 0, w = p.decidedWinner[i]; s < sims; s++) rows[s * T + w]++;
    }
  }

  /** simulateFixed of kernel.ts: same tallies, same rows, `state` advanced by sims * F draws. */
  simulateFixed(state: Uint32Array, sims: number, counts: Int32Array, rows: Uint8Array | null): void {
    const { T, F, x, at, lanes: L } = this;
    this.begin(sims, rows);
    const outOff = (T + this.p.decidedWinner.length) * this.stride;
    const rowsAt = rows === null ? 0 : at.rows;
    const q = Math.floor(sims / L);
    const st = new Uint32Array(4);
    st.set(state);
    if (q > 0 && F > 0 && L > 1) {
      const lanesState = new Uint32Array(x.memory.buffer, at.st, 4 * L);
      // SIMD layout: word w of lane j at st + 64 * (j >> 2) + 16 * w + 4 * (j & 3).
      this.laneStates(state, q * F, L, (j, s) => {
        for (let w = 0; w < 4; w++) lanesState[16 * (j >> 2) + 4 * w + (j & 3)] = s[w];
      });
      (L === 8 ? x.fixed8 : x.fixed4)(T, F, at.thr, at.freeA, at.freeB, at.node, outOff, at.local, at.st, q, rowsAt, q * T);
      const last = new Uint32Array(x.memory.buffer, at.st, 4 * L);
      for (let w = 0; w < 4; w++) st[w] = last[16 * ((L - 1) >> 2) + 4 * w + ((L - 1) & 3)];
    }
    const done = F > 0 && L > 1 ? q * L : 0;
    if (sims > done) {
      new Uint32Array(x.memory.buffer, at.tmp, 4).set(st);
      x.fixed1(T, F, this.stride, at.thr, at.freeA, at.freeB, at.node, outOff, at.local, at.tmp, sims - done, rows === null ? 0 : at.rows + done * T);
      st.set(new Uint32Array(x.memory.buffer, at.tmp, 4));
    }
    state.set(st);
    this.finish(sims, counts, rows);
  }

  /**
   * simulateHot of kernel.ts, bit for bit (with the travel table when the field has game sites), for
   * the logistic models (hotLogisticScale); any other model runs kernel.ts's simulateHot itself.
   */
  simulateHot(model: WinProbabilityModel, hotK: number, state: Uint32Array, sims: number, counts: Int32Array, rows: Uint8Array | null): void {
    const k = hotLogisticScale(model);
    if (k === null) {
      simulateHot(this.p, model, hotK, state, sims, counts, rows);
      return;
    }
    const { T, F, x, at, lanes: L } = this;
    this.begin(sims, rows);
    const outOff = (T + this.p.decidedWinner.length) * this.stride;
    const q = Math.floor(sims / L);
    const st = new Uint32Array(4);
    st.set(state);
    if (q > 0 && F > 0 && L > 1) {
      // SIMD: groups of 4 lanes, generator state laid out as for fixed ratings.
      const lanesState = new Uint32Array(x.memory.buffer, at.st, 4 * L);
      this.laneStates(state, q * F, L, (j, s) => {
        for (let w = 0; w < 4; w++) lanesState[16 * (j >> 2) + 4 * w + (j & 3)] = s[w];
      });
      x.hotSimd(
        T,
        F,
        L / 4,
        this.stride,
        at.freeA,
        at.freeB,
        at.node,
        outOff,
        at.local,
        at.st,
        q,
        at.base,
        at.work,
        k,
        hotK,
        rows === null ? 0 : at.rows,
        q * T,
        at.travel,
      );
      const last = new Uint32Array(x.memory.buffer, at.st, 4 * L);
      for (let w = 0; w < 4; w++) st[w] = last[16 * ((L - 1) >> 2) + 4 * w + ((L - 1) & 3)];
    }
    const done = F > 0 && L > 1 ? q * L : 0;
    if (sims > done) {
      new Uint32Array(x.memory.buffer, at.st, 4).set(st);
      x.hot(
        T,
        F,
        1,
        this.stride,
        at.freeA,
        at.freeB,
        at.node,
        outOff,
        at.local,
        at.st,
        sims - done,
        at.base,
        at.work,
        k,
        hotK,
        rows === null ? 0 : at.rows + done * T,
        0,
        at.travel,
      );
      st.set(new Uint32Array(x.memory.buffer, at.st, 4));
    }
    state.set(st);
    this.finish(sims, counts, rows);
  }

  /** V8's Math.exp as the kernel computes it (for tests). */
  exp(v: number): number {
    return this.x.expJs(v);
  }

  /** The same on two SIMD lanes at once, as hot ratings use it (for tests). */
  expPair(a: number, b: number): [number, number] {
    this.x.expPair(a, b, this.at.scratch);
    const out = new Float64Array(this.x.memory.buffer, this.at.scratch, 2);
    return [out[0], out[1]];
  }

  /** x^n mod xoshiro128**'s characteristic polynomial, four words, bit i = coefficient of x^i (for tests). */
  jumpPolynomial(n: number | bigint): Uint32Array {
    this.x.jumpPoly(BigInt(n), this.at.poly, this.at.scratch);
    return new Uint32Array(this.x.memory.buffer, this.at.poly, 4).slice();
  }
}
