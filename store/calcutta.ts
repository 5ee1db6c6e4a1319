// A Calcutta optimisation in the database (one run of kind 'calcutta'): the inputs in bronze
// (calcuttas, entry_bids, payouts; the field through saveTournament), the market in silver
// (predicted_market_share), the decision in gold (optimization_runs, recommended_entry_bids,
// entry_performance, detailed_investment_report; per-simulation outcomes: outcome-spill.ts), and the
// reads of the Calcutta API over them.
import { SimcastError } from '../core/errors.js';
import type { CalcuttaReport } from '../engine/calcutta/report.js';
import type { CalcuttaSpec } from '../engine/calcutta/types.js';
import type { Queryable } from './db.js';
import { storableField } from './tournaments.js';

/** The Calcutta's inputs as stored (field normalised), for the run's inputs hash and spec. */
export function storableCalcutta(spec: CalcuttaSpec): Record<string, unknown> {
  const { source: _source, field, ...rest } = spec;
  return { ...rest, field: storableField(field) };
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
    [
      tournamentId,
      spec.name,
      spec.constraints.budget,
      JSON.stringify(spec.scoring),
      JSON.stringify({ ...spec.constraints, entryName: spec.entryName, model: spec.model, market: spec.market }),
    ],
  );
  const calcuttaId = c.rows[0].id;
  const bidRows = spec.entries.flatMap((e) =>
    Object.entries(e.bids)
      .filter(([, a]) => a > 0)
      .map(([team, amount]) => ({ entry: e.name, team: key(team), amount })),
  );
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

/** The optimisation stored for a Calcutta run (the latest, should there be several). */
export interface CalcuttaOptimizationRow {
  optimization_run_id: number;
  calcutta_id: number;
  calcutta: string;
  strategy: string;
  sims: number;
  seed: string;
  expected_payout: number;
  p_first: number;
  params: Record<string, unknown>;
  tournament_id: number | null;
}

export async function getCalcuttaOptimization(q: Queryable, runId: number): Promise<CalcuttaOptimizationRow | null> {
  const r = await q.query<CalcuttaOptimizationRow>(
    `select o.id::float8 as optimization_run_id, o.calcutta_id::float8 as calcutta_id, c.name as calcutta, o.strategy, o.sims::float8 as sims, o.seed,
            o.expected_payout, o.p_first, o.params, c.tournament_id::float8 as tournament_id
     from optimization_runs o join calcuttas c on c.id = o.calcutta_id where o.run_id = $1 order by o.id desc limit 1`,
    [runId],
  );
  return r.rows[0] ?? null;
}

/** An entry's row in the ranking by mean payout (position 1-based). */
export interface EntryRankRow {
  position: number;
  entry: number;
  name: string;
  mean: number;
  sd: number;
  first: number;
  money: number;
  pct: number;
}

const ENTRY_RANKING = `select (row_number() over (order by mean_payout desc, entry_id))::int as position, entry_id as entry, entry_name as name,
    mean_payout as mean, sd_payout as sd, p_first as first, p_in_money as money, percentile_rank as pct
  from entry_performance where optimization_run_id = $1`;

export async function entryRanking(
  q: Queryable,
  optimizationRunId: number,
  page: { offset: number; limit: number },
): Promise<{ total: number; items: EntryRankRow[] }> {
  const total = await q.query<{ n: number }>('select count(*)::int as n from entry_performance where optimization_run_id = $1', [optimizationRunId]);
  const r = await q.query<EntryRankRow>(`${ENTRY_RANKING} order by mean_payout desc, entry_id offset $2 limit $3`, [
    optimizationRunId,
    page.offset,
    page.limit,
  ]);
  return { total: total.rows[0].n, items: r.rows };
}

export async function entryRank(q: Queryable, optimizationRunId: number, entry: number): Promise<EntryRankRow | null> {
  const r = await q.query<EntryRankRow>(`select * from (${ENTRY_RANKING}) x where entry = $2`, [optimizationRunId, entry]);
  return r.rows[0] ?? null;
}

/** The distribution of an entry's payout (share of the pot) over the run's simulations: equal bins over [0, 1], the last including 1. */
export async function payoutHistogram(
  q: Queryable,
  runId: number,
  entry: number,
  bins: number,
): Promise<{ sims: number; mean: number; min: number; max: number; counts: number[] }> {
  const stats = await q.query<{ n: number; mean: number | null; min: number | null; max: number | null }>(
    'select count(*)::int as n, avg(payout) as mean, min(payout) as min, max(payout) as max from entry_simulation_outcomes where run_id = $1 and entry_id = $2',
    [runId, entry],
  );
  const h = await q.query<{ b: number; n: number }>(
    `select b, count(o.b)::int as n
     from generate_series(1, $3::int) as b
     left join (select least(greatest(width_bucket(payout, 0, 1, $3::int), 1), $3::int) as b
                from entry_simulation_outcomes where run_id = $1 and entry_id = $2) o using (b)
     group by b order by b`,
    [runId, entry, bins],
  );
  const s = stats.rows[0];
  return { sims: s.n, mean: s.mean ?? 0, min: s.min ?? 0, max: s.max ?? 0, counts: h.rows.map((x) => x.n) };
}

export async function recommendedBids(
  q: Queryable,
  o: Pick<CalcuttaOptimizationRow, 'optimization_run_id' | 'tournament_id'>,
): Promise<{ team: number; name: string; seed: number | null; region: string | null; bid: number }[]> {
  const r = await q.query<{ team: number; name: string; seed: number | null; region: string | null; bid: number }>(
    `select b.team_key as team, t.name, t.seed, t.region, b.bid
     from recommended_entry_bids b join tournament_teams t on t.tournament_id = $2 and t.team_key = b.team_key
     where b.optimization_run_id = $1 order by b.bid desc, t.name`,
    [o.optimization_run_id, o.tournament_id],
  );
  return r.rows;
}

export async function investmentLines(
  q: Queryable,
  o: Pick<CalcuttaOptimizationRow, 'optimization_run_id' | 'tournament_id'>,
): Promise<{ team: number; name: string; seed: number | null; bid: number; ownership: number; points: number; share: number; roi: number | null }[]> {
  const r = await q.query<{
    team: number;
    name: string;
    seed: number | null;
    bid: number;
    ownership: number;
    points: number;
    share: number;
    roi: number | null;
  }>(
    `select d.team_key as team, t.name, t.seed, d.bid, d.ownership, d.expected_points as points, d.expected_payout_share as share, d.roi
     from detailed_investment_report d join tournament_teams t on t.tournament_id = $2 and t.team_key = d.team_key
     where d.optimization_run_id = $1 order by d.bid desc, t.name`,
    [o.optimization_run_id, o.tournament_id],
  );
  return r.rows;
}
