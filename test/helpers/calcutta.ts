// Small Calcuttas for the engine tests: specs on synthetic fields, samples without the worker pool.
import type { FieldSpec } from '../../engine/field/types.js';
import { blockCount, blockState, simsInBlock } from '../../engine/random/stream-scheme.js';
import { compileBracket } from '../../engine/tournament/bracket.js';
import { kernelTables, prepareKernel, simulateFixed } from '../../engine/tournament/kernel.js';
import { winModelByName } from '../../engine/tournament/win-probability.js';
import { SampleBuilder, type TournamentSample } from '../../engine/calcutta/sample.js';
import type { CalcuttaSpec, EntrySpec, OurConstraints } from '../../engine/calcutta/types.js';

export function calcuttaSpec(field: FieldSpec, entries: EntrySpec[], payouts: number[], constraints: Partial<OurConstraints> & { budget: number }, perWin?: number[]): CalcuttaSpec {
  const rounds = Math.log2(field.slots.length);
  return {
    name: 'test',
    field,
    model: { name: '538' },
    scoring: { kind: 'perWin', perWin: perWin ?? Array.from({ length: rounds }, (_, i) => 2 ** i), playInWin: 0 },
    payouts,
    entryName: 'us',
    entries,
    market: null,
    constraints: { minBid: 1, maxBid: constraints.budget, increment: 1, maxTeams: field.teams.length, ...constraints },
  };
}

/** Monte Carlo sample from the kernel in-process, block by block as the pool would. */
export function kernelSample(field: FieldSpec, sims: number, seed: number | string): TournamentSample {
  const b = compileBracket(field);
  const p = prepareKernel(kernelTables(b, winModelByName('538')));
  const builder = new SampleBuilder(b.teamCount, sims);
  const counts = new Int32Array(b.gameCount * b.teamCount);
  const rows = new Uint8Array(4096 * b.teamCount);
  for (let k = 0; k < blockCount(sims); k++) {
    const n = simsInBlock(sims, k);
    simulateFixed(p, blockState(seed, k), n, counts, rows);
    builder.addRows(k * 4096, n, rows);
  }
  return builder.finish();
}

/** Deterministic small random numbers for test case generation. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
