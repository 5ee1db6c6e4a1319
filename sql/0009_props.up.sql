-- Player props: the histories the prop models read (player games, schedules, sportsbook prices, the
-- player aliases a user adds), and the seed's data model: users, snapshots of prices (locked ones
-- cannot change: enforced here by triggers, not only by the code), prop markets, saved slips, experiments.
-- A parsed row is kept whole as jsonb (`row`) beside the columns keys and queries use, so loading a
-- history gives the engine exactly the rows its parsers made.

create table player_game_stats (
  league text not null,
  player_id text not null,
  -- the game's date (NBA logs) or season-type-week (nflverse weekly rows carry no date)
  game_key text not null,
  season int not null,
  player_name text not null,
  team text not null,
  opponent text not null,
  row jsonb not null,
  source text not null,
  updated_at timestamptz not null default now(),
  primary key (league, player_id, game_key)
);
create index player_game_stats_season_idx on player_game_stats (league, season);

create table game_schedules (
  league text not null,
  game_id text not null,
  season int not null,
  game_date date not null,
  home text not null,
  away text not null,
  row jsonb not null,
  source text not null,
  updated_at timestamptz not null default now(),
  primary key (league, game_id)
);
create index game_schedules_date_idx on game_schedules (league, game_date);

create table prop_prices (
  league text not null,
  player text not null,
  game text not null,
  game_time timestamptz not null,
  market text not null,
  line float8 not null,
  bookmaker text not null,
  over_odds float8 not null,
  under_odds float8 not null,
  row jsonb not null,
  source text not null,
  updated_at timestamptz not null default now(),
  primary key (league, player, game_time, market, line, bookmaker)
);
create index prop_prices_time_idx on prop_prices (league, game_time);

-- alias_key is the engine's nameKey of the alias; name is the spelling the history uses.
create table player_aliases (
  league text not null,
  alias text not null,
  alias_key text not null,
  name text not null,
  created_at timestamptz not null default now(),
  primary key (league, alias_key)
);

create table users (
  id bigint generated always as identity primary key,
  name text not null,
  api_key_hash text not null unique,
  tier text not null default 'free' check (tier in ('free', 'pro', 'internal')),
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_at timestamptz not null default now()
);

create table snapshots (
  id bigint generated always as identity primary key,
  league text not null,
  season int,
  week int,
  version int not null default 1,
  config jsonb not null default '{}',
  model_version text not null,
  tags text[] not null default '{}',
  locked_at timestamptz,
  created_at timestamptz not null default now()
);
create index snapshots_league_idx on snapshots (league, season, week);

create table prop_markets (
  id bigint generated always as identity primary key,
  snapshot_id bigint not null references snapshots (id) on delete cascade,
  league text not null,
  game_id text not null,
  player_id text,
  stat text not null,
  line float8 not null,
  over_odds float8,
  under_odds float8,
  p_over float8,
  p_push float8,
  p_under float8
);
create index prop_markets_snapshot_idx on prop_markets (snapshot_id, game_id);
create index prop_markets_player_idx on prop_markets (league, player_id, stat);

create table slips (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  snapshot_id bigint references snapshots (id) on delete set null,
  league text not null,
  legs jsonb not null,
  stake float8 not null,
  payout jsonb not null,
  p_joint float8 not null,
  ev float8 not null,
  variance float8 not null,
  value_at_risk float8 not null,
  correlations jsonb not null,
  kelly float8 not null,
  placed boolean not null default false,
  created_at timestamptz not null default now()
);
create index slips_user_idx on slips (user_id, created_at desc);

create table experiments (
  id bigint generated always as identity primary key,
  user_id bigint references users (id) on delete cascade,
  snapshot_id bigint references snapshots (id) on delete set null,
  league text not null,
  stat text not null,
  params jsonb not null,
  risk_mode text not null,
  bankroll float8 not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'complete', 'failed')),
  metrics jsonb,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index experiments_user_idx on experiments (user_id, created_at desc);

-- A locked snapshot is frozen: no update of it (unlocking included), no delete, and no insert, update
-- or delete of its markets. The SQLSTATE is ours (P0409) so the code maps it to SNAPSHOT_LOCKED.
create function snapshot_frozen() returns trigger language plpgsql as $$
begin
  if old.locked_at is not null then raise exception 'snapshot % is locked', old.id using errcode = 'P0409'; end if; return case when tg_op = 'DELETE' then old else new end; end $$;
create trigger snapshots_frozen before update or delete on snapshots for each row execute function snapshot_frozen();

create function snapshot_markets_frozen() returns trigger language plpgsql as $$
begin
  if exists (select 1 from snapshots s where s.locked_at is not null and (s.id = (case when tg_op = 'DELETE' then old.snapshot_id else new.snapshot_id end) or (tg_op = 'UPDATE' and s.id = old.snapshot_id))) then raise exception 'snapshot is locked' using errcode = 'P0409'; end if; return case when tg_op = 'DELETE' then old else new end; end $$;
create trigger prop_markets_frozen before insert or update or delete on prop_markets for each row execute function snapshot_markets_frozen();
