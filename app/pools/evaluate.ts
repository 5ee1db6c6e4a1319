// `pool evaluate`: a given entry (and chalk beside it) priced on the run seed's tournaments against the
// pool: chance to win, expected prize and score with standard errors, the paired ratio to chalk, score
// percentiles, and which games matter for the entry.
import { SimcastError } from '../../core/errors.js';
import { parseSeed } from '../../core/seed.js';
import { chalkPicks } from '../../engine/pool/chalk.js';
import { entryFromRecord, entryToRecord, picksToWins } from '../../engine/pool/entry.js';
import { combineHoldout, HoldoutRunner, type Estimate, type HoldoutTally } from '../../engine/pool/holdout.js';
import { poolEntryImportance } from '../../engine/pool/pool-importance.js';
import { describePool, type PoolDescription } from '../../engine/pool/report.js';
import { DEFAULT_POOL_SIMS } from '../../engine/pool/run.js';
import { joinBlocks, type PoolBlock } from '../../engine/pool/sample.js';
import { STREAM_SCHEME } from '../../engine/random/stream-scheme.js';
import type { Seed } from '../../core/seed.js';
import type { PoolImportanceRecord } from '../../store/pools.js';
import type { PoolInputs } from './document.js';
import { runPoolChoice } from '../../workers/pool-choice-run.js';
import { checkSims, type PoolEntryScores, type PoolRunOptions } from './optimize.js';
import { championOf, importanceRecords, percentiles, poolBlocks, poolSetup } from './setup.js';

interface EvaluatedEntry {
  bracket: Record<string, number>;
  champion: string;
  winProbability: Estimate;
  expectedPrize: Estimate;
  expectedScore: number;
  percentiles: { p: number; score: number }[];
}

export interface PoolEvaluation {
  entry: EvaluatedEntry;
  chalk: EvaluatedEntry;
  /** Entry over chalk, paired on the same tournaments. */
  winRatio: Estimate;
  prizeRatio: Estimate;
  importance: PoolImportanceRecord[];
  pool: PoolDescription;
  sims: number;
  seed: Seed;
  streamScheme: string;
  timings: Record<string, number>;
}

export async function evaluatePool(i: PoolInputs, o: PoolRunOptions = {}): Promise<{ report: PoolEvaluation; scores: PoolEntryScores[] }> {
  if (i.entry === undefined) throw new SimcastError('POOL_INVALID', 'evaluate needs the entry to evaluate');
  const sims = o.sims ?? DEFAULT_POOL_SIMS;
  checkSims('sims', sims);
  const seed = parseSeed(o.seed ?? 1);
  const t0 = performance.now();
  const setup = poolSetup(i);
  const { ctx } = setup;
  const pb = ctx.pb;
  const entryWins = picksToWins(pb, entryFromRecord(pb, i.entry));
  const chalkWins = picksToWins(pb, chalkPicks(ctx));
  const runner = new HoldoutRunner(ctx, [{ opponents: ctx.opponents, pay: ctx.pay, candidates: [[chalkWins], [entryWins]] }]);
  const blocks: PoolBlock[] = [];
  const tallies: HoldoutTally[] = [];
  const points = [new Int32Array(sims), new Int32Array(sims)];
  let at = 0;
  await poolBlocks(
    setup,
    seed,
    sims,
    { mode: 'holdout', targets: runner.targets, scored: [entryWins, chalkWins], withSample: true },
    (r) => {
      tallies.push(r.tally!);
      blocks.push(r.sample!);
      r.points!.forEach((p, k) => points[k].set(p, at));
      at += r.count;
    },
    { ...o, stage: 'evaluate', base: 0, planned: sims },
  );
  const [[chalk, entry]] = combineHoldout(runner, tallies);
  const t1 = performance.now();
  const importance = importanceRecords(
    ctx,
    o.offThread
      ? // On a worker, as the blocks were (they move there).
        (await runPoolChoice({ ctx, blocks, mode: 'importance', of: [entryWins] }, { threads: o.threads, signal: o.signal })).importance.entries
      : poolEntryImportance(ctx, joinBlocks(ctx, blocks), [entryWins]),
  );
  const t2 = performance.now();
  const out = (wins: Uint8Array, st: typeof entry, pts: Int32Array): EvaluatedEntry => ({
    bracket: entryToRecord(pb, wins),
    champion: championOf(ctx, wins),
    winProbability: st.winProbability,
    expectedPrize: st.expectedPrize,
    expectedScore: st.expectedScores[0],
    percentiles: percentiles(pts),
  });
  const report: PoolEvaluation = {
    entry: out(entryWins, entry, points[0]),
    chalk: out(chalkWins, chalk, points[1]),
    winRatio: entry.winRatio,
    prizeRatio: entry.prizeRatio,
    importance,
    pool: describePool(ctx),
    sims,
    seed,
    streamScheme: STREAM_SCHEME,
    timings: { simulateMs: t1 - t0, importanceMs: t2 - t1, totalMs: t2 - t0 },
  };
  return {
    report,
    scores: [
      { entry: 0, label: 'entry', wins: entryWins, points: points[0] },
      { entry: 1, label: 'chalk', wins: chalkWins, points: points[1] },
    ],
  };
}
