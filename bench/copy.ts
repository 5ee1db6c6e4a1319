// Storage benchmarks, side by side in one run against the same Postgres (DATABASE_URL or the local
// default), into a scratch schema dropped afterwards:
//   - COPY only: the bronze rows of N simulations of the 68-team field, encoded beforehand, loaded by
//     binary COPY (what the database alone can take);
//   - end to end: simulate and persist the same N simulations (`--persist rows`): simulation and
//     encoding are meant to hide behind the load, so this should be close to COPY only;
//   - multi-row INSERT of 1000 rows a statement (the usual ORM path), on a slice, as a baseline;
//   - five-column rows (sim_id int8, team_key, wins, byes int2, eliminated bool) encoded by encodeColumns
//     straight from typed arrays: encoding alone, binary COPY through the writer, multi-row INSERT on a
//     slice (rate extrapolated). `node dist/bench/copy.js --rows 2000000` runs this part alone.
import pg from 'pg';
import { pathToFileURL } from 'node:url';
import { encodeColumns } from '../store/copy-binary.js';
import type { Db } from '../store/db.js';
import { BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import { runPersistedTournament } from '../app/tournaments/persisted.js';
import { openDb } from '../store/db.js';
import { PGCOPY_TRAILER } from '../store/copy-binary.js';
import { createRun, partitionName } from '../store/runs.js';
import { encodeTournamentRows, TOURNAMENT_ROW_COLUMNS, tournamentRowContext } from '../store/tournament-rows.js';
import { runTournamentPool } from '../workers/tournament-run.js';
import { closePool } from '../workers/pool.js';
import { loadExampleBracket } from './kernel.js';
import { loadField } from '../app/inputs/field-file.js';
import { projectFile } from '../core/paths.js';

export interface CopyBenchResult extends ColumnsBenchResult {
  /** The tournament part (absent with endToEnd: false): rows/s of each path. */
  sims: number;
  rows: number;
  copyOnly: number;
  endToEnd: number;
  insert: number;
  encodeOnly: number;
}

export interface ColumnsBenchResult {
  /** Five-column rows loaded by binary COPY, and rows per second of each path. */
  columnRows: number;
  copyRowsPerSec: number;
  insertRowsPerSec: number;
  encodeRowsPerSec: number;
  /** copy / insert. */
  copyVsInsert: number;
  /** Writer counters of the COPY: bytes, batches, time waiting on the server. */
  copyBytes: number;
  copyBatches: number;
  copyWaitMs: number;
}

const COLUMN_BATCH = 65_536;

/** Five-column rows from typed arrays: encoding, binary COPY and multi-row INSERT in one run. */
export async function benchColumns(db: Db, url: string, schema: string, rows: number): Promise<ColumnsBenchResult> {
  await db.query('create table bench_rows (sim_id int8 not null, team_key int2 not null, wins int2 not null, byes int2 not null, eliminated bool not null)');
  const simIds = new Float64Array(rows);
  const keys = new Int16Array(rows);
  const wins = new Int16Array(rows);
  const byes = new Int16Array(rows);
  const elim = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    simIds[i] = Math.floor(i / 68);
    keys[i] = i % 68;
    wins[i] = (i * 7) % 7;
    byes[i] = i % 68 < 4 ? 1 : 0;
    elim[i] = wins[i] === 6 ? 0 : 1;
  }
  const batch = (start: number, n: number) =>
    encodeColumns(
      [
        { type: 'int8', values: simIds, offset: start },
        { type: 'int2', values: keys, offset: start },
        { type: 'int2', values: wins, offset: start },
        { type: 'int2', values: byes, offset: start },
        { type: 'bool', values: elim, offset: start },
      ],
      n,
      { header: start === 0, trailer: start + n === rows },
    );
  const t0 = performance.now();
  const batches: Buffer[] = [];
  for (let s = 0; s < rows; s += COLUMN_BATCH) batches.push(batch(s, Math.min(COLUMN_BATCH, rows - s)));
  const encodeMs = performance.now() - t0;
  const t1 = performance.now();
  const stats = await db.writeTransaction((tx) => tx.copyBinary('bench_rows', ['sim_id', 'team_key', 'wins', 'byes', 'eliminated'], batches));
  const copyMs = performance.now() - t1;
  if (stats.rows !== rows) throw new Error(`bench: COPY loaded ${stats.rows} rows, expected ${rows}`);
  batches.length = 0;

  const insertRows = Math.min(rows, 100_000);
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema},public` });
  await client.connect();
  await client.query('create table bench_insert (like bench_rows)');
  const t2 = performance.now();
  await client.query('begin');
  for (let i = 0; i < insertRows; i += 1000) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let r = i; r < Math.min(i + 1000, insertRows); r++) {
      const b = values.length;
      tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`);
      values.push(simIds[r], keys[r], wins[r], byes[r], elim[r] === 1);
    }
    await client.query(`insert into bench_insert values ${tuples.join(', ')}`, values);
  }
  await client.query('commit');
  const insertMs = performance.now() - t2;
  await client.end();
  const copyRowsPerSec = (rows / copyMs) * 1000;
  const insertRowsPerSec = (insertRows / insertMs) * 1000;
  return {
    columnRows: rows,
    copyRowsPerSec,
    insertRowsPerSec,
    encodeRowsPerSec: (rows / encodeMs) * 1000,
    copyVsInsert: copyRowsPerSec / insertRowsPerSec,
    copyBytes: stats.bytes,
    copyBatches: stats.batches,
    copyWaitMs: stats.waitMs,
  };
}

export async function benchCopy(opts?: { rows?: number; smoke?: boolean; url?: string; endToEnd?: true }): Promise<CopyBenchResult | null>;
export async function benchCopy(opts: { rows?: number; smoke?: boolean; url?: string; endToEnd: false }): Promise<ColumnsBenchResult | null>;
export async function benchCopy(
  opts: { rows?: number; smoke?: boolean; url?: string; endToEnd?: boolean } = {},
): Promise<CopyBenchResult | ColumnsBenchResult | null> {
  const url = opts.url ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${process.pid}`;
  let db;
  try {
    db = await openDb({ url, schema });
  } catch (e) {
    process.stdout.write(`(storage bench skipped: ${(e as Error).message})\n`);
    return null;
  }
  try {
    const columns = await benchColumns(db, url, schema, opts.rows ?? (opts.smoke ? 200_000 : 2_000_000));
    if (opts.endToEnd === false) return columns;
    const sims = opts.smoke ? 16_384 : 1_000_000; // the target size: 68M rows
    const bracket = await loadExampleBracket();
    const T = bracket.teamCount;
    const rows = sims * T;

    // Rows of a real run, encoded in the writer's batches, kept in memory for the COPY-only load.
    const rowBlocks: Uint8Array[] = [];
    await runTournamentPool(bracket, { sims, seed: 1, threads: 2, withRows: true, onChunk: (c) => void rowBlocks.push(c.rows!.slice()) });
    const copyRun = await createRun(db, {
      kind: 'tournament',
      inputsHash: 'bench',
      seed: 1,
      streamScheme: 'bench',
      sims,
      blockSize: BLOCK_SIZE,
      shardBlocks: 64,
      shardsPlanned: 1,
      persist: 'rows',
      params: {},
      version: 'bench',
    });
    const ctx = tournamentRowContext(bracket, copyRun);
    const t0 = performance.now();
    const batches: Buffer[] = [];
    let simStart = 0;
    for (const block of rowBlocks) {
      const n = block.length / T;
      for (let s = 0; s < n; s += 512) {
        const m = Math.min(512, n - s);
        batches.push(encodeTournamentRows(ctx, block.subarray(s * T, (s + m) * T), simStart + s, m, { header: batches.length === 0 }));
      }
      simStart += n;
    }
    batches.push(PGCOPY_TRAILER);
    const encodeMs = performance.now() - t0;
    const t1 = performance.now();
    await db.writeTransaction((tx) => tx.copyBinary(partitionName('simulated_tournament_rows', copyRun), TOURNAMENT_ROW_COLUMNS, batches, rows));
    const copyMs = performance.now() - t1;
    batches.length = 0;
    rowBlocks.length = 0;

    const t2 = performance.now();
    const spec = await loadField(projectFile('examples', 'ncaa-2016.json'));
    await runPersistedTournament({ db, spec, sims, seed: 1, persist: 'rows', threads: 2 });
    const e2eMs = performance.now() - t2;

    // INSERT baseline: 1000 rows a statement.
    const insertRows = opts.smoke ? 20_000 : 100_000;
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema},public` });
    await client.connect();
    const insertRun = await createRun(db, {
      kind: 'tournament',
      inputsHash: 'bench-insert',
      seed: 1,
      streamScheme: 'bench',
      sims: insertRows,
      blockSize: BLOCK_SIZE,
      shardBlocks: 64,
      shardsPlanned: 1,
      persist: 'rows',
      params: {},
      version: 'bench',
    });
    const t3 = performance.now();
    await client.query('begin');
    for (let i = 0; i < insertRows; i += 1000) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let j = 0; j < 1000 && i + j < insertRows; j++) {
        const r = i + j;
        const b = values.length;
        tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`);
        values.push(insertRun, Math.floor(r / T), r % T, r % 7, 0, true);
      }
      await client.query(
        `insert into ${partitionName('simulated_tournament_rows', insertRun)} (${TOURNAMENT_ROW_COLUMNS.join(', ')}) values ${tuples.join(', ')}`,
        values,
      );
    }
    await client.query('commit');
    const insertMs = performance.now() - t3;
    await client.end();
    return {
      ...columns,
      sims,
      rows,
      copyOnly: (rows / copyMs) * 1000,
      endToEnd: (rows / e2eMs) * 1000,
      insert: (insertRows / insertMs) * 1000,
      encodeOnly: (rows / encodeMs) * 1000,
    };
  } finally {
    await closePool();
    await db.query(`drop schema ${schema} cascade`).catch(() => {});
    await db.close();
  }
}

const m = (x: number) => `${(x / 1e6).toFixed(2)}M`;

export function columnsReport(r: ColumnsBenchResult): string {
  return (
    `| ${r.columnRows.toLocaleString('en-US')} five-column rows from typed arrays | rows/s | ratio |\n|---|---:|---:|\n` +
    `| binary COPY through the writer (${r.copyBatches} batches, ${(r.copyBytes / 1e6).toFixed(0)} MB, ${r.copyWaitMs.toFixed(0)} ms waiting on the server) | ${m(r.copyRowsPerSec)} | ${r.copyVsInsert.toFixed(1)}x INSERT |\n` +
    `| multi-row INSERT, 1000 rows a statement (on ${Math.min(r.columnRows, 100_000).toLocaleString('en-US')} rows) | ${m(r.insertRowsPerSec)} | 1.00 |\n` +
    `| encodeColumns alone | ${m(r.encodeRowsPerSec)} | |\n`
  );
}

export function copyReport(r: CopyBenchResult): string {
  return (
    columnsReport(r) +
    '\n' +
    `| storage, ${r.sims.toLocaleString('en-US')} simulations x 68 teams = ${r.rows.toLocaleString('en-US')} rows | rows/s | ratio |\n|---|---:|---:|\n` +
    `| binary COPY only (rows encoded beforehand) | ${m(r.copyOnly)} | 1.00 |\n` +
    `| simulate + encode + COPY (\`--persist rows\`) | ${m(r.endToEnd)} | ${(r.endToEnd / r.copyOnly).toFixed(2)}x COPY only |\n` +
    `| multi-row INSERT, 1000 rows a statement | ${m(r.insert)} | end to end is ${(r.endToEnd / r.insert).toFixed(1)}x INSERT |\n` +
    `| client-side encoding alone | ${m(r.encodeOnly)} | |\n`
  );
}

// `node dist/bench/copy.js [--rows N] [--end-to-end]`: the five-column COPY vs INSERT part alone, unless --end-to-end.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = (await import('node:util')).parseArgs({ options: { rows: { type: 'string' }, 'end-to-end': { type: 'boolean' } } });
  const rows = values.rows === undefined ? 2_000_000 : Number(values.rows.replace(/_/g, ''));
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`options.rows must be a positive integer (got '${values.rows}')`);
  if (values['end-to-end']) {
    const r = await benchCopy({ rows });
    if (r) process.stdout.write(copyReport(r));
  } else {
    const r = await benchCopy({ rows, endToEnd: false });
    if (r) process.stdout.write(columnsReport(r));
  }
}
