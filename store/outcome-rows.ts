// Compact per-simulation rows of a tournament run (sql/0006_compact_rows): one row per simulation,
// simulated_outcomes (run_id int8, sim_id int8, wins bytea), every team's wins packed four bits a team.
// A shard's rows are encoded straight from the kernel's rows (T bytes a simulation) into ONE
// preallocated PGCOPY buffer, header to trailer: no object and no allocation per row. With the
// per-shard win counts (simulated_outcome_counts) and the run's numbered teams (run_bracket_teams),
// the views of 0006 give the per-team relation and advancement without per-team rows.
import { StoreError } from '../core/errors.js';
import { PGCOPY_HEADER, PGCOPY_TRAILER } from './copy-binary.js';
import type { Queryable } from './db.js';
import { packWinsRows, type PackedRowsTarget } from '../engine/tournament/pack-rows.js';

export const OUTCOME_COLUMNS = ['run_id', 'sim_id', 'wins'];

const TWO_32 = 4294967296;
/** A row's bytes before its packed wins: field count, run_id and sim_id (length + 8 bytes), wins' length. */
const ROW_PREFIX = 2 + 12 + 12 + 4;

/** Bytes of the packed wins of `teams` teams (two teams a byte). */
export function packedBytes(teams: number): number {
  return (teams + 1) >> 1;
}

/**
 * Most bytes a COPY is fed at a time (one CopyData message each): the server reads a whole message before
 * it parses any of it, and a shard's 8 MiB as one message loaded about 20% slower than in pieces of 64 KiB
 * to 1 MiB (bench/RESULTS.md).
 */
export const COPY_PIECE_BYTES = 2 ** 20;

/** A buffer as views of at most COPY_PIECE_BYTES each (no copy), in order. */
export function copyPieces(buf: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < buf.length; at += COPY_PIECE_BYTES) out.push(buf.subarray(at, Math.min(buf.length, at + COPY_PIECE_BYTES)));
  return out;
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
  /** Shared memory: the pool's workers pack rows into it in place (target()). */
  private readonly storage: Buffer;
  private readonly rowBytes: number;
  private readonly winsBytes: number;
  /** A row's bytes before its packed wins (field count, run_id, the lengths; sim_id is written over). */
  private readonly prefix: Uint8Array;
  /** Rows from the first whose constant bytes are in place: the packing writes them for the others. */
  private constantRows = 0;
  /** Simulations packed from the shard's first, with no gap: what stream() may already send. */
  private ready = 0;
  private wake: (() => void) | null = null;

  constructor(
    private readonly runId: number,
    private readonly teams: number,
    public simStart: number,
    public sims: number,
  ) {
    if (!Number.isSafeInteger(runId) || runId < 1) throw new StoreError('NOT_FOUND', `run ${runId} does not exist`);
    this.winsBytes = packedBytes(teams);
    this.rowBytes = ROW_PREFIX + this.winsBytes;
    this.storage = Buffer.from(new SharedArrayBuffer(outcomeShardBytes(teams, sims)));
    PGCOPY_HEADER.copy(this.storage, 0);
    // The rows' constant bytes are not filled in here: the first touch of fresh memory costs more than
    // the writes (page faults, about 20 ms for 8 MiB on this VM) and would hold the main thread, and
    // with it the shard's first COPY, while the workers wait. The packing writes them, in the workers.
    const row = Buffer.alloc(ROW_PREFIX);
    row.writeInt16BE(3, 0);
    row.writeInt32BE(8, 2);
    row.writeInt32BE(Math.floor(runId / TWO_32) | 0, 6);
    row.writeUInt32BE(runId % TWO_32, 10);
    row.writeInt32BE(8, 14);
    row.writeInt32BE(this.winsBytes, 26);
    // Its own small buffer: it travels with every task of the shard (structured clone).
    this.prefix = new Uint8Array(row);
    PGCOPY_TRAILER.copy(this.storage, PGCOPY_HEADER.length + sims * this.rowBytes);
  }

  /** The shard's PGCOPY bytes, header to trailer (valid once every simulation is packed). */
  get buffer(): Buffer {
    return this.storage.subarray(0, outcomeShardBytes(this.teams, this.sims));
  }

  /**
   * This buffer for another shard of the same run and at most its size (the rows' constant bytes are
   * already in place; the packing rewrites the rest), so a run of many shards allocates only a few.
   */
  reuse(simStart: number, sims: number, runId: number): boolean {
    if (runId !== this.runId || !(sims >= 0 && outcomeShardBytes(this.teams, sims) <= this.storage.length)) return false;
    this.simStart = simStart;
    this.sims = sims;
    this.ready = 0;
    // The trailer goes over the first bytes of the row after the last (when the shard is smaller).
    this.constantRows = Math.min(this.constantRows, sims);
    PGCOPY_TRAILER.copy(this.storage, PGCOPY_HEADER.length + sims * this.rowBytes);
    return true;
  }

  /**
   * The shard's PGCOPY bytes as they are packed, for a COPY that runs while the shard simulates: each
   * piece is a view of the buffer (no copy) from the end of the last piece to the last simulation packed
   * in order (the block runner hands chunks over in block order), the trailer with the last one. `filled` is the shard's simulation: its rejection ends the
   * stream with it (the COPY fails and its transaction rolls back); once it resolves every row must be in.
   */
  async *stream(filled: Promise<unknown>): AsyncGenerator<Uint8Array> {
    let settled = false;
    let failure: unknown = null;
    filled.then(
      () => {
        settled = true;
        this.wake?.();
      },
      (e: unknown) => {
        settled = true;
        failure = e ?? new Error('shard simulation failed');
        this.wake?.();
      },
    );
    const head = PGCOPY_HEADER.length;
    let sent = 0;
    for (;;) {
      if (failure !== null) throw failure;
      const complete = this.ready === this.sims;
      const end = complete ? outcomeShardBytes(this.teams, this.sims) : head + this.ready * this.rowBytes;
      // The header goes with the first rows, not in a write of its own.
      if (end > sent && (this.ready > 0 || complete)) {
        const piece = this.storage.subarray(sent, Math.min(end, sent + COPY_PIECE_BYTES));
        sent += piece.length;
        yield piece;
        continue;
      }
      if (complete) return;
      if (settled) throw new RangeError(`OutcomeShard.stream: the simulation ended with ${this.ready} of ${this.sims} rows packed`);
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  /** Simulations [first, first + n) of the shard (0-based within it) as a COPY of their own: header, rows, trailer. */
  piece(first: number, n: number): Uint8Array[] {
    const start = PGCOPY_HEADER.length + first * this.rowBytes;
    return [PGCOPY_HEADER, this.storage.subarray(start, start + n * this.rowBytes), PGCOPY_TRAILER];
  }

  /** Packs `count` simulations of kernel rows (count * T bytes: wins per team) starting at simulation `first`. */
  put(first: number, count: number, rows: Uint8Array): void {
    if (first < this.simStart || first + count > this.simStart + this.sims || rows.length < count * this.teams) {
      throw new RangeError(`OutcomeShard.put: simulations ${first}..${first + count} are outside ${this.simStart}..${this.simStart + this.sims}`);
    }
    packWinsRows(rows, this.teams, first, count, this.storage, this.target());
    this.packed(first, count);
  }

  /**
   * Where a worker packs the shard's rows itself (engine/tournament/pack-rows.ts): the buffer is shared
   * memory, so the rows never pass through the main thread. Call packed() as each chunk is in.
   */
  target(): PackedRowsTarget {
    return {
      buffer: this.storage.buffer,
      start: this.storage.byteOffset + PGCOPY_HEADER.length,
      firstSim: this.simStart,
      stride: this.rowBytes,
      simAt: 18,
      winsAt: ROW_PREFIX,
      ...(this.constantRows < this.sims ? { prefix: this.prefix } : {}),
    };
  }

  /** Simulations [first, first + count) are packed in place (by put, or by a worker into target()). */
  packed(first: number, count: number): void {
    if (first === this.simStart + this.ready) {
      this.ready += count;
      // Packed with the prefix where it was missing: every row of the shard now holds its constants.
      if (this.ready === this.sims) this.constantRows = Math.max(this.constantRows, this.sims);
      this.wake?.();
    }
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
 * A shard's win counts (counts[t][k] = simulations of the shard in which team t won exactly k games) as
 * the three arrays of its simulated_shard_counts row (zeros are not stored; the view
 * simulated_outcome_counts unnests them). The shard's commit writes them in the same statement as its
 * bookkeeping (store/run-shards.ts recordShardSql).
 */
export function outcomeCountColumns(counts: ArrayLike<number>[]): { teams: number[]; wins: number[]; sims: number[] } {
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
  return { teams, wins, sims };
}
