// Bronze tournaments and teams; silver advancement and team value of a run.
import type { FieldSpec } from '../engine/field/types.js';
import type { TournamentReport } from '../engine/tournament/report.js';
import type { Queryable } from './db.js';
import { hashInputs } from './runs.js';

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

/** Saves a tournament once per distinct field (by content hash); returns its id. */
export async function saveTournament(q: Queryable, spec: FieldSpec): Promise<number> {
  const field = storableField(spec);
  const hash = hashInputs(field);
  const found = await q.query<{ id: number }>('select id::float8 as id from tournaments where content_hash = $1', [hash]);
  if (found.rows.length > 0) return found.rows[0].id;
  const r = await q.query<{ id: number }>(
    `insert into tournaments (name, content_hash, field) values ($1, $2, $3)
     on conflict (content_hash) do update set name = excluded.name returning id::float8 as id`,
    [spec.name ?? 'tournament', hash, JSON.stringify(field)],
  );
  const id = r.rows[0].id;
  const teams = spec.teams;
  await q.query(
    `insert into tournament_teams (tournament_id, team_key, name, seed, region, rating)
     select $1, k - 1, n, s, r, x from unnest($2::text[], $3::int[], $4::text[], $5::float8[]) with ordinality as u(n, s, r, x, k)
     on conflict do nothing`,
    [id, teams.map((t) => t.name), teams.map((t) => t.seed ?? null), teams.map((t) => t.region ?? null), teams.map((t) => t.rating)],
  );
  return id;
}

export async function getTournamentField(q: Queryable, id: number): Promise<FieldSpec> {
  const r = await q.query<{ field: Record<string, unknown> }>('select field from tournaments where id = $1', [id]);
  return fieldFromStored(r.rows[0].field);
}

/** Silver rows of a finished tournament run: advancement per team and round, and team value. */
export async function saveTournamentAggregates(q: Queryable, runId: number, report: TournamentReport, teamKeys: Map<string, number>): Promise<void> {
  const keys: number[] = [];
  const rounds: number[] = [];
  const probs: number[] = [];
  for (const t of report.teams) {
    t.probabilities.forEach((p, r) => {
      keys.push(teamKeys.get(t.name)!);
      rounds.push(r + 1);
      probs.push(p);
    });
  }
  await q.query(
    `insert into advancement_probabilities (run_id, team_key, round, probability)
     select $1, k, r, p from unnest($2::int[], $3::int[], $4::float8[]) as u(k, r, p)`,
    [runId, keys, rounds, probs],
  );
  await q.query(
    `insert into team_tournament_value (run_id, team_key, expected_wins, wins_distribution)
     select $1, k, e, d::jsonb from unnest($2::int[], $3::float8[], $4::text[]) as u(k, e, d)`,
    [runId, report.teams.map((t) => teamKeys.get(t.name)!), report.teams.map((t) => t.expectedWins), report.teams.map((t) => JSON.stringify(t.winsDistribution))],
  );
}
