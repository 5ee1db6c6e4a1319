// Small Calcuttas for the engine tests: specs on synthetic fields, samples without the worker pool.
import type { FieldSpec } from '../../engine/field/types.js';
import { compileBracket } from '../../engine/tournament/bracket.js';
import { winModelByName } from '../../engine/tournament/win-probability.js';
import { sampleTournaments, type TournamentSample } from '../../engine/calcutta/sample.js';
import type { CalcuttaSpec, EntrySpec, OurConstraints } from '../../engine/calcutta/types.js';

export function calcuttaSpec(
  field: FieldSpec,
  entries: EntrySpec[],
  payouts: number[],
  constraints: Partial<OurConstraints> & { budget: number },
  perWin?: number[],
): CalcuttaSpec {
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
  return sampleTournaments(compileBracket(field), winModelByName('538'), sims, seed);
}

/** Deterministic small random numbers for test case generation. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
