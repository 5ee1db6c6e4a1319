// The Calcutta read API over stored runs: entry rankings, one entry, its payout histogram (computed in
// SQL), the recommended bids, the investment report and the team values, as the HTTP API answers them.
import { RequestError, StoreError } from '../../core/errors.js';
import {
  entryRank,
  entryRanking,
  getCalcuttaOptimization,
  investmentLines,
  payoutHistogram,
  recommendedBids,
  type CalcuttaOptimizationRow,
  type EntryRankRow,
} from '../../store/calcutta.js';
import type { Queryable } from '../../store/db.js';
import { getRun, getRunResult } from '../../store/runs.js';

type Page = { offset: number; limit: number };
type Extras = Map<number, { spend: number; expectedPoints: number }>;

/** The optimisation of a Calcutta run: 404 for no run or another kind, 409 while it has no results. */
async function optimization(q: Queryable, id: number): Promise<CalcuttaOptimizationRow> {
  const run = await getRun(q, id);
  if (run.kind !== 'calcutta') throw new RequestError('NOT_FOUND', `run ${id} is a ${run.kind} run, not a Calcutta run`);
  const o = await getCalcuttaOptimization(q, id);
  if (o === null) throw new StoreError('CONFLICT', `run ${id} has no results yet (status ${run.status})`);
  return o;
}

/** Spend and expected points per entry: in the stored report, not in the gold tables. */
async function entryExtras(q: Queryable, id: number): Promise<Extras> {
  const rep = await getRunResult<{ entries?: { entry: number; spend: number; expectedPoints: number }[] }>(q, id);
  return new Map((rep?.entries ?? []).map((e) => [e.entry, { spend: e.spend, expectedPoints: e.expectedPoints }]));
}

const entryOut = (e: EntryRankRow, extras: Extras) => ({
  position: Number(e.position),
  entry: e.entry,
  name: e.name,
  us: e.entry === 0,
  spend: extras.get(e.entry)?.spend ?? null,
  expectedPoints: extras.get(e.entry)?.expectedPoints ?? null,
  meanPayout: e.mean,
  sdPayout: e.sd,
  pFirst: e.first,
  pInMoney: e.money,
  percentileRank: e.pct,
});

export async function calcuttaEntries(q: Queryable, id: number, page: Page) {
  const opt = await optimization(q, id);
  const { total, items } = await entryRanking(q, opt.optimization_run_id, page);
  const extras = await entryExtras(q, id);
  return { run: id, total, offset: page.offset, limit: page.limit, items: items.map((e) => entryOut(e, extras)) };
}

export async function calcuttaEntry(q: Queryable, id: number, entry: number) {
  const opt = await optimization(q, id);
  const e = await entryRank(q, opt.optimization_run_id, entry);
  if (e === null) throw new RequestError('NOT_FOUND', `run ${id} has no entry ${entry}`);
  return { run: id, ...entryOut(e, await entryExtras(q, id)) };
}

export async function calcuttaPayoutHistogram(q: Queryable, id: number, entry: number, bins: number) {
  const opt = await optimization(q, id);
  const e = await entryRank(q, opt.optimization_run_id, entry);
  if (e === null) throw new RequestError('NOT_FOUND', `run ${id} has no entry ${entry}`);
  const h = await payoutHistogram(q, id, entry, bins);
  return {
    run: id,
    entry,
    name: e.name,
    sims: h.sims,
    mean: h.mean,
    min: h.min,
    max: h.max,
    bins: h.counts.map((count, i) => ({ lo: i / bins, hi: (i + 1) / bins, count, probability: h.sims > 0 ? count / h.sims : 0 })),
  };
}

export async function calcuttaBids(q: Queryable, id: number) {
  const opt = await optimization(q, id);
  const p = opt.params as { entryName?: string; budget?: number; spend?: number };
  return { run: id, strategy: opt.strategy, entryName: p.entryName ?? 'us', budget: p.budget ?? 0, spend: p.spend ?? 0, items: await recommendedBids(q, opt) };
}

export async function calcuttaReport(q: Queryable, id: number) {
  const opt = await optimization(q, id);
  const lines = await investmentLines(q, opt);
  const p = opt.params as {
    entryName: string;
    budget: number;
    spend: number;
    pot: number;
    expectedPayoutShare: number;
    expectedNet: number;
    pInMoney: number;
    netPercentiles: { p: number; value: number }[];
  };
  return {
    run: id,
    calcutta: opt.calcutta,
    tournament: opt.tournament_id,
    entryName: p.entryName,
    strategy: opt.strategy,
    sims: opt.sims,
    seed: opt.seed,
    budget: p.budget,
    spend: p.spend,
    pot: p.pot,
    expectedPayout: opt.expected_payout,
    expectedPayoutShare: p.expectedPayoutShare,
    expectedNet: p.expectedNet,
    pFirst: opt.p_first,
    pInMoney: p.pInMoney,
    netPercentiles: p.netPercentiles,
    items: lines.map((l) => ({
      team: l.team,
      name: l.name,
      seed: l.seed,
      bid: l.bid,
      ownership: l.ownership,
      teamExpectedPoints: l.points,
      ourExpectedPoints: l.ownership * l.points,
      expectedPayoutShare: l.share,
      expectedPayout: l.share * p.pot,
      roi: l.roi,
    })),
  };
}

export async function calcuttaTeams(q: Queryable, id: number) {
  await optimization(q, id);
  const rep = await getRunResult<{ teams: unknown[] }>(q, id);
  if (rep === null) throw new StoreError('CONFLICT', `run ${id} has no results yet`);
  return { run: id, items: rep.teams };
}
