// Props backtest jobs: an experiment (docs/props.md) run by the job system instead of inside a request.
// `plan` stores the experiment as queued (its id goes into the run's spec); the one shard computes the
// NBA threes backtest over the stored prices and game logs before its transaction opens (seconds on the
// whole season file: the embedded database's one connection stays free meanwhile), and writes the
// experiment's metrics in that transaction, so an experiment is complete exactly when its shard is in.
// A backtest draws no random numbers: `sims` is 1 (one unit of work) and the seed is recorded only.
import { Type, type Static } from '@sinclair/typebox';
import type { Seed } from '../../../core/seed.js';
import { hashInputs } from '../../../store/hash.js';
import { saveRunResult } from '../../../store/runs.js';
import { computeExperiment, experimentMetrics, finishExperiment, getExperiment, markExperiment, queueExperiment } from '../../props/experiments.js';
import type { JobKind, ShardOutput } from './kind.js';
import { SeedValue } from './schema-parts.js';

const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

export const PropsBacktestJob = Type.Object(
  {
    kind: Type.Literal('props-backtest'),
    sims: Type.Optional(Type.Literal(1, { description: 'A backtest is one unit of work: 1 (the default)' })),
    seed: Type.Optional(SeedValue),
    backtest: Type.Object(
      {
        league: Type.Literal('nba'),
        stat: Type.Literal('threes'),
        from: Type.Optional(Day),
        to: Type.Optional(Day),
        holdoutFrom: Type.Optional(Day),
        riskMode: Type.Optional(Type.Union([Type.Literal('conservative'), Type.Literal('balanced'), Type.Literal('aggressive')])),
        snapshotId: Type.Optional(Type.Integer({ minimum: 1 })),
      },
      { additionalProperties: false, description: 'The experiment: the NBA threes backtest over the stored prices and game logs' },
    ),
  },
  { additionalProperties: false, description: 'An experiment (props backtest) run as a job' },
);
export type PropsBacktestJobSpec = Omit<Static<typeof PropsBacktestJob>, 'seed' | 'sims'> & { sims: number; seed: Seed };

interface StoredSpec extends PropsBacktestJobSpec {
  experimentId: number;
}

interface Report {
  experimentId: number;
  metrics: ReturnType<typeof experimentMetrics>;
}

export const propsBacktestKind: JobKind<PropsBacktestJobSpec> = {
  name: 'props-backtest',
  title: 'a props backtest job',
  schema: PropsBacktestJob,
  defaultSims: 1,
  shardBlocks: () => 1,
  async plan(db, spec) {
    const experiment = await queueExperiment(db, spec.backtest, 'job.backtest.');
    return {
      inputsHash: hashInputs({ backtest: spec.backtest }),
      persist: 'aggregates',
      params: { experimentId: experiment.id },
      spec: { ...spec, sims: 1, experimentId: experiment.id },
    };
  },
  async prepare(db, run) {
    const spec = run.spec as unknown as StoredSpec;
    const id = spec.experimentId;
    await markExperiment(db, id, { runId: run.id });
    return {
      run,
      tallyLength: 1,
      async compute(_shard, ctx) {
        await markExperiment(db, id, { status: 'running' });
        try {
          const { backtest, ms } = await computeExperiment(db, spec.backtest, 'job.backtest.');
          ctx.onSims(1);
          const output: ShardOutput = { tallies: Int32Array.of(backtest.rows.length), sims: 1, rows: 0, copy: null };
          return { output, metrics: experimentMetrics(backtest, ms) };
        } catch (e) {
          // recorded on the experiment too (a retry that succeeds completes it again)
          await finishExperiment(db, id, 'failed', { error: (e as Error).message }).catch(() => {});
          throw e;
        }
      },
      async runShard(_shard, ctx) {
        const c = ctx.computed as { output: ShardOutput; metrics: Report['metrics'] };
        await finishExperiment(ctx.tx, id, 'complete', c.metrics);
        return c.output;
      },
      async finish(q) {
        const e = await getExperiment(q, id);
        const report = { experimentId: id, metrics: e.metrics };
        await saveRunResult(q, run.id, report);
        return report;
      },
    };
  },
  render(report) {
    const { experimentId, metrics } = report as unknown as Report;
    const f = (x: number | undefined) => (x === undefined ? '' : x.toFixed(4));
    const rows: (string | number)[][] = [];
    for (const [scope, s] of [
      ['all', metrics.scores.all],
      [`from ${metrics.holdoutFrom}`, metrics.scores.holdout],
    ] as const) {
      if (!s) continue;
      rows.push([`experiment ${experimentId}, ${scope}`, s.rows, f(s.market.brier), f(s.model.brier), f(s.blend.brier), f(s.baseRateBrier)]);
    }
    return { headers: ['scored rows', 'rows', 'Brier market', 'Brier model', 'Brier blend', 'Brier base rate'], rows, align: ['l', 'r', 'r', 'r', 'r', 'r'] };
  },
};
