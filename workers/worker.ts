// The one Piscina entry point: dispatches a task to its kernel by kind. Thin by design: the kernels
// live in engine/ and the task modules only map shared buffers to kernel arguments.
import type { BlockTaskResult } from './block-runner.js';
import runTournamentTask from './tournament-worker.js';
import runSeasonTask from './season-worker.js';
import type { TournamentTask } from './tournament-task.js';
import type { SeasonTask } from './season-task.js';
import runPoolTask from './pool-worker.js';
import type { PoolTask, PoolTaskResult } from './pool-task.js';
import runPoolChoiceTask from './pool-choice-worker.js';
import type { PoolChoiceResult, PoolChoiceTask } from './pool-choice-task.js';

export default function runTask(task: TournamentTask | SeasonTask | PoolTask | PoolChoiceTask): BlockTaskResult | PoolTaskResult | PoolChoiceResult {
  switch (task.kind) {
    case 'pool-choice':
      return runPoolChoiceTask(task);
    case 'pool':
      return runPoolTask(task);
    case 'tournament':
      return runTournamentTask(task);
    case 'season':
      return runSeasonTask(task);
    default:
      throw new Error(`unknown task kind ${(task as { kind: string }).kind}`);
  }
}
