// Season jobs: a league's remaining schedule played N times (with the NFL's tiebreakers, seeds, playoffs
// and draft order when the season names its playoff format); a shard's tallies are the season's whole
// tally layout (engine/season/tallies.ts), one Int32Array of integer counts.
import { Type, type Static } from '@sinclair/typebox';
import { storedSeed, type Seed } from '../../../core/seed.js';
import { seasonReportFromTallies, topK, type SeasonReport, type SeasonTeamReport } from '../../../engine/season/report.js';
import { seasonTallyLayout } from '../../../engine/season/tallies.js';
import { compileSeason, type SeasonSpec } from '../../../engine/season/season.js';
import { hashInputs } from '../../../store/hash.js';
import { saveRunResult } from '../../../store/runs.js';
import { saveSeasonOutcomes } from '../../../store/season-outcomes.js';
import { saveSeasonResults } from '../../../store/season-results.js';
import { seasonResultRows } from '../../seasons/stored.js';
import { seasonTable } from '../../seasons/view.js';
import { runSeasonPool } from '../../../workers/season-run.js';
import { resolveSeasonSource } from '../../seasons/source.js';
import { shardSims } from '../shards.js';
import { checkSeasonSize } from '../../limits.js';
import { computedOutput, type JobKind, type ShardOutput } from './kind.js';
import { DEFAULT_SHARD_BLOCKS, HotK, SeedValue, Section, ShardBlocks, Sims } from './schema-parts.js';

export const SeasonJob = Type.Object(
  {
    kind: Type.Literal('season'),
    sims: Sims,
    seed: Type.Optional(SeedValue),
    shardBlocks: Type.Optional(ShardBlocks),
    season: Section('A league, its teams (ratings, records, divisions) and the remaining schedule, or fromGames (docs/jobs.md)'),
    hot: Type.Optional(HotK),
  },
  { additionalProperties: false, description: "A league's remaining schedule played N times" },
);
export type SeasonJobSpec = Omit<Static<typeof SeasonJob>, 'seed'> & { seed: Seed };

export const seasonKind: JobKind<SeasonJobSpec> = {
  name: 'season',
  title: 'a season job',
  schema: SeasonJob,
  shardBlocks: (spec) => spec.shardBlocks ?? DEFAULT_SHARD_BLOCKS,
  async plan(_db, spec) {
    const season = await resolveSeasonSource(spec.season);
    const given = season as { teams?: unknown[]; remaining?: unknown[] };
    checkSeasonSize(given.teams?.length ?? 0, given.remaining?.length ?? 0);
    compileSeason(season as unknown as SeasonSpec);
    const params = { hot: spec.hot ?? null };
    return {
      inputsHash: hashInputs({ season, sims: spec.sims, seed: spec.seed, ...params }),
      persist: 'aggregates',
      params,
      spec: { ...spec, season },
    };
  },
  async prepare(_db, run) {
    const spec = run.spec as { season: SeasonSpec & { source?: Record<string, unknown> } };
    const season = compileSeason(spec.season);
    const tallyLength = seasonTallyLayout(season).length;
    const sims = Number(run.sims);
    const seed = storedSeed(run.seed);
    const hot = (run.params as { hot?: number | null }).hot ?? null;
    return {
      run,
      tallyLength,
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
        return { tallies: Int32Array.from(r.tallies), sims: shardSims(sims, shard), rows: 0, copy: null };
      },
      runShard: computedOutput,
      async finish(q, totals, total) {
        const report = seasonReportFromTallies(season, totals, total);
        await saveSeasonOutcomes(
          q,
          run.id,
          report.teams.map((t) => ({
            team: t.id,
            expectedWins: t.expectedWins,
            pDivisionFirst: topK(t.groups.division.place, 1),
            pConferenceFirst: topK(t.groups.conference.place, 1),
            pLeagueFirst: topK(t.groups.league.place, 1),
            winsDistribution: t.halfWinsDistribution,
          })),
        );
        if (report.playoffs !== undefined) await saveSeasonResults(q, run.id, ...seasonResultRows(report));
        await saveRunResult(q, run.id, report);
        return report;
      },
    };
  },
  render(report) {
    const teams = report.teams as SeasonTeamReport[];
    // With playoffs: the table `simcast season` prints (app/seasons/view.ts).
    if (teams.some((t) => t.playoffs !== undefined)) return seasonTable(report as unknown as SeasonReport);
    return {
      headers: ['team', 'E[wins]', 'win division %', 'top conference %'],
      rows: teams.map((t) => [t.id, t.expectedWins.toFixed(2), (100 * t.groups.division.place[0]).toFixed(1), (100 * t.groups.conference.place[0]).toFixed(1)]),
      align: ['l', 'r', 'r', 'r'],
    };
  },
};
