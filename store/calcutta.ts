// A Calcutta optimisation kept in the database, as ONE run (kind 'calcutta'): the inputs in bronze
// (calcuttas, entry_bids, payouts; the field through saveTournament), the market in silver
// (predicted_market_share), the decision and its outcomes in gold (optimization_runs,
// recommended_entry_bids, entry_performance, detailed_investment_report, and one
// entry_simulation_outcomes row per entry per simulated tournament, by binary COPY). Everything but the
// run row and the tournament (idempotent by content) is written in one transaction on the writer
// connection, with the run's only shard and its completion, so a failure leaves a failed run and no rows.
//
// Memory: the engine hands out per-tournament outcomes chunk by chunk from synchronous code (it cannot
// wait for the database), so each chunk is encoded as PGCOPY rows at once and appended to a spill file;
// the write transaction then streams that file into COPY in bounded slices (Postgres: one COPY with
// backpressure; PGlite: one COPY per COPY_BATCH_ROWS rows, since it gathers a COPY into one blob).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, OptionError, SimcastError, StoreError, isSimcastError } from '../core/errors.js';
import type { CalcuttaReport, CalcuttaRunOptions } from '../engine/calcutta/run.js';
import { DEFAULT_CALCUTTA_SIMS, runCalcutta } from '../engine/calcutta/run.js';
import type { EntryOutcomeChunk } from '../engine/calcutta/outcomes.js';
import type { CalcuttaSpec } from '../engine/calcutta/types.js';
import { BLOCK_SIZE, blockCount, STREAM_SCHEME } from '../engine/random/stream-scheme.js';
import { parseSeed, type Seed } from '../core/seed.js';
import { encodeColumns, PGCOPY_HEADER, PGCOPY_TRAILER } from './copy-binary.js';
import type { CopyStats, Db, Queryable, WriteTx } from './db.js';
import { hashInputs } from './hash.js';
import { createRun, getRun, markComplete, markStatus, partitionName, recordShard, saveRunResult, type RunRow } from './runs.js';
import { saveTournament, storableField } from './tournaments.js';

export const OUTCOME_COLUMNS = ['run_id', 'sim_id', 'entry_id', 'points', 'rank', 'payout'];
/** One entry_simulation_outcomes row in PGCOPY: field count, then int8, int8, int4, float8, int2, float8 with their length words. */
export const OUTCOME_ROW_BYTES = 2 + 12 + 12 + 8 + 12 + 6 + 12;
/** Rows per COPY statement on PGlite (one blob each: 16 MiB). */
export const COPY_BATCH_ROWS = 1 << 18;
const READ_SLICE = 1 << 20;

export interface CalcuttaPersistOptions extends Omit<CalcuttaRunOptions, 'exact' | 'onOutcomes' | 'seed'> {
  seed?: Seed;
  /** Rows per COPY statement (default: all in one on Postgres, COPY_BATCH_ROWS on PGlite). */
  copyBatchRows?: number;
}

export interface PersistedCalcutta {
  runId: number;
  tournamentId: number;
  calcuttaId: number;
  optimizationRunId: number;
  report: CalcuttaReport;
  /** entry_simulation_outcomes rows written, and the COPY counters. */
  copy: CopyStats;
}

/** The Calcutta's inputs as stored (field normalised), for the run's inputs hash and spec. */
function storableCalcutta(spec: CalcuttaSpec): Record<string, unknown> {
  const { source: _source, field, ...rest } = spec;
  return { ...rest, field: storableField(field) };
}

export interface NewCalcuttaRun {
  sims?: number;
  seed?: Seed;
  /** 'local' (this process) or 'pg-boss' (a job on the Postgres queue). */
  queue?: 'local' | 'pg-boss';
  /** 'queued' for a job; 'running' (default) when this process runs it at once. */
  status?: 'queued' | 'running';
  /** The Calcutta as submitted (field inline), kept so any worker can read it again (jobs/kinds/calcutta.ts). */
  input?: Record<string, unknown>;
}

/**
 * Creates the run for a Calcutta optimisation, with its partition of entry_simulation_outcomes, and
 * saves the field as a tournament. Answers the run id at once; executeCalcuttaRun (or the job queue)
 * does the work.
 */
export async function createCalcuttaRun(db: Db, spec: CalcuttaSpec, o: NewCalcuttaRun = {}): Promise<{ runId: number; tournamentId: number }> {
  const sims = o.sims ?? DEFAULT_CALCUTTA_SIMS;
  if (!(Number.isSafeInteger(sims) && sims >= 1)) throw new OptionError(`options.sims must be a positive integer (got ${sims})`);
  const seed = parseSeed(o.seed ?? 1);
  const tournamentId = await saveTournament(db, spec.field);
  const inputs = storableCalcutta(spec);
  const runId = await createRun(db, {
    kind: 'calcutta',
    tournamentId,
    inputsHash: hashInputs({ kind: 'calcutta', calcutta: inputs, sims, seed }),
    seed,
    streamScheme: STREAM_SCHEME,
    sims,
    blockSize: BLOCK_SIZE,
    // One shard: the optimiser needs every simulated tournament at once.
    shardBlocks: blockCount(sims),
    shardsPlanned: 1,
    persist: 'rows',
    params: { calcutta: spec.name, entryName: spec.entryName, model: spec.model.name, entries: spec.entries.length, budget: spec.constraints.budget },
    spec: { kind: 'calcutta', calcutta: inputs, sims, seed, ...(o.input ? { input: o.input } : {}) },
    queue: o.queue,
    status: o.status,
  });
  return { runId, tournamentId };
}

/** Simulates and optimises; the per-tournament entry outcomes wait in a spill file (the caller closes it). */
export async function simulateCalcutta(runId: number, spec: CalcuttaSpec, o: CalcuttaRunOptions & { sims: number; seed: Seed }): Promise<{ report: CalcuttaReport; spill: OutcomeSpill }> {
  const spill = new OutcomeSpill(runId);
  try {
    const report = await runCalcutta(spec, { ...o, onOutcomes: (c) => spill.add(c) });
    spill.finish();
    const expected = report.sims * report.entries.length;
    if (spill.rows !== expected) throw new StoreError('RUN_FAILED', `run ${runId}: ${spill.rows} outcome rows from the engine, expected ${expected}`);
    if (o.signal?.aborted) throw new CancelledError(`run ${runId} was cancelled`);
    return { report, spill };
  } catch (e) {
    spill.close();
    throw e;
  }
}

/**
 * Inside the run's write transaction: the bronze, silver and gold tables, the outcome rows by COPY and
 * the stored report. The caller records the shard and completes the run.
 */
export async function writeCalcuttaResults(
  tx: WriteTx,
  run: RunRow,
  spec: CalcuttaSpec,
  report: CalcuttaReport,
  spill: OutcomeSpill,
  batchRows: number,
): Promise<{ calcuttaId: number; optimizationRunId: number; copy: CopyStats }> {
  const saved = await saveCalcuttaResult(tx, run.id, run.tournament_id!, spec, report);
  const copy = await spill.copyInto(tx, batchRows);
  if (copy.rows !== spill.rows) throw new StoreError('RUN_FAILED', `run ${run.id}: COPY wrote ${copy.rows} outcome rows, expected ${spill.rows}`);
  await saveRunResult(tx, run.id, { ...report, runId: run.id, calcuttaId: saved.calcuttaId, optimizationRunId: saved.optimizationRunId });
  return { ...saved, copy };
}

/** Rows per COPY statement by backend: Postgres takes one COPY with backpressure; PGlite gathers each into one blob. */
export function defaultCopyBatchRows(db: Db): number {
  return db.kind === 'pglite' ? COPY_BATCH_ROWS : Number.MAX_SAFE_INTEGER;
}

/**
 * Runs the optimisation of a created run and writes everything in one transaction; marks the run
 * failed (or cancelled) when anything goes wrong, with no rows kept.
 */
export async function executeCalcuttaRun(db: Db, runId: number, spec: CalcuttaSpec, o: CalcuttaPersistOptions = {}): Promise<PersistedCalcutta> {
  const run = await getRun(db, runId);
  if (run.kind !== 'calcutta') throw new StoreError('CONFLICT', `run ${runId} is a ${run.kind} run, not a Calcutta run`);
  if (run.status !== 'running' && run.status !== 'queued') throw new StoreError('CONFLICT', `run ${runId} is ${run.status}; it cannot run again`);
  const sims = Number(run.sims);
  const seed = parseSeed(o.seed ?? run.seed);
  let spill: OutcomeSpill | null = null;
  try {
    const { copyBatchRows, ...runOptions } = o;
    const simulated = await simulateCalcutta(runId, spec, { ...runOptions, sims, seed });
    spill = simulated.spill;
    const { report } = simulated;
    const ids = await db.writeTransaction(async (tx) => {
      const written = await writeCalcuttaResults(tx, run, spec, report, simulated.spill, copyBatchRows ?? defaultCopyBatchRows(db));
      await recordShard(tx, runId, { shardIndex: 0, blockStart: 0, blockCount: blockCount(sims), sims, rows: written.copy.rows, tallies: new Int32Array(0) });
      await markComplete(tx, runId, report.timings);
      return written;
    });
    return { runId, tournamentId: run.tournament_id!, ...ids, report };
  } catch (e) {
    const cancelled = e instanceof CancelledError || (isSimcastError(e) && e.code === 'CANCELLED') || o.signal?.aborted === true;
    await markStatus(db, runId, cancelled ? 'cancelled' : 'failed', (e as Error).message).catch(() => {});
    if (isSimcastError(e)) throw e;
    throw new StoreError('RUN_FAILED', `Calcutta run ${runId} failed (rolled back, no rows kept): ${(e as Error).message}`, { cause: e });
  } finally {
    spill?.close();
  }
}

/** createCalcuttaRun then executeCalcuttaRun: what `simcast calcutta optimize --persist` does. */
export async function persistCalcutta(db: Db, spec: CalcuttaSpec, o: CalcuttaPersistOptions = {}): Promise<PersistedCalcutta> {
  const { runId } = await createCalcuttaRun(db, spec, { sims: o.sims, seed: o.seed });
  return executeCalcuttaRun(db, runId, spec, o);
}

/** Bronze inputs, silver market and gold aggregates of a finished optimisation (not the per-simulation rows). */
export async function saveCalcuttaResult(
  q: Queryable,
  runId: number,
  tournamentId: number,
  spec: CalcuttaSpec,
  r: CalcuttaReport,
): Promise<{ calcuttaId: number; optimizationRunId: number }> {
  // Team keys are the field's team indices (saveTournament), which are also the engine's team indices.
  const keyOf = new Map(spec.field.teams.map((t, i) => [t.name, i]));
  const key = (name: string): number => {
    const k = keyOf.get(name);
    if (k === undefined) throw new SimcastError('TEAM_UNKNOWN', `team '${name}' is not in the field`);
    return k;
  };
  const c = await q.query<{ id: number }>(
    `insert into calcuttas (tournament_id, name, budget, scoring, constraints) values ($1, $2, $3, $4, $5) returning id::float8 as id`,
    [tournamentId, spec.name, spec.constraints.budget, JSON.stringify(spec.scoring), JSON.stringify({ ...spec.constraints, entryName: spec.entryName, model: spec.model, market: spec.market })],
  );
  const calcuttaId = c.rows[0].id;
  const bidRows = spec.entries.flatMap((e) => Object.entries(e.bids).filter(([, a]) => a > 0).map(([team, amount]) => ({ entry: e.name, team: key(team), amount })));
  await q.query(
    `insert into entry_bids (calcutta_id, entry_name, tournament_id, team_key, amount, actual)
     select $1, e, $2, k, a, true from unnest($3::text[], $4::int[], $5::float8[]) as u(e, k, a)`,
    [calcuttaId, tournamentId, bidRows.map((b) => b.entry), bidRows.map((b) => b.team), bidRows.map((b) => b.amount)],
  );
  await q.query(`insert into payouts (calcutta_id, rank, share) select $1, r, s from unnest($2::int[], $3::float8[]) as u(r, s)`, [
    calcuttaId,
    spec.payouts.map((_, i) => i + 1),
    spec.payouts,
  ]);
  const marketModel = `${r.market.kind}:${r.market.kind === 'default' ? `alpha=${r.market.alpha}` : 'log-linear'}`;
  await q.query(
    `insert into predicted_market_share (calcutta_id, team_key, share, model) select $1, k, s, $4 from unnest($2::int[], $3::float8[]) as u(k, s)`,
    [calcuttaId, r.teams.map((t) => key(t.name)), r.teams.map((t) => Math.min(1, Math.max(0, t.predictedMarketShare))), marketModel],
  );
  const params = {
    mode: r.mode,
    model: r.model,
    entryName: r.entryName,
    budget: r.budget,
    spend: r.spend,
    pot: r.pot,
    expectedPayoutShare: r.expectedPayoutShare,
    expectedNet: r.expectedNet,
    pInMoney: r.pInMoney,
    netPercentiles: r.netPercentiles,
    threads: r.threads,
    streamScheme: r.streamScheme,
    market: r.market,
    optimizer: r.optimizer,
  };
  const opt = await q.query<{ id: number }>(
    `insert into optimization_runs (run_id, calcutta_id, strategy, sims, seed, expected_payout, p_first, params)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id::float8 as id`,
    [runId, calcuttaId, r.strategy, r.sims, String(r.seed), r.expectedPayout, r.pFirst, JSON.stringify(params)],
  );
  const optimizationRunId = opt.rows[0].id;
  await q.query(`insert into recommended_entry_bids (optimization_run_id, team_key, bid) select $1, k, b from unnest($2::int[], $3::float8[]) as u(k, b)`, [
    optimizationRunId,
    r.recommended.map((b) => key(b.name)),
    r.recommended.map((b) => b.bid),
  ]);
  await q.query(
    `insert into entry_performance (optimization_run_id, entry_id, entry_name, mean_payout, sd_payout, p_first, p_in_money, percentile_rank)
     select $1, e, n, m, s, f, p, r from unnest($2::int[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[]) as u(e, n, m, s, f, p, r)`,
    [
      optimizationRunId,
      r.entries.map((e) => e.entry),
      r.entries.map((e) => e.name),
      r.entries.map((e) => e.meanPayout),
      r.entries.map((e) => e.sdPayout),
      r.entries.map((e) => e.pFirst),
      r.entries.map((e) => e.pInMoney),
      r.entries.map((e) => e.percentileRank),
    ],
  );
  await q.query(
    `insert into detailed_investment_report (optimization_run_id, team_key, bid, ownership, expected_points, expected_payout_share, roi)
     select $1, k, b, o, p, s, r from unnest($2::int[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[]) as u(k, b, o, p, s, r)`,
    [
      optimizationRunId,
      r.investment.map((l) => key(l.name)),
      r.investment.map((l) => l.bid),
      r.investment.map((l) => l.ownership),
      r.investment.map((l) => l.teamExpectedPoints),
      r.investment.map((l) => l.expectedPayoutShare),
      r.investment.map((l) => (Number.isFinite(l.roi) ? l.roi : null)),
    ],
  );
  await q.query('update runs set params = params || $2::jsonb where id = $1', [runId, JSON.stringify({ calcuttaId, optimizationRunId })]);
  return { calcuttaId, optimizationRunId };
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
