// Slate jobs: every game simulated N times (engine/models/montecarlo.ts) in blocks
// of 4,096, each block of each game seeded from (job seed, game, block) alone, so the result does not
// depend on the shard size. A shard's tallies per game: home wins, draws, covers, spread pushes, overs,
// total pushes, then the whole-point margin histogram (-80..80), all integer counts.
// Game simulations are microseconds each (10K in ~0.14 ms), so a shard runs them on this thread: the
// pool's message round trip would cost more than the work.
import { Type, type Static } from '@sinclair/typebox';
import { storedSeed, type Seed } from '../../../core/seed.js';
import { BLOCK_SIZE } from '../../../engine/random/stream-scheme.js';
import { MARGIN_RANGE, simulateGame } from '../../../engine/models/montecarlo.js';
import { saveGamePredictions } from '../../../store/game-predictions.js';
import { hashInputs } from '../../../store/hash.js';
import { saveRunResult, type RunRow } from '../../../store/runs.js';
import { computedOutput, type JobKind, type PreparedRun, type ShardOutput } from './kind.js';
import { DEFAULT_SHARD_BLOCKS, SeedValue, ShardBlocks, Sims } from './schema-parts.js';

const SlateGame = Type.Object(
  {
    home: Type.String({ minLength: 1 }),
    away: Type.String({ minLength: 1 }),
    neutral: Type.Optional(Type.Boolean()),
    homeRating: Type.Optional(Type.Number({ description: 'Elo scale; with awayRating, the expected margin is (home - away + advantage) / eloPerPoint' })),
    awayRating: Type.Optional(Type.Number()),
    expectedMargin: Type.Optional(Type.Number({ minimum: -100, maximum: 100, description: 'The expected home margin, points' })),
    expectedTotal: Type.Optional(Type.Number({ minimum: 0, maximum: 500 })),
    spread: Type.Optional(Type.Union([Type.Number({ minimum: -100, maximum: 100 }), Type.Null()])),
    total: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const SlateJob = Type.Object(
  {
    kind: Type.Literal('slate'),
    sims: Sims,
    seed: Type.Optional(SeedValue),
    shardBlocks: Type.Optional(ShardBlocks),
    slate: Type.Object(
      {
        league: Type.String({ minLength: 1 }),
        games: Type.Array(SlateGame, { minItems: 1, maxItems: 1000 }),
        homeAdvantage: Type.Optional(Type.Number({ description: 'Elo points of home advantage (default 65)' })),
        eloPerPoint: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Elo points per point of margin (default 25)' })),
        marginSd: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
        totalSd: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
        defaultTotal: Type.Optional(Type.Number({ minimum: 0 })),
      },
      { additionalProperties: false, description: 'The games of a slate with ratings or expected margins, and their lines' },
    ),
  },
  { additionalProperties: false, description: 'A slate of games, each simulated N times' },
);
export type SlateJobSpec = Omit<Static<typeof SlateJob>, 'seed'> & { seed: Seed };

export const slateKind: JobKind<SlateJobSpec> = {
  name: 'slate',
  title: 'a slate job',
  schema: SlateJob,
  shardBlocks: (spec) => spec.shardBlocks ?? DEFAULT_SHARD_BLOCKS,
  async plan(_db, spec) {
    return { inputsHash: hashInputs({ slate: spec.slate, sims: spec.sims, seed: spec.seed }), persist: 'aggregates', params: {}, spec: { ...spec } };
  },
  async prepare(_db, run) {
    return prepareSlate(run, (run.spec as { slate: SlateSpec }).slate);
  },
  render(report) {
    const games = report.teams as { home: string; away: string; expectedMargin: number; pHome: number; pCover: number | null; pOver: number | null }[];
    const f = (x: number | null) => (x === null ? '' : (100 * x).toFixed(1));
    return {
      headers: ['home', 'away', 'E[margin]', 'home win %', 'cover %', 'over %'],
      rows: games.map((g) => [g.home, g.away, g.expectedMargin.toFixed(1), f(g.pHome), f(g.pCover), f(g.pOver)]),
      align: ['l', 'l', 'r', 'r', 'r', 'r'],
    };
  },
};

interface SlateGameSpec {
  home: string;
  away: string;
  neutral?: boolean;
  /** Either ratings on the Elo scale... */
  homeRating?: number;
  awayRating?: number;
  /** ...or the expected home margin directly (points). */
  expectedMargin?: number;
  expectedTotal?: number;
  spread?: number | null;
  total?: number | null;
}

interface SlateSpec {
  league: string;
  games: SlateGameSpec[];
  /** Elo points of home advantage (NFL 65) and Elo points per point of margin (538: 25). */
  homeAdvantage?: number;
  eloPerPoint?: number;
  marginSd?: number;
  totalSd?: number;
  defaultTotal?: number;
}

const HIST = 2 * MARGIN_RANGE + 1;
const FIXED = 6;
const PER_GAME = FIXED + HIST;

function expectedMarginOf(s: SlateSpec, g: SlateGameSpec): number {
  if (g.expectedMargin !== undefined) return g.expectedMargin;
  const hfa = g.neutral ? 0 : (s.homeAdvantage ?? 65);
  return ((g.homeRating ?? 1500) - (g.awayRating ?? 1500) + hfa) / (s.eloPerPoint ?? 25);
}

function prepareSlate(run: RunRow, spec: SlateSpec): PreparedRun {
  const sims = Number(run.sims);
  const seed = storedSeed(run.seed);
  const G = spec.games.length;
  return {
    run,
    tallyLength: G * PER_GAME,
    // All computation: done before the shard's transaction opens, so the next shard can run meanwhile.
    async compute(shard, ctx): Promise<ShardOutput> {
      const tallies = new Int32Array(G * PER_GAME);
      let shardSims = 0;
      for (let b = shard.firstBlock; b < shard.firstBlock + shard.blockCount; b++) {
        if (ctx.signal.aborted) throw new Error('cancelled');
        const n = Math.min(BLOCK_SIZE, sims - b * BLOCK_SIZE);
        spec.games.forEach((g, i) => {
          const r = simulateGame({
            kind: 'normal',
            expectedMargin: expectedMarginOf(spec, g),
            expectedTotal: g.expectedTotal ?? spec.defaultTotal ?? 44,
            marginSd: spec.marginSd,
            totalSd: spec.totalSd,
            spread: g.spread ?? null,
            total: g.total ?? null,
            sims: n,
            seed: `${seed}|slate|${i}|${b}`,
          });
          // Probabilities are counts over n: back to exact integers for tallying across blocks.
          const o = i * PER_GAME;
          const c = (p: number | null) => Math.round((p ?? 0) * n);
          tallies[o] += c(r.pHome);
          tallies[o + 1] += c(r.pDraw);
          tallies[o + 2] += c(r.pCover);
          tallies[o + 3] += c(r.pSpreadPush);
          tallies[o + 4] += c(r.pOver);
          tallies[o + 5] += c(r.pTotalPush);
          for (let k = 0; k < HIST; k++) tallies[o + FIXED + k] += c(r.margins[k]);
        });
        shardSims += n;
        ctx.onSims(n);
      }
      return { tallies, sims: shardSims, rows: 0, copy: null };
    },
    runShard: computedOutput,
    async finish(q, t, total) {
      const games = spec.games.map((g, i) => {
        const o = i * PER_GAME;
        let mean = 0;
        for (let k = 0; k < HIST; k++) mean += ((k - MARGIN_RANGE) * t[o + FIXED + k]) / total;
        return {
          home: g.home,
          away: g.away,
          expectedMargin: expectedMarginOf(spec, g),
          pHome: t[o] / total,
          pDraw: t[o + 1] / total,
          pCover: g.spread === undefined || g.spread === null ? null : t[o + 2] / total,
          pSpreadPush: g.spread === undefined || g.spread === null ? null : t[o + 3] / total,
          pOver: g.total === undefined || g.total === null ? null : t[o + 4] / total,
          pTotalPush: g.total === undefined || g.total === null ? null : t[o + 5] / total,
          meanMargin: mean,
        };
      });
      const report = { league: spec.league, sims: total, teams: games };
      await saveGamePredictions(q, spec.league, 'slate-montecarlo', games);
      await saveRunResult(q, run.id, report);
      return report;
    },
  };
}
