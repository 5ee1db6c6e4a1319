// The binary COPY encoder (byte for byte) and the writer's guarantees on both backends: binary equals
// text COPY, one transaction per shard (a retry does not duplicate, a failure leaves no rows, a killed
// backend leaves no rows and a clean error), dropping a run drops its partitions.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeColumns, PGCOPY_HEADER, type ColumnSpec } from '../store/copy-binary.js';
import type { CopyChunks, CopyStats, Db, WriteTx } from '../store/db.js';
import { commitShard } from '../store/run-shards.js';
import { createRun, createRunPartitions, dropRun, getRun, markComplete, markStatus, partitionName } from '../store/runs.js';
import { saveAdvancement, saveTeamValue, saveTournament } from '../store/tournaments.js';
import { backends, PG_URL, postgresReachable } from './helpers/databases.js';

/** A shard of rows committed the way a job's shard is (store/run-shards.ts commitShard): its COPY inside it. */
async function writeShard(
  db: Db,
  s: {
    runId: number;
    shardIndex: number;
    blockStart: number;
    blockCount: number;
    sims?: number;
    table: string;
    columns: string[];
    chunks: CopyChunks;
    extra?: (tx: WriteTx) => Promise<void>;
  },
): Promise<{ written: boolean; stats: CopyStats }> {
  let stats: CopyStats = { rows: 0, batches: 0, bytes: 0, waitMs: 0 };
  const outcome = await commitShard(
    db,
    s.runId,
    { index: s.shardIndex, firstBlock: s.blockStart, blockCount: s.blockCount },
    async (tx) => {
      stats = await tx.copyBinary(s.table, s.columns, s.chunks);
      return { tallies: new Int32Array(0), sims: s.sims ?? 0, rows: stats.rows };
    },
    s.extra,
  );
  return { written: outcome === 'done', stats };
}

/** Expected bytes, built field by field (after node-postgres's test-buffers). */
class ExpectedBytes {
  private parts: Buffer[] = [];
  header() {
    return this.utf8('PGCOPY\n').bytes(0xff, 0x0d, 0x0a, 0x00).int32(0).int32(0);
  }
  trailer() {
    return this.bytes(0xff, 0xff);
  }
  int16(v: number) {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.parts.push(b);
    return this;
  }
  int32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  double(v: number) {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    this.parts.push(b);
    return this;
  }
  bytes(...v: number[]) {
    this.parts.push(Buffer.from(v));
    return this;
  }
  utf8(s: string) {
    this.parts.push(Buffer.from(s, 'utf8'));
    return this;
  }
  /** Field helpers: length word then value. */
  f2(v: number) {
    return this.int32(2).int16(v);
  }
  f4(v: number) {
    return this.int32(4).int32(v);
  }
  f8(hi: number, lo: number) {
    return this.int32(8).int32(hi).int32(lo);
  }
  fd(v: number) {
    return this.int32(8).double(v);
  }
  fb(v: boolean) {
    return this.int32(1).bytes(v ? 1 : 0);
  }
  ft(s: string) {
    return this.int32(Buffer.byteLength(s)).utf8(s);
  }
  fnull() {
    return this.int32(-1);
  }
  join() {
    return Buffer.concat(this.parts);
  }
}

describe('encodeColumns', () => {
  it('encodes fixed-width columns from typed arrays and constants byte for byte', () => {
    const cols: ColumnSpec[] = [
      { type: 'int8', values: 7 },
      { type: 'int8', values: new Float64Array([0, 2 ** 40 + 5, -3]) },
      { type: 'int2', values: new Int16Array([99, -2, 32767, 1]), offset: 1 },
      { type: 'int4', values: new Int32Array([-2147483648, 70000, 0]) },
      { type: 'float8', values: new Float64Array([1.5, -0, Math.PI]) },
      { type: 'bool', values: new Uint8Array([1, 0, 7]) },
    ];
    const got = encodeColumns(cols, 3, { header: true, trailer: true });
    const want = new ExpectedBytes()
      .header()
      .int16(6)
      .f8(0, 7)
      .f8(0, 0)
      .f2(-2)
      .f4(-2147483648)
      .fd(1.5)
      .fb(true)
      .int16(6)
      .f8(0, 7)
      .f8(256, 5)
      .f2(32767)
      .f4(70000)
      .fd(-0)
      .fb(false)
      .int16(6)
      .f8(0, 7)
      .f8(-1, -3)
      .f2(1)
      .f4(0)
      .fd(Math.PI)
      .fb(true)
      .trailer()
      .join();
    expect(got.toString('hex')).toBe(want.toString('hex'));
    expect(encodeColumns(cols, 0).length).toBe(0);
    // Values that do not fit their column are refused, not wrapped.
    expect(() => encodeColumns([{ type: 'int2', values: new Int32Array([1, 40000]) }], 2)).toThrow(/40000 at index 1 does not fit int2/);
    expect(() => encodeColumns([{ type: 'int8', values: new Float64Array([2 ** 60]) }], 1)).toThrow(RangeError);
    expect(() => encodeColumns([{ type: 'int4', values: new Int32Array(2) }], 3)).toThrow(/2 values from offset 0, 3 rows asked/);
    expect(encodeColumns(cols, 0, { header: true }).equals(PGCOPY_HEADER)).toBe(true);
  });

  it('encodes text, NULLs, functions and bigints row by row', () => {
    const cols: ColumnSpec[] = [
      { type: 'int4', values: new Int32Array([5, 6]), nulls: new Uint8Array([0, 1]) },
      { type: 'text', values: (i) => (i === 0 ? 'é\t"x"\\' : null) },
      { type: 'int8', values: (i) => (i === 0 ? -(2n ** 62n) : 1n) },
      { type: 'bool', values: null },
      { type: 'text', values: 'k' },
    ];
    const got = encodeColumns(cols, 2, { trailer: true });
    const want = new ExpectedBytes()
      .int16(5)
      .f4(5)
      .ft('é\t"x"\\')
      .int32(8)
      .bytes(0xc0, 0, 0, 0, 0, 0, 0, 0)
      .fnull()
      .ft('k')
      .int16(5)
      .fnull()
      .fnull()
      .f8(0, 1)
      .fnull()
      .ft('k')
      .trailer()
      .join();
    expect(got.toString('hex')).toBe(want.toString('hex'));
  });
});

const ROUND_TRIP: [number | null, number | null, number | null, number | null, boolean | null, string | null][] = [
  [-32768, -2147483648, -(2 ** 53) + 1, -1.5e-300, false, 'tab\there "quotes" \\backslash\\ \'single\''],
  [32767, 2147483647, 2 ** 53 - 1, Math.PI, true, 'naïve café — 東京 🏀'],
  [null, null, null, null, null, null],
  [0, 0, 0, -0, true, 'line\nbreak\r\nand, comma'],
  [-1, -7, -123456789012, -42.25, false, ''],
];

/** The same rows in COPY's text format: \N for NULL, backslash escapes for tab, newline, CR and backslash. */
function textCopy(rows: typeof ROUND_TRIP): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  const field = (v: unknown) => (v === null ? '\\N' : typeof v === 'number' && Object.is(v, -0) ? '-0' : esc(String(v)));
  return rows.map((r) => `${r.map(field).join('\t')}\n`).join('');
}

const TABLE_DDL = 'create table %s (a int2, b int4, c int8, d float8, e bool, f text)';
const SELECT = 'select a, b, c::text as c, d::text as d, e, f from %s order by b nulls last, a';

function* chunksOf(buf: Buffer, size: number) {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** Bronze rows of one shard: sims [simStart, simStart + n) x `teams` teams, from typed arrays. */
function shardRows(runId: number, simStart: number, n: number, teams: number, batchSims = 100): Buffer[] {
  const out: Buffer[] = [];
  for (let s = 0; s < n; s += batchSims) {
    const m = Math.min(batchSims, n - s);
    const simIds = new Float64Array(m * teams);
    const keys = new Int16Array(m * teams);
    const wins = new Uint8Array(m * teams);
    for (let i = 0; i < m * teams; i++) {
      simIds[i] = simStart + s + Math.floor(i / teams);
      keys[i] = i % teams;
      wins[i] = (i * 7) % 4;
    }
    out.push(
      encodeColumns(
        [
          { type: 'int8', values: runId },
          { type: 'int8', values: simIds },
          { type: 'int2', values: keys },
          { type: 'int2', values: wins },
          { type: 'int2', values: 0 },
          { type: 'bool', values: wins.map((w) => (w === 3 ? 0 : 1)) },
        ],
        m * teams,
        { header: s === 0, trailer: s + m === n },
      ),
    );
  }
  return out;
}
const COLS = ['run_id', 'sim_id', 'team_key', 'wins', 'byes', 'eliminated'];

async function newRun(db: Db, shardsPlanned = 2): Promise<number> {
  return createRun(db, {
    kind: 'tournament',
    inputsHash: 'test',
    seed: 1,
    streamScheme: 'test-v1',
    sims: 400,
    blockSize: 100,
    shardsPlanned,
    params: { t: 1 },
  });
}

async function count(db: Db, runId: number): Promise<number> {
  const r = await db.query<{ n: number }>('select count(*)::int as n from simulated_tournaments where run_id = $1', [runId]);
  return r.rows[0].n;
}

for (const backend of backends('copy')) {
  describe(`COPY writer on ${backend.name}`, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    afterAll(() => backend.cleanup());

    it.skipIf(skip)('binary COPY from the encoder and text COPY of the same rows give identical tables', async () => {
      const db = await backend.open();
      try {
        await db.query(TABLE_DDL.replace('%s', 'copy_bin'));
        const buf = encodeColumns(
          ['int2', 'int4', 'int8', 'float8', 'bool', 'text'].map((type, k) => ({ type, values: (i: number) => ROUND_TRIP[i][k] }) as ColumnSpec),
          ROUND_TRIP.length,
          { header: true, trailer: true },
        );
        const stats = await db.writeTransaction((tx) => tx.copyBinary('copy_bin', ['a', 'b', 'c', 'd', 'e', 'f'], chunksOf(buf, 7)));
        expect(stats).toMatchObject({ rows: ROUND_TRIP.length, bytes: buf.length, batches: Math.ceil(buf.length / 7) });
        const bin = (await db.query(SELECT.replace('%s', 'copy_bin'))).rows;
        let text: unknown[];
        if (backend.name === 'postgres') {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          try {
            const schema = (await db.query<{ s: string }>('select current_schema() as s')).rows[0].s;
            await c.query(`set search_path to ${schema}`);
            await c.query(TABLE_DDL.replace('%s', 'copy_text'));
            await pipeline(Readable.from([Buffer.from(textCopy(ROUND_TRIP))]), c.query(copyFrom('copy copy_text from stdin')));
            text = (await c.query(SELECT.replace('%s', 'copy_text'))).rows;
          } finally {
            await c.end();
          }
        } else {
          const lite = await PGlite.create('memory://');
          try {
            await lite.exec(TABLE_DDL.replace('%s', 'copy_text'));
            await lite.query(`copy copy_text from '/dev/blob'`, [], { blob: new Blob([textCopy(ROUND_TRIP)]) });
            text = (await lite.query(SELECT.replace('%s', 'copy_text'))).rows;
          } finally {
            await lite.close();
          }
        }
        expect(bin).toHaveLength(ROUND_TRIP.length);
        expect(bin).toEqual(text);
        expect(bin[3]).toMatchObject({ f: 'naïve café — 東京 🏀', e: true, c: String(2 ** 53 - 1) });
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('a shard written twice is in once; the run completes only with every shard in', async () => {
      const db = await backend.open();
      try {
        const runId = await newRun(db);
        const table = partitionName('simulated_tournament_rows', runId);
        const shard = (i: number) => ({
          runId,
          shardIndex: i,
          blockStart: i * 2,
          blockCount: 2,
          sims: 200,
          table,
          columns: COLS,
          chunks: shardRows(runId, i * 200, 200, 4),
        });
        const first = await writeShard(db, shard(0));
        expect(first).toMatchObject({ written: true, stats: { rows: 800 } });
        expect(await writeShard(db, shard(0))).toMatchObject({ written: false, stats: { rows: 0 } });
        expect(await count(db, runId)).toBe(800);
        await expect(markComplete(db, runId, {})).rejects.toMatchObject({ code: 'CONFLICT' });
        let extraRan = false;
        await writeShard(db, {
          ...shard(1),
          extra: async (tx: WriteTx) => {
            extraRan = true;
            await saveAdvancement(tx, runId, [{ teamKey: 0, round: 1, probability: 0.5 }]);
          },
        });
        expect(extraRan).toBe(true);
        expect(await count(db, runId)).toBe(1600);
        const dup = await db.query<{ n: number }>(`select count(*)::int as n from (select sim_id, team_key from ${table} group by 1, 2 having count(*) > 1) d`);
        expect(dup.rows[0].n).toBe(0);
        await markComplete(db, runId, { ms: 1 });
        expect(await getRun(db, runId)).toMatchObject({ status: 'complete', shards_done: 2, shards_planned: 2, seed: '1', stream_scheme: 'test-v1' });
        const shards = await db.query<{ rows: string }>('select rows::text from run_shards where run_id = $1 order by shard_index', [runId]);
        expect(shards.rows.map((r) => r.rows)).toEqual(['800', '800']);
        expect(db.copyWriter().counters.rows).toBeGreaterThanOrEqual(1600);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('a shard committed meanwhile by another writer: ours rolls back on its key, what goes with it still commits', async () => {
      const db = await backend.open();
      try {
        const runId = await newRun(db);
        const table = partitionName('simulated_tournament_rows', runId);
        const span = { index: 0, firstBlock: 0, blockCount: 2 };
        const work = (tx: WriteTx) =>
          tx.copyBinary(table, COLS, shardRows(runId, 0, 200, 4)).then((st) => ({ tallies: new Int32Array(0), sims: 200, rows: st.rows }));
        expect(await commitShard(db, runId, span, work)).toBe('done');
        // the caller checked "not in" before computing (checkedNotDone): the recording statement, sent with the COMMIT, meets the key
        let extraRan = 0;
        const extra = async (tx: WriteTx) => {
          extraRan++;
          await saveAdvancement(tx, runId, [{ teamKey: 0, round: 1, probability: 0.25 }]);
        };
        expect(await commitShard(db, runId, span, work, extra, true)).toBe('already-done');
        expect(await count(db, runId)).toBe(800);
        expect((await getRun(db, runId)).shards_done).toBe(1);
        expect((await db.query('select 1 from run_shards where run_id = $1', [runId])).rows).toHaveLength(1);
        // rolled back with the shard, then committed on its own
        expect(extraRan).toBe(2);
        expect((await db.query('select 1 from advancement_probabilities where run_id = $1', [runId])).rows).toHaveLength(1);
      } finally {
        await db.close();
      }
    });

    it.skipIf(skip)('a shard that throws mid-stream leaves no rows, and its retry writes it whole', async () => {
      const db = await backend.open();
      try {
        const runId = await newRun(db);
        const table = partitionName('simulated_tournament_rows', runId);
        const batches = shardRows(runId, 0, 200, 4, 50);
        async function* failing() {
          yield batches[0];
          yield batches[1];
          throw new Error('simulation blew up');
        }
        const err = await writeShard(db, { runId, shardIndex: 0, blockStart: 0, blockCount: 2, table, columns: COLS, chunks: failing() }).catch(
          (e: unknown) => e,
        );
        expect(err).toMatchObject({ code: 'RUN_FAILED' });
        expect((err as Error).message).toMatch(/^shard 0 of run \d+ was not written \(rolled back, no rows kept\): simulation blew up/);
        expect(await count(db, runId)).toBe(0);
        expect((await db.query('select 1 from run_shards where run_id = $1', [runId])).rows).toHaveLength(0);
        expect((await getRun(db, runId)).shards_done).toBe(0);
        expect(await writeShard(db, { runId, shardIndex: 0, blockStart: 0, blockCount: 2, table, columns: COLS, chunks: batches })).toMatchObject({
          written: true,
        });
        expect(await count(db, runId)).toBe(800);
        expect(await markStatus(db, runId, 'failed', 'stopped by test')).toBe(true);
        expect(await getRun(db, runId)).toMatchObject({ status: 'failed', error: 'stopped by test' });
      } finally {
        await db.close();
      }
    });

    if (backend.name === 'postgres')
      it.skipIf(skip)('the writer backend killed mid-COPY leaves no partial rows and a clean error', async () => {
        const db = await backend.open();
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        try {
          const runId = await newRun(db);
          const table = partitionName('simulated_tournament_rows', runId);
          const batches = shardRows(runId, 0, 200, 4, 20);
          const pid = await db.copyWriter().backendPid();
          expect(pid).toBeTypeOf('number');
          async function* killedHalfway() {
            for (let i = 0; i < batches.length; i++) {
              if (i === 5) await admin.query('select pg_terminate_backend($1)', [pid]);
              yield batches[i];
            }
          }
          const err = await writeShard(db, { runId, shardIndex: 0, blockStart: 0, blockCount: 2, table, columns: COLS, chunks: killedHalfway() }).catch(
            (e: unknown) => e,
          );
          expect(err).toMatchObject({ code: 'RUN_FAILED' });
          expect((err as Error).message).toMatch(/^shard 0 of run \d+ was not written/);
          expect((err as Error).message.split('\n')).toHaveLength(1);
          expect(await count(db, runId)).toBe(0);
          // The next shard gets a fresh writer connection.
          expect(await writeShard(db, { runId, shardIndex: 0, blockStart: 0, blockCount: 2, table, columns: COLS, chunks: batches })).toMatchObject({
            written: true,
          });
          expect(await db.copyWriter().backendPid()).not.toBe(pid);
          expect(await count(db, runId)).toBe(800);
        } finally {
          await admin.end();
          await db.close();
        }
      });

    it.skipIf(skip)('dropping a run drops its partitions as tables; tournaments and silver rows save once', async () => {
      const db = await backend.open();
      try {
        const teams = [0, 1, 2, 3].map((key) => ({ key, name: `Team ${key}`, seed: key + 1, region: 'East', rating: 10 - key }));
        const tid = await saveTournament(db, { name: 'four', teams });
        expect(await saveTournament(db, { name: 'four', teams: [...teams].reverse() })).toBe(tid);
        const runId = await createRun(db, {
          kind: 'tournament',
          tournament: tid,
          inputsHash: 'x',
          seed: 's',
          streamScheme: 'v',
          sims: 100,
          blockSize: 100,
          shardsPlanned: 1,
          params: {},
        });
        await createRunPartitions(db, runId); // idempotent
        await writeShard(db, {
          runId,
          shardIndex: 0,
          blockStart: 0,
          blockCount: 1,
          table: partitionName('simulated_tournament_rows', runId),
          columns: COLS,
          chunks: shardRows(runId, 0, 100, 4),
        });
        await saveAdvancement(
          db,
          runId,
          teams.flatMap((t) => [1, 2].map((round) => ({ teamKey: t.key, round, probability: (4 - t.key) / (4 * round) }))),
        );
        await saveTeamValue(
          db,
          runId,
          teams.map((t) => ({ teamKey: t.key, expectedWins: 1 - t.key / 4, expectedPoints: 10 - t.key })),
        );
        await markComplete(db, runId, {});
        const latest = await db.query<{ team: string; probability: number }>(
          'select team, probability from latest_advancement where tournament_id = $1 and round = 2 order by probability desc',
          [tid],
        );
        expect(latest.rows[0]).toEqual({ team: 'Team 0', probability: 0.5 });
        await dropRun(db, runId);
        const parts = await db.query(
          'select table_name from information_schema.tables where table_schema = current_schema() and table_name = any($1::text[])',
          [[partitionName('simulated_tournament_rows', runId), partitionName('entry_simulation_outcomes', runId)]],
        );
        expect(parts.rows).toHaveLength(0);
        expect((await db.query('select 1 from advancement_probabilities where run_id = $1', [runId])).rows).toHaveLength(0);
        await expect(getRun(db, runId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(dropRun(db, runId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      } finally {
        await db.close();
      }
    });
  });
}
