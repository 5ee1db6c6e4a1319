-- simcast core schema: runs, then the tiers analytics users know (bronze raw, silver model outputs,
-- gold decisions) and game data. See sql/README.md for the partitioning of per-simulation tables.

create table tournaments (
  id bigserial primary key,
  name text not null,
  -- sha256 of the normalised field, so saving the same field twice gives the same tournament.
  content_hash text not null unique,
  field jsonb not null,
  created_at timestamptz not null default now()
);

create table tournament_teams (
  tournament_id bigint not null references tournaments (id) on delete cascade,
  team_key int not null,
  name text not null,
  seed int,
  region text,
  rating double precision not null,
  primary key (tournament_id, team_key),
  unique (tournament_id, name)
);

create table runs (
  id bigserial primary key,
  kind text not null check (kind in ('tournament', 'season', 'calcutta', 'slate')),
  tournament_id bigint references tournaments (id) on delete set null,
  inputs_hash text not null,
  seed text not null,
  stream_scheme text not null,
  sims bigint not null check (sims > 0),
  block_size int not null,
  shard_blocks int not null,
  shards_planned int not null check (shards_planned > 0),
  shards_done int not null default 0,
  persist text not null default 'aggregates' check (persist in ('aggregates', 'rows')),
  status text not null default 'running' check (status in ('running', 'complete', 'failed', 'cancelled')),
  params jsonb not null default '{}',
  error text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  timings jsonb not null default '{}',
  simcast_version text not null
);
create index runs_tournament_idx on runs (tournament_id, started_at desc);
create index runs_status_idx on runs (status, started_at desc);

-- One row per finished shard, written in the shard's own transaction (with its bronze rows), so a
-- retried shard is skipped and a run is complete only when every planned shard is here.
create table run_shards (
  run_id bigint not null references runs (id) on delete cascade,
  shard_index int not null,
  block_start int not null,
  block_count int not null,
  sims bigint not null,
  rows bigint not null default 0,
  -- The shard's integer tallies (int32 little-endian), summed in shard order for the run's aggregates.
  tallies bytea not null,
  done_at timestamptz not null default now(),
  primary key (run_id, shard_index)
);

-- bronze ---------------------------------------------------------------------------------------------

-- One row per team per simulation. Partitioned by run: each run gets its own partition when it starts
-- (runs_partition naming: simulated_tournaments_r<run id>), so dropping a run drops a table.
create table simulated_tournaments (
  run_id bigint not null,
  sim_id bigint not null,
  team_key smallint not null,
  wins smallint not null,
  byes smallint not null,
  eliminated boolean not null
) partition by list (run_id);

create table calcuttas (
  id bigserial primary key,
  tournament_id bigint not null references tournaments (id) on delete cascade,
  name text not null,
  budget double precision not null check (budget > 0),
  scoring jsonb not null,
  constraints jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create table entry_bids (
  calcutta_id bigint not null references calcuttas (id) on delete cascade,
  entry_name text not null,
  tournament_id bigint not null,
  team_key int not null,
  amount double precision not null check (amount >= 0),
  actual boolean not null default true,
  primary key (calcutta_id, entry_name, team_key),
  foreign key (tournament_id, team_key) references tournament_teams (tournament_id, team_key)
);

create table payouts (
  calcutta_id bigint not null references calcuttas (id) on delete cascade,
  rank int not null check (rank >= 1),
  share double precision not null check (share >= 0 and share <= 1),
  primary key (calcutta_id, rank)
);

-- silver ---------------------------------------------------------------------------------------------

create table advancement_probabilities (
  run_id bigint not null references runs (id) on delete cascade,
  team_key int not null,
  round smallint not null,
  probability double precision not null check (probability >= 0 and probability <= 1),
  primary key (run_id, team_key, round)
);
create index advancement_rankings_idx on advancement_probabilities (run_id, round, probability desc);

create table team_tournament_value (
  run_id bigint not null references runs (id) on delete cascade,
  team_key int not null,
  expected_wins double precision not null,
  expected_points double precision,
  wins_distribution jsonb not null default '[]',
  primary key (run_id, team_key)
);

create table predicted_game_outcomes (
  id bigserial primary key,
  league text not null,
  game_date date,
  home text not null,
  away text not null,
  p_home double precision not null,
  p_cover double precision,
  p_over double precision,
  expected_margin double precision,
  expected_total double precision,
  model text not null,
  ratings_version text,
  created_at timestamptz not null default now()
);
create index predicted_game_outcomes_game_idx on predicted_game_outcomes (league, game_date, home, away);

create table predicted_market_share (
  calcutta_id bigint not null references calcuttas (id) on delete cascade,
  team_key int not null,
  share double precision not null check (share >= 0 and share <= 1),
  model text not null,
  created_at timestamptz not null default now(),
  primary key (calcutta_id, team_key, model)
);

-- gold -----------------------------------------------------------------------------------------------

create table optimization_runs (
  id bigserial primary key,
  run_id bigint references runs (id) on delete cascade,
  calcutta_id bigint references calcuttas (id) on delete cascade,
  strategy text not null,
  sims bigint not null,
  seed text not null,
  expected_payout double precision,
  p_first double precision,
  params jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index optimization_runs_calcutta_idx on optimization_runs (calcutta_id, created_at desc);

create table recommended_entry_bids (
  optimization_run_id bigint not null references optimization_runs (id) on delete cascade,
  team_key int not null,
  bid double precision not null check (bid >= 0),
  primary key (optimization_run_id, team_key)
);

-- One row per entry per simulated tournament; partitioned by run like simulated_tournaments.
create table entry_simulation_outcomes (
  run_id bigint not null,
  sim_id bigint not null,
  entry_id int not null,
  points double precision not null,
  rank smallint not null,
  payout double precision not null
) partition by list (run_id);

create table entry_performance (
  optimization_run_id bigint not null references optimization_runs (id) on delete cascade,
  entry_id int not null,
  entry_name text not null,
  mean_payout double precision not null,
  sd_payout double precision not null,
  p_first double precision not null,
  p_in_money double precision not null,
  percentile_rank double precision not null,
  primary key (optimization_run_id, entry_id)
);
create index entry_performance_ranking_idx on entry_performance (optimization_run_id, mean_payout desc);

create table detailed_investment_report (
  optimization_run_id bigint not null references optimization_runs (id) on delete cascade,
  team_key int not null,
  bid double precision not null,
  ownership double precision not null,
  expected_points double precision not null,
  expected_payout_share double precision not null,
  roi double precision,
  primary key (optimization_run_id, team_key)
);

-- game data ------------------------------------------------------------------------------------------

create table games_history (
  id bigserial primary key,
  league text not null,
  season int not null,
  game_date date not null,
  week text,
  playoff boolean not null default false,
  home text not null,
  away text not null,
  home_score int,
  away_score int,
  neutral boolean not null default false,
  source text,
  unique (league, game_date, home, away)
);
create index games_history_season_idx on games_history (league, season, game_date);

create table odds_history (
  game_id bigint not null references games_history (id) on delete cascade,
  source text not null default 'closing',
  -- The home side's line: negative when the home team is favoured.
  spread double precision,
  total double precision,
  home_moneyline int,
  away_moneyline int,
  recorded_at timestamptz not null default now(),
  primary key (game_id, source)
);

create table team_ratings_history (
  league text not null,
  model text not null default 'elo',
  team text not null,
  game_date date not null,
  season int not null,
  game_id bigint references games_history (id) on delete cascade,
  rating_pre double precision not null,
  rating_post double precision not null,
  primary key (league, model, team, game_date)
);

create table predictions_log (
  id bigserial primary key,
  league text not null,
  home text not null,
  away text not null,
  request jsonb not null,
  response jsonb not null,
  cached boolean not null,
  ratings_version text,
  latency_ms double precision,
  created_at timestamptz not null default now()
);
create index predictions_log_created_idx on predictions_log (created_at desc);

create table model_performance (
  id bigserial primary key,
  league text not null,
  model text not null,
  season_from int not null,
  season_to int not null,
  games int not null,
  brier double precision,
  log_loss double precision,
  accuracy double precision,
  roi double precision,
  calibration jsonb not null default '[]',
  command text,
  created_at timestamptz not null default now()
);
create index model_performance_idx on model_performance (league, model, created_at desc);

-- views ----------------------------------------------------------------------------------------------

-- Advancement with team names, for reading a run without joins.
create view run_advancement as
select a.run_id, r.tournament_id, a.team_key, t.name as team, t.seed, t.region, t.rating, a.round, a.probability
from advancement_probabilities a
join runs r on r.id = a.run_id
join tournament_teams t on t.tournament_id = r.tournament_id and t.team_key = a.team_key;

-- Title odds per complete run: the probability of winning the last round.
create view run_title_odds as
select ra.run_id, ra.tournament_id, ra.team_key, ra.team, ra.seed, ra.region, ra.probability as title_probability
from run_advancement ra
join runs r on r.id = ra.run_id and r.status = 'complete'
where ra.round = (select max(a2.round) from advancement_probabilities a2 where a2.run_id = ra.run_id);

-- The latest complete run of each tournament.
create view latest_tournament_runs as
select distinct on (tournament_id) id as run_id, tournament_id, sims, seed, finished_at
from runs
where status = 'complete' and tournament_id is not null
order by tournament_id, finished_at desc;
