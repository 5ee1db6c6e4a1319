// Tournament kernel benchmarks, each beside its references in the same run:
//   - simcast's kernel, single thread, 68-team 2016 field (67 games a simulation), one block at a time
//     and two blocks interleaved (what the pool runs);
//   - plain JavaScript with a hand-written generator object and float probabilities (the usual port);
//   - the same loop drawing from seedrandom's xor128;
//   - C, xoshiro128** with integer thresholds, gcc -O3 (when gcc is on the machine);
//   - the worker pool on 1 and 2 threads over a long run; the exact calculator.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { Bench } from 'tinybench';
import { projectFile } from '../core/paths.js';
import { loadField } from '../app/inputs/field-file.js';
import { blockState, BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import { Xoshiro128 } from '../engine/random/xoshiro128.js';
import { compileBracket, type Bracket } from '../engine/tournament/bracket.js';
import { exactGameWins } from '../engine/tournament/exact.js';
import { kernelTables, prepareKernel, simulateFixed, simulateFixedPair, type KernelTables } from '../engine/tournament/kernel.js';
import { fiveThirtyEight } from '../engine/tournament/win-probability.js';
import { closePool } from '../workers/pool.js';
import { runTournamentPool } from '../workers/tournament-run.js';

export interface KernelBenchResult {
  kernel: number;
  /** Two blocks interleaved (what the pool runs for fixed ratings without rows). */
  kernelPair: number;
  plainJs: number;
  seedrandomXor128: number;
  c: number | null;
  pool1: number;
  pool2: number;
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

function runC(k: KernelTables, sims: number): number | null {
  try {
    const dir = mkdtempSync(join(tmpdir(), 'simcast-bench-'));
    const src = projectFile('bench', 'reference', 'tournament.c');
    const exe = join(dir, 'tournament');
    execFileSync('gcc', ['-O3', '-march=native', '-o', exe, src], { stdio: 'ignore' });
    const T = k.teamCount;
    const G = k.gameCount;
    const buf = Buffer.alloc(8 + 8 * G + 4 * T * T);
    buf.writeInt32LE(T, 0);
    buf.writeInt32LE(G, 4);
    k.gameA.forEach((v, i) => buf.writeInt32LE(v, 8 + 4 * i));
    k.gameB.forEach((v, i) => buf.writeInt32LE(v, 8 + 4 * G + 4 * i));
    // C compares unsigned draws with unsigned thresholds: undo the signed shift.
    k.thresholds.forEach((v, i) => buf.writeUInt32LE((v + 2147483648) >>> 0, 8 + 8 * G + 4 * i));
    writeFileSync(join(dir, 'tables.bin'), buf);
    const out = execFileSync(exe, [join(dir, 'tables.bin'), String(sims)], { encoding: 'utf8' });
    return Number(out.split(' ')[0]);
  } catch {
    return null;
  }
}

export async function benchKernel(opts: { smoke?: boolean } = {}): Promise<KernelBenchResult> {
  const b = await loadExampleBracket();
  const tables = kernelTables(b, fiveThirtyEight);
  const k = prepareKernel(tables);
  const T = b.teamCount;
  const counts = new Int32Array(b.gameCount * T);
  const fcounts = new Float64Array(b.gameCount * T);
  const probs = new Float64Array(T * T);
  for (let i = 0; i < T * T; i++) probs[i] = (tables.thresholds[i] + 2147483648) / 4294967296;
  const state = new Uint32Array(4);
  const stateB = new Uint32Array(4);
  let block = 0;
  const bench = new Bench({ time: opts.smoke ? 300 : 3000, warmupTime: opts.smoke ? 100 : 500 });
  const xo = new Xoshiro128(blockState(1, 0));
  const xor = seedrandom.xor128('bench');
  bench
    .add('kernel', () => simulateFixed(k, blockState(1, block++, state), BLOCK_SIZE, counts, null))
    .add('kernelPair', () => {
      simulateFixedPair(k, blockState(1, block, state), blockState(1, block + 1, stateB), BLOCK_SIZE, counts);
      block += 2;
    })
    .add('plainJs', () => plainJs(b, probs, () => xo.nextFloat(), BLOCK_SIZE, fcounts))
    .add('seedrandomXor128', () => plainJs(b, probs, xor, BLOCK_SIZE, fcounts));
  await bench.run();
  const simsPerSec = (name: string, blocks = 1) => {
    const t = bench.getTask(name)!;
    return ((blocks * BLOCK_SIZE) / t.result!.latency.mean) * 1000;
  };
  const c = runC(tables, opts.smoke ? 2_000_000 : 20_000_000);

  const longRun = opts.smoke ? 2_000_000 : 20_000_000;
  await runTournamentPool(b, { sims: 200_000, seed: 1, threads: 1 }); // warm the workers
  const p1 = await runTournamentPool(b, { sims: longRun, seed: 1, threads: 1 });
  await runTournamentPool(b, { sims: 200_000, seed: 1, threads: 2 });
  const p2 = await runTournamentPool(b, { sims: longRun, seed: 1, threads: 2 });
  await closePool();

  const reps = opts.smoke ? 20 : 200;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) exactGameWins(b, fiveThirtyEight);
  const exactMs = (performance.now() - t0) / reps;
  return {
    kernel: simsPerSec('kernel'),
    kernelPair: simsPerSec('kernelPair', 2),
    plainJs: simsPerSec('plainJs'),
    seedrandomXor128: simsPerSec('seedrandomXor128'),
    c,
    pool1: (p1.sims / p1.elapsedMs) * 1000,
    pool2: (p2.sims / p2.elapsedMs) * 1000,
    exactMs,
  };
}

export function kernelReport(r: KernelBenchResult): string {
  const m = (x: number) => `${(x / 1e6).toFixed(2)}M`;
  const rows = [
    ['simcast kernel (1 thread), one block at a time', m(r.kernel), r.c ? `${(r.kernel / r.c).toFixed(2)}x C` : 'C n/a'],
    ['simcast kernel (1 thread), two blocks interleaved (what the pool runs)', m(r.kernelPair), `${(r.kernelPair / r.kernel).toFixed(2)}x one block${r.c ? `, ${(r.kernelPair / r.c).toFixed(2)}x C` : ''}`],
    ['plain JS, generator object', m(r.plainJs), `${(r.plainJs / r.kernel).toFixed(2)}x kernel`],
    ['seedrandom xor128', m(r.seedrandomXor128), `${(r.seedrandomXor128 / r.kernel).toFixed(2)}x kernel`],
    ['C xoshiro128** gcc -O3', r.c ? m(r.c) : 'n/a (no gcc)', ''],
    ['pool, 1 thread', m(r.pool1), ''],
    ['pool, 2 threads', m(r.pool2), `${(r.pool2 / r.pool1).toFixed(2)}x 1 thread`],
  ];
  return (
    '| tournament kernel, 68 teams | sims/s | ratio |\n|---|---:|---:|\n' +
    rows.map((x) => `| ${x.join(' | ')} |`).join('\n') +
    `\n\nExact calculator (68 teams, 538 model): ${r.exactMs.toFixed(3)} ms per field.\n`
  );
}
