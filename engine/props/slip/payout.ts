// What a slip returns per unit staked, given each of its legs' outcome (hit, push, miss).
//   price (American or decimal, one price for the whole slip): every leg hits → D; any miss → 0; pushes
//     and no miss → 1 (stake back: one price cannot be regraded without the legs' own prices);
//   per-leg decimals (a book's parlay): any miss → 0, else the product of the hit legs' decimals (pushed
//     legs drop out, all pushed → 1);
//   multiplier table (pick'em sites): table[legs still live][hits] is the total return, legs still live
//     = legs not pushed; a live count the table lacks returns the stake (the site's "reverted" slip),
//     a hit count it lacks returns 0 ("flex" tables list the partial payouts they pay).
import { InputError } from '../../../core/errors.js';
import { americanToDecimal } from '../../betting/odds.js';
import { HIT, MISS, PUSH } from '../joint/simulate-legs.js';

export type SlipPayout =
  | { kind: 'american'; odds: number }
  | { kind: 'decimal'; odds: number }
  | { kind: 'per-leg'; decimals: number[] }
  | { kind: 'multipliers'; table: Record<string, Record<string, number>> };

/** A payout checked against the slip's leg count, in the form slipReturn reads. */
export interface CompiledPayout {
  kind: SlipPayout['kind'];
  decimal: number;
  decimals: Float64Array;
  /** table[live][hits], NaN where absent; null when live legs are not in the table */
  table: (Float64Array | null)[];
}

export function compilePayout(payout: SlipPayout, legs: number): CompiledPayout {
  const bad = (msg: string) => new InputError('SLIP_INVALID', `payout: ${msg}`);
  const base: CompiledPayout = { kind: payout.kind, decimal: NaN, decimals: new Float64Array(0), table: [] };
  switch (payout.kind) {
    case 'american':
      if (!Number.isFinite(payout.odds) || (payout.odds > -100 && payout.odds < 100)) throw bad(`American odds must be ≤ -100 or ≥ 100 (got ${payout.odds})`);
      return { ...base, decimal: americanToDecimal(payout.odds) };
    case 'decimal':
      if (!(Number.isFinite(payout.odds) && payout.odds > 1)) throw bad(`decimal odds must be greater than 1 (got ${payout.odds})`);
      return { ...base, decimal: payout.odds };
    case 'per-leg':
      if (!Array.isArray(payout.decimals) || payout.decimals.length !== legs) throw bad(`per-leg decimals must have one price per leg (${legs})`);
      for (const d of payout.decimals) if (!(Number.isFinite(d) && d > 1)) throw bad(`decimal odds must be greater than 1 (got ${d})`);
      return { ...base, decimals: Float64Array.from(payout.decimals) };
    case 'multipliers': {
      const table: (Float64Array | null)[] = Array.from({ length: legs + 1 }, () => null);
      for (const [liveRaw, row] of Object.entries(payout.table ?? {})) {
        const live = Number(liveRaw);
        if (!Number.isInteger(live) || live < 1 || live > legs) continue;
        const t = new Float64Array(live + 1).fill(NaN);
        for (const [hitsRaw, m] of Object.entries(row)) {
          const hits = Number(hitsRaw);
          if (!Number.isInteger(hits) || hits < 0 || hits > live) throw bad(`table[${live}] has a hit count ${hitsRaw} outside 0..${live}`);
          if (!(Number.isFinite(m) && m >= 0)) throw bad(`table[${live}][${hits}] must be a non-negative number (got ${m})`);
          t[hits] = m;
        }
        table[live] = t;
      }
      if (table[legs] === null) throw bad(`the multiplier table has no row for ${legs} legs`);
      return { ...base, table };
    }
    default:
      throw bad(`unknown payout kind '${(payout as { kind: string }).kind}'`);
  }
}

/** Total return per unit staked for the legs' states (HIT, PUSH, MISS), read at `index` of `states`. */
export function slipReturn(p: CompiledPayout, states: ArrayLike<number>, index: readonly number[]): number {
  let hits = 0;
  let pushes = 0;
  let misses = 0;
  for (const i of index) {
    const s = states[i];
    if (s === HIT) hits++;
    else if (s === PUSH) pushes++;
    else if (s === MISS) misses++;
  }
  const n = index.length;
  switch (p.kind) {
    case 'american':
    case 'decimal':
      return misses > 0 ? 0 : pushes > 0 ? 1 : p.decimal;
    case 'per-leg': {
      if (misses > 0) return 0;
      let r = 1;
      index.forEach((leg, k) => {
        if (states[leg] === HIT) r *= p.decimals[k];
      });
      return r;
    }
    case 'multipliers': {
      const live = n - pushes;
      if (live === 0) return 1;
      const row = p.table[live];
      if (!row) return 1;
      const m = row[hits];
      return Number.isNaN(m) ? 0 : m;
    }
  }
}
