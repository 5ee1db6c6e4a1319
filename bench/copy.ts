// Storage benchmarks, side by side in one run against the same Postgres (DATABASE_URL or the local
// default), into a scratch schema dropped afterwards:
//   - COPY only: the bronze rows of N simulations of the 68-team field, encoded beforehand, loaded by
//     binary COPY (what the database alone can take);
//   - end to end: simulate and persist the same N simulations (`--persist rows`): simulation and
//     encoding are meant to hide behind the load, so this should be close to COPY only;
//   - multi-row INSERT of 1000 rows a statement (the usual ORM path), on a slice, as a baseline.
import pg from 'pg';
import { BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import { runPersistedTournament } from '../jobs/persisted-tournament.js';
import { openDb } from '../store/db.js';
import { PGCOPY_TRAILER } from '../store/copy-binary.js';
import { createRun, partitionName } from '../store/runs.js';
import { encodeTournamentRows, TOURNAMENT_ROW_COLUMNS, tournamentRowContext } from '../store/tournament-rows.js';
import { runTournamentPool } from '../workers/tournament-run.js';
import { closePool } from '../workers/pool.js';
import { loadExampleBracket } from './kernel.js';
import { loadField } from '../engine/field/load-field.js';
import { projectFile } from '../cli/paths.js';

export interface CopyBenchResult {
  sims: number;
  rows: number;
  copyOnly: number;
  endToEnd: number;
  insert: number;
  encodeOnly: number;
}

export async function benchCopy(opts: { smoke?: boolean; url?: string } = {}): Promise<CopyBenchResult | null> {
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
    const sims = opts.smoke ? 16_384 : 196_608;
    const bracket = await loadExampleBracket();
    const T = bracket.teamCount;
    const rows = sims * T;

    // Rows of a real run, encoded in the writer's batches, kept in memory for the COPY-only load.
    const rowBlocks: Uint8Array[] = [];
    await runTournamentPool(bracket, { sims, seed: 1, threads: 2, withRows: true, onChunk: (c) => void rowBlocks.push(c.rows!.slice()) });
    const copyRun = await createRun(db, {
      kind: 'tournament', inputsHash: 'bench', seed: 1, streamScheme: 'bench', sims, blockSize: BLOCK_SIZE, shardBlocks: 64, shardsPlanned: 1,
      persist: 'rows', params: {}, version: 'bench',
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
    await db.writeTransaction((tx) => tx.copyBinary(partitionName('simulated_tournaments', copyRun), TOURNAMENT_ROW_COLUMNS, batches, rows));
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
      kind: 'tournament', inputsHash: 'bench-insert', seed: 1, streamScheme: 'bench', sims: insertRows, blockSize: BLOCK_SIZE, shardBlocks: 64,
      shardsPlanned: 1, persist: 'rows', params: {}, version: 'bench',
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
      await client.query(`insert into ${partitionName('simulated_tournaments', insertRun)} (${TOURNAMENT_ROW_COLUMNS.join(', ')}) values ${tuples.join(', ')}`, values);
    }
    await client.query('commit');
    const insertMs = performance.now() - t3;
    await client.end();
    return {
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

export function copyReport(r: CopyBenchResult): string {
  const m = (x: number) => `${(x / 1e6).toFixed(2)}M`;
  return (
    `| storage, ${r.sims.toLocaleString('en-US')} simulations x 68 teams = ${r.rows.toLocaleString('en-US')} rows | rows/s | ratio |\n|---|---:|---:|\n` +
    `| binary COPY only (rows encoded beforehand) | ${m(r.copyOnly)} | 1.00 |\n` +
    `| simulate + encode + COPY (\`--persist rows\`) | ${m(r.endToEnd)} | ${(r.endToEnd / r.copyOnly).toFixed(2)}x COPY only |\n` +
    `| multi-row INSERT, 1000 rows a statement | ${m(r.insert)} | end to end is ${(r.endToEnd / r.insert).toFixed(1)}x INSERT |\n` +
    `| client-side encoding alone | ${m(r.encodeOnly)} | |\n`
  );
}
