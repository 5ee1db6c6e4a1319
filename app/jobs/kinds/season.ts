// Season jobs: a league's remaining schedule played N times; a shard's tallies are the half-win
// histogram and the finishing places per level, one Int32Array.
import { Type, type Static } from '@sinclair/typebox';
import { storedSeed, type Seed } from '../../../core/seed.js';
import { seasonReport, topK } from '../../../engine/season/report.js';
import { compileSeason, type SeasonSpec } from '../../../engine/season/season.js';
import { hashInputs } from '../../../store/hash.js';
import { saveRunResult } from '../../../store/runs.js';
import { saveSeasonOutcomes } from '../../../store/season-outcomes.js';
import { runSeasonPool } from '../../../workers/season-run.js';
import { resolveSeasonSource } from '../../seasons/source.js';
import { shardSims } from '../shards.js';
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
    const season = compileSeason((run.spec as { season: SeasonSpec }).season);
    const T = season.teamCount;
    const W = season.maxHalfWins + 1;
    const levels = season.group.length;
    const sims = Number(run.sims);
    const seed = storedSeed(run.seed);
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
        await saveRunResult(q, run.id, report);
        return report;
      },
    };
  },
  render(report) {
    const teams = report.teams as { id: string; expectedWins: number; groups: Record<string, { place: number[] }> }[];
    return {
      headers: ['team', 'E[wins]', 'win division %', 'top conference %'],
      rows: teams.map((t) => [t.id, t.expectedWins.toFixed(2), (100 * t.groups.division.place[0]).toFixed(1), (100 * t.groups.conference.place[0]).toFixed(1)]),
      align: ['l', 'r', 'r', 'r'],
    };
  },
};
