// Tournament kernel benchmarks, each beside its references in the same run (68-team 2016 field, 67 games
// a simulation, one thread unless said otherwise):
//   - every mode (fixed ratings; fixed with per-simulation rows, as --persist rows and Calcutta run;
//     hot ratings, --hot K) with the WebAssembly kernel, the JavaScript kernel (the reference the tests
//     compare against) and a C reference doing the same work (bench/reference/tournament.c, gcc -O3
//     -march=native, when gcc is on the machine);
//   - the layouts measured against the kept one (SIMD, 4 lanes): SIMD with 8 lanes, scalar with one lane,
//     four block streams interleaved in scalar code, bytes for node values (bench/reference/
//     kernel-variants.as.ts), and the 4- and 8-lane loops hand-written in WebAssembly text
//     (bench/reference/kernel-fixed.wat);
//   - start-up: compiling the module (once per worker thread) and instantiating it with a run's tables;
//   - the worker pool on 1 and 2 threads over a long run; the exact calculator.
// Every variant's tallies are checked against the JavaScript kernel's before it is timed; all take turns
// with the C reference, round after round, so that other jobs on a shared machine weigh on all alike.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { projectFile } from '../core/paths.js';
import { loadField } from '../app/inputs/field-file.js';
import { blockState, BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import { Xoshiro128 } from '../engine/random/xoshiro128.js';
import { compileBracket, type Bracket } from '../engine/tournament/bracket.js';
import { exactGameWins } from '../engine/tournament/exact.js';
import {
  kernelTables,
  prepareKernel,
  simulateFixed,
  simulateFixedPair,
  simulateHot,
  type KernelTables,
  type PreparedKernel,
} from '../engine/tournament/kernel.js';
import { compileKernelModule, hotLogisticScale, WasmTournamentKernel } from '../engine/tournament/kernel-wasm.js';
import { fiveThirtyEight } from '../engine/tournament/win-probability.js';
import { closePool } from '../workers/pool.js';
import { runTournamentPool } from '../workers/tournament-run.js';

/** Hot-ratings factor the hot rows use (538's own in-tournament K is of this size on its points scale). */
const HOT_K = 2;

export interface KernelBenchResult {
  fixed: { wasm: number; js: number; jsPair: number; c: number | null };
  rows: { wasm: number; js: number; c: number | null };
  hot: { wasm: number; js: number; c: number | null };
  /** Layouts not kept, sims/s (null: could not be built here). */
  variants: { simd8: number; scalar1: number; streams4: number | null; bytes1: number | null; wat4: number | null; wat8: number | null; hotScalar: number };
  plainJs: number;
  seedrandomXor128: number;
  startup: { compileMs: number; instantiateMs: number };
  pool1: number;
  pool2: number;
  /** CPU time the process got during each pool run over wall time x threads: below 1, cores were taken by others (or idle). */
  poolCpu1: number;
  poolCpu2: number;
  poolJs1: number;
  /** The C reference's fixed-ratings figure over its whole run, for the pool's wall-clock figures. */
  cWhole: number | null;
  /** Two C processes at once, their whole-run figures added: the parallelism the machine had free. */
  cTwo: number | null;
  /** Rounds of turns and each contender's turn in a round (ms). */
  rounds: number;
  turnMs: number;
  exactMs: number;
}

export const EXAMPLE_FIELD = projectFile('examples', 'ncaa-2016.json');

export async function loadExampleBracket(): Promise<Bracket> {
  return compileBracket(await loadField(EXAMPLE_FIELD));
}

/** The usual port: a generator object, float probabilities, a winners array per simulation. */
function plainJs(b: Bracket, probs: Float64Array, next: () => number, sims: number, counts: Float64Array): void {
  const T = b.teamCount;
  for (let s = 0; s < sims; s++) {
    const node: number[] = [];
    for (let t = 0; t < T; t++) node.push(t);
    for (let g = 0; g < b.gameCount; g++) {
      const a = node[b.gameA[g]];
      const c = node[b.gameB[g]];
      const w = next() < probs[a * T + c] ? a : c;
      node.push(w);
      counts[g * T + w]++;
    }
  }
}

interface CFigures {
  /** sims/s from the run's median 1024-simulation chunk (beside the kernels' median call). */
  median: number;
  /** sims/s over the whole run, added up over copies (beside the pool's wall clock). */
  whole: number;
}

/**
 * The C reference built for these tables, or null without gcc. run(): one run of a mode; with copies > 1,
 * that many processes at once, whole-run figures added up: how much of the machine's parallelism other
 * jobs leave free, to read the pool's 2-thread figure against.
 */
function prepareC(
  k: KernelTables,
): { run(mode: 'fixed' | 'rows' | 'hot', sims: number, args?: string[], copies?: number): Promise<CFigures>; dispose(): void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'simcast-bench-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const src = projectFile('bench', 'reference', 'tournament.c');
    const exe = join(dir, 'tournament');
    execFileSync('gcc', ['-O3', '-march=native', '-o', exe, src, '-lm'], { stdio: 'ignore' });
    const T = k.teamCount;
    const G = k.gameCount;
    const buf = Buffer.alloc(8 + 8 * G + 4 * T * T + 8 * T);
    buf.writeInt32LE(T, 0);
    buf.writeInt32LE(G, 4);
    k.gameA.forEach((v, i) => buf.writeInt32LE(v, 8 + 4 * i));
    k.gameB.forEach((v, i) => buf.writeInt32LE(v, 8 + 4 * G + 4 * i));
    // C compares unsigned draws with unsigned thresholds: undo the signed shift.
    k.thresholds.forEach((v, i) => buf.writeUInt32LE((v + 2147483648) >>> 0, 8 + 8 * G + 4 * i));
    k.ratings.forEach((v, i) => buf.writeDoubleLE(v, 8 + 8 * G + 4 * T * T + 8 * i));
    const tables = join(dir, 'tables.bin');
    writeFileSync(tables, buf);
    const run = async (mode: 'fixed' | 'rows' | 'hot', sims: number, args: string[] = [], copies = 1): Promise<CFigures> => {
      const outputs = await Promise.all(
        Array.from({ length: copies }, () => promisify(execFile)(exe, [tables, String(sims), mode, ...args], { encoding: 'utf8' })),
      );
      const figures = outputs.map((o) => o.stdout.split(' ').map(Number));
      return { median: figures.reduce((x, f) => x + f[0], 0) / copies, whole: figures.reduce((x, f) => x + f[1], 0) };
    };
    return { run, dispose };
  } catch {
    dispose();
    return null;
  }
}

const median = (xs: number[]) => {
  const s = xs.slice().sort((x, y) => x - y);
  return s.length === 0 ? NaN : s[s.length >> 1];
};

/** The AssemblyScript layouts not kept, compiled now with the compiler the build uses. */
async function compileVariants(): Promise<WebAssembly.Module | null> {
  try {
    const { default: asc } = await import('assemblyscript/asc');
    let wasm: Uint8Array<ArrayBuffer> | null = null;
    const r = await asc.main(
      [projectFile('bench', 'reference', 'kernel-variants.as.ts'), '--outFile', 'v.wasm', '-O3', '--noAssert', '--runtime', 'stub', '--initialMemory', '4'],
      {
        writeFile: (_name: string, contents: Uint8Array | string) => {
          if (contents instanceof Uint8Array) wasm = new Uint8Array(contents);
        },
      },
    );
    if (r.error || wasm === null) return null;
    return new WebAssembly.Module(wasm);
  } catch {
    return null;
  }
}

/** The hand-written text module, assembled by binaryen as written (no optimisation passes). */
async function compileWat(): Promise<WebAssembly.Module | null> {
  try {
    const { default: binaryen } = await import('binaryen');
    const m = binaryen.parseText(readFileSync(projectFile('bench', 'reference', 'kernel-fixed.wat'), 'utf8'));
    m.setFeatures(binaryen.Features.MVP | binaryen.Features.SIMD128);
    if (!m.validate()) return null;
    const bytes = m.emitBinary();
    m.dispose();
    return new WebAssembly.Module(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

interface VariantExports {
  memory: WebAssembly.Memory;
  [name: string]: unknown;
}

/**
 * A variant kernel over independent blocks (lanes = blocks, each its own stream), in a layout of its own:
 * returns a function running `lanes` blocks from block b, simsPerLane each, tallying into counts.
 */
function variantRunner(
  module: WebAssembly.Module,
  fn: string,
  p: PreparedKernel,
  lanes: number,
  layout: 'u32x' | 'bytes',
  stateLayout: 'simd' | 'scalar',
): (seed: number, block: number, counts: Int32Array, simsPerLane?: number) => void {
  const x = new WebAssembly.Instance(module, {}).exports as VariantExports;
  const T = p.tables.teamCount;
  const F = p.freeA.length;
  const N = p.nodeTemplate.length;
  const at = { st: 64, thr: 1024, freeA: 0, freeB: 0, node: 0, local: 0 };
  at.freeA = at.thr + 4 * T * T;
  at.freeB = at.freeA + 4 * F;
  at.node = at.freeB + 4 * F + 64;
  at.local = at.node + 4 * N * lanes + 64;
  const need = at.local + 4 * F * T;
  if (need > x.memory.buffer.byteLength) x.memory.grow(Math.ceil((need - x.memory.buffer.byteLength) / 65536));
  const buf = x.memory.buffer;
  new Uint32Array(buf, at.thr, T * T).set(Array.from(p.tables.thresholds, (v) => (v + 2147483648) >>> 0));
  if (layout === 'u32x') {
    new Uint32Array(buf, at.freeA, F).set(Array.from(p.freeA, (n) => n * 4 * lanes));
    new Uint32Array(buf, at.freeB, F).set(Array.from(p.freeB, (n) => n * 4 * lanes));
    const node = new Uint32Array(buf, at.node, N * lanes);
    for (let n = 0; n < N; n++) for (let j = 0; j < lanes; j++) node[n * lanes + j] = Math.max(0, p.nodeTemplate[n]) * 4;
  } else {
    new Uint16Array(buf, at.freeA, F).set(p.freeA);
    new Uint16Array(buf, at.freeB, F).set(p.freeB);
    new Uint8Array(buf, at.node, N).set(Array.from(p.nodeTemplate, (v) => Math.max(0, v)));
  }
  const out0 = T + p.decidedWinner.length;
  const run = x[fn] as (...a: number[]) => void;
  const state = new Uint32Array(4);
  return (seed, block, counts, simsPerLane = BLOCK_SIZE) => {
    const mem = x.memory.buffer;
    const local = new Int32Array(mem, at.local, F * T);
    local.fill(0);
    const st = new Uint32Array(mem, at.st, 4 * lanes);
    for (let j = 0; j < lanes; j++) {
      blockState(seed, block + j, state);
      for (let w = 0; w < 4; w++) st[stateLayout === 'scalar' ? 4 * j + w : 16 * (j >> 2) + 4 * w + (j & 3)] = state[w];
    }
    run(T, F, at.thr, at.freeA, at.freeB, at.node, layout === 'u32x' ? out0 * 4 * lanes : out0, at.local, at.st, simsPerLane);
    for (let i = 0; i < F; i++) for (let t = 0; t < T; t++) counts[p.freeGame[i] * T + t] += local[i * T + t];
  };
}

export async function benchKernel(opts: { smoke?: boolean } = {}): Promise<KernelBenchResult> {
  const b = await loadExampleBracket();
  const tables = kernelTables(b, fiveThirtyEight);
  const k = prepareKernel(tables);
  const T = b.teamCount;
  const G = b.gameCount;

  const c0 = performance.now();
  const module = compileKernelModule();
  const compileMs = performance.now() - c0;
  const i0 = performance.now();
  const wasm = new WasmTournamentKernel(module, k);
  const instantiateMs = performance.now() - i0;
  const wasm8 = new WasmTournamentKernel(module, k, { lanes: 8 });
  const wasm1 = new WasmTournamentKernel(module, k, { lanes: 1 });
  const hotScale = hotLogisticScale(fiveThirtyEight);
  if (hotScale === null) throw new Error('the 538 model is expected to run hot in WebAssembly');

  const variantsModule = await compileVariants();
  const watModule = await compileWat();
  const streams4 = variantsModule && variantRunner(variantsModule, 'streams4', k, 4, 'u32x', 'scalar');
  const bytes1 = variantsModule && variantRunner(variantsModule, 'bytes1', k, 1, 'bytes', 'scalar');
  const wat4 = watModule && variantRunner(watModule, 'fixed4', k, 4, 'u32x', 'simd');
  const wat8 = watModule && variantRunner(watModule, 'fixed8', k, 8, 'u32x', 'simd');

  // Every contender tallies exactly what the JavaScript kernel does on the same blocks.
  const reference = (blocks: number, hot: boolean) => {
    const counts = new Int32Array(G * T);
    for (let j = 0; j < blocks; j++) {
      if (hot) simulateHot(k, fiveThirtyEight, HOT_K, blockState(99, j), BLOCK_SIZE, counts, null);
      else simulateFixed(k, blockState(99, j), BLOCK_SIZE, counts, null);
    }
    return Buffer.from(counts.buffer);
  };
  const check = (name: string, blocks: number, hot: boolean, run: (counts: Int32Array) => void) => {
    const counts = new Int32Array(G * T);
    run(counts);
    if (!Buffer.from(counts.buffer).equals(reference(blocks, hot))) throw new Error(`bench: ${name} does not tally what the JavaScript kernel does`);
  };
  check('wasm', 1, false, (c) => wasm.simulateFixed(blockState(99, 0), BLOCK_SIZE, c, null));
  check('wasm 8 lanes', 1, false, (c) => wasm8.simulateFixed(blockState(99, 0), BLOCK_SIZE, c, null));
  check('wasm 1 lane', 1, false, (c) => wasm1.simulateFixed(blockState(99, 0), BLOCK_SIZE, c, null));
  check('wasm hot', 1, true, (c) => wasm.simulateHot(fiveThirtyEight, HOT_K, blockState(99, 0), BLOCK_SIZE, c, null));
  if (streams4) check('streams4', 4, false, (c) => streams4(99, 0, c));
  if (bytes1) check('bytes1', 1, false, (c) => bytes1(99, 0, c));
  if (wat4) check('wat4', 4, false, (c) => wat4(99, 0, c));
  if (wat8) check('wat8', 8, false, (c) => wat8(99, 0, c));

  const counts = new Int32Array(G * T);
  const rows = new Uint8Array(BLOCK_SIZE * T);
  const fcounts = new Float64Array(G * T);
  const probs = new Float64Array(T * T);
  for (let i = 0; i < T * T; i++) probs[i] = (tables.thresholds[i] + 2147483648) / 4294967296;
  const state = new Uint32Array(4);
  const stateB = new Uint32Array(4);
  let block = 0;
  const xo = new Xoshiro128(blockState(1, 0));
  const xor = seedrandom.xor128('bench');
  // Every contender and the C reference take turns, round after round, so that other jobs on the
  // machine fall on all of them alike; each keeps the median call. A call lasts about the same
  // (0.4-2 ms on a quiet machine) whatever the kernel: a block of 4096 simulations for the fast ones,
  // 1024 for the JavaScript ones and hot ratings, 256 for the slowest, 4096 / lanes a lane for the
  // variants over independent blocks. perCall: simulations per call, in blocks.
  const contenders: { name: string; perCall: number; fn: () => void; ms: number[] }[] = [];
  const add = (name: string, perCall: number, fn: () => void) => contenders.push({ name, perCall, fn, ms: [] });
  const Q = BLOCK_SIZE / 4;
  add('fixed wasm', 1, () => wasm.simulateFixed(blockState(1, block++, state), BLOCK_SIZE, counts, null));
  add('fixed js', 0.25, () => simulateFixed(k, blockState(1, block++, state), Q, counts, null));
  add('fixed js pair', 0.25, () => {
    simulateFixedPair(k, blockState(1, block, state), blockState(1, block + 1, stateB), Q / 2, counts);
    block += 2;
  });
  add('rows wasm', 1, () => wasm.simulateFixed(blockState(1, block++, state), BLOCK_SIZE, counts, rows));
  add('rows js', 0.25, () => simulateFixed(k, blockState(1, block++, state), Q, counts, rows));
  // Hot ratings are 10-20x slower a simulation: shorter calls.
  add('hot wasm', 0.25, () => wasm.simulateHot(fiveThirtyEight, HOT_K, blockState(1, block++, state), Q, counts, null));
  add('hot js', 1 / 16, () => simulateHot(k, fiveThirtyEight, HOT_K, blockState(1, block++, state), Q / 4, counts, null));
  add('hot wasm 1 lane', 1 / 16, () => wasm1.simulateHot(fiveThirtyEight, HOT_K, blockState(1, block++, state), Q / 4, counts, null));
  add('simd8', 1, () => wasm8.simulateFixed(blockState(1, block++, state), BLOCK_SIZE, counts, null));
  add('scalar1', 1, () => wasm1.simulateFixed(blockState(1, block++, state), BLOCK_SIZE, counts, null));
  if (streams4) add('streams4', 1, () => streams4(1, (block += 4), counts, BLOCK_SIZE / 4));
  if (bytes1) add('bytes1', 1, () => bytes1(1, block++, counts));
  if (wat4) add('wat4', 1, () => wat4(1, (block += 4), counts, BLOCK_SIZE / 4));
  if (wat8) add('wat8', 1, () => wat8(1, (block += 8), counts, BLOCK_SIZE / 8));
  add('plainJs', 0.25, () => plainJs(b, probs, () => xo.nextFloat(), Q, fcounts));
  add('seedrandomXor128', 0.25, () => plainJs(b, probs, xor, Q, fcounts));
  const cRef = prepareC(tables);
  const cMedians = { fixed: [] as number[], rows: [] as number[], hot: [] as number[] };
  const rounds = opts.smoke ? 3 : 16;
  const turnMs = opts.smoke ? 60 : 200;
  // Round 0 warms up (the WebAssembly tier-up, the JavaScript JIT) and is not kept.
  for (let round = 0; round <= rounds; round++) {
    for (const c of contenders) {
      const end = performance.now() + turnMs;
      let t = performance.now();
      do {
        c.fn();
        const now = performance.now();
        if (round > 0) c.ms.push(now - t);
        t = now;
      } while (t < end);
    }
    if (cRef !== null && round > 0) {
      cMedians.fixed.push((await cRef.run('fixed', 1_500_000)).median);
      cMedians.rows.push((await cRef.run('rows', 1_000_000)).median);
      cMedians.hot.push((await cRef.run('hot', 100_000, [String(HOT_K), String(hotScale)])).median);
    }
  }
  const simsPerSec = (name: string) => {
    const c = contenders.find((x) => x.name === name);
    return c === undefined ? NaN : ((c.perCall * BLOCK_SIZE) / median(c.ms)) * 1000;
  };
  const cFixed = cRef === null ? null : median(cMedians.fixed);
  const cRows = cRef === null ? null : median(cMedians.rows);
  const cHot = cRef === null ? null : median(cMedians.hot);
  const cWhole = cRef === null ? null : (await cRef.run('fixed', opts.smoke ? 2_000_000 : 20_000_000)).whole;
  const cTwo = cRef === null ? null : (await cRef.run('fixed', opts.smoke ? 2_000_000 : 20_000_000, [], 2)).whole;
  cRef?.dispose();

  const longRun = opts.smoke ? 4_000_000 : 40_000_000;
  await runTournamentPool(b, { sims: 400_000, seed: 1, threads: 1 }); // warm the workers
  let cpu = process.cpuUsage();
  const p1 = await runTournamentPool(b, { sims: longRun, seed: 1, threads: 1 });
  const used = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  const poolCpu1 = used(process.cpuUsage(cpu)) / p1.elapsedMs;
  const pj = await runTournamentPool(b, { sims: longRun / 4, seed: 1, threads: 1, kernel: 'js' });
  await runTournamentPool(b, { sims: 400_000, seed: 1, threads: 2 });
  cpu = process.cpuUsage();
  const p2 = await runTournamentPool(b, { sims: longRun, seed: 1, threads: 2 });
  const poolCpu2 = used(process.cpuUsage(cpu)) / (2 * p2.elapsedMs);
  await closePool();

  const reps = opts.smoke ? 20 : 200;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) exactGameWins(b, fiveThirtyEight);
  const exactMs = (performance.now() - t0) / reps;
  const orNull = (name: string) => (contenders.some((c) => c.name === name) ? simsPerSec(name) : null);
  return {
    fixed: { wasm: simsPerSec('fixed wasm'), js: simsPerSec('fixed js'), jsPair: simsPerSec('fixed js pair'), c: cFixed },
    rows: { wasm: simsPerSec('rows wasm'), js: simsPerSec('rows js'), c: cRows },
    hot: { wasm: simsPerSec('hot wasm'), js: simsPerSec('hot js'), c: cHot },
    cWhole,
    cTwo,
    rounds,
    turnMs,
    variants: {
      simd8: simsPerSec('simd8'),
      scalar1: simsPerSec('scalar1'),
      streams4: orNull('streams4'),
      bytes1: orNull('bytes1'),
      wat4: orNull('wat4'),
      wat8: orNull('wat8'),
      hotScalar: simsPerSec('hot wasm 1 lane'),
    },
    plainJs: simsPerSec('plainJs'),
    seedrandomXor128: simsPerSec('seedrandomXor128'),
    startup: { compileMs, instantiateMs },
    pool1: (p1.sims / p1.elapsedMs) * 1000,
    pool2: (p2.sims / p2.elapsedMs) * 1000,
    poolCpu1,
    poolCpu2,
    poolJs1: (pj.sims / pj.elapsedMs) * 1000,
    exactMs,
  };
}

export function kernelReport(r: KernelBenchResult): string {
  const m = (x: number | null) => (x === null || Number.isNaN(x) ? 'n/a' : `${(x / 1e6).toFixed(2)}M`);
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  const ratio = (x: number | null, y: number | null, what: string) => (x === null || y === null || Number.isNaN(x) ? '' : `${(x / y).toFixed(2)}x ${what}`);
  const modes = [
    ['fixed ratings', r.fixed],
    ['fixed ratings + rows (`--persist rows`, Calcutta)', r.rows],
    [`hot ratings (\`--hot ${HOT_K}\`, 538 model)`, r.hot],
  ] as const;
  // Kernel rows: the median 4096-simulation call (C: the median 4096-simulation chunk of its run).
  const modeRows = modes.map(([name, x]) => [
    name,
    m(x.wasm),
    m(x.js),
    x.c === null ? 'n/a (no gcc)' : m(x.c),
    ratio(x.wasm, x.c, 'C'),
    ratio(x.wasm, x.js, 'JS'),
  ]);
  const v = r.variants;
  const variantRows = [
    ['**kept: WebAssembly (AssemblyScript -O3), SIMD, 4 lanes (one vector of generator state)**', m(r.fixed.wasm), ratio(r.fixed.wasm, r.fixed.c, 'C')],
    ['the same 4-lane loop hand-written in WebAssembly text (kernel-fixed.wat)', m(v.wat4), ratio(v.wat4, r.fixed.c, 'C')],
    ['SIMD, 8 lanes (two vectors), AssemblyScript', m(v.simd8), ratio(v.simd8, r.fixed.c, 'C')],
    ['SIMD, 8 lanes, hand-written WebAssembly text', m(v.wat8), ratio(v.wat8, r.fixed.c, 'C')],
    ['four block streams interleaved, scalar (no SIMD)', m(v.streams4), ratio(v.streams4, r.fixed.c, 'C')],
    ['one lane, scalar (u32 nodes holding team * 4)', m(v.scalar1), ratio(v.scalar1, r.fixed.c, 'C')],
    ['one lane, scalar, smallest types (u8 nodes, u16 node indices)', m(v.bytes1), ratio(v.bytes1, r.fixed.c, 'C')],
    ['JavaScript kernel, two blocks interleaved (what the pool ran before)', m(r.fixed.jsPair), ratio(r.fixed.jsPair, r.fixed.c, 'C')],
    ['plain JS, generator object, float probabilities', m(r.plainJs), ratio(r.plainJs, r.fixed.js, 'JS kernel')],
    ['seedrandom xor128 in the same loop', m(r.seedrandomXor128), ratio(r.seedrandomXor128, r.fixed.js, 'JS kernel')],
    ['hot ratings, WebAssembly, one lane scalar (against 4 SIMD lanes)', m(v.hotScalar), ratio(v.hotScalar, r.hot.c, 'C')],
  ];
  return (
    '| mode, 68 teams, 1 thread | WebAssembly kernel | JavaScript kernel | C reference | WebAssembly / C | WebAssembly / JS |\n|---|---:|---:|---:|---:|---:|\n' +
    modeRows.map((x) => `| ${x.join(' | ')} |`).join('\n') +
    '\n\n| fixed ratings: layouts measured | sims/s | ratio |\n|---|---:|---:|\n' +
    variantRows.map((x) => `| ${x.join(' | ')} |`).join('\n') +
    '\n\n| worker pool, fixed ratings, 68 teams, wall clock of a long run | sims/s | ratio |\n|---|---:|---:|\n' +
    `| pool, 1 thread, WebAssembly (the process got ${pct(r.poolCpu1)} of a core) | ${m(r.pool1)} | ${ratio(r.pool1, r.cWhole, 'C over its whole run')} |\n` +
    `| pool, 2 threads, WebAssembly (the process got ${pct(r.poolCpu2)} of 2 cores) | ${m(r.pool2)} | ${ratio(r.pool2, r.pool1, '1 thread')} |\n` +
    `| pool, 1 thread, JavaScript kernel (reference) | ${m(r.poolJs1)} | ${ratio(r.pool1, r.poolJs1, '(WebAssembly / JavaScript)')} |\n` +
    `| C reference over its whole run | ${m(r.cWhole)} | |\n` +
    `| C reference, two processes at once (what 2 cores gave the C loop during this run) | ${m(r.cTwo)} | ${ratio(r.cTwo, r.cWhole, 'one process')} |\n` +
    `\nHow these are timed: every kernel above and the C reference take turns for ${r.rounds} rounds (${r.turnMs} ms each a round; the C ` +
    'reference one short run per mode a round), so that other jobs on a shared machine fall on all alike. A kernel keeps ' +
    'its median call (1024-4096 simulations), the C reference the median over rounds of its median 1024-simulation chunk. ' +
    "The pool's rows are wall clock over a long run, which other jobs do slow down, as they do the C reference's whole run " +
    'beside them; two C processes at once show how much of the second core was free.\n' +
    `\nStart-up, paid once per worker thread: compiling the WebAssembly module ${r.startup.compileMs.toFixed(1)} ms; once per run and thread: ` +
    `instantiating it with the run's tables ${r.startup.instantiateMs.toFixed(2)} ms.\n` +
    `\nExact calculator (68 teams, 538 model): ${r.exactMs.toFixed(3)} ms per field.\n`
  );
}
