// One call for a season run, as the CLI (`simcast season`) and the HTTP API (/v1/seasons/…) both use it:
// the season built from the games as of a day or week, its caps checked before anything is allocated,
// the rest of it played N times on the worker pool with the NFL's tiebreakers, seeds, playoffs and draft
// order; and the weekly replay, the same run from before every week of the season in turn.
import type { Seed } from '../../core/seed.js';
import { STREAM_SCHEME } from '../../engine/random/stream-scheme.js';
import type { SeasonReport } from '../../engine/season/report.js';
import { compileSeason } from '../../engine/season/season.js';
import { runSeasonPool } from '../../workers/season-run.js';
import { checkSeasonSimulation, checkSeasonSize } from '../limits.js';
import { asOfForWeek, seasonGames, seasonInputs, seasonWeeks, type SeasonInputs, type SeasonQuery } from './inputs.js';

export const DEFAULT_SEASON_SIMS = 10_000;
/** The weekly replay runs the season once per week (19 runs): fewer simulations each by default. */
export const DEFAULT_WEEKLY_SIMS = 2_000;

export interface SeasonRunOptions {
  sims: number;
  seed: Seed;
  threads?: number;
  hotK?: number | null;
  /** HTTP: the tighter cap of one synchronous request. */
  sync?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, planned: number) => void;
}

/** Where the season stands and how it was run: beside every season result, live or stored. */
export interface SeasonRunMeta {
  league: 'nfl';
  season: number;
  asOf: string | null;
  week: number | null;
  gamesPlayed: number;
  gamesLeft: number;
  source: string;
  sims: number;
  seed: Seed;
  hot: number | null;
  streamScheme: string;
}

export interface SeasonResult {
  meta: SeasonRunMeta;
  report: SeasonReport;
  threads: number;
  elapsedMs: number;
}

export function seasonMeta(i: SeasonInputs, o: { sims: number; seed: Seed; hotK?: number | null }): SeasonRunMeta {
  return {
    league: i.league,
    season: i.season,
    asOf: i.asOf,
    week: i.week,
    gamesPlayed: i.gamesPlayed,
    gamesLeft: i.gamesLeft,
    source: i.source,
    sims: o.sims,
    seed: o.seed,
    hot: o.hotK ?? null,
    streamScheme: STREAM_SCHEME,
  };
}

/** The season's inputs with every cap checked: what a run (live or stored) starts from. */
export async function checkedSeasonInputs(q: SeasonQuery, o: { sims: number; sync?: boolean }, where = 'options'): Promise<SeasonInputs> {
  const i = await seasonInputs(q, where);
  checkSeasonSize(i.spec.teams.length, i.spec.remaining.length, where);
  checkSeasonSimulation(o.sims, i.gamesLeft, { sync: o.sync === true, where: `${where}.sims` });
  return i;
}

export async function simulateSeason(q: SeasonQuery, o: SeasonRunOptions, where = 'options'): Promise<SeasonResult> {
  const inputs = await checkedSeasonInputs(q, o, where);
  const season = compileSeason(inputs.spec);
  const r = await runSeasonPool(season, { sims: o.sims, seed: o.seed, threads: o.threads, hotK: o.hotK ?? null, signal: o.signal, onProgress: o.onProgress });
  return { meta: seasonMeta(inputs, o), report: r.report, threads: r.threads, elapsedMs: r.elapsedMs };
}

/** One point of the weekly replay: the season before `week` kicked off (weeks + 1: after the regular season). */
export interface WeeklyPoint {
  week: number;
  asOf: string;
  gamesLeft: number;
  /** Per team (report order of the first point): P(playoffs). */
  playoffs: Record<string, number>;
  divisionTitle: Record<string, number>;
  champion: Record<string, number>;
}

export interface WeeklyResult {
  meta: Omit<SeasonRunMeta, 'asOf' | 'week' | 'gamesPlayed' | 'gamesLeft'> & { weeks: number };
  teams: { id: string; conference: string; division: string }[];
  points: WeeklyPoint[];
  threads: number;
  elapsedMs: number;
}

/**
 * The whole season replayed week by week: for every week, the season as it stood before its kickoff
 * (ratings and results to then) simulated to the end, and once more after the last week. Every point
 * uses the same seed, so a point equals `season --week W` with that seed.
 */
export async function simulateSeasonWeekly(q: Omit<SeasonQuery, 'week' | 'asOf'>, o: SeasonRunOptions, where = 'options'): Promise<WeeklyResult> {
  const first = await seasonInputs({ ...q, week: 1 }, where);
  const games = await seasonGames(q.games);
  const weeks = seasonWeeks(games, first.season).firstDay.length;
  // Every week's inputs first, so the caps see the whole replay before anything runs.
  const inputs: SeasonInputs[] = [first];
  for (let w = 2; w <= weeks + 1; w++) inputs.push(await seasonInputs({ ...q, season: first.season, week: w }, where));
  for (const i of inputs) checkSeasonSize(i.spec.teams.length, i.spec.remaining.length, where);
  checkSeasonSimulation(
    o.sims,
    inputs.reduce((n, i) => n + i.gamesLeft, 0),
    { sync: o.sync === true, where: `${where}.sims`, runs: inputs.length },
  );
  const started = performance.now();
  const planned = o.sims * inputs.length;
  const points: WeeklyPoint[] = [];
  let teams: WeeklyResult['teams'] = [];
  let threads = 0;
  for (const [k, i] of inputs.entries()) {
    const r = await runSeasonPool(compileSeason(i.spec), {
      sims: o.sims,
      seed: o.seed,
      threads: o.threads,
      hotK: o.hotK ?? null,
      signal: o.signal,
      onProgress: o.onProgress && ((done) => o.onProgress!(k * o.sims + done, planned)),
    });
    threads = r.threads;
    if (k === 0) teams = r.report.teams.map((t) => ({ id: t.id, conference: t.groups.conference.name, division: t.groups.division.name }));
    const by = (f: (t: SeasonReport['teams'][number]) => number | undefined) => Object.fromEntries(r.report.teams.map((t) => [t.id, f(t) ?? 0]));
    points.push({
      week: k + 1,
      asOf: asOfForWeek(games, first.season, k + 1),
      gamesLeft: i.gamesLeft,
      playoffs: by((t) => t.playoffs),
      divisionTitle: by((t) => t.divisionTitle),
      champion: by((t) => t.rounds?.champion),
    });
  }
  const { asOf: _a, week: _w, gamesPlayed: _p, gamesLeft: _l, ...meta } = seasonMeta(first, o);
  return { meta: { ...meta, weeks }, teams, points, threads, elapsedMs: performance.now() - started };
}
