-- Batch jobs: a job is a run planned as shards; it waits as 'queued' until a worker starts it, keeps
-- its submitted description, and its final aggregates (any kind) land in run_results.
alter table runs drop constraint runs_status_check;
alter table runs add constraint runs_status_check check (status in ('queued', 'running', 'complete', 'failed', 'cancelled'));
alter table runs add column spec jsonb;
alter table runs add column queue text not null default 'local' check (queue in ('local', 'pg-boss'));

create table run_results (
  run_id bigint primary key references runs (id) on delete cascade,
  report jsonb not null,
  created_at timestamptz not null default now()
);

-- Season runs: win totals and finishing places per team (silver).
create table season_team_outcomes (
  run_id bigint not null references runs (id) on delete cascade,
  team text not null,
  expected_wins double precision not null,
  p_division_first double precision not null,
  p_conference_first double precision not null,
  p_league_first double precision not null,
  wins_distribution jsonb not null,
  primary key (run_id, team)
);
create index season_team_outcomes_rank_idx on season_team_outcomes (run_id, expected_wins desc);
