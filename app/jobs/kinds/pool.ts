// Bracket-pool jobs (docs/pools.md): ONE shard, like Calcutta (the search needs every tournament of its
// sample at once). The optimisation or evaluation runs before the shard's transaction opens (so the
// embedded database stays readable and cancellable); the transaction writes the pool tables and every
// entry's score per tournament by COPY, so a killed or retried shard leaves nothing behind.
import { Type, type Static } from '@sinclair/typebox';
import { CancelledError, SimcastError } from '../../../core/errors.js';
import { storedSeed, type Seed } from '../../../core/seed.js';
import { blockCount } from '../../../engine/random/stream-scheme.js';
import { hashInputs } from '../../../store/hash.js';
import { copyPoolScores, savePoolResult } from '../../../store/pools.js';
import { getRunResult, saveRunResult } from '../../../store/runs.js';
import { saveTournament, storableField } from '../../../store/tournaments.js';
import { poolInputsFromDocument, PoolDocumentSchema, type PoolDocument } from '../../pools/document.js';
import { evaluatePool } from '../../pools/evaluate.js';
import { optimizePool, type PoolEntryScores } from '../../pools/optimize.js';
import { poolSetup } from '../../pools/setup.js';
import { evaluateRecord, optimizeRecord } from '../../pools/stored.js';
import type { PoolRunRecord } from '../../../store/pools.js';
import type { JobKind } from './kind.js';
import { SeedValue, Sims } from './schema-parts.js';

export const PoolJob = Type.Object(
  {
    kind: Type.Literal('pool'),
    mode: Type.Optional(Type.Union([Type.Literal('optimize'), Type.Literal('evaluate')], { description: 'optimize (default) or evaluate pool.entry' })),
    sims: Sims,
    seed: Type.Optional(SeedValue),
    pool: PoolDocumentSchema,
  },
  { additionalProperties: false, description: 'A bracket pool: the entry with the best expected prize (or a given entry evaluated), one shard' },
);
export type PoolJobSpec = Omit<Static<typeof PoolJob>, 'seed'> & { seed: Seed };

interface Computed {
  report: Record<string, unknown>;
  record: PoolRunRecord;
  scores: PoolEntryScores[];
}

function modeOf(spec: { mode?: 'optimize' | 'evaluate' }): 'optimize' | 'evaluate' {
  return spec.mode ?? 'optimize';
}

export const poolKind: JobKind<PoolJobSpec> = {
  name: 'pool',
  title: 'a pool job',
  schema: PoolJob,
  shardBlocks: (spec) => blockCount(spec.sims),
  async plan(db, spec) {
    const inputs = poolInputsFromDocument(spec.pool, 'job.pool');
    // Every input error surfaces here, before the run exists.
    const { ctx } = poolSetup(inputs);
    const mode = modeOf(spec);
    if (mode === 'evaluate' && spec.pool.entry === undefined)
      throw new SimcastError('POOL_INVALID', 'job.pool.entry: mode evaluate needs the entry to evaluate');
    return {
      tournamentId: await saveTournament(db, inputs.field),
      inputsHash: hashInputs({ kind: 'pool', mode, pool: { ...spec.pool, field: storableField(inputs.field) }, sims: spec.sims, seed: spec.seed }),
      persist: 'rows',
      params: { mode, opponents: ctx.opponents, model: ctx.model?.name ?? 'explicit', payouts: Array.from(ctx.pay), entries: spec.pool.entries ?? 1 },
      spec: { ...spec, mode },
    };
  },
  async prepare(_db, run) {
    const stored = run.spec as { mode?: 'optimize' | 'evaluate'; pool: PoolDocument };
    const sims = Number(run.sims);
    return {
      run,
      tallyLength: 0,
      async compute(_shard, ctx): Promise<Computed> {
        const inputs = poolInputsFromDocument(stored.pool, `run ${run.id}: pool`);
        let reported = 0;
        const o = {
          sims,
          seed: storedSeed(run.seed),
          threads: ctx.threads,
          // A server on the embedded database runs jobs in its own process: keep its event loop free.
          offThread: true,
          signal: ctx.signal,
          onProgress: (done: number) => {
            ctx.onSims(done - reported);
            reported = done;
          },
        };
        let out: Computed;
        if (modeOf(stored) === 'evaluate') {
          const r = await evaluatePool(inputs, o);
          out = { report: r.report as unknown as Record<string, unknown>, record: evaluateRecord(r.report), scores: r.scores };
        } else {
          const r = await optimizePool(inputs, o);
          out = { report: r.report as unknown as Record<string, unknown>, record: optimizeRecord(r), scores: r.scores };
        }
        if (ctx.signal.aborted) throw new CancelledError(`run ${run.id} was cancelled`);
        return out;
      },
      async runShard(_shard, ctx) {
        const { report, record, scores } = ctx.computed as Computed;
        await savePoolResult(ctx.tx, run.id, record);
        const copy = await copyPoolScores(ctx.tx, run.id, scores);
        await saveRunResult(ctx.tx, run.id, { ...report, mode: record.mode, runId: run.id });
        return { tallies: new Int32Array(0), sims, rows: copy.rows, copy };
      },
      finish: (q) => getRunResult(q, run.id),
    };
  },
  render(report) {
    const pct = (p: number) => `${(100 * p).toFixed(2)}%`;
    if (report.mode === 'evaluate') {
      const r = report as unknown as { entry: EntryView; chalk: EntryView; winRatio: { value: number; se: number } };
      return {
        headers: ['entry', 'champion', 'P(win)', '±', 'E[score]', 'ratio to chalk'],
        rows: [
          [
            'entry',
            r.entry.champion,
            pct(r.entry.winProbability.value),
            pct(r.entry.winProbability.se),
            r.entry.expectedScore.toFixed(1),
            r.winRatio.value.toFixed(3),
          ],
          ['chalk', r.chalk.champion, pct(r.chalk.winProbability.value), pct(r.chalk.winProbability.se), r.chalk.expectedScore.toFixed(1), '1.000'],
        ],
        align: ['l', 'l', 'r', 'r', 'r', 'r'],
      };
    }
    const r = report as unknown as OptimizeView;
    return {
      headers: ['entry', 'champion', 'P(win)', '±', 'E[score]', 'ratio to chalk'],
      rows: [
        [
          r.holdout.chosen,
          champ(r.bracket),
          pct(r.winProbability),
          pct(r.holdout.winProbability.se),
          r.expectedScore.toFixed(1),
          `${r.holdout.winRatio.value.toFixed(3)} ± ${r.holdout.winRatio.se.toFixed(3)}`,
        ],
        ['chalk', champ(r.chalk.bracket), pct(r.chalk.winProbability), pct(r.holdout.chalkWinProbability.se), r.chalk.expectedScore.toFixed(1), '1.000'],
      ],
      align: ['l', 'l', 'r', 'r', 'r', 'r'],
    };
  },
};

type EntryView = { champion: string; winProbability: { value: number; se: number }; expectedScore: number };
type OptimizeView = {
  bracket: Record<string, number>;
  winProbability: number;
  expectedScore: number;
  chalk: { bracket: Record<string, number>; winProbability: number; expectedScore: number };
  holdout: { chosen: string; winProbability: { se: number }; chalkWinProbability: { se: number }; winRatio: { value: number; se: number } };
};

function champ(b: Record<string, number>): string {
  let best = '';
  for (const [n, w] of Object.entries(b)) if (best === '' || w > b[best]) best = n;
  return best;
}
