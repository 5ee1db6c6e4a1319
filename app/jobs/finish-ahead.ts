// The completing transaction of a run started before its last shard commits (local runner, Postgres,
// kinds that stream their compute into the COPY): once every shard has been computed in this process,
// their tallies are summed here and the results that do not depend on the end time (saveAggregates)
// are written on a pool connection while the writer still loads the last shard; after the last commit
// only the report and the completion remain. The database's second core is idle by then (the
// simulation is over and the COPY holds one), so this takes the finish off the run's critical path.
import { queriesOnly, type Db } from '../../store/db.js';
import { sumTallies } from '../../store/run-shards.js';
import { completeIfAllIn } from '../../store/runs.js';
import type { PreparedRun, ShardOutput } from './kinds/kind.js';

/** Rolls the early transaction back: the run did not complete here (the runner then finalises as usual). */
class NotCompleted extends Error {}

export class FinishAhead {
  private readonly outputs = new Map<number, ShardOutput>();
  private finishing: Promise<unknown> | null = null;
  private settle!: (committed: boolean) => void;
  private readonly lanes = new Promise<boolean>((resolve) => (this.settle = resolve));

  constructor(
    private readonly db: Db,
    private readonly runId: number,
    private readonly p: PreparedRun,
    /** The shards of the run, every one computed in this process. */
    private readonly shards: number,
  ) {}

  /** Postgres only: on the embedded database the transaction would wait on its own single connection. */
  static applies(db: Db, p: PreparedRun, shardsDoneBefore: number): boolean {
    return db.kind === 'postgres' && p.streamsCompute === true && p.saveAggregates !== undefined && shardsDoneBefore === 0;
  }

  /** A shard's compute is done (a retry's again: the same numbers). */
  computed(index: number, output: ShardOutput): void {
    this.outputs.set(index, output);
    if (this.outputs.size === this.shards && this.finishing === null) {
      this.finishing = this.start();
      this.finishing.catch(() => {});
    }
  }

  private start(): Promise<unknown> {
    // Summed in shard order, as sumShardTallies sums the stored ones (integers: exact either way).
    const order = [...this.outputs.keys()].sort((a, b) => a - b);
    const { tallies, sims, rows } = sumTallies(
      order.map((i) => this.outputs.get(i)!),
      this.p.tallyLength,
    );
    return this.db.transaction(async (tx) => {
      await this.p.saveAggregates!(tx, tallies, sims);
      if (!(await this.lanes)) throw new NotCompleted();
      const elapsedMs = Date.now() - new Date(this.p.run.started_at).getTime();
      const report = await this.p.finish(
        queriesOnly(tx, 'finish ahead: a kind with saveAggregates writes its report by queries, not COPY'),
        tallies,
        sims,
        elapsedMs,
        { aggregatesSaved: true },
      );
      if (!(await completeIfAllIn(tx, this.runId, { elapsedMs, rows }))) throw new NotCompleted();
      return report;
    });
  }

  /**
   * Every shard committed: the report, once the early transaction completes the run; null when it did
   * not start or did not complete it (the caller then finalises as usual).
   */
  async complete(): Promise<unknown | null> {
    this.settle(true);
    if (this.finishing === null) return null;
    return this.finishing.catch(() => null);
  }

  /** The shards did not all commit: the early transaction rolls back. */
  abandon(): void {
    this.settle(false);
  }
}
