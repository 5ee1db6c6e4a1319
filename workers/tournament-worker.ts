// Piscina entry point: runs the tournament kernel for a task's blocks into the task's ring slot.
// The WebAssembly kernel (engine/tournament/kernel-wasm.ts) by default: its module is compiled once per
// worker thread, its instance and tables once per run. The JavaScript kernel runs when a task asks for it
// (kernel: 'js') or when this thread cannot compile the module (no WebAssembly SIMD).
import { blockState, BLOCK_SIZE, simsInBlock } from '../engine/random/stream-scheme.js';
import { prepareKernel, simulateFixed, simulateFixedPair, simulateHot, type PreparedKernel } from '../engine/tournament/kernel.js';
import { compileKernelModule, WasmTournamentKernel } from '../engine/tournament/kernel-wasm.js';
import { winModelByName } from '../engine/tournament/win-probability.js';
import { packWinsRows } from '../engine/tournament/pack-rows.js';
import { ringSlot, unpackShared } from './shared-memory.js';
import type { TournamentTask, TournamentTaskResult } from './tournament-task.js';

let cachedKey = '';
let cachedKernel: PreparedKernel | null = null;
let cachedWasm: WasmTournamentKernel | null = null;
let wasmModule: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (wasmModule === undefined) {
    try {
      wasmModule = compileKernelModule();
    } catch {
      wasmModule = null;
    }
  }
  return wasmModule;
}

let scratch = new Uint8Array(0);
function scratchRows(bytes: number): Uint8Array {
  if (scratch.length < bytes) scratch = new Uint8Array(bytes);
  return scratch;
}

export default function runTournamentTask(task: TournamentTask): TournamentTaskResult {
  const started = performance.now();
  if (task.runKey !== cachedKey || cachedKernel === null) {
    const a = unpackShared(task.inputs, task.inputLayout);
    const ratings = a.ratings as Float64Array;
    const gameA = a.gameA as Int32Array;
    cachedKernel = prepareKernel({
      teamCount: ratings.length,
      gameCount: gameA.length,
      gameA,
      gameB: a.gameB as Int32Array,
      forced: a.forced as Int32Array,
      thresholds: a.thresholds as Int32Array,
      ratings,
      travel: (a.travel as Float64Array | undefined) ?? null,
    });
    cachedWasm = null;
    cachedKey = task.runKey;
  }
  const k = cachedKernel;
  const module = task.kernel === 'js' ? null : kernelModule();
  if (module !== null && cachedWasm === null) cachedWasm = new WasmTournamentKernel(module, k);
  const wasm = module === null ? null : cachedWasm;
  const T = k.tables.teamCount;
  const views = ringSlot(task.ring, task.slot);
  const counts = views.counts as Int32Array;
  // Rows packed here, block by block while they are in cache, into the caller's COPY buffer: the kernel
  // writes a block's rows into this thread's own scratch (copies into shared memory are much slower
  // than into ordinary memory), and only the packed half goes to the shared buffer.
  const packed = task.packRows !== undefined ? new Uint8Array(task.packRows.buffer) : null;
  const rows = packed !== null ? scratchRows(BLOCK_SIZE * T) : ((views.rows as Uint8Array | undefined) ?? null);
  counts.fill(0);
  const model = task.hotK === null ? null : winModelByName(task.model.name, task.model.sigma);
  const state = new Uint32Array(4);
  const stateB = new Uint32Array(4);
  let sims = 0;
  for (let i = 0; i < task.blockCount; i++) {
    const block = task.firstBlock + i;
    const n = simsInBlock(task.totalSims, block);
    blockState(task.seed, block, state);
    const at = packed !== null ? 0 : i * BLOCK_SIZE * T;
    const blockRows = rows === null ? null : rows.subarray(at, at + n * T);
    if (wasm !== null) {
      if (model === null) wasm.simulateFixed(state, n, counts, blockRows);
      else wasm.simulateHot(model, task.hotK!, state, n, counts, blockRows);
      sims += n;
      if (packed !== null) packWinsRows(blockRows!, T, block * BLOCK_SIZE, n, packed, task.packRows!);
      continue;
    }
    // JavaScript, fixed ratings, tallies only: two whole blocks at once (simulateFixedPair, the same numbers, faster).
    if (model === null && rows === null && i + 1 < task.blockCount && simsInBlock(task.totalSims, block + 1) === n) {
      simulateFixedPair(k, state, blockState(task.seed, block + 1, stateB), n, counts);
      sims += 2 * n;
      i++;
      continue;
    }
    if (model === null) simulateFixed(k, state, n, counts, blockRows);
    else simulateHot(k, model, task.hotK!, state, n, counts, blockRows);
    sims += n;
    if (packed !== null) packWinsRows(blockRows!, T, block * BLOCK_SIZE, n, packed, task.packRows!);
  }
  return { sims, ms: performance.now() - started };
}
