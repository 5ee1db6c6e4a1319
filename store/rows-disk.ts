// What `--persist rows` will take on disk, said before the run starts (a million simulations of a
// 68-team field: about 80 MB; the layout before migration 0006 took 3 GB and surprised people).
import { packedBytes } from './outcome-rows.js';

/**
 * Bytes a stored simulation takes beside its packed wins: the heap tuple's header and line pointer
 * (28), run_id and sim_id (12), the bytea's length byte (1), and the primary key's index entry (~5 a
 * row, amortised) — measured: 80 bytes a simulation for 68 teams (docs/storage.md).
 */
const ROW_OVERHEAD_ON_DISK = 46;

export function rowsDiskBytes(teams: number, sims: number): number {
  return sims * (packedBytes(teams) + ROW_OVERHEAD_ON_DISK);
}
