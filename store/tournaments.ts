// Bronze tournaments and teams; silver advancement and team value of a run.
import type { FieldSpec } from '../engine/field/types.js';
import type { TournamentReport } from '../engine/tournament/report.js';
import type { Queryable } from './db.js';
import { hashInputs } from './hash.js';
import { iso } from './iso-time.js';

/** The field as stored (and re-read on --resume): teams in team-key order, slots, results. */
export function storableField(spec: FieldSpec): Record<string, unknown> {
  return {
    name: spec.name ?? null,
    teams: spec.teams.map((t) => ({ name: t.name, rating: t.rating, region: t.region ?? null, seed: t.seed ?? null })),
    slots: spec.slots.map((s) => (s.kind === 'team' ? s.team : s.kind === 'playin' ? s.teams : 'BYE')),
    results: spec.results.map((r) => ({ winner: r.winner, loser: r.loser })),
  };
}

export function fieldFromStored(f: Record<string, unknown>): FieldSpec {
  const teams = f.teams as { name: string; rating: number; region: string | null; seed: number | null }[];
  return {
    name: (f.name as string | null) ?? undefined,
    source: 'stored field',
    teams: teams.map((t) => ({ name: t.name, rating: t.rating, region: t.region ?? undefined, seed: t.seed ?? undefined })),
    slots: (f.slots as (string | [string, string])[]).map((s) =>
      s === 'BYE' ? { kind: 'bye' } : Array.isArray(s) ? { kind: 'playin', teams: s } : { kind: 'team', team: s },
    ),
    results: (f.results as { winner: string; loser: string }[]).map((r) => ({ ...r })),
  };
}

/** A team as stored: key (0-based, the kernels' team index), name, seed, region, rating. */
interface TeamRow {
  key: number;
  name: string;
  seed?: number | null;
  region?: string | null;
  rating: number;
}

/** A tournament given as plain rows (no bracket): enough for the bronze tables and the silver joins. */
interface NewTournament {
  name: string;
  teams: TeamRow[];
}

/**
 * Saves a tournament once per distinct content (by its hash) and returns its id: from a field (teams
 * keyed by their index, bracket kept for --resume) or from plain team rows.
 */
export async function saveTournament(q: Queryable, t: FieldSpec | NewTournament): Promise<number> {
  let name: string;
  let field: Record<string, unknown>;
  let teams: TeamRow[];
  if ('slots' in t) {
    name = t.name ?? 'tournament';
    field = storableField(t);
    teams = t.teams.map((x, key) => ({ key, name: x.name, seed: x.seed ?? null, region: x.region ?? null, rating: x.rating }));
  } else {
    name = t.name;
    teams = [...t.teams]
      .sort((a, b) => a.key - b.key)
      .map((x) => ({ key: x.key, name: x.name, seed: x.seed ?? null, region: x.region ?? null, rating: x.rating }));
    field = { name, teams };
  }
  const hash = hashInputs(field);
  const found = await q.query<{ id: number }>('select id::float8 as id from tournaments where content_hash = $1', [hash]);
  if (found.rows.length > 0) return found.rows[0].id;
  const r = await q.query<{ id: number }>(
    `insert into tournaments (name, content_hash, field) values ($1, $2, $3)
     on conflict (content_hash) do update set name = excluded.name returning id::float8 as id`,
    [name, hash, JSON.stringify(field)],
  );
  const id = r.rows[0].id;
  await q.query(
    `insert into tournament_teams (tournament_id, team_key, name, seed, region, rating)
     select $1, k, n, s, r, x from unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::float8[]) as u(k, n, s, r, x)
     on conflict do nothing`,
    [id, teams.map((x) => x.key), teams.map((x) => x.name), teams.map((x) => x.seed ?? null), teams.map((x) => x.region ?? null), teams.map((x) => x.rating)],
  );
  return id;
}

interface AdvancementRow {
  teamKey: number;
  /** 1-based round: the probability of winning that round's game (reaching the next). */
  round: number;
  probability: number;
}

/** Silver: advancement probabilities of a run, one row per team and round (a retry replaces them). */
export async function saveAdvancement(q: Queryable, runId: number, rows: AdvancementRow[]): Promise<void> {
  await q.query(
    `insert into advancement_probabilities (run_id, team_key, round, probability)
     select $1, k, r, p from unnest($2::int[], $3::int[], $4::float8[]) as u(k, r, p)
     on conflict (run_id, team_key, round) do update set probability = excluded.probability`,
    [runId, rows.map((x) => x.teamKey), rows.map((x) => x.round), rows.map((x) => x.probability)],
  );
}

interface TeamValueRow {
  teamKey: number;
  expectedWins: number;
  expectedPoints?: number | null;
  /** P(exactly w wins) for w = 0, 1, ... */
  winsDistribution?: number[];
}

/** Silver: expected wins and points per team of a run (a retry replaces them). */
export async function saveTeamValue(q: Queryable, runId: number, rows: TeamValueRow[]): Promise<void> {
  await q.query(
    `insert into team_tournament_value (run_id, team_key, expected_wins, expected_points, wins_distribution)
     select $1, k, e, p, d::jsonb from unnest($2::int[], $3::float8[], $4::float8[], $5::text[]) as u(k, e, p, d)
     on conflict (run_id, team_key) do update set expected_wins = excluded.expected_wins, expected_points = excluded.expected_points,
       wins_distribution = excluded.wins_distribution`,
    [
      runId,
      rows.map((x) => x.teamKey),
      rows.map((x) => x.expectedWins),
      rows.map((x) => x.expectedPoints ?? null),
      rows.map((x) => JSON.stringify(x.winsDistribution ?? [])),
    ],
  );
}

export async function getTournamentField(q: Queryable, id: number): Promise<FieldSpec> {
  const r = await q.query<{ field: Record<string, unknown> }>('select field from tournaments where id = $1', [id]);
  return fieldFromStored(r.rows[0].field);
}

/** Silver rows of a finished tournament run: advancement per team and round, and team value. */
export async function saveTournamentAggregates(q: Queryable, runId: number, report: TournamentReport, teamKeys: Map<string, number>): Promise<void> {
  const adv: AdvancementRow[] = [];
  for (const t of report.teams) t.probabilities.forEach((probability, r) => adv.push({ teamKey: teamKeys.get(t.name)!, round: r + 1, probability }));
  await saveAdvancement(q, runId, adv);
  await saveTeamValue(
    q,
    runId,
    report.teams.map((t) => ({ teamKey: teamKeys.get(t.name)!, expectedWins: t.expectedWins, winsDistribution: t.winsDistribution })),
  );
}

/** Stored tournaments, newest first, with their team and run counts. */
export async function listTournaments(
  q: Queryable,
  page: { offset: number; limit: number },
): Promise<{ total: number; items: { id: number; name: string; teams: number; runs: number; createdAt: string }[] }> {
  const total = await q.query<{ n: number }>('select count(*)::int as n from tournaments');
  const r = await q.query<{ id: number; name: string; teams: number; runs: number; created_at: string }>(
    `select t.id::float8 as id, t.name, (select count(*)::int from tournament_teams tt where tt.tournament_id = t.id) as teams,
            (select count(*)::int from runs r where r.tournament_id = t.id) as runs, ${iso('t.created_at')}
     from tournaments t order by t.id desc offset $1 limit $2`,
    [page.offset, page.limit],
  );
  return { total: total.rows[0].n, items: r.rows.map((t) => ({ id: t.id, name: t.name, teams: t.teams, runs: t.runs, createdAt: t.created_at })) };
}

export async function tournamentExists(q: Queryable, id: number): Promise<boolean> {
  return (await q.query('select 1 from tournaments where id = $1', [id])).rows.length > 0;
}

interface TournamentRunRow {
  id: number;
  kind: string;
  status: string;
  sims: number;
  seed: string;
  stream_scheme: string;
  started_at: string;
  finished_at: string | null;
  strategy: string | null;
  expected_payout: number | null;
  p_first: number | null;
}

/** A tournament's runs of any kind, newest first; Calcutta runs with their optimisation summary. */
export async function tournamentRuns(q: Queryable, id: number, page: { offset: number; limit: number }): Promise<{ total: number; items: TournamentRunRow[] }> {
  const total = await q.query<{ n: number }>('select count(*)::int as n from runs where tournament_id = $1', [id]);
  const r = await q.query<TournamentRunRow>(
    `select r.id::float8 as id, r.kind, r.status, r.sims::float8 as sims, r.seed, r.stream_scheme, ${iso('r.started_at')}, ${iso('r.finished_at')},
            o.strategy, o.expected_payout, o.p_first
     from runs r left join lateral (select strategy, expected_payout, p_first from optimization_runs where run_id = r.id order by id desc limit 1) o on true
     where r.tournament_id = $1 order by r.id desc offset $2 limit $3`,
    [id, page.offset, page.limit],
  );
  return { total: total.rows[0].n, items: r.rows };
}
