// Per-tournament entry outcomes of a Calcutta optimisation on their way to entry_simulation_outcomes.
// The engine hands them out chunk by chunk from synchronous code (it cannot wait for the database), so
// each chunk is encoded as PGCOPY rows at once and appended to a spill file; the shard's transaction then
// streams that file into COPY in bounded slices (Postgres: one COPY with backpressure; PGlite: one COPY
// per COPY_BATCH_ROWS rows, since it gathers a COPY into one blob).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntryOutcomeChunk } from '../engine/calcutta/outcomes.js';
import { encodeColumns, PGCOPY_HEADER, PGCOPY_TRAILER } from './copy-binary.js';
import type { CopyStats, Db, WriteTx } from './db.js';
import { partitionName } from './runs.js';

const OUTCOME_COLUMNS = ['run_id', 'sim_id', 'entry_id', 'points', 'rank', 'payout'];
/** One entry_simulation_outcomes row in PGCOPY: field count, then int8, int8, int4, float8, int2, float8 with their length words. */
const OUTCOME_ROW_BYTES = 2 + 12 + 12 + 8 + 12 + 6 + 12;
/** Rows per COPY statement on PGlite (one blob each: 16 MiB). */
const COPY_BATCH_ROWS = 1 << 18;
const READ_SLICE = 1 << 20;

/** Rows per COPY statement by backend: Postgres takes one COPY with backpressure; PGlite gathers each into one blob. */
export function defaultCopyBatchRows(db: Db): number {
  return db.kind === 'pglite' ? COPY_BATCH_ROWS : Number.MAX_SAFE_INTEGER;
}

/**
 * Per-tournament entry outcomes, encoded as PGCOPY rows (no framing) as the engine hands them out and
 * appended to a temporary file; copyInto streams them into the run's partition.
 */
export class OutcomeSpill {
  rows = 0;
  private readonly dir: string;
  private readonly path: string;
  private fd: number | null;
  private simIds = new Float64Array(0);
  private entryIds = new Int32Array(0);

  constructor(private readonly runId: number) {
    this.dir = mkdtempSync(join(tmpdir(), `simcast-calcutta-r${runId}-`));
    this.path = join(this.dir, 'outcomes.pgcopy');
    this.fd = openSync(this.path, 'w+');
  }

  add(c: EntryOutcomeChunk): void {
    if (this.fd === null) throw new Error('OutcomeSpill: add after close');
    const M = c.entryCount;
    const n = c.simCount * M;
    if (this.simIds.length < n) {
      this.simIds = new Float64Array(n);
      this.entryIds = new Int32Array(n);
    }
    for (let s = 0, i = 0; s < c.simCount; s++) {
      const sim = c.simStart + s;
      for (let e = 0; e < M; e++, i++) {
        this.simIds[i] = sim;
        this.entryIds[i] = e;
      }
    }
    const buf = encodeColumns(
      [
        { type: 'int8', values: this.runId },
        { type: 'int8', values: this.simIds },
        { type: 'int4', values: this.entryIds },
        { type: 'float8', values: c.points },
        { type: 'int2', values: c.rank },
        { type: 'float8', values: c.payout },
      ],
      n,
    );
    if (buf.length !== n * OUTCOME_ROW_BYTES) throw new Error(`OutcomeSpill: ${buf.length} bytes for ${n} rows`);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.rows += n;
  }

  finish(): void {
    this.simIds = new Float64Array(0);
    this.entryIds = new Int32Array(0);
  }

  /** COPYs every row into the run's partition, `batchRows` rows per COPY statement. */
  async copyInto(tx: WriteTx, batchRows: number): Promise<CopyStats> {
    const total: CopyStats = { rows: 0, batches: 0, bytes: 0, waitMs: 0 };
    const table = partitionName('entry_simulation_outcomes', this.runId);
    for (let r0 = 0; r0 < this.rows; r0 += batchRows) {
      const n = Math.min(batchRows, this.rows - r0);
      const s = await tx.copyBinary(table, OUTCOME_COLUMNS, this.slices(r0 * OUTCOME_ROW_BYTES, n * OUTCOME_ROW_BYTES), n);
      total.rows += s.rows;
      total.batches += s.batches;
      total.bytes += s.bytes;
      total.waitMs += s.waitMs;
    }
    return total;
  }

  private *slices(start: number, length: number): Generator<Uint8Array> {
    if (this.fd === null) throw new Error('OutcomeSpill: read after close');
    yield PGCOPY_HEADER;
    // Whole rows per slice, so every slice is a run of complete rows.
    const sliceBytes = Math.max(1, Math.floor(READ_SLICE / OUTCOME_ROW_BYTES)) * OUTCOME_ROW_BYTES;
    for (let p = 0; p < length; p += sliceBytes) {
      const want = Math.min(sliceBytes, length - p);
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const k = readSync(this.fd, buf, got, want - got, start + p + got);
        if (k === 0) throw new Error(`OutcomeSpill: file ended at ${start + p + got} bytes`);
        got += k;
      }
      yield buf;
    }
    yield PGCOPY_TRAILER;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
