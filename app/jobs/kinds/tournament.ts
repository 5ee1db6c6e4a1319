// Tournament jobs: a shard is simulated on the pool and, with persist=rows, its bronze rows stream by
// binary COPY through a bounded channel into the run's partition, inside the shard's transaction; its
// tallies are wins per game and team.
import { CancelledError } from '../../../core/errors.js';
import { Type, type Static } from '@sinclair/typebox';
import type { FieldSpec } from '../../../engine/field/types.js';
import { parseFieldObject } from '../../../engine/field/read-json.js';
import { storedSeed, type Seed } from '../../../core/seed.js';
import { STREAM_SCHEME } from '../../../engine/random/stream-scheme.js';
import { compileBracket } from '../../../engine/tournament/bracket.js';
import { buildReport } from '../../../engine/tournament/report.js';
import { MODEL_NAMES, verifyWinModel, winModelByName } from '../../../engine/tournament/win-probability.js';
import { PGCOPY_TRAILER } from '../../../store/copy-binary.js';
import type { CopyStats, WriteTx } from '../../../store/db.js';
import { partitionName, saveRunResult, type RunRow } from '../../../store/runs.js';
import { hashInputs } from '../../../store/hash.js';
import { encodeTournamentRows, TOURNAMENT_ROW_COLUMNS, tournamentRowContext } from '../../../store/tournament-rows.js';
import { fieldFromStored, getTournamentField, saveTournamentAggregates, storableField } from '../../../store/tournaments.js';
import { runTournamentPool, shareTournament } from '../../../workers/tournament-run.js';
import type { WinModelRef } from '../../../workers/tournament-task.js';
import { Channel } from '../channel.js';
import { shardSims, type Shard } from '../shards.js';
import { computedOutput, type ComputeContext, type JobKind, type PreparedRun, type ShardContext, type ShardOutput } from './kind.js';
import { checkFieldSize } from '../../limits.js';
import { DEFAULT_SHARD_BLOCKS, HotK, SeedValue, Section, ShardBlocks, Sims } from './schema-parts.js';

/** Rows per COPY batch: 512 simulations (35K rows of a 68-team field, 1.7 MB) keeps encoding and loading overlapped. */
const BATCH_SIMS = 512;

interface TournamentParams {
  model: WinModelRef;
  hot: number | null;
}

export const TournamentJob = Type.Object(
  {
    kind: Type.Literal('tournament'),
    sims: Sims,
    seed: Type.Optional(SeedValue),
    shardBlocks: Type.Optional(ShardBlocks),
    field: Section('A field in the native JSON format (docs/field-format.md)'),
    model: Type.Optional(
      Type.Object(
        { name: Type.Union(MODEL_NAMES.map((n) => Type.Literal(n))), sigma: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) },
        { additionalProperties: false, description: 'Win probability from ratings (default 538)' },
      ),
    ),
    hot: Type.Optional(HotK),
    persist: Type.Optional(
      Type.Union([Type.Literal('aggregates'), Type.Literal('rows')], {
        description: 'aggregates (default): the run and its silver tables; rows: also one bronze row per team per simulation',
      }),
    ),
  },
  { additionalProperties: false, description: 'A tournament simulated N times' },
);
export type TournamentJobSpec = Omit<Static<typeof TournamentJob>, 'seed'> & { seed: Seed };

export const tournamentKind: JobKind<TournamentJobSpec> = {
  name: 'tournament',
  title: 'a tournament job',
  schema: TournamentJob,
  // PGlite loads a COPY from one in-memory blob: keep its shards small when rows are kept.
  shardBlocks: (spec, db) => spec.shardBlocks ?? (db.kind === 'pglite' && spec.persist === 'rows' ? 4 : DEFAULT_SHARD_BLOCKS),
  async plan(db, spec) {
    const field = parseFieldObject(spec.field, 'job.field');
    checkFieldSize(field, 'job.field');
    const bracket = compileBracket(field);
    const model = spec.model ?? { name: '538' as const };
    verifyWinModel(winModelByName(model.name, model.sigma), bracket.ratings);
    const params = { model, hot: spec.hot ?? null };
    const stored = storableField(field);
    return {
      tournament: field,
      inputsHash: hashInputs({ field: stored, sims: spec.sims, seed: spec.seed, ...params }),
      persist: spec.persist ?? 'aggregates',
      params,
      spec: { ...spec, field: stored },
    };
  },
  async prepare(db, run) {
    const field =
      run.tournament_id !== null ? await getTournamentField(db, run.tournament_id) : fieldFromStored((run.spec as { field: Record<string, unknown> }).field);
    return prepareTournament(run, field);
  },
  render(report) {
    const teams = (report.teams as { name: string; seed: number | null; probabilities: number[] }[]).slice(0, 16);
    const last = (report.rounds as number) - 1;
    return {
      headers: ['team', 'seed', 'title %'],
      rows: teams.map((t) => [t.name, t.seed ?? '', (100 * t.probabilities[last]).toFixed(2)]),
      align: ['l', 'r', 'r'],
    };
  },
};

function prepareTournament(run: RunRow, spec: FieldSpec): PreparedRun {
  const bracket = compileBracket(spec);
  const params = run.params as unknown as TournamentParams;
  const sims = Number(run.sims);
  const seed = storedSeed(run.seed);
  const T = bracket.teamCount;
  const G = bracket.gameCount;
  const persistRows = run.persist === 'rows';
  const rowCtx = tournamentRowContext(bracket, run.id);
  const table = partitionName('simulated_tournaments', run.id);
  // Built once per run: every shard's pool run reuses them, and workers keep their prepared kernel.
  const shared = shareTournament(bracket, params.model);
  // The shard on the pool; with persist=rows its rows stream by COPY into `tx` while it simulates.
  const simulate = async (shard: Shard, ctx: ComputeContext, tx: WriteTx | null): Promise<ShardOutput> => {
    const tallies = new Int32Array(G * T);
    const simsHere = shardSims(sims, shard);
    const rows = persistRows ? simsHere * T : 0;
    const channel = new Channel<Uint8Array>(4);
    const abort = new AbortController();
    const onOuterAbort = () => abort.abort();
    ctx.signal.addEventListener('abort', onOuterAbort, { once: true });
    let copying: Promise<CopyStats> | null = null;
    if (persistRows && tx !== null) {
      const c = tx.copyBinary(table, TOURNAMENT_ROW_COLUMNS, channel, rows);
      copying = c;
      c.catch((e) => {
        channel.fail(e);
        abort.abort();
      });
    }
    let first = true;
    try {
      await runTournamentPool(bracket, {
        shared,
        sims,
        seed,
        threads: ctx.threads,
        model: params.model,
        hotK: params.hot,
        // Each shard is its own pool run, so tasks never straddle shards; the runner sizes them so that
        // every thread has work within the shard.
        blocks: { first: shard.firstBlock, count: shard.blockCount },
        withRows: persistRows,
        signal: abort.signal,
        onChunk: async (c) => {
          for (let i = 0; i < c.counts.length; i++) tallies[i] += c.counts[i];
          if (c.rows !== null) {
            for (let s = 0; s < c.simCount; s += BATCH_SIMS) {
              const n = Math.min(BATCH_SIMS, c.simCount - s);
              await channel.put(encodeTournamentRows(rowCtx, c.rows.subarray(s * T, (s + n) * T), c.simStart + s, n, { header: first }));
              first = false;
            }
          }
          ctx.onSims(c.simCount);
        },
      });
      let copy: CopyStats | null = null;
      if (copying !== null) {
        await channel.put(PGCOPY_TRAILER);
        channel.close();
        copy = await copying;
      }
      return { tallies, sims: simsHere, rows, copy };
    } catch (e) {
      channel.fail(e);
      // A COPY that failed first is the real cause; the pool's cancellation is its consequence.
      const copyError = await copying?.then(
        () => null,
        (err: unknown) => err,
      );
      if (ctx.signal.aborted) throw new CancelledError('run cancelled');
      throw copyError ?? e;
    } finally {
      ctx.signal.removeEventListener('abort', onOuterAbort);
    }
  };
  return {
    run,
    tallyLength: G * T,
    // Tallies only: computed before the shard's transaction, which then only records them (so the next
    // shard computes while this one commits). Rows: simulated inside it, overlapping the COPY.
    ...(persistRows
      ? { runShard: (shard: Shard, ctx: ShardContext) => simulate(shard, ctx, ctx.tx) }
      : { compute: (shard: Shard, ctx: ComputeContext) => simulate(shard, ctx, null), runShard: computedOutput }),
    async finish(q, totals, total, elapsedMs) {
      const model = winModelByName(params.model.name, params.model.sigma);
      const report = buildReport(bracket, totals, total, {
        mode: 'montecarlo',
        model: model.name,
        hot: params.hot,
        sims: total,
        seed,
        threads: null,
        elapsedMs,
        simsPerSecond: elapsedMs > 0 ? (total / elapsedMs) * 1000 : null,
        streamScheme: STREAM_SCHEME,
      });
      await saveTournamentAggregates(q, run.id, report, new Map(bracket.names.map((n, i) => [n, i])));
      await saveRunResult(q, run.id, report);
      return report;
    },
  };
}
