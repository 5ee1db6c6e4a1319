// Piscina side of a pool task (pool-task.ts): the engine's block functions, one stream block a task.
import { HoldoutRunner } from '../engine/pool/holdout.js';
import type { PoolContext } from '../engine/pool/pool-context.js';
import { simulateOutcomes } from '../engine/pool/run.js';
import { PoolBlockBuilder } from '../engine/pool/sample.js';
import { entryPoints } from '../engine/pool/scoring.js';
import { BLOCK_SIZE, simsInBlock } from '../engine/random/stream-scheme.js';
import { kernelTables, prepareKernel, type PreparedKernel } from '../engine/tournament/kernel.js';
import { winModelByName } from '../engine/tournament/win-probability.js';
import type { PoolTask, PoolTaskResult } from './pool-task.js';

let cached: { key: string; ctx: PoolContext; kernel: PreparedKernel; builder: PoolBlockBuilder; rows: Uint8Array } | null = null;

export default function runPoolTask(t: PoolTask): PoolTaskResult {
  if (cached === null || cached.key !== t.key) {
    const kernel = prepareKernel(kernelTables(t.ctx.pb.bracket, winModelByName(t.model.name, t.model.sigma)));
    cached = { key: t.key, ctx: t.ctx, kernel, builder: new PoolBlockBuilder(t.ctx), rows: new Uint8Array(BLOCK_SIZE * t.ctx.pb.bracket.teamCount) };
  }
  const { ctx, kernel, builder, rows } = cached;
  const count = simsInBlock(t.sims, t.block);
  const outcomes = simulateOutcomes(ctx, kernel, t.seed, t.block, count, rows);
  if (t.mode === 'sample') return { block: t.block, count, sample: builder.fromOutcomes(outcomes, count) };
  const tally = new HoldoutRunner(ctx, t.targets!).block(outcomes, count);
  const S = ctx.pb.size;
  const points = (t.scored ?? []).map((e) => {
    const p = new Int32Array(count);
    for (let s = 0; s < count; s++) p[s] = Math.round(entryPoints(ctx.grid, e, outcomes, s * S));
    return p;
  });
  return { block: t.block, count, tally, points, ...(t.withSample ? { sample: builder.fromOutcomes(outcomes, count) } : {}) };
}
