// Piscina entry point: runs the tournament kernel for a task's blocks into the task's ring slot.
import { blockState, BLOCK_SIZE, simsInBlock } from '../engine/random/stream-scheme.js';
import { prepareKernel, simulateFixed, simulateFixedPair, simulateHot, type PreparedKernel } from '../engine/tournament/kernel.js';
import { winModelByName } from '../engine/tournament/win-probability.js';
import { ringSlot, unpackShared } from './shared-memory.js';
import type { TournamentTask, TournamentTaskResult } from './tournament-task.js';

let cachedKey = '';
let cachedKernel: PreparedKernel | null = null;

export default function runTournamentTask(task: TournamentTask): TournamentTaskResult {
  const started = performance.now();
  if (task.runKey !== cachedKey || cachedKernel === null) {
    const a = unpackShared(task.inputs, task.inputLayout);
    const ratings = a.ratings as Float64Array;
    const gameA = a.gameA as Int32Array;
    cachedKernel = prepareKernel({
      teamCount: ratings.length,
      gameCount: gameA.length,
      gameA,
      gameB: a.gameB as Int32Array,
      forced: a.forced as Int32Array,
      thresholds: a.thresholds as Int32Array,
      ratings,
    });
    cachedKey = task.runKey;
  }
  const k = cachedKernel;
  const T = k.tables.teamCount;
  const views = ringSlot(task.ring, task.slot);
  const counts = views.counts as Int32Array;
  const rows = (views.rows as Uint8Array | undefined) ?? null;
  counts.fill(0);
  const model = task.hotK === null ? null : winModelByName(task.model.name, task.model.sigma);
  const state = new Uint32Array(4);
  const stateB = new Uint32Array(4);
  let sims = 0;
  for (let i = 0; i < task.blockCount; i++) {
    const block = task.firstBlock + i;
    const n = simsInBlock(task.totalSims, block);
    blockState(task.seed, block, state);
    // Fixed ratings, tallies only: two whole blocks at once (simulateFixedPair, the same numbers, faster).
    if (model === null && rows === null && i + 1 < task.blockCount && simsInBlock(task.totalSims, block + 1) === n) {
      simulateFixedPair(k, state, blockState(task.seed, block + 1, stateB), n, counts);
      sims += 2 * n;
      i++;
      continue;
    }
    const blockRows = rows === null ? null : rows.subarray(i * BLOCK_SIZE * T, (i * BLOCK_SIZE + n) * T);
    if (model === null) simulateFixed(k, state, n, counts, blockRows);
    else simulateHot(k, model, task.hotK!, state, n, counts, blockRows);
    sims += n;
  }
  return { sims, ms: performance.now() - started };
}
