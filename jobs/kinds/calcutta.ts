// Calcutta optimisations as a job kind: ONE shard (the optimiser needs every simulated tournament at
// once). It simulates and optimises first, then writes the bronze/silver/gold tables and the per-entry
// outcome rows inside the shard's transaction; so a retried or killed shard leaves nothing behind, and
// any worker on the same Postgres can take it.
import type { CalcuttaSpec } from '../../engine/calcutta/types.js';
import { defaultCopyBatchRows, simulateCalcutta, writeCalcuttaResults } from '../../store/calcutta.js';
import type { Db } from '../../store/db.js';
import { type RunRow } from '../../store/runs.js';
import type { PreparedRun } from './kind.js';
import { seedOf } from './tournament.js';

type Simulated = Awaited<ReturnType<typeof simulateCalcutta>>;

export function prepareCalcutta(db: Db, run: RunRow, spec: CalcuttaSpec): PreparedRun {
  const sims = Number(run.sims);
  return {
    run,
    tallyLength: 0,
    // Simulate and optimise outside the transaction (minutes at large N); only the writes go inside it.
    async compute(_shard, ctx) {
      let reported = 0;
      return simulateCalcutta(run.id, spec, {
        sims,
        seed: seedOf(run),
        threads: ctx.threads,
        signal: ctx.signal,
        onProgress: (done) => {
          ctx.onSims(done - reported);
          reported = done;
        },
      });
    },
    release(computed) {
      (computed as Simulated).spill.close();
    },
    async runShard(_shard, ctx) {
      const { report, spill } = ctx.computed as Simulated;
      const written = await writeCalcuttaResults(ctx.tx, run, spec, report, spill, defaultCopyBatchRows(db));
      return { tallies: new Int32Array(0), sims, rows: written.copy.rows, copy: written.copy };
    },
    // The shard wrote the results; the completing transaction only reads them back.
    async finish(q) {
      const r = await q.query<{ report: unknown }>('select report from run_results where run_id = $1', [run.id]);
      return r.rows[0]?.report ?? null;
    },
  };
}
