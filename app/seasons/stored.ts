// Season runs in the database: `simcast season --persist` runs the season job kind in this process (its
// completing transaction COPYs the results: store/season-results.ts), and a stored run reads back as
// the live command shows it (`runs show`, GET /v1/seasons/runs/{id}).
import { RequestError } from '../../core/errors.js';
import { storedSeed } from '../../core/seed.js';
import { STREAM_SCHEME } from '../../engine/random/stream-scheme.js';
import type { SeasonReport } from '../../engine/season/report.js';
import type { SeasonSpec } from '../../engine/season/season.js';
import type { Db, Queryable } from '../../store/db.js';
import { getRun, getRunResult, type RunRow } from '../../store/runs.js';
import type { SeasonGameImportanceRow, SeasonTeamResult } from '../../store/season-results.js';
import { parseJobSpec } from '../jobs/parse.js';
import { runStoredJob, type StoredRunOptions } from '../jobs/stored-run.js';
import type { SeasonInputs } from './inputs.js';
import type { SeasonRunMeta } from './simulate.js';

/** The rows store/season-results.ts COPYs, from a report with playoffs. */
export function seasonResultRows(r: SeasonReport): [SeasonTeamResult[], SeasonGameImportanceRow[]] {
  const teams = r.teams.map((t): SeasonTeamResult => ({
    team: t.id,
    conference: t.groups.conference.name,
    division: t.groups.division.name,
    rating: t.rating,
    expectedWins: t.expectedWins,
    pDivision: t.divisionTitle ?? 0,
    pPlayoffs: t.playoffs ?? 0,
    pBye: t.bye ?? 0,
    pDivisional: t.rounds?.divisional ?? 0,
    pConference: t.rounds?.conference ?? 0,
    pSuperBowl: t.rounds?.superBowl ?? 0,
    pChampion: t.rounds?.champion ?? 0,
    expectedPick: t.expectedPick ?? 0,
    seeds: t.seeds ?? [],
    draft: t.draft ?? [],
  }));
  const games = (r.games ?? []).flatMap((g, game) =>
    g.teams.map((x) => ({
      game,
      home: g.home,
      away: g.away,
      pHome: g.pHome,
      team: x.id,
      ifHome: x.ifHome,
      ifAway: x.ifAway,
      swing: x.swing,
      importance: x.importance,
    })),
  );
  return [teams, games];
}

type StoredSeasonSpec = SeasonSpec & { source?: Record<string, unknown> };

/** Where a stored season run's season stood, from its job description (made here or by a season job). */
export function storedSeasonMeta(run: RunRow, spec: StoredSeasonSpec): SeasonRunMeta {
  const src = spec.source ?? {};
  const from = (src.fromGames ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const hot = (run.params as { hot?: number | null }).hot ?? null;
  return {
    league: 'nfl',
    season: spec.playoffs?.season ?? num(src.season) ?? num(from.season) ?? 0,
    asOf: str(src.asOf) ?? str(from.asOf),
    week: num(src.week),
    gamesPlayed: spec.played?.length ?? 0,
    gamesLeft: spec.remaining.length,
    source: str(src.games) ?? 'job',
    sims: Number(run.sims),
    seed: storedSeed(run.seed),
    hot,
    streamScheme: run.stream_scheme || STREAM_SCHEME,
  };
}

export interface PersistedSeasonOptions extends StoredRunOptions {
  db: Db;
  inputs: SeasonInputs;
  sims: number;
  seed: number | string;
  hotK?: number | null;
  /** Blocks of 4,096 simulations per shard, the unit of a storage transaction (default: the job's). */
  shardBlocks?: number;
}

/** Runs the season as a stored job (one process, shards committed one by one); returns its run id and report. */
export async function runPersistedSeason(o: PersistedSeasonOptions) {
  const { db, inputs, sims, seed, hotK, shardBlocks, ...run } = o;
  const source = { games: inputs.source, season: inputs.season, asOf: inputs.asOf, week: inputs.week };
  const job = parseJobSpec(
    { kind: 'season', sims, seed, season: { ...inputs.spec, source }, hot: hotK ?? null, ...(shardBlocks ? { shardBlocks } : {}) },
    'options',
  );
  const r = await runStoredJob<SeasonReport>(db, { spec: job }, run);
  return { ...r, meta: storedSeasonMeta(await getRun(db, r.runId), { ...inputs.spec, source }) };
}

/** The rest of a stored season run that failed or was cancelled: the same results as an uninterrupted run. */
export async function resumePersistedSeason(db: Db, runId: number, o: StoredRunOptions) {
  const r = await runStoredJob<SeasonReport>(db, { resume: runId, kind: 'season' }, o);
  const run = await getRun(db, runId);
  return { ...r, meta: storedSeasonMeta(run, (run.spec as { season: StoredSeasonSpec }).season) };
}

/** A stored season run as users read it: its row, where the season stood and its report (null until complete). */
export async function storedSeasonRun(q: Queryable, id: number): Promise<{ run: RunRow; meta: SeasonRunMeta; report: SeasonReport | null }> {
  const run = await getRun(q, id);
  if (run.kind !== 'season') throw new RequestError('NOT_FOUND', `run ${id} is a ${run.kind} run, not a season run`);
  const spec = (run.spec as { season?: StoredSeasonSpec } | null)?.season;
  if (spec === undefined) throw new RequestError('NOT_FOUND', `run ${id} has no season description`);
  const report = await getRunResult<SeasonReport>(q, id);
  return { run, meta: storedSeasonMeta(run, spec), report };
}
