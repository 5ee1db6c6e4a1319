// The WebAssembly kernel against the JavaScript reference (engine/tournament/kernel.ts): the same tallies,
// rows and final generator state, bit for bit, on every example field and the 2016 538 fixture, fixed
// and hot ratings, with and without rows, with results so far, on the pool for any thread count and
// task split; and the two pieces it rests on, exp() and jumping the generator ahead.
import { afterAll, describe, expect, it } from 'vitest';
import { projectFile } from '../core/paths.js';
import type { FieldSpec } from '../engine/field/types.js';
import { loadField } from '../app/inputs/field-file.js';
import { blockState, STREAM_SCHEME } from '../engine/random/stream-scheme.js';
import { Xoshiro128 } from '../engine/random/xoshiro128.js';
import { compileBracket, type Bracket } from '../engine/tournament/bracket.js';
import { kernelTables, prepareKernel, simulateFixed, simulateHot, type PreparedKernel } from '../engine/tournament/kernel.js';
import { compileKernelModule, hotLogisticScale, WasmTournamentKernel } from '../engine/tournament/kernel-wasm.js';
import { eloScale, fiveThirtyEight, normalSpread, winModelByName, type WinProbabilityModel } from '../engine/tournament/win-probability.js';
import { closePool } from '../workers/pool.js';
import { runTournamentPool, type TournamentRunOptions } from '../workers/tournament-run.js';
import { field2016 } from './helpers/field-2016.js';

afterAll(closePool);

const module = compileKernelModule();

/** The spec with results so far: about a third of the games whose two inputs are known, in bracket order. */
function withResults(spec: FieldSpec): FieldSpec {
  const b = compileBracket({ ...spec, results: [] });
  const T = b.teamCount;
  const known = new Int32Array(T + b.gameCount).fill(-1);
  for (let t = 0; t < T; t++) known[t] = t;
  const results: FieldSpec['results'] = [];
  for (let g = 0; g < b.gameCount; g++) {
    const a = known[b.gameA[g]];
    const c = known[b.gameB[g]];
    if (a < 0 || c < 0 || g % 3 !== 0) continue;
    // The lower-rated team wins now and then, so that decided games are not simply the favourites.
    const [w, l] = g % 2 === 0 ? [a, c] : [c, a];
    results.push({ winner: b.names[w], loser: b.names[l] });
    known[T + g] = w;
  }
  return { ...spec, results };
}

interface Field {
  name: string;
  bracket: Bracket;
}

async function fields(): Promise<Field[]> {
  const specs: [string, FieldSpec][] = [
    ['byes-and-playins', await loadField(projectFile('examples', 'byes-and-playins.json'))],
    ['four-teams', await loadField(projectFile('examples', 'four-teams.json'))],
    ['ncaa-2016', await loadField(projectFile('examples', 'ncaa-2016.json'))],
    ['538 CSV 2016', await field2016()],
  ];
  const out: Field[] = [];
  // Every game decided: no draw at all, only the decided tallies and rows.
  const four = specs[1][1];
  out.push({
    name: 'four-teams, all decided',
    bracket: compileBracket({
      ...four,
      results: [
        { winner: 'Alabama', loser: 'Texas' },
        { winner: 'Georgia', loser: 'Michigan' },
        { winner: 'Georgia', loser: 'Alabama' },
      ],
    }),
  });
  for (const [name, spec] of specs) {
    out.push({ name, bracket: compileBracket(spec) });
    const decided = withResults(spec);
    expect(decided.results.length, name).toBeGreaterThan(0);
    out.push({ name: `${name} with ${decided.results.length} results`, bracket: compileBracket(decided) });
  }
  return out;
}

const same = (a: Int32Array, b: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** One call of each kernel from the same state: tallies, rows and the state left behind all equal. */
function compare(
  p: PreparedKernel,
  w: WasmTournamentKernel,
  model: WinProbabilityModel,
  hotK: number | null,
  sims: number,
  withRows: boolean,
  seed: string,
  block: number,
): void {
  const T = p.tables.teamCount;
  const G = p.tables.gameCount;
  const js = { counts: new Int32Array(G * T), rows: withRows ? new Uint8Array(sims * T).fill(7) : null, state: blockState(seed, block) };
  const wa = { counts: new Int32Array(G * T), rows: withRows ? new Uint8Array(sims * T).fill(9) : null, state: blockState(seed, block) };
  // Both add into counts: start from the same non-zero tallies.
  js.counts.fill(3);
  wa.counts.fill(3);
  if (hotK === null) {
    simulateFixed(p, js.state, sims, js.counts, js.rows);
    w.simulateFixed(wa.state, sims, wa.counts, wa.rows);
  } else {
    simulateHot(p, model, hotK, js.state, sims, js.counts, js.rows);
    w.simulateHot(model, hotK, wa.state, sims, wa.counts, wa.rows);
  }
  const what = `${model.name} hot=${hotK} sims=${sims} rows=${withRows} lanes=${w.lanes}`;
  expect(same(wa.counts, js.counts), `counts, ${what}`).toBe(true);
  expect(Array.from(wa.state), `state, ${what}`).toEqual(Array.from(js.state));
  if (withRows) expect(Buffer.from(wa.rows!).equals(Buffer.from(js.rows!)), `rows, ${what}`).toBe(true);
}

describe('WebAssembly kernel, call by call against the JavaScript kernel', () => {
  it('fixed ratings: every field, with and without results so far and rows, any number of simulations', async () => {
    for (const f of await fields()) {
      const p = prepareKernel(kernelTables(f.bracket, fiveThirtyEight));
      for (const lanes of [1, 4, 8] as const) {
        const w = new WasmTournamentKernel(module, p, { lanes });
        // Whole blocks, a short last block, fewer simulations than lanes, one.
        for (const [i, sims] of [4096, 4095, 1000, 9, 8, 7, 1].entries()) {
          for (const withRows of [false, true]) compare(p, w, fiveThirtyEight, null, sims, withRows, `fixed ${f.name}`, i);
        }
      }
    }
  });

  it('hot ratings: 538 and Elo logistic in WebAssembly, normal through the JavaScript fallback, K = 0 too', async () => {
    for (const f of await fields()) {
      for (const model of [fiveThirtyEight, eloScale, normalSpread(11)]) {
        const p = prepareKernel(kernelTables(f.bracket, model));
        const w = new WasmTournamentKernel(module, p);
        // Elo ratings are on another scale from the examples' points: a bigger K moves them visibly.
        const K = model === eloScale ? 40 : 2;
        for (const [i, sims] of [4096, 1001, 7, 1].entries()) {
          for (const withRows of [false, true]) {
            compare(p, w, model, K, sims, withRows, `hot ${f.name}`, i);
            if (i === 1) compare(p, w, model, 0, sims, withRows, `hot0 ${f.name}`, i);
          }
        }
      }
    }
  });

  it('runs the logistic models in WebAssembly and any other model in JavaScript', () => {
    expect(hotLogisticScale(fiveThirtyEight)).toBe((30.464 * Math.LN10) / 400);
    expect(hotLogisticScale(winModelByName('elo'))).toBe(Math.LN10 / 400);
    expect(hotLogisticScale(normalSpread(11))).toBeNull();
    // A model that only borrows a name is not taken for the formula.
    expect(hotLogisticScale({ name: '538', prob: (a, b) => fiveThirtyEight.prob(a, b) * 0.999 + 0.0005 })).toBeNull();
  });

  it('leaves the stream scheme as it was', () => {
    expect(STREAM_SCHEME).toBe('xoshiro128ss+arc4seed/block4096/v1');
  });
});

describe('the pieces under the WebAssembly kernel', () => {
  it("exp() is V8's Math.exp bit for bit, scalar and on two SIMD lanes", async () => {
    const p = prepareKernel(kernelTables(compileBracket(await field2016()), fiveThirtyEight));
    const w = new WasmTournamentKernel(module, p);
    const gen = new Xoshiro128(blockState('exp', 0));
    let checked = 0;
    let previous = 0;
    const check = (x: number) => {
      const want = Math.exp(x);
      const got = w.exp(x);
      if (!Object.is(got, want)) expect(got, `exp(${x})`).toBe(want);
      // Hot ratings' two-lane SIMD form, paired with the previous argument in either lane.
      const [a, b] = w.expPair(x, previous);
      if (!Object.is(a, want)) expect(a, `SIMD lane 0 exp(${x})`).toBe(want);
      if (!Object.is(b, Math.exp(previous))) expect(b, `SIMD lane 1 exp(${previous})`).toBe(Math.exp(previous));
      previous = x;
      checked++;
    };
    // Uniform over the range hot ratings reach (|d * k| up to a few tens), then over every exponent.
    for (let i = 0; i < 1_000_000; i++) check((gen.nextFloat() - 0.5) * 80);
    for (let i = 0; i < 500_000; i++) {
      const bits = new Uint32Array([gen.nextUint32(), gen.nextUint32()]);
      check(new Float64Array(bits.buffer)[0]);
    }
    // Around every branch point of the algorithm: ln2/2, 1.5 ln2, 2^-28, the overflow and underflow limits.
    const edges = [0.34657359027997264, 1.0397207708399179, 2 ** -28, 709.782712893384, -745.1332191019411, -708.3964185322641, 1, -1, 0.5, -0.5];
    for (const e of edges) {
      let up = e;
      let down = e;
      for (let i = 0; i < 2000; i++) {
        check(up);
        check(-up);
        check(down);
        check(-down);
        up = nextAfter(up, Infinity);
        down = nextAfter(down, -Infinity);
      }
    }
    for (const x of [0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 800, -800]) check(x);
    expect(checked).toBeGreaterThan(1_500_000);
  });

  it('jumps xoshiro128** ahead exactly as stepping would, and its polynomial gives the published JUMP constants', async () => {
    const p = prepareKernel(kernelTables(compileBracket(await field2016()), fiveThirtyEight));
    const w = new WasmTournamentKernel(module, p);
    // Blackman & Vigna's jump() for xoshiro128** advances 2^64 draws with these words: two jumps of 2^63.
    const JUMP = new Uint32Array([0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b]);
    const half = w.jumpPolynomial(2n ** 63n);
    for (const block of [0, 1, 2]) {
      expect(Array.from(jumpWith(half, jumpWith(half, blockState('vigna', block))))).toEqual(Array.from(jumpWith(JUMP, blockState('vigna', block))));
    }
    // Lane j of a block starts j * q * F draws in: jumps of several sizes against stepping.
    for (const n of [1, 2, 63, 64, 67, 128, 129, 1000, 512 * 67]) {
      const poly = w.jumpPolynomial(n);
      const g = new Xoshiro128(blockState('jump', n));
      for (let i = 0; i < n; i++) g.nextUint32();
      const jumped = jumpWith(poly, blockState('jump', n));
      expect(Array.from(jumped), `jump ${n}`).toEqual(Array.from(g.state()));
    }
  });
});

/** Applies a jump polynomial in plain JavaScript (the kernel's jump() does this in WebAssembly). */
function jumpWith(poly: Uint32Array, state: Uint32Array): Uint32Array {
  const g = new Xoshiro128(state);
  const acc = new Uint32Array(4);
  for (let i = 0; i < 128; i++) {
    if ((poly[i >> 5] >>> (i & 31)) & 1) {
      const s = g.state();
      for (let j = 0; j < 4; j++) acc[j] ^= s[j];
    }
    g.nextUint32();
  }
  return acc;
}

function nextAfter(x: number, toward: number): number {
  if (Number.isNaN(x) || x === toward) return x;
  if (x === 0) return toward > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const u = new BigUint64Array(f.buffer);
  u[0] += x < toward === x > 0 ? 1n : -1n;
  return f[0];
}

describe('WebAssembly kernel on the worker pool', () => {
  /** A run's tallies and rows in block order, as a persisting caller sees them. */
  async function run(b: Bracket, o: Omit<TournamentRunOptions, 'onChunk'>) {
    const rows: Buffer[] = [];
    const r = await runTournamentPool(b, { ...o, onChunk: (c) => void (c.rows && rows.push(Buffer.from(c.rows))) });
    return { wins: Buffer.from(r.wins.buffer), rows: Buffer.concat(rows), sims: r.sims };
  }

  it('gives the JavaScript kernel’s numbers on 1, 2 and 3 threads and any task size: fixed, hot, rows, results so far', async () => {
    const spec = withResults(await field2016());
    const b = compileBracket(spec);
    const sims = 5 * 4096 + 11; // the last block short
    for (const mode of [
      { hotK: null, withRows: false },
      { hotK: null, withRows: true },
      { hotK: 2, withRows: false },
      { hotK: 2, withRows: true },
    ]) {
      const base = { sims, seed: 'pool', ...mode };
      const js = await run(b, { ...base, threads: 1, kernel: 'js' });
      expect(js.sims).toBe(sims);
      for (const [threads, blocksPerTask] of [
        [1, undefined],
        [2, 1],
        [2, 4],
        [3, 2],
      ] as const) {
        const wa = await run(b, { ...base, threads, blocksPerTask });
        const what = `hot=${mode.hotK} rows=${mode.withRows} threads=${threads} per task=${blocksPerTask}`;
        expect(wa.wins.equals(js.wins), `wins, ${what}`).toBe(true);
        expect(wa.rows.equals(js.rows), `rows, ${what}`).toBe(true);
      }
    }
  });

  it('gives the JavaScript kernel’s numbers for the other models and a shard of blocks', async () => {
    const b = compileBracket(await loadField(projectFile('examples', 'byes-and-playins.json')));
    for (const model of [{ name: 'elo' }, { name: 'normal', sigma: 7 }]) {
      const base = { sims: 40_000, seed: 12, model, hotK: 3, blocks: { first: 2, count: 5 } };
      const js = await run(b, { ...base, threads: 1, kernel: 'js' });
      const wa = await run(b, { ...base, threads: 2, blocksPerTask: 2 });
      expect(wa.wins.equals(js.wins), model.name).toBe(true);
    }
  });
});
