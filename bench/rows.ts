// Per-simulation rows at the database's limit (issue 20), every figure from the same run:
//   - simulate only: the kernel with rows, packed by the workers into the shards' COPY buffers
//     (store/outcome-rows.ts), on 2 threads and on 1 (on 2 cores the COPY's backend takes the other);
//   - COPY only: those same buffers (the same bytes, in the same pieces of at most 1 MiB) loaded shard by
//     shard, one transaction each, into the same table: what the database alone takes;
//   - end to end: `tournament --persist rows` of the same simulations, COPY overlapped with simulation;
//   - bytes on disk per simulation, compact rows against the one-row-per-team layout (measured on a slice);
//   - the advancement query (per-shard counts) and a joint-outcome query (scans the rows);
//   - the same on embedded PGlite, with its data folder before and after `runs drop`.
// `node dist/bench/rows.js [--sims N] [--reps R] [--smoke] [--only postgres|pglite]` runs it alone; bench/run.ts runs it with the rest.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadField } from '../app/inputs/field-file.js';
import { rowShardBlocks } from '../app/jobs/kinds/tournament.js';
import { planShards, shardSims } from '../app/jobs/shards.js';
import { runPersistedTournament } from '../app/tournaments/persisted.js';
import { projectFile } from '../core/paths.js';
import { BLOCK_SIZE } from '../engine/random/stream-scheme.js';
import { compileBracket, type Bracket } from '../engine/tournament/bracket.js';
import { openDb, type Db } from '../store/db.js';
import { copyPieces, OUTCOME_COLUMNS, OutcomeShard } from '../store/outcome-rows.js';
import { createRun, dropRun, partitionName } from '../store/runs.js';
import { encodeTournamentRows, TOURNAMENT_ROW_COLUMNS, tournamentRowContext } from '../store/tournament-rows.js';
import { closePool } from '../workers/pool.js';
import { runTournamentPool } from '../workers/tournament-run.js';

interface BackendFigures {
  simulateMs: number;
  /** The same on one thread: what the pool gets when the COPY's backend holds the other core. */
  simulate1Ms: number;
  copyOnlyMs: number;
  endToEndMs: number;
  copyBytes: number;
  /** Table bytes per simulation (heap + TOAST), compact rows; and the per-team layout on a slice. */
  bytesPerSim: number;
  oldBytesPerSim: number | null;
  advancementMs: number;
  jointMs: number;
  /** PGlite: the data folder before the run, after it, and after `runs drop`. */
  folder?: { before: number; after: number; dropped: number };
}

export interface RowsBenchResult {
  sims: number;
  reps: number;
  shards: number;
  load: string;
  postgres: BackendFigures | null;
  /** Null with `--only postgres`. */
  pglite: BackendFigures | null;
}

const EXAMPLE = projectFile('examples', 'ncaa-2016.json');

/** The shards of a rows run, simulated and packed: the bytes the writer COPYs. */
async function simulateShards(b: Bracket, sims: number, runId: number, threads = 2): Promise<{ shards: OutcomeShard[]; ms: number }> {
  const plan = planShards(sims, rowShardBlocks(b.teamCount));
  // The pool is rebuilt when the thread count changes: start its workers before the clock does.
  await runTournamentPool(b, { sims: threads * BLOCK_SIZE, seed: 1, threads });
  const t0 = performance.now();
  const shards: OutcomeShard[] = [];
  for (const s of plan) {
    const out = new OutcomeShard(runId, b.teamCount, s.firstBlock * BLOCK_SIZE, shardSims(sims, s));
    await runTournamentPool(b, {
      sims,
      seed: 1,
      threads,
      withRows: true,
      packRows: out.target(),
      blocks: { first: s.firstBlock, count: s.blockCount },
      onChunk: (c) => out.packed(c.simStart, c.simCount),
    });
    shards.push(out);
  }
  return { shards, ms: performance.now() - t0 };
}

function newRun(db: Db, sims: number, name: string): Promise<number> {
  return createRun(db, {
    kind: 'tournament',
    inputsHash: name,
    seed: 1,
    streamScheme: 'bench',
    sims,
    blockSize: BLOCK_SIZE,
    shardsPlanned: 1,
    persist: 'rows',
    params: {},
    version: 'bench',
  });
}

async function tableBytes(db: Db, table: string): Promise<number> {
  if (db.kind === 'pglite') await db.query('checkpoint');
  const r = await db.query<{ n: number }>('select pg_total_relation_size($1::regclass)::float8 as n', [table]);
  return r.rows[0].n;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

async function benchBackend(db: Db, b: Bracket, sims: number, oldSims: number, reps: number, dataDir?: string): Promise<BackendFigures> {
  const folderBefore = dataDir ? folderBytes(dataDir) : 0;
  const spec = await loadField(EXAMPLE);
  let simulateMs = Infinity;
  let simulate1Ms = Infinity;
  let copyOnlyMs = Infinity;
  let endToEndMs = Infinity;
  let copyBytes = 0;
  let runId = 0;
  // Best of `reps` for each path: on a shared machine the minimum is the least disturbed figure.
  for (let rep = 0; rep < reps; rep++) {
    // COPY only: the bytes of a real run, simulated and packed beforehand, one transaction a shard.
    const copyRun = await newRun(db, sims, 'bench-copy-only');
    simulate1Ms = Math.min(simulate1Ms, (await simulateShards(b, sims, copyRun, 1)).ms);
    const sim = await simulateShards(b, sims, copyRun);
    simulateMs = Math.min(simulateMs, sim.ms);
    const table = partitionName('simulated_outcomes', copyRun);
    copyBytes = 0;
    const ms = await timed(async () => {
      for (const s of sim.shards) {
        // In pieces of at most 1 MiB, as end to end feeds its COPY: one 8 MiB CopyData message a shard
        // loaded about 20% slower, which flattered end to end against it (bench/RESULTS.md).
        const st = await db.writeTransaction((tx) => tx.copyBinary(table, OUTCOME_COLUMNS, copyPieces(s.buffer), s.sims));
        copyBytes += st.bytes;
      }
    });
    copyOnlyMs = Math.min(copyOnlyMs, ms);
    sim.shards.length = 0;
    await dropRun(db, copyRun);
    // End to end, as `simcast tournament --persist rows` runs it.
    if (runId > 0) await dropRun(db, runId);
    const e2e = await timed(async () => {
      runId = (await runPersistedTournament({ db, spec, sims, seed: 1, persist: 'rows', threads: 2 })).runId;
    });
    endToEndMs = Math.min(endToEndMs, e2e);
  }
  const bytesPerSim = (await tableBytes(db, partitionName('simulated_outcomes', runId))) / sims;
  const folderAfter = dataDir ? folderBytes(dataDir) : 0;
  const advancementMs = await timed(() => db.query('select * from simulated_advancement where run_id = $1', [runId]));
  const jointMs = await timed(() => db.query('select simulated_joint($1, 0, 6, 1, 7)', [runId]));

  // The one-row-per-team layout on a slice, for its bytes per simulation.
  let oldBytesPerSim: number | null = null;
  if (oldSims > 0) {
    const oldRun = await newRun(db, oldSims, 'bench-old-layout');
    const rows = new Uint8Array(oldSims * b.teamCount);
    await runTournamentPool(b, { sims: oldSims, seed: 1, threads: 2, withRows: true, onChunk: (c) => rows.set(c.rows!, c.simStart * b.teamCount) });
    const buf = encodeTournamentRows(tournamentRowContext(b, oldRun), rows, 0, oldSims, { header: true, trailer: true });
    const oldTable = partitionName('simulated_tournament_rows', oldRun);
    await db.writeTransaction((tx) => tx.copyBinary(oldTable, TOURNAMENT_ROW_COLUMNS, [buf]));
    oldBytesPerSim = (await tableBytes(db, oldTable)) / oldSims;
    await dropRun(db, oldRun);
  }
  await dropRun(db, runId);
  const folderDropped = dataDir ? folderBytes(dataDir) : 0;
  return {
    simulateMs,
    simulate1Ms,
    copyOnlyMs,
    endToEndMs,
    copyBytes,
    bytesPerSim,
    oldBytesPerSim,
    advancementMs,
    jointMs,
    ...(dataDir ? { folder: { before: folderBefore, after: folderAfter, dropped: folderDropped } } : {}),
  };
}

export async function benchRows(
  opts: { smoke?: boolean; sims?: number; url?: string; reps?: number; only?: 'postgres' | 'pglite' } = {},
): Promise<RowsBenchResult> {
  const reps = opts.reps ?? (opts.smoke ? 1 : 3);
  const sims = opts.sims ?? (opts.smoke ? 32_768 : 1_000_000);
  const oldSims = opts.smoke ? 2_000 : 50_000;
  const b = compileBracket(await loadField(EXAMPLE));
  const url = opts.url ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_rows_${process.pid}`;
  let postgres: BackendFigures | null = null;
  try {
    let db: Db | null = null;
    try {
      if (opts.only !== 'pglite') db = await openDb({ url, schema });
    } catch (e) {
      process.stdout.write(`(Postgres part skipped: ${(e as Error).message})\n`);
    }
    if (db !== null) {
      try {
        postgres = await benchBackend(db, b, sims, oldSims, reps);
      } finally {
        await db.query(`drop schema ${schema} cascade`).catch(() => {});
        await db.close();
      }
    }
    const shards = planShards(sims, rowShardBlocks(b.teamCount)).length;
    if (opts.only === 'postgres') return { sims, reps, shards, load: loadAverage(), postgres, pglite: null };
    const dir = mkdtempSync(join(tmpdir(), 'simcast-bench-rows-'));
    try {
      const lite = await openDb({ url: '', dataDir: join(dir, 'pg') });
      try {
        const pglite = await benchBackend(lite, b, sims, oldSims, reps, join(dir, 'pg'));
        return { sims, reps, shards, load: loadAverage(), postgres, pglite };
      } finally {
        await lite.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await closePool();
  }
}

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;

export function rowsReport(r: RowsBenchResult): string {
  const cols = [r.postgres, r.pglite];
  const cell = (f: (x: BackendFigures) => string) => cols.map((c) => (c ? f(c) : 'skipped')).join(' | ');
  const lines = [
    `${r.sims.toLocaleString('en-US')} simulations of the 2016 field (68 teams), ${r.shards} shards of at most 131,072 simulations; best of ${r.reps} for each path; load average ${r.load}.\n`,
    '| | Postgres | PGlite |',
    '|---|---:|---:|',
    `| simulate only (kernel rows packed into the COPY buffers) | ${cell((x) => s(x.simulateMs))} |`,
    `| simulate only on 1 thread (the core the COPY's backend leaves) | ${cell((x) => s(x.simulate1Ms))} |`,
    `| COPY only (the same bytes in 1 MiB pieces, one transaction a shard) | ${cell((x) => `${s(x.copyOnlyMs)} (${mb(x.copyBytes)})`)} |`,
    `| end to end, \`--persist rows\` | ${cell((x) => s(x.endToEndMs))} |`,
    `| end to end against COPY only (bar: at least 0.9x) | ${cell((x) => `${(x.copyOnlyMs / x.endToEndMs).toFixed(2)}x`)} |`,
    `| table bytes per simulation, compact rows | ${cell((x) => x.bytesPerSim.toFixed(0))} |`,
    `| table bytes per simulation, one row per team (before 0006) | ${cell((x) => (x.oldBytesPerSim === null ? '' : x.oldBytesPerSim.toFixed(0)))} |`,
    `| compact rows on disk for the run | ${cell((x) => mb(x.bytesPerSim * r.sims))} |`,
    `| advancement by round (\`simulated_advancement\`) | ${cell((x) => s(x.advancementMs))} |`,
    `| joint outcome over the rows (\`simulated_joint\`) | ${cell((x) => s(x.jointMs))} |`,
    `| data folder: before, after the run, after \`runs drop\` | | ${r.pglite?.folder ? `${mb(r.pglite.folder.before)}, ${mb(r.pglite.folder.after)}, ${mb(r.pglite.folder.dropped)}` : ''} |`,
  ];
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--sims');
  const rp = args.indexOf('--reps');
  const only = args.indexOf('--only');
  const r = await benchRows({
    smoke: args.includes('--smoke'),
    sims: at >= 0 ? Number(args[at + 1]) : undefined,
    reps: rp >= 0 ? Number(args[rp + 1]) : undefined,
    // --only postgres (or pglite): one backend's figures, e.g. for before/after pairs.
    only: only >= 0 ? (args[only + 1] as 'postgres' | 'pglite') : undefined,
  });
  process.stdout.write(rowsReport(r));
}
