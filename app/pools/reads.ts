// The pools read API over stored runs: a run's setup and hold-out figures, its entries, the games that
// matter for its chosen entry, and one entry's scores (a page, with their distribution from SQL).
import { RequestError, StoreError } from '../../core/errors.js';
import type { Queryable } from '../../store/db.js';
import { getPoolRun, poolEntries, poolEntryScores, poolImportance, type PoolRunRow } from '../../store/pools.js';
import { getRun } from '../../store/runs.js';

async function poolRun(q: Queryable, id: number): Promise<PoolRunRow> {
  const run = await getRun(q, id);
  if (run.kind !== 'pool') throw new RequestError('NOT_FOUND', `run ${id} is a ${run.kind} run, not a pool run`);
  const p = await getPoolRun(q, id);
  if (p === null) throw new StoreError('CONFLICT', `run ${id} has no results yet (status ${run.status})`);
  return p;
}

const est = (value: number | null, se: number | null) => (value === null ? null : { value, se: se ?? 0 });

export async function poolRunSummary(q: Queryable, id: number) {
  const run = await getRun(q, id);
  const p = await poolRun(q, id);
  return {
    run: id,
    status: run.status,
    mode: p.mode,
    seed: run.seed,
    streamScheme: run.stream_scheme,
    sims: p.sims,
    holdoutSims: p.holdout_sims,
    holdoutSeed: p.holdout_seed,
    opponents: p.opponents,
    model: p.opponent_model,
    payouts: p.payouts,
    roundPoints: p.round_points,
    seedBonus: p.seed_bonus,
    combine: p.combine,
    chosen: p.chosen,
    winRatio: est(p.win_ratio, p.win_ratio_se),
    startedAt: run.started_at,
    finishedAt: run.finished_at,
  };
}

export async function poolRunEntries(q: Queryable, id: number) {
  await poolRun(q, id);
  const rows = await poolEntries(q, id);
  return {
    run: id,
    items: rows.map((e) => ({
      entry: e.entry,
      label: e.label,
      champion: e.champion,
      winProbability: est(e.win_probability, e.win_probability_se),
      expectedPrize: est(e.expected_prize, e.expected_prize_se),
      expectedScore: e.expected_score,
      percentiles: e.percentiles,
      bracket: e.bracket,
    })),
  };
}

export async function poolRunImportance(q: Queryable, id: number, limit: number) {
  await poolRun(q, id);
  return { run: id, items: await poolImportance(q, id, limit) };
}

export async function poolRunEntryScores(q: Queryable, id: number, entry: number, page: { offset: number; limit: number }) {
  await poolRun(q, id);
  const s = await poolEntryScores(q, id, entry, page);
  if (s.total === 0) throw new RequestError('NOT_FOUND', `run ${id} has no entry ${entry}`);
  return { run: id, entry, total: s.total, mean: s.mean, offset: page.offset, limit: page.limit, histogram: s.histogram, items: s.items };
}
