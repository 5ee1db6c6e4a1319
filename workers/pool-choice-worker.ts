// Piscina side of a pool choice task (pool-choice-task.ts): engine calls only.
import { SimcastError } from '../core/errors.js';
import { picksToWins } from '../engine/pool/entry.js';
import { searchEntries } from '../engine/pool/optimize.js';
import { poolEntryImportance } from '../engine/pool/pool-importance.js';
import { joinBlocks } from '../engine/pool/sample.js';
import type { PoolChoiceResult, PoolChoiceTask } from './pool-choice-task.js';

export default function runPoolChoiceTask(t: PoolChoiceTask): PoolChoiceResult {
  try {
    const { ctx } = t;
    const sample = joinBlocks(ctx, t.blocks);
    if (t.mode === 'importance') return { importance: { entries: poolEntryImportance(ctx, sample, t.of ?? []) } };
    const search = searchEntries(ctx, sample, { entries: t.entries });
    // Both sets the hold-out may choose from: the caller keeps the one it chooses (the same numbers as
    // pricing that one alone).
    const chalk = poolEntryImportance(ctx, sample, [picksToWins(ctx.pb, search.chalk)]);
    const entries = poolEntryImportance(
      ctx,
      sample,
      search.entries.map((p) => picksToWins(ctx.pb, p)),
    );
    return { search, importance: { chalk, entries } };
  } catch (e) {
    if (e instanceof SimcastError) return { error: { code: e.code, message: e.message } };
    throw e;
  }
}
