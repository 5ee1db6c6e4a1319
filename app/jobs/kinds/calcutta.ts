// Calcutta jobs: ONE shard (the optimiser needs every simulated tournament at once). It simulates and
// optimises before its transaction opens (so the embedded database stays readable and cancellable),
// then writes the bronze/silver/gold tables and the per-entry outcome rows inside the shard's
// transaction; so a retried or killed shard leaves nothing behind, and any worker can take it.
import { Type, type Static } from '@sinclair/typebox';
import { CancelledError, StoreError } from '../../../core/errors.js';
import { storedSeed, type Seed } from '../../../core/seed.js';
import { parseCalcuttaObject } from '../../../engine/calcutta/parse.js';
import type { CalcuttaReport } from '../../../engine/calcutta/report.js';
import type { CalcuttaSpec } from '../../../engine/calcutta/types.js';
import { blockCount } from '../../../engine/random/stream-scheme.js';
import { saveCalcuttaResult, storableCalcutta } from '../../../store/calcutta.js';
import { hashInputs } from '../../../store/hash.js';
import { defaultCopyBatchRows, OutcomeSpill } from '../../../store/outcome-spill.js';
import { getRunResult, saveRunResult } from '../../../store/runs.js';
import { runCalcutta } from '../../calcutta/optimize.js';
import { checkFieldSize } from '../../limits.js';
import type { JobKind } from './kind.js';
import { SeedValue, Section, Sims } from './schema-parts.js';

export const CalcuttaJob = Type.Object(
  {
    kind: Type.Literal('calcutta'),
    sims: Sims,
    seed: Type.Optional(SeedValue),
    calcutta: Section('A Calcutta as docs/calcutta.md describes, with the field inline; it runs as one shard'),
  },
  { additionalProperties: false, description: 'A Calcutta auction: team values, our bids, every entry simulated' },
);
export type CalcuttaJobSpec = Omit<Static<typeof CalcuttaJob>, 'seed'> & { seed: Seed };

interface Simulated {
  report: CalcuttaReport;
  spill: OutcomeSpill;
}

export const calcuttaKind: JobKind<CalcuttaJobSpec> = {
  name: 'calcutta',
  title: 'a Calcutta job',
  schema: CalcuttaJob,
  shardBlocks: (spec) => blockCount(spec.sims),
  async plan(db, spec) {
    const calcutta = parseCalcuttaObject(spec.calcutta, 'job.calcutta');
    checkFieldSize(calcutta.field, 'job.calcutta.field');
    return {
      tournament: calcutta.field,
      inputsHash: hashInputs({ kind: 'calcutta', calcutta: storableCalcutta(calcutta), sims: spec.sims, seed: spec.seed }),
      persist: 'rows',
      params: {
        calcutta: calcutta.name,
        entryName: calcutta.entryName,
        model: calcutta.model.name,
        entries: calcutta.entries.length,
        budget: calcutta.constraints.budget,
      },
      spec: { ...spec },
    };
  },
  async prepare(db, run) {
    const stored = run.spec as { calcutta: unknown; input?: unknown };
    // Runs stored before Calcutta jobs kept the document as given under `input`.
    const spec: CalcuttaSpec = parseCalcuttaObject(stored.input ?? stored.calcutta, `run ${run.id}: calcutta`);
    const sims = Number(run.sims);
    return {
      run,
      tallyLength: 0,
      // Simulate and optimise outside the transaction (minutes at large N); only the writes go inside it.
      async compute(_shard, ctx): Promise<Simulated> {
        let reported = 0;
        const spill = new OutcomeSpill(run.id);
        try {
          const report = await runCalcutta(spec, {
            sims,
            seed: storedSeed(run.seed),
            threads: ctx.threads,
            signal: ctx.signal,
            onOutcomes: (c) => spill.add(c),
            onProgress: (done) => {
              ctx.onSims(done - reported);
              reported = done;
            },
          });
          spill.finish();
          if (ctx.signal.aborted) throw new CancelledError(`run ${run.id} was cancelled`);
          const expected = report.sims * report.entries.length;
          if (spill.rows !== expected) throw new StoreError('RUN_FAILED', `run ${run.id}: ${spill.rows} outcome rows from the engine, expected ${expected}`);
          return { report, spill };
        } catch (e) {
          spill.close();
          throw e;
        }
      },
      release(computed) {
        (computed as Simulated).spill.close();
      },
      async runShard(_shard, ctx) {
        const { report, spill } = ctx.computed as Simulated;
        const saved = await saveCalcuttaResult(ctx.tx, run.id, run.tournament_id!, spec, report);
        const copy = await spill.copyInto(ctx.tx, defaultCopyBatchRows(db));
        if (copy.rows !== spill.rows) throw new StoreError('RUN_FAILED', `run ${run.id}: COPY wrote ${copy.rows} outcome rows, expected ${spill.rows}`);
        await saveRunResult(ctx.tx, run.id, { ...report, runId: run.id, ...saved });
        return { tallies: new Int32Array(0), sims, rows: copy.rows, copy };
      },
      // The shard wrote the results; the completing transaction only reads them back.
      finish: (q) => getRunResult(q, run.id),
    };
  },
  render(report) {
    const lines = report.investment as { name: string; seed: number | null; bid: number; ownership: number; expectedPayout: number; roi: number }[];
    const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
    return {
      headers: ['team', 'seed', 'bid', 'own', 'E[payout]', 'ROI'],
      rows: lines.map((l) => [l.name, l.seed ?? '', l.bid.toFixed(2), pct(l.ownership), l.expectedPayout.toFixed(2), Number.isFinite(l.roi) ? pct(l.roi) : '']),
      align: ['l', 'r', 'r', 'r', 'r', 'r'],
    };
  },
};
