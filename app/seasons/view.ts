// Season results as users read them, from one place so the live command, `runs show`, the HTTP API and
// the job's stored result agree: the JSON answer (camelCase), the table (one row per team, by conference
// and playoff odds) and the CSV rows, and the same three for the weekly replay.
import type { SeasonReport, SeasonTeamReport } from '../../engine/season/report.js';
import type { RenderedTable } from '../jobs/kinds/kind.js';
import type { SeasonResult, SeasonRunMeta, WeeklyResult } from './simulate.js';

/** One team of a season answer. */
export function seasonTeamView(t: SeasonTeamReport) {
  return {
    id: t.id,
    conference: t.groups.conference.name,
    division: t.groups.division.name,
    rating: t.rating,
    expectedWins: t.expectedWins,
    /** halfWinsDistribution[k] = P(k/2 wins): ties already played stay exact. */
    halfWinsDistribution: t.halfWinsDistribution,
    playoffs: t.playoffs ?? 0,
    divisionTitle: t.divisionTitle ?? 0,
    bye: t.bye ?? 0,
    seeds: t.seeds ?? [],
    rounds: t.rounds ?? { divisional: 0, conference: 0, superBowl: 0, champion: 0 },
    draft: t.draft ?? [],
    expectedPick: t.expectedPick ?? 0,
  };
}

/** Teams in reading order: by conference, then playoff odds, expected wins, id. */
export function orderedTeams(r: SeasonReport): SeasonTeamReport[] {
  return [...r.teams].sort(
    (a, b) =>
      a.groups.conference.name.localeCompare(b.groups.conference.name) ||
      (b.playoffs ?? 0) - (a.playoffs ?? 0) ||
      b.expectedWins - a.expectedWins ||
      a.id.localeCompare(b.id),
  );
}

/** The JSON answer of a season run (CLI --json, POST /v1/seasons/simulate, GET /v1/seasons/runs/{id}). */
export function seasonView(meta: SeasonRunMeta, report: SeasonReport, run: { threads?: number | null; elapsedMs?: number | null; runId?: number } = {}) {
  const elapsedMs = run.elapsedMs ?? null;
  return {
    ...(run.runId !== undefined ? { runId: run.runId } : {}),
    ...meta,
    threads: run.threads ?? null,
    elapsedMs,
    simsPerSecond: elapsedMs !== null && elapsedMs > 0 ? (meta.sims / elapsedMs) * 1000 : null,
    playoffs: report.playoffs ?? null,
    teams: orderedTeams(report).map(seasonTeamView),
    games: report.games ?? [],
  };
}

export function seasonResultView(r: SeasonResult) {
  return seasonView(r.meta, r.report, { threads: r.threads, elapsedMs: r.elapsedMs });
}

const pct = (p: number | undefined) => {
  const x = p ?? 0;
  return x >= 0.9995 && x < 1 ? '>99.9' : x > 0 && x < 0.0005 ? '<0.1' : x === 0 ? '-' : (100 * x).toFixed(1);
};

/** Percentages per team: division, playoffs, each seed, each round, the title, the first pick and expected wins and pick. */
export function seasonTable(r: SeasonReport): RenderedTable {
  const S = r.playoffs?.seeds ?? 0;
  const headers = [
    'Team',
    'Division',
    'E[W]',
    'Div',
    'Playoffs',
    ...Array.from({ length: S }, (_, k) => `#${k + 1}`),
    'Rd2',
    'Conf',
    'SB',
    'Title',
    'Pick1',
    'E[pick]',
  ];
  const rows = orderedTeams(r).map((t) => [
    t.id,
    t.groups.division.name,
    t.expectedWins.toFixed(1),
    pct(t.divisionTitle),
    pct(t.playoffs),
    ...Array.from({ length: S }, (_, k) => pct(t.seeds?.[k])),
    pct(t.rounds?.divisional),
    pct(t.rounds?.conference),
    pct(t.rounds?.superBowl),
    pct(t.rounds?.champion),
    pct(t.draft?.[0]),
    (t.expectedPick ?? 0).toFixed(1),
  ]);
  return { headers, rows, align: headers.map((_, i) => (i < 2 ? 'l' : 'r')) };
}

/** The line above the table: which season, as of when, how it was run. */
export function seasonTitle(m: SeasonRunMeta): string {
  const when =
    m.gamesLeft === 0
      ? `after the regular season${m.asOf !== null ? ` (games to ${m.asOf})` : ''}`
      : m.week !== null
        ? `before week ${m.week} (games to ${m.asOf})`
        : m.asOf !== null
          ? `as of ${m.asOf}`
          : 'as of the games played';
  return `${m.season} NFL season ${when}: ${m.gamesPlayed} games played, ${m.gamesLeft} left; % chances`;
}

export function seasonFooter(m: SeasonRunMeta, run: { threads?: number | null; elapsedMs?: number | null }): string {
  const timing = run.elapsedMs != null ? `, ${run.threads} threads, ${(run.elapsedMs / 1000).toFixed(2)} s` : '';
  return `${m.sims.toLocaleString('en-US')} simulations${m.hot !== null ? ` (hot K=${m.hot})` : ''}, seed ${m.seed}${timing}, stream ${m.streamScheme}`;
}

/** CSV: one row per team, a column per seed, round and draft pick. */
export function seasonCsv(r: SeasonReport): { headers: string[]; rows: (string | number)[][] } {
  const S = r.playoffs?.seeds ?? 0;
  const T = r.teams.length;
  const headers = [
    'team',
    'conference',
    'division',
    'rating',
    'expected_wins',
    'division_title',
    'playoffs',
    'bye',
    ...Array.from({ length: S }, (_, k) => `seed_${k + 1}`),
    'divisional',
    'conference_final',
    'super_bowl',
    'champion',
    'expected_pick',
    ...Array.from({ length: T }, (_, k) => `pick_${k + 1}`),
  ];
  const rows = orderedTeams(r).map((t) => [
    t.id,
    t.groups.conference.name,
    t.groups.division.name,
    t.rating,
    t.expectedWins,
    t.divisionTitle ?? 0,
    t.playoffs ?? 0,
    t.bye ?? 0,
    ...Array.from({ length: S }, (_, k) => t.seeds?.[k] ?? 0),
    t.rounds?.divisional ?? 0,
    t.rounds?.conference ?? 0,
    t.rounds?.superBowl ?? 0,
    t.rounds?.champion ?? 0,
    t.expectedPick ?? 0,
    ...Array.from({ length: T }, (_, k) => t.draft?.[k] ?? 0),
  ]);
  return { headers, rows };
}

/** Teams of the weekly replay in reading order: by conference, then final playoff odds. */
function weeklyOrder(w: WeeklyResult) {
  const last = w.points[w.points.length - 1];
  const prev = w.points[Math.max(0, w.points.length - 2)];
  return [...w.teams].sort(
    (a, b) =>
      a.conference.localeCompare(b.conference) ||
      last.playoffs[b.id] - last.playoffs[a.id] ||
      prev.playoffs[b.id] - prev.playoffs[a.id] ||
      a.id.localeCompare(b.id),
  );
}

export function weeklyView(w: WeeklyResult) {
  return {
    ...w.meta,
    threads: w.threads,
    elapsedMs: w.elapsedMs,
    points: w.points.map((p) => ({ week: p.week, asOf: p.asOf, gamesLeft: p.gamesLeft })),
    teams: weeklyOrder(w).map((t) => ({
      ...t,
      playoffs: w.points.map((p) => p.playoffs[t.id]),
      divisionTitle: w.points.map((p) => p.divisionTitle[t.id]),
      champion: w.points.map((p) => p.champion[t.id]),
    })),
  };
}

const weekHeader = (w: WeeklyResult, week: number) => (week > w.meta.weeks ? 'End' : `W${week}`);

/** Playoff odds before each week (a column per week; End: after the regular season). */
export function weeklyTable(w: WeeklyResult): RenderedTable {
  const headers = ['Team', 'Division', ...w.points.map((p) => weekHeader(w, p.week))];
  const rows = weeklyOrder(w).map((t) => [t.id, t.division, ...w.points.map((p) => pct(p.playoffs[t.id]))]);
  return { headers, rows, align: headers.map((_, i) => (i < 2 ? 'l' : 'r')) };
}

export function weeklyCsv(w: WeeklyResult): { headers: string[]; rows: (string | number)[][] } {
  const headers = ['team', 'conference', 'division', ...w.points.map((p) => (p.week > w.meta.weeks ? 'end' : `week_${p.week}`))];
  return { headers, rows: weeklyOrder(w).map((t) => [t.id, t.conference, t.division, ...w.points.map((p) => p.playoffs[t.id])]) };
}
