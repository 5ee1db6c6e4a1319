// The Calcutta read API (issue 7): stored tournaments and their runs; for a Calcutta run, the entry
// rankings (paginated), recommended bids, investment report, one entry's performance and the histogram
// of its payout (computed in SQL from entry_simulation_outcomes), team values; and a POST that starts an
// optimisation as a job (202; /v1/jobs/{id} follows and cancels it).
import { randomInt } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RequestError, StoreError } from '../../core/errors.js';
import { DEFAULT_CALCUTTA_SIMS } from '../../engine/calcutta/run.js';
import { parseJobSpec } from '../../jobs/job-spec.js';
import { jobProgress } from '../../jobs/progress.js';
import type { Db } from '../../store/db.js';
import { getRun } from '../../store/runs.js';
import type { AppContext } from '../app.js';
import { requireDb } from '../require-db.js';
import { errorReplies } from '../schemas.js';
import { JobProgress } from './jobs.js';

const Num = Type.Number();
const NullableNum = Type.Union([Type.Number(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableStr = Type.Union([Type.String(), Type.Null()]);

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const EntryParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), entry: Type.Integer({ minimum: 0, maximum: 2147483647 }) });
const Page = Type.Object({
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
const HistogramQuery = Type.Object({ bins: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }) });

const Tournament = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  teams: Type.Integer({ description: 'Teams in the field' }),
  runs: Type.Integer({ description: 'Stored runs of any kind' }),
  createdAt: Type.String(),
});
const TournamentsReply = Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(Tournament) });

const Optimization = Type.Object({
  strategy: Type.String(),
  expectedPayout: NullableNum,
  pFirst: NullableNum,
});
const RunSummary = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  status: Type.String({ description: 'queued, running, complete, failed or cancelled' }),
  sims: Type.Number(),
  seed: Type.String(),
  streamScheme: Type.String(),
  startedAt: Type.String(),
  finishedAt: NullableStr,
  optimization: Type.Union([Optimization, Type.Null()], { description: 'Calcutta runs: the optimiser strategy, expected payout (money) and P(first)' }),
});
const TournamentRunsReply = Type.Object({ tournament: Type.Integer(), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(RunSummary) });

const Entry = Type.Object({
  position: Type.Integer({ description: '1-based place in the ranking by mean normalised payout' }),
  entry: Type.Integer({ description: 'Entry id: 0 is our entry, then the other entries in input order (predicted entries last)' }),
  name: Type.String(),
  us: Type.Boolean(),
  spend: NullableNum,
  expectedPoints: NullableNum,
  meanPayout: Type.Number({ description: 'Mean payout as a share of the pot' }),
  sdPayout: Num,
  pFirst: Num,
  pInMoney: Num,
  percentileRank: Type.Number({ description: 'Percent of the other entries with a lower mean payout (ties count half)' }),
});
const EntriesReply = Type.Object({ run: Type.Integer(), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(Entry) });
const EntryReply = Type.Object({ run: Type.Integer(), ...Entry.properties });

const Bid = Type.Object({ team: Type.Integer({ description: 'Team key (index in the field)' }), name: Type.String(), seed: NullableInt, region: NullableStr, bid: Num });
const BidsReply = Type.Object({
  run: Type.Integer(),
  strategy: Type.String(),
  entryName: Type.String(),
  budget: Num,
  spend: Num,
  items: Type.Array(Bid),
});

const InvestmentLine = Type.Object({
  team: Type.Integer(),
  name: Type.String(),
  seed: NullableInt,
  bid: Num,
  ownership: Type.Number({ description: 'Our share of all money on the team' }),
  teamExpectedPoints: Num,
  ourExpectedPoints: Num,
  expectedPayoutShare: Type.Number({ description: 'Our expected payout attributed to the team, as a share of the pot' }),
  expectedPayout: Num,
  roi: NullableNum,
});
const ReportReply = Type.Object({
  run: Type.Integer(),
  calcutta: Type.String(),
  tournament: NullableInt,
  entryName: Type.String(),
  strategy: Type.String(),
  sims: Num,
  seed: Type.String(),
  budget: Num,
  spend: Num,
  pot: Num,
  expectedPayout: Num,
  expectedPayoutShare: Num,
  expectedNet: Num,
  pFirst: Num,
  pInMoney: Num,
  netPercentiles: Type.Array(Type.Object({ p: Num, value: Num })),
  items: Type.Array(InvestmentLine),
});

const HistogramReply = Type.Object({
  run: Type.Integer(),
  entry: Type.Integer(),
  name: Type.String(),
  sims: Type.Integer(),
  mean: Type.Number({ description: 'Mean payout (share of the pot) over the stored simulations' }),
  min: Num,
  max: Num,
  bins: Type.Array(
    Type.Object({ lo: Num, hi: Num, count: Type.Integer(), probability: Num }),
    { description: 'Equal-width bins of the payout share over [0, 1]; the last bin includes 1' },
  ),
});

const TeamValue = Type.Object({
  team: Type.Integer(),
  name: Type.String(),
  seed: NullableInt,
  region: NullableStr,
  expectedPoints: Num,
  expectedPointsExact: Num,
  sdPoints: Num,
  pointsDistribution: Type.Array(Type.Object({ points: Num, probability: Num })),
  marketBids: Num,
  marketShare: Num,
  predictedMarketShare: Num,
  pointsPerPrice: NullableNum,
  valueIndex: NullableNum,
});
const TeamsReply = Type.Object({ run: Type.Integer(), items: Type.Array(TeamValue) });

const OptimizeBody = Type.Object(
  {
    calcutta: Type.Object({}, { additionalProperties: true, description: 'A Calcutta as docs/calcutta.md describes, with the field inline' }),
    sims: Type.Optional(Type.Integer({ minimum: 1, description: 'Simulated tournaments (capped; LIMIT_EXCEEDED above the cap)' })),
    seed: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.String({ minLength: 1, maxLength: 200 })])),
  },
  { additionalProperties: false },
);

interface OptRow {
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

export interface CalcuttaRoutesOptions {
  /** Most simulated tournaments one POST may ask for (default: the app's maxSims). */
  maxSims?: number;
  /** Simulations when the POST names none (default: DEFAULT_CALCUTTA_SIMS, 100,000). */
  defaultSims?: number;
}

export function calcuttaRoutes(ctx: AppContext, o: CalcuttaRoutesOptions = {}): FastifyPluginAsyncTypebox {
  return async (app) => {
    const needDb = (): Db => requireDb(ctx.db, 'stored runs');

    /** The optimisation of a Calcutta run: 404 for no run or another kind, 409 while it has no results. */
    const calcuttaRun = async (db: Db, id: number): Promise<OptRow> => {
      const run = await getRun(db, id);
      if (run.kind !== 'calcutta') throw new RequestError('NOT_FOUND', `run ${id} is a ${run.kind} run, not a Calcutta run`);
      const r = await db.query<OptRow>(
        `select o.id::float8 as optimization_run_id, o.calcutta_id::float8 as calcutta_id, c.name as calcutta, o.strategy, o.sims::float8 as sims, o.seed,
                o.expected_payout, o.p_first, o.params, c.tournament_id::float8 as tournament_id
         from optimization_runs o join calcuttas c on c.id = o.calcutta_id where o.run_id = $1 order by o.id desc limit 1`,
        [id],
      );
      if (r.rows.length === 0) throw new StoreError('CONFLICT', `run ${id} has no results yet (status ${run.status})`);
      return r.rows[0];
    };

    /** The run's stored report (run_results), for the fields the gold tables do not hold. */
    const storedReport = async (db: Db, id: number): Promise<Record<string, unknown> | null> => {
      const r = await db.query<{ report: Record<string, unknown> }>('select report from run_results where run_id = $1', [id]);
      return r.rows[0]?.report ?? null;
    };

    const entryExtras = async (db: Db, id: number): Promise<Map<number, { spend: number; expectedPoints: number }>> => {
      const rep = await storedReport(db, id);
      const list = (rep?.entries ?? []) as { entry: number; spend: number; expectedPoints: number }[];
      return new Map(list.map((e) => [e.entry, { spend: e.spend, expectedPoints: e.expectedPoints }]));
    };

    type EntryRow = { position: number; entry: number; name: string; mean: number; sd: number; first: number; money: number; pct: number };
    const entryOut = (e: EntryRow, extras: Map<number, { spend: number; expectedPoints: number }>) => ({
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
    const ENTRY_SELECT = `select (row_number() over (order by mean_payout desc, entry_id))::int as position, entry_id as entry, entry_name as name,
        mean_payout as mean, sd_payout as sd, p_first as first, p_in_money as money, percentile_rank as pct
      from entry_performance where optimization_run_id = $1`;

    app.get(
      '/v1/tournaments',
      {
        schema: {
          tags: ['calcutta'],
          summary: 'Stored tournaments (fields saved by persisted runs), newest first, paginated',
          querystring: Page,
          response: { 200: TournamentsReply, ...errorReplies(400, 503) },
        },
      },
      async (req) => {
        const db = needDb();
        const { offset, limit } = req.query;
        const total = await db.query<{ n: number }>('select count(*)::int as n from tournaments');
        const r = await db.query<{ id: number; name: string; teams: number; runs: number; created_at: string }>(
          `select t.id::float8 as id, t.name, (select count(*)::int from tournament_teams tt where tt.tournament_id = t.id) as teams,
                  (select count(*)::int from runs r where r.tournament_id = t.id) as runs, t.created_at::text as created_at
           from tournaments t order by t.id desc offset $1 limit $2`,
          [offset, limit],
        );
        return { total: total.rows[0].n, offset, limit, items: r.rows.map((t) => ({ id: t.id, name: t.name, teams: t.teams, runs: t.runs, createdAt: t.created_at })) };
      },
    );

    app.get(
      '/v1/tournaments/:id/runs',
      {
        schema: {
          tags: ['calcutta'],
          summary: "A tournament's runs (any kind), newest first, paginated; Calcutta runs with their optimisation summary",
          params: IdParams,
          querystring: Page,
          response: { 200: TournamentRunsReply, ...errorReplies(400, 404, 503) },
        },
      },
      async (req) => {
        const db = needDb();
        const id = req.params.id;
        const t = await db.query('select 1 from tournaments where id = $1', [id]);
        if (t.rows.length === 0) throw new RequestError('NOT_FOUND', `tournament ${id} does not exist`);
        const { offset, limit } = req.query;
        const total = await db.query<{ n: number }>('select count(*)::int as n from runs where tournament_id = $1', [id]);
        const r = await db.query<{
          id: number; kind: string; status: string; sims: number; seed: string; stream_scheme: string; started_at: string; finished_at: string | null;
          strategy: string | null; expected_payout: number | null; p_first: number | null;
        }>(
          `select r.id::float8 as id, r.kind, r.status, r.sims::float8 as sims, r.seed, r.stream_scheme, r.started_at::text as started_at, r.finished_at::text as finished_at,
                  o.strategy, o.expected_payout, o.p_first
           from runs r left join lateral (select strategy, expected_payout, p_first from optimization_runs where run_id = r.id order by id desc limit 1) o on true
           where r.tournament_id = $1 order by r.id desc offset $2 limit $3`,
          [id, offset, limit],
        );
        return {
          tournament: id,
          total: total.rows[0].n,
          offset,
          limit,
          items: r.rows.map((x) => ({
            id: x.id,
            kind: x.kind,
            status: x.status,
            sims: x.sims,
            seed: x.seed,
            streamScheme: x.stream_scheme,
            startedAt: x.started_at,
            finishedAt: x.finished_at,
            optimization: x.strategy === null ? null : { strategy: x.strategy, expectedPayout: x.expected_payout, pFirst: x.p_first },
          })),
        };
      },
    );

    app.get(
      '/v1/calcutta/runs/:id/entries',
      {
        schema: {
          tags: ['calcutta'],
          summary: 'Entry rankings of a Calcutta run by mean normalised payout, paginated',
          params: IdParams,
          querystring: Page,
          response: { 200: EntriesReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => {
        const db = needDb();
        const opt = await calcuttaRun(db, req.params.id);
        const { offset, limit } = req.query;
        const total = await db.query<{ n: number }>('select count(*)::int as n from entry_performance where optimization_run_id = $1', [opt.optimization_run_id]);
        const r = await db.query<EntryRow>(`${ENTRY_SELECT} order by mean_payout desc, entry_id offset $2 limit $3`, [opt.optimization_run_id, offset, limit]);
        const extras = await entryExtras(db, req.params.id);
        return { run: req.params.id, total: total.rows[0].n, offset, limit, items: r.rows.map((e) => entryOut(e, extras)) };
      },
    );

    app.get(
      '/v1/calcutta/runs/:id/entries/:entry',
      {
        schema: {
          tags: ['calcutta'],
          summary: "One entry's performance in a Calcutta run (entry 0 is ours)",
          params: EntryParams,
          response: { 200: EntryReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => {
        const db = needDb();
        const opt = await calcuttaRun(db, req.params.id);
        const r = await db.query<EntryRow>(`select * from (${ENTRY_SELECT}) x where entry = $2`, [opt.optimization_run_id, req.params.entry]);
        if (r.rows.length === 0) throw new RequestError('NOT_FOUND', `run ${req.params.id} has no entry ${req.params.entry}`);
        return { run: req.params.id, ...entryOut(r.rows[0], await entryExtras(db, req.params.id)) };
      },
    );

    app.get(
      '/v1/calcutta/runs/:id/entries/:entry/histogram',
      {
        schema: {
          tags: ['calcutta'],
          summary: "Distribution of one entry's payout (share of the pot) over the run's simulated tournaments, computed in SQL",
          params: EntryParams,
          querystring: HistogramQuery,
          response: { 200: HistogramReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => {
        const db = needDb();
        const { id, entry } = req.params;
        const opt = await calcuttaRun(db, id);
        const e = await db.query<{ name: string }>('select entry_name as name from entry_performance where optimization_run_id = $1 and entry_id = $2', [opt.optimization_run_id, entry]);
        if (e.rows.length === 0) throw new RequestError('NOT_FOUND', `run ${id} has no entry ${entry}`);
        const bins = req.query.bins;
        const stats = await db.query<{ n: number; mean: number | null; min: number | null; max: number | null }>(
          'select count(*)::int as n, avg(payout) as mean, min(payout) as min, max(payout) as max from entry_simulation_outcomes where run_id = $1 and entry_id = $2',
          [id, entry],
        );
        const h = await db.query<{ b: number; n: number }>(
          `select b, count(o.b)::int as n
           from generate_series(1, $3::int) as b
           left join (select least(greatest(width_bucket(payout, 0, 1, $3::int), 1), $3::int) as b
                      from entry_simulation_outcomes where run_id = $1 and entry_id = $2) o using (b)
           group by b order by b`,
          [id, entry, bins],
        );
        const s = stats.rows[0];
        return {
          run: id,
          entry,
          name: e.rows[0].name,
          sims: s.n,
          mean: s.mean ?? 0,
          min: s.min ?? 0,
          max: s.max ?? 0,
          bins: h.rows.map((x) => ({ lo: (x.b - 1) / bins, hi: x.b / bins, count: x.n, probability: s.n > 0 ? x.n / s.n : 0 })),
        };
      },
    );

    app.get(
      '/v1/calcutta/runs/:id/bids',
      {
        schema: {
          tags: ['calcutta'],
          summary: 'Recommended bids of a Calcutta run',
          params: IdParams,
          response: { 200: BidsReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => {
        const db = needDb();
        const opt = await calcuttaRun(db, req.params.id);
        const r = await db.query<{ team: number; name: string; seed: number | null; region: string | null; bid: number }>(
          `select b.team_key as team, t.name, t.seed, t.region, b.bid
           from recommended_entry_bids b join tournament_teams t on t.tournament_id = $2 and t.team_key = b.team_key
           where b.optimization_run_id = $1 order by b.bid desc, t.name`,
          [opt.optimization_run_id, opt.tournament_id],
        );
        const p = opt.params as { entryName?: string; budget?: number; spend?: number };
        return { run: req.params.id, strategy: opt.strategy, entryName: p.entryName ?? 'us', budget: p.budget ?? 0, spend: p.spend ?? 0, items: r.rows };
      },
    );

    app.get(
      '/v1/calcutta/runs/:id/report',
      {
        schema: {
          tags: ['calcutta'],
          summary: 'Investment report of a Calcutta run: per team our bid, ownership, expected points and payout share, ROI; our prospects',
          params: IdParams,
          response: { 200: ReportReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => {
        const db = needDb();
        const opt = await calcuttaRun(db, req.params.id);
        const r = await db.query<{ team: number; name: string; seed: number | null; bid: number; ownership: number; points: number; share: number; roi: number | null }>(
          `select d.team_key as team, t.name, t.seed, d.bid, d.ownership, d.expected_points as points, d.expected_payout_share as share, d.roi
           from detailed_investment_report d join tournament_teams t on t.tournament_id = $2 and t.team_key = d.team_key
           where d.optimization_run_id = $1 order by d.bid desc, t.name`,
          [opt.optimization_run_id, opt.tournament_id],
        );
        const p = opt.params as {
          entryName: string; budget: number; spend: number; pot: number; expectedPayoutShare: number; expectedNet: number; pInMoney: number;
          netPercentiles: { p: number; value: number }[];
        };
        return {
          run: req.params.id,
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
          items: r.rows.map((l) => ({
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
      },
    );

    app.get(
      '/v1/calcutta/runs/:id/teams',
      {
        schema: {
          tags: ['calcutta'],
          summary: 'Team values of a Calcutta run: expected points, points distribution, market bids and predicted share, value index',
          params: IdParams,
          response: { 200: TeamsReply, ...errorReplies(400, 404, 409, 503) },
        },
      },
      async (req) => {
        const db = needDb();
        await calcuttaRun(db, req.params.id);
        const rep = await storedReport(db, req.params.id);
        if (rep === null) throw new StoreError('CONFLICT', `run ${req.params.id} has no results yet`);
        return { run: req.params.id, items: rep.teams as Static<typeof TeamValue>[] };
      },
    );

    app.post(
      '/v1/calcutta/optimize',
      {
        config: { write: true },
        schema: {
          tags: ['calcutta'],
          summary: 'Start a Calcutta optimisation as a job (a run of kind calcutta, one shard)',
          description:
            'Answers 202 with the job; follow or cancel it at /v1/jobs/{id}, then read it under /v1/calcutta/runs/{id}. The same as POST /v1/jobs with kind "calcutta". The field must be inline.',
          body: OptimizeBody,
          security: [{ bearer: [] }],
          response: { 202: JobProgress, ...errorReplies(400, 401, 413, 429, 503) },
        },
      },
      async (req, reply) => {
        const db = needDb();
        const b = req.body;
        const max = o.maxSims ?? ctx.limits.maxSims;
        const sims = b.sims ?? o.defaultSims ?? DEFAULT_CALCUTTA_SIMS;
        if (sims > max) throw new RequestError('LIMIT_EXCEEDED', `body.sims must be at most ${max} (got ${sims})`);
        const spec = parseJobSpec({ kind: 'calcutta', calcutta: b.calcutta, sims, seed: b.seed ?? randomInt(0, 2 ** 31) }, 'body');
        const id = await ctx.jobs.submit(db, spec);
        return reply.code(202).send(await jobProgress(db, id));
      },
    );
  };
}
