// Tournament jobs: a shard is simulated on the pool; its tallies are wins per game and team. With
// persist=rows the pool's workers also pack one compact row per simulation straight into the shard's
// PGCOPY buffer (shared memory, store/outcome-rows.ts). On Postgres the shard's transaction opens while
// it simulates and COPYs the rows as each task's chunk is packed; embedded, after it. The local runner
// simulates one shard at a time with two in flight, so the COPY of shard k overlaps the
// simulation of shard k+1, and a shard is bounded (rows and bytes) to keep them all in memory.
import { CancelledError } from '../../../core/errors.js';
import { Type, type Static } from '@sinclair/typebox';
import type { FieldSpec } from '../../../engine/field/types.js';
import { parseFieldObject } from '../../../engine/field/read-json.js';
import { storedSeed, type Seed } from '../../../core/seed.js';
import { STREAM_SCHEME } from '../../../engine/random/stream-scheme.js';
import { compileBracket, type Bracket } from '../../../engine/tournament/bracket.js';
import { withTravel } from '../../../engine/tournament/travel.js';
import { parseTravelObject } from '../../../engine/field/read-travel.js';
import { buildReport } from '../../../engine/tournament/report.js';
import { MODEL_NAMES, verifyWinModel, winModelByName } from '../../../engine/tournament/win-probability.js';
import { winCounts } from '../../../engine/tournament/advancement.js';
import type { CopyStats, WriteTx } from '../../../store/db.js';
import { BLOCK_SIZE } from '../../../engine/random/stream-scheme.js';
import { partitionName, saveRunResult, type RunRow } from '../../../store/runs.js';
import { hashInputs } from '../../../store/hash.js';
import { copyPieces, OUTCOME_COLUMNS, OutcomeShard, outcomeRowBytes, saveBracketTeams } from '../../../store/outcome-rows.js';
import { fieldFromStored, getTournamentField, saveTournamentAggregates, storableField } from '../../../store/tournaments.js';
import { runTournamentPool, shareTournament } from '../../../workers/tournament-run.js';
import type { WinModelRef } from '../../../workers/tournament-task.js';
import { shardSims, type Shard } from '../shards.js';
import { computedOutput, type ComputeContext, type JobKind, type PreparedRun, type ShardContext, type ShardOutput } from './kind.js';

/** A simulated shard waiting for its transaction: tallies, and with rows its packed COPY buffer. */
interface ComputedShard extends ShardOutput {
  outcomes: OutcomeShard | null;
  shardIndex: number;
}
import { checkFieldSize } from '../../limits.js';
import { DEFAULT_SHARD_BLOCKS, HotK, SeedValue, Section, ShardBlocks, Sims } from './schema-parts.js';

/**
 * Bounds of a shard of rows: 131,072 simulations (32 blocks) and 8 MiB of COPY bytes, whichever is
 * smaller. Each shard's transaction also writes its win counts (a few hundred rows, each checked
 * against its run) and its run_shards row: about 5 ms of the server's time, so a shard of 65,536
 * simulations added 15% to its COPY, and one of 131,072 half that (bench/RESULTS.md). Two such shards
 * in flight (one simulating, one loading) and two spare buffers stay within 40 MiB, a Ctrl-C loses at
 * most those two, and PGlite (which loads a COPY from one in-memory blob) gets the
 * same shards.
 */
export const ROW_SHARD_MAX_SIMS = 131_072;
export const ROW_SHARD_MAX_BYTES = 8 * 2 ** 20;

/** Blocks per shard of a rows run of `teams` teams: `asked` (or the most), within the bounds. */
export function rowShardBlocks(teams: number, asked?: number): number {
  const bySims = Math.floor(ROW_SHARD_MAX_SIMS / BLOCK_SIZE);
  const byBytes = Math.floor(ROW_SHARD_MAX_BYTES / (BLOCK_SIZE * outcomeRowBytes(Math.max(1, teams))));
  return Math.max(1, Math.min(asked ?? bySims, bySims, byBytes));
}

interface TournamentParams {
  model: WinModelRef;
  hot: number | null;
  /** Game sites and team locations (read-travel.ts's object form); absent without travel. */
  travel?: Record<string, unknown>;
}

/** The bracket a run simulates: with the travel adjustment when the job gives sites and locations. */
function runBracket(field: FieldSpec, params: TournamentParams, source: string): Bracket {
  const b = compileBracket(field);
  return params.travel === undefined ? b : withTravel(b, parseTravelObject(params.travel, source), params.model.name);
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
    travel: Type.Optional(
      Section(
        'Game sites and team locations for the travel adjustment: { sites: [{ region?, games, city?, lat, lon }], locations: [{ team, lat, lon }], k? } (docs/field-format.md)',
      ),
    ),
    persist: Type.Optional(
      Type.Union([Type.Literal('aggregates'), Type.Literal('rows')], {
        description: "aggregates (default): the run and its silver tables; rows: also one bronze row per simulation (every team's wins, packed)",
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
  // Rows: shards bounded by simulations and bytes (ROW_SHARD_MAX_*), whatever was asked.
  shardBlocks: (spec) =>
    spec.persist === 'rows'
      ? rowShardBlocks(((spec.field as { teams?: unknown[] }).teams ?? []).length, spec.shardBlocks)
      : (spec.shardBlocks ?? DEFAULT_SHARD_BLOCKS),
  async plan(db, spec) {
    const field = parseFieldObject(spec.field, 'job.field');
    checkFieldSize(field, 'job.field');
    const model = spec.model ?? { name: '538' as const };
    const params: TournamentParams = { model, hot: spec.hot ?? null, ...(spec.travel === undefined ? {} : { travel: spec.travel }) };
    const bracket = runBracket(field, params, 'job.travel');
    verifyWinModel(winModelByName(model.name, model.sigma), bracket.ratings);
    const stored = storableField(field);
    return {
      tournament: field,
      inputsHash: hashInputs({ field: stored, sims: spec.sims, seed: spec.seed, ...params }),
      persist: spec.persist ?? 'aggregates',
      params: params as unknown as Record<string, unknown>,
      spec: { ...spec, field: stored },
    };
  },
  async prepare(db, run) {
    const field =
      run.tournament_id !== null ? await getTournamentField(db, run.tournament_id) : fieldFromStored((run.spec as { field: Record<string, unknown> }).field);
    let teamsSaved: Promise<void> = Promise.resolve();
    if (run.persist === 'rows') {
      const b = compileBracket(field);
      const teams = b.names.map((name, t) => ({ name, seed: b.seeds[t], region: b.regions[t], firstRound: b.firstRound[t], byes: b.byes[t] }));
      // Not awaited here, where it would hold back the first shard by a round trip: only the views read
      // the teams, and the run's completion waits for them (finish, saveAggregates).
      teamsSaved = saveBracketTeams(db, run.id, teams, b.rounds);
      teamsSaved.catch(() => {});
    }
    return prepareTournament(run, field, db.kind === 'pglite', teamsSaved);
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

/** Simulations per COPY statement on PGlite (512 KB of a 68-team field). */
const EMBEDDED_COPY_SIMS = 8192;

/**
 * PGlite runs in this thread: one COPY blocks it, and with it the pool's hand-over of finished tasks.
 * A shard's rows go as several COPY statements in its one transaction, with a turn of the event loop
 * between them, so the simulation of the next shard keeps moving while this one loads.
 */
async function copyInPieces(tx: WriteTx, table: string, shard: OutcomeShard): Promise<CopyStats> {
  const total: CopyStats = { rows: 0, batches: 0, bytes: 0, waitMs: 0 };
  for (let first = 0; first < shard.sims; first += EMBEDDED_COPY_SIMS) {
    const n = Math.min(EMBEDDED_COPY_SIMS, shard.sims - first);
    const s = await tx.copyBinary(table, OUTCOME_COLUMNS, shard.piece(first, n), n);
    total.rows += s.rows;
    total.batches += s.batches;
    total.bytes += s.bytes;
    total.waitMs += s.waitMs;
    await new Promise((r) => setImmediate(r));
  }
  return total;
}

function prepareTournament(run: RunRow, spec: FieldSpec, embedded: boolean, teamsSaved: Promise<void>): PreparedRun {
  const params = run.params as unknown as TournamentParams;
  const bracket = runBracket(spec, params, 'job.travel');
  const sims = Number(run.sims);
  const seed = storedSeed(run.seed);
  const T = bracket.teamCount;
  const G = bracket.gameCount;
  const persistRows = run.persist === 'rows';
  const table = partitionName('simulated_outcomes', run.id);
  // Built once per run: every shard's pool run reuses them, and workers keep their prepared kernel.
  const shared = shareTournament(bracket, params.model);
  // The shard on the pool, outside any transaction; with persist=rows its rows are packed into the
  // shard's COPY buffer as chunks arrive.
  // Buffers of shards already loaded, for the next ones (two in flight: a few buffers a run).
  const spares: OutcomeShard[] = [];
  // The buffer of each shard being simulated or loaded: on Postgres the shard's transaction opens while
  // it simulates and streams the rows packed so far, so both sides find the buffer here.
  const live = new Map<number, OutcomeShard>();
  const bufferOf = (shard: Shard): OutcomeShard => {
    let out = live.get(shard.index);
    if (out === undefined) {
      const simsHere = shardSims(sims, shard);
      const first = shard.firstBlock * BLOCK_SIZE;
      const reused = spares.findIndex((b) => b.reuse(first, simsHere, run.id));
      out = reused >= 0 ? spares.splice(reused, 1)[0] : new OutcomeShard(run.id, T, first, simsHere);
      live.set(shard.index, out);
    }
    return out;
  };
  const simulate = async (shard: Shard, ctx: ComputeContext): Promise<ComputedShard> => {
    const tallies = new Int32Array(G * T);
    const simsHere = shardSims(sims, shard);
    const out = persistRows ? bufferOf(shard) : null;
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
        // The workers pack the rows into the shard's COPY buffer themselves: here they are only counted.
        ...(out !== null ? { packRows: out.target() } : {}),
        signal: ctx.signal,
        onChunk: (c) => {
          for (let i = 0; i < c.counts.length; i++) tallies[i] += c.counts[i];
          out?.packed(c.simStart, c.simCount);
          ctx.onSims(c.simCount);
        },
      });
    } catch (e) {
      // A failed fill is not reused: a retry of the shard starts from a clean buffer.
      live.delete(shard.index);
      if (ctx.signal.aborted) throw new CancelledError('run cancelled');
      throw e;
    }
    return { tallies, sims: simsHere, rows: out === null ? 0 : simsHere, copy: null, outcomes: out, shardIndex: shard.index };
  };
  const teamKeys = new Map(bracket.names.map((n, i) => [n, i]));
  const tournamentReport = (totals: Float64Array, total: number, elapsedMs: number) =>
    buildReport(bracket, totals, total, {
      mode: 'montecarlo',
      model: winModelByName(params.model.name, params.model.sigma).name,
      hot: params.hot,
      sims: total,
      seed,
      threads: null,
      elapsedMs,
      simsPerSecond: elapsedMs > 0 ? (total / elapsedMs) * 1000 : null,
      streamScheme: STREAM_SCHEME,
      ...(bracket.travelK === undefined ? {} : { travelK: bracket.travelK }),
    });
  return {
    run,
    tallyLength: G * T,
    // Computed before the shard's transaction (so the next shard simulates while this one loads); the
    // transaction COPYs the packed rows with the shard's win counts, or only records the tallies.
    compute: (shard: Shard, ctx: ComputeContext) => simulate(shard, ctx),
    // Postgres: the shard's COPY runs while it simulates (its own writer connection); embedded, after.
    streamsCompute: persistRows && !embedded,
    // After the shard's transaction (committed or not) and its simulation: its buffer can be refilled.
    release(computed) {
      const c = computed as ComputedShard;
      if (c.outcomes === null) return;
      live.delete(c.shardIndex);
      if (spares.length < 2) spares.push(c.outcomes);
    },
    runShard: persistRows
      ? async (shard: Shard, ctx: ShardContext): Promise<ShardOutput> => {
          let copy: CopyStats;
          let c: ComputedShard;
          if (ctx.computing !== undefined) {
            // Rows go to the server as the pool packs them, chunk by chunk, in this one transaction.
            const out = bufferOf(shard);
            copy = await ctx.tx.copyBinary(table, OUTCOME_COLUMNS, out.stream(ctx.computing), out.sims);
            c = (await ctx.computing) as ComputedShard;
          } else {
            c = ctx.computed as ComputedShard;
            copy = embedded
              ? await copyInPieces(ctx.tx, table, c.outcomes!)
              : await ctx.tx.copyBinary(table, OUTCOME_COLUMNS, copyPieces(c.outcomes!.buffer), c.sims);
          }
          return { tallies: c.tallies, sims: c.sims, rows: c.rows, copy, winCounts: winCounts(bracket, c.tallies, c.sims) };
        }
      : computedOutput,
    async finish(q, totals, total, elapsedMs, o) {
      await teamsSaved;
      const report = tournamentReport(totals, total, elapsedMs);
      if (o?.aggregatesSaved !== true) await saveTournamentAggregates(q, run.id, report, teamKeys);
      await saveRunResult(q, run.id, report);
      return report;
    },
    // Advancement and team value come from the tallies alone: their report's timing is not stored.
    async saveAggregates(q, totals, total) {
      await teamsSaved;
      await saveTournamentAggregates(q, run.id, tournamentReport(totals, total, 0), teamKeys);
    },
  };
}
