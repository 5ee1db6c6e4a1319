// Season runs as a job kind: a league's remaining schedule played N times; a shard's tallies are the
// half-win histogram and the finishing places per level, one Int32Array.
import { parseSeed } from '../../core/seed.js';
import { seasonReport } from '../../engine/season/report.js';
import { compileSeason, type SeasonSpec } from '../../engine/season/season.js';
import { topK } from '../../engine/season/report.js';
import { saveRunResult, type RunRow } from '../../store/runs.js';
import { shardSims } from '../shards.js';
import { runSeasonPool } from '../../workers/season-run.js';
import { computedOutput, type PreparedRun, type ShardOutput } from './kind.js';

export function prepareSeason(run: RunRow, spec: SeasonSpec): PreparedRun {
  const season = compileSeason(spec);
  const T = season.teamCount;
  const W = season.maxHalfWins + 1;
  const levels = season.group.length;
  const sims = Number(run.sims);
  const seed = parseSeed(/^[0-9]+$/.test(run.seed) ? Number(run.seed) : run.seed);
  const hot = (run.params as { hot?: number | null }).hot ?? null;
  return {
    run,
    tallyLength: T * W + levels * T * T,
    // All computation: done before the shard's transaction opens, so the next shard can run meanwhile.
    async compute(shard, ctx): Promise<ShardOutput> {
      let reported = 0;
      const r = await runSeasonPool(season, {
        sims,
        seed,
        threads: ctx.threads,
        hotK: hot,
        blocks: { first: shard.firstBlock, count: shard.blockCount },
        signal: ctx.signal,
        onProgress: (done) => {
          ctx.onSims(done - reported);
          reported = done;
        },
      });
      const tallies = new Int32Array(T * W + levels * T * T);
      tallies.set(Int32Array.from(r.halfWins), 0);
      r.place.forEach((p, l) => tallies.set(Int32Array.from(p), T * W + l * T * T));
      return { tallies, sims: shardSims(sims, shard), rows: 0, copy: null };
    },
    runShard: computedOutput,
    async finish(q, totals, total) {
      const place = Array.from({ length: levels }, (_, l) => totals.subarray(T * W + l * T * T, T * W + (l + 1) * T * T));
      const report = seasonReport(season, totals.subarray(0, T * W), place, total);
      for (const t of report.teams) {
        await q.query(
          `insert into season_team_outcomes (run_id, team, expected_wins, p_division_first, p_conference_first, p_league_first, wins_distribution)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [run.id, t.id, t.expectedWins, topK(t.groups.division.place, 1), topK(t.groups.conference.place, 1), topK(t.groups.league.place, 1), JSON.stringify(t.halfWinsDistribution)],
        );
      }
      await saveRunResult(q, run.id, report);
      return report;
    },
  };
}
