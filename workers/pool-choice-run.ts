// A pool choice task (pool-choice-task.ts) on the worker pool: the blocks' buffers are moved to the
// worker (the caller must not use them after), an input error thrown there comes back as itself, and an
// abort stops the task.
import { CancelledError, SimcastError, type ErrorCode } from '../core/errors.js';
import type { PoolBlock } from '../engine/pool/sample.js';
import { getPool, validateThreads } from './pool.js';
import type { PoolChoiceResult, PoolChoiceTask } from './pool-choice-task.js';

type Choice = Exclude<PoolChoiceResult, { error: object }>;

export async function runPoolChoice(task: Omit<PoolChoiceTask, 'kind'>, o: { threads?: number; signal?: AbortSignal } = {}): Promise<Choice> {
  const pool = await getPool(validateThreads(o.threads));
  const moved = new Set<ArrayBuffer>();
  for (const b of task.blocks as PoolBlock[])
    for (const a of [b.outcomes, b.prize]) if (a.buffer instanceof ArrayBuffer && a.byteLength === a.buffer.byteLength) moved.add(a.buffer);
  let r: PoolChoiceResult;
  try {
    r = (await pool.run({ kind: 'pool-choice', ...task } satisfies PoolChoiceTask, { transferList: [...moved], signal: o.signal ?? null })) as PoolChoiceResult;
  } catch (e) {
    if (o.signal?.aborted) throw new CancelledError('cancelled');
    throw e;
  }
  if (r.error !== undefined) throw new SimcastError(r.error.code as ErrorCode, r.error.message);
  return r;
}
