// Bracket pools in the database (one run of kind 'pool', sql/0007_pools.up.sql): the run's pool setup
// and hold-out figures (pool_runs), its entries (pool_entries: the chosen or evaluated entry, chalk, the
// rest of a portfolio), each entry's score in every scored tournament (pool_entry_scores, by binary
// COPY), score percentiles and game importance; and the reads the pools API makes over them.
import { encodeColumns, PGCOPY_HEADER, PGCOPY_TRAILER } from './copy-binary.js';
import type { CopyStats, Queryable, WriteTx } from './db.js';

export interface PoolEntryRecord {
  entry: number;
  label: string;
  champion: string | null;
  bracket: Record<string, number>;
  winProbability: { value: number; se: number } | null;
  expectedPrize: { value: number; se: number } | null;
  expectedScore: number;
  /** Score percentiles (p → points). */
  percentiles: { p: number; score: number }[];
}

export interface PoolImportanceRecord {
  game: number;
  round: number;
  sideA: string;
  sideB: string;
  pA: number;
  givenA: number | null;
  givenB: number | null;
  swing: number | null;
  importance: number | null;
}

export interface PoolRunRecord {
  mode: 'optimize' | 'evaluate';
  opponents: number;
  model: string;
  payouts: number[];
  roundPoints: number[];
  seedBonus: number[] | null;
  combine: string;
  sims: number;
  holdoutSims: number;
  holdoutSeed: string;
  chosen: string;
  winRatio: { value: number; se: number } | null;
  params: Record<string, unknown>;
  entries: PoolEntryRecord[];
  importance: PoolImportanceRecord[];
}

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** Everything of a finished pool run but the per-tournament scores. */
export async function savePoolResult(q: Queryable, runId: number, r: PoolRunRecord): Promise<void> {
  await q.query(
    `insert into pool_runs (run_id, mode, opponents, opponent_model, payouts, round_points, seed_bonus, combine, sims, holdout_sims, holdout_seed, chosen, win_ratio, win_ratio_se, params)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      runId,
      r.mode,
      r.opponents,
      r.model,
      JSON.stringify(r.payouts),
      JSON.stringify(r.roundPoints),
      r.seedBonus === null ? null : JSON.stringify(r.seedBonus),
      r.combine,
      r.sims,
      r.holdoutSims,
      r.holdoutSeed,
      r.chosen,
      finite(r.winRatio?.value),
      finite(r.winRatio?.se),
      JSON.stringify(r.params),
    ],
  );
  for (const e of r.entries) {
    await q.query(
      `insert into pool_entries (run_id, entry, label, champion, bracket, win_probability, win_probability_se, expected_prize, expected_prize_se, expected_score)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        runId,
        e.entry,
        e.label,
        e.champion,
        JSON.stringify(e.bracket),
        finite(e.winProbability?.value),
        finite(e.winProbability?.se),
        finite(e.expectedPrize?.value),
        finite(e.expectedPrize?.se),
        e.expectedScore,
      ],
    );
    await q.query(`insert into pool_entry_percentiles (run_id, entry, percentile, score) select $1, $2, p, s from unnest($3::int[], $4::float8[]) as u(p, s)`, [
      runId,
      e.entry,
      e.percentiles.map((x) => x.p),
      e.percentiles.map((x) => x.score),
    ]);
  }
  const imp = r.importance;
  await q.query(
    `insert into pool_game_importance (run_id, game, round, side_a, side_b, p_a, given_a, given_b, swing, importance)
     select $1, g, r, a, b, p, ga, gb, s, i from unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[])
       as u(g, r, a, b, p, ga, gb, s, i)`,
    [
      runId,
      imp.map((x) => x.game),
      imp.map((x) => x.round),
      imp.map((x) => x.sideA),
      imp.map((x) => x.sideB),
      imp.map((x) => x.pA),
      imp.map((x) => finite(x.givenA)),
      imp.map((x) => finite(x.givenB)),
      imp.map((x) => finite(x.swing)),
      imp.map((x) => finite(x.importance)),
    ],
  );
}

/** Rows per COPY batch (a PGlite COPY is gathered into one blob: keep each at a few MiB). */
const SCORE_BATCH_ROWS = 1 << 17;

/** Each entry's score (points) in tournaments 0..n-1, by binary COPY: scores[e][s]. */
export async function copyPoolScores(tx: WriteTx, runId: number, scores: readonly { entry: number; points: Int32Array }[]): Promise<CopyStats> {
  const total: CopyStats = { rows: 0, batches: 0, bytes: 0, waitMs: 0 };
  const cols = ['run_id', 'entry', 'sim_id', 'score'];
  for (const { entry, points } of scores) {
    for (let s0 = 0; s0 < points.length; s0 += SCORE_BATCH_ROWS) {
      const n = Math.min(SCORE_BATCH_ROWS, points.length - s0);
      const sims = new Int32Array(n);
      for (let i = 0; i < n; i++) sims[i] = s0 + i;
      const body = encodeColumns(
        [
          { type: 'int8', values: runId },
          { type: 'int4', values: entry },
          { type: 'int4', values: sims },
          { type: 'int4', values: points, offset: s0 },
        ],
        n,
      );
      const st = await tx.copyBinary('pool_entry_scores', cols, [PGCOPY_HEADER, body, PGCOPY_TRAILER], n);
      total.rows += st.rows;
      total.batches += st.batches;
      total.bytes += st.bytes;
      total.waitMs += st.waitMs;
    }
  }
  return total;
}

export interface PoolRunRow {
  run_id: number;
  mode: 'optimize' | 'evaluate';
  opponents: number;
  opponent_model: string;
  payouts: number[];
  round_points: number[];
  seed_bonus: number[] | null;
  combine: string;
  sims: number;
  holdout_sims: number;
  holdout_seed: string;
  chosen: string;
  win_ratio: number | null;
  win_ratio_se: number | null;
  params: Record<string, unknown>;
}

export async function getPoolRun(q: Queryable, runId: number): Promise<PoolRunRow | null> {
  const r = await q.query<PoolRunRow>(
    `select run_id::float8 as run_id, mode, opponents, opponent_model, payouts, round_points, seed_bonus, combine, sims, holdout_sims, holdout_seed, chosen,
            win_ratio, win_ratio_se, params from pool_runs where run_id = $1`,
    [runId],
  );
  return r.rows[0] ?? null;
}

export interface PoolEntryRow {
  entry: number;
  label: string;
  champion: string | null;
  bracket: Record<string, number>;
  win_probability: number | null;
  win_probability_se: number | null;
  expected_prize: number | null;
  expected_prize_se: number | null;
  expected_score: number;
  percentiles: { p: number; score: number }[];
}

export async function poolEntries(q: Queryable, runId: number): Promise<PoolEntryRow[]> {
  const r = await q.query<PoolEntryRow>(
    `select e.entry, e.label, e.champion, e.bracket, e.win_probability, e.win_probability_se, e.expected_prize, e.expected_prize_se, e.expected_score,
            coalesce((select json_agg(json_build_object('p', p.percentile, 'score', p.score) order by p.percentile)
                      from pool_entry_percentiles p where p.run_id = e.run_id and p.entry = e.entry), '[]'::json) as percentiles
     from pool_entries e where e.run_id = $1 order by e.entry`,
    [runId],
  );
  return r.rows;
}

export async function poolImportance(q: Queryable, runId: number, limit: number): Promise<PoolImportanceRecord[]> {
  const r = await q.query<PoolImportanceRecord>(
    `select game, round, side_a as "sideA", side_b as "sideB", p_a as "pA", given_a as "givenA", given_b as "givenB", swing, importance
     from pool_game_importance where run_id = $1 order by importance desc nulls last, game limit $2`,
    [runId, limit],
  );
  return r.rows;
}

/** An entry's scores: a page of (sim, score) and the distribution of all of them (computed in SQL). */
export async function poolEntryScores(
  q: Queryable,
  runId: number,
  entry: number,
  page: { offset: number; limit: number },
): Promise<{ total: number; mean: number | null; histogram: { score: number; count: number }[]; items: { sim: number; score: number }[] }> {
  const stats = await q.query<{ total: number; mean: number | null }>(
    `select count(*)::float8 as total, avg(score)::float8 as mean from pool_entry_scores where run_id = $1 and entry = $2`,
    [runId, entry],
  );
  const hist = await q.query<{ score: number; count: number }>(
    `select score, count(*)::float8 as count from pool_entry_scores where run_id = $1 and entry = $2 group by score order by score`,
    [runId, entry],
  );
  const items = await q.query<{ sim: number; score: number }>(
    `select sim_id as sim, score from pool_entry_scores where run_id = $1 and entry = $2 order by sim_id offset $3 limit $4`,
    [runId, entry, page.offset, page.limit],
  );
  return { total: stats.rows[0].total, mean: stats.rows[0].mean, histogram: hist.rows, items: items.rows };
}
