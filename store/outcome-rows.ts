// Compact per-simulation rows of a tournament run (sql/0006_compact_rows): one row per simulation,
// simulated_outcomes (run_id int8, sim_id int8, wins bytea), every team's wins packed four bits a team.
// A shard's rows are encoded straight from the kernel's rows (T bytes a simulation) into ONE
// preallocated PGCOPY buffer, header to trailer: no object and no allocation per row. With the
// per-shard win counts (simulated_outcome_counts) and the run's numbered teams (run_bracket_teams),
// the views of 0006 give the per-team relation and advancement without per-team rows.
import { StoreError } from '../core/errors.js';
import { PGCOPY_HEADER, PGCOPY_TRAILER } from './copy-binary.js';
import type { Queryable } from './db.js';

export const OUTCOME_COLUMNS = ['run_id', 'sim_id', 'wins'];

/** Most wins a team's four bits hold. */
const MAX_PACKED_WINS = 15;
const TWO_32 = 4294967296;
/** A row's bytes before its packed wins: field count, run_id and sim_id (length + 8 bytes), wins' length. */
const ROW_PREFIX = 2 + 12 + 12 + 4;

/** Bytes of the packed wins of `teams` teams (two teams a byte). */
export function packedBytes(teams: number): number {
  return (teams + 1) >> 1;
}

/** PGCOPY bytes of one simulation's row. */
export function outcomeRowBytes(teams: number): number {
  return ROW_PREFIX + packedBytes(teams);
}

/** PGCOPY bytes of a shard of `sims` simulations (header and trailer included). */
export function outcomeShardBytes(teams: number, sims: number): number {
  return PGCOPY_HEADER.length + sims * outcomeRowBytes(teams) + PGCOPY_TRAILER.length;
}

/**
 * One shard's COPY buffer: simulations [simStart, simStart + sims) of a run. Chunks of kernel rows
 * arrive in any order and are packed into their own place (put), so the buffer is ready for COPY when
 * the shard's last chunk is in.
 */
export class OutcomeShard {
  readonly buffer: Buffer;
  private readonly rowBytes: number;
  private readonly packed: number;

  constructor(
    private readonly runId: number,
    private readonly teams: number,
    public simStart: number,
    readonly sims: number,
  ) {
    if (!Number.isSafeInteger(runId) || runId < 1) throw new StoreError('NOT_FOUND', `run ${runId} does not exist`);
    this.packed = packedBytes(teams);
    this.rowBytes = ROW_PREFIX + this.packed;
    this.buffer = Buffer.allocUnsafe(outcomeShardBytes(teams, sims));
    const head = PGCOPY_HEADER.copy(this.buffer, 0);
    // Every row's constant bytes in one native fill: field count, run_id, the lengths; sim_id and wins are put.
    const row = Buffer.alloc(this.rowBytes);
    row.writeInt16BE(3, 0);
    row.writeInt32BE(8, 2);
    row.writeInt32BE(Math.floor(runId / TWO_32) | 0, 6);
    row.writeUInt32BE(runId % TWO_32, 10);
    row.writeInt32BE(8, 14);
    row.writeInt32BE(this.packed, 26);
    if (sims > 0) this.buffer.fill(row, head, head + sims * this.rowBytes);
    PGCOPY_TRAILER.copy(this.buffer, head + sims * this.rowBytes);
  }

  /**
   * This shard's buffer for another shard of the same run and size (every constant byte is already in
   * place; put() rewrites the rest), so a run of many shards allocates and fills only a few.
   */
  reuse(simStart: number, sims: number, runId: number): boolean {
    if (sims !== this.sims || runId !== this.runId) return false;
    this.simStart = simStart;
    return true;
  }

  /** Simulations [first, first + n) of the shard (0-based within it) as a COPY of their own: header, rows, trailer. */
  piece(first: number, n: number): Uint8Array[] {
    const start = PGCOPY_HEADER.length + first * this.rowBytes;
    return [PGCOPY_HEADER, this.buffer.subarray(start, start + n * this.rowBytes), PGCOPY_TRAILER];
  }

  /** Packs `count` simulations of kernel rows (count * T bytes: wins per team) starting at simulation `first`. */
  put(first: number, count: number, rows: Uint8Array): void {
    const T = this.teams;
    const P = this.packed;
    const rowBytes = this.rowBytes;
    if (first < this.simStart || first + count > this.simStart + this.sims || rows.length < count * T) {
      throw new RangeError(`OutcomeShard.put: simulations ${first}..${first + count} are outside ${this.simStart}..${this.simStart + this.sims}`);
    }
    const buf = this.buffer;
    const pairs = T >> 1;
    // Four teams a read when the rows allow it (T a multiple of 4, aligned): a little-endian word
    // a | b << 8 | c << 16 | d << 24 becomes a | b << 4 in byte 0 and c | d << 4 in byte 2 of x | x >>> 4.
    const words = T % 4 === 0 && rows.byteOffset % 4 === 0 ? new Uint32Array(rows.buffer, rows.byteOffset, (count * T) >> 2) : null;
    const quads = T >> 2;
    let p = PGCOPY_HEADER.length + (first - this.simStart) * rowBytes;
    let over = 0;
    for (let s = 0; s < count; s++, p += rowBytes) {
      const sim = first + s;
      const hi = Math.floor(sim / TWO_32);
      const lo = sim - hi * TWO_32;
      buf[p + 18] = hi >>> 24;
      buf[p + 19] = (hi >>> 16) & 255;
      buf[p + 20] = (hi >>> 8) & 255;
      buf[p + 21] = hi & 255;
      buf[p + 22] = lo >>> 24;
      buf[p + 23] = (lo >>> 16) & 255;
      buf[p + 24] = (lo >>> 8) & 255;
      buf[p + 25] = lo & 255;
      let w = p + ROW_PREFIX;
      if (words !== null) {
        for (let k = 0, i = s * quads; k < quads; k++, i++, w += 2) {
          const v = words[i];
          over |= v;
          const x = v | (v >>> 4);
          buf[w] = x;
          buf[w + 1] = x >>> 16;
        }
      } else {
        const base = s * T;
        for (let k = 0; k < pairs; k++) {
          const a = rows[base + 2 * k];
          const b = rows[base + 2 * k + 1];
          over |= a | b;
          buf[w + k] = a | (b << 4);
        }
        if (T & 1) {
          const a = rows[base + T - 1];
          over |= a;
          buf[w + P - 1] = a;
        }
      }
    }
    // Every byte of every row below 16, or the packing would have lost wins.
    if ((over & 0xf0f0f0f0) !== 0) throw new RangeError(`a team won more than ${MAX_PACKED_WINS} games: too many rounds to pack`);
  }
}

/** The run's teams as its kernel numbers them, for the views that decode packed wins (idempotent). */
export async function saveBracketTeams(
  q: Queryable,
  runId: number,
  teams: { name: string; seed: number | null; region: string | null; firstRound: number; byes: number }[],
  rounds: number,
): Promise<void> {
  await q.query(
    `insert into run_bracket_teams (run_id, team_key, name, seed, region, first_round, byes, rounds)
     select $1, k - 1, t.name, t.seed, t.region, t.first_round, t.byes, $7
     from unnest($2::text[], $3::int[], $4::text[], $5::int2[], $6::int2[]) with ordinality as t(name, seed, region, first_round, byes, k)
     on conflict (run_id, team_key) do nothing`,
    [runId, teams.map((t) => t.name), teams.map((t) => t.seed), teams.map((t) => t.region), teams.map((t) => t.firstRound), teams.map((t) => t.byes), rounds],
  );
}

/**
 * A shard's win counts: counts[t][k] = simulations of the shard in which team t won exactly k games
 * (zeros are not stored). Written in the shard's transaction, with its rows.
 */
export async function saveOutcomeCounts(q: Queryable, runId: number, shardIndex: number, counts: ArrayLike<number>[]): Promise<void> {
  const teams: number[] = [];
  const wins: number[] = [];
  const sims: number[] = [];
  counts.forEach((row, t) => {
    for (let k = 0; k < row.length; k++) {
      if (row[k] === 0) continue;
      teams.push(t);
      wins.push(k);
      sims.push(row[k]);
    }
  });
  await q.query(
    `insert into simulated_outcome_counts (run_id, shard_index, team_key, wins, sims)
     select $1, $2, t.team_key, t.wins, t.sims from unnest($3::int[], $4::int2[], $5::int8[]) as t(team_key, wins, sims)`,
    [runId, shardIndex, teams, wins, sims],
  );
}
