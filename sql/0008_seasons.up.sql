-- Season runs with the NFL procedure (silver, written by binary COPY when the run completes): per team
-- its chances of the division, the playoffs, a bye, each round and the title, and its expected wins and
-- draft pick; per team the chance of each seed and each draft pick (long form, one row per k); per
-- remaining game and team the playoff odds given each result (the game's importance).
create table season_team_results (
  run_id bigint not null references runs (id) on delete cascade,
  team text not null,
  conference text not null,
  division text not null,
  rating double precision not null,
  expected_wins double precision not null,
  p_division double precision not null,
  p_playoffs double precision not null,
  p_bye double precision not null,
  p_divisional double precision not null,
  p_conference double precision not null,
  p_super_bowl double precision not null,
  p_champion double precision not null,
  expected_pick double precision not null,
  primary key (run_id, team)
);
create index season_team_results_playoffs_idx on season_team_results (run_id, p_playoffs desc);
create table season_team_places (
  run_id bigint not null references runs (id) on delete cascade,
  team text not null,
  what text not null check (what in ('seed', 'pick')),
  k smallint not null check (k > 0),
  probability double precision not null,
  primary key (run_id, team, what, k)
);
create table season_game_importance (
  run_id bigint not null references runs (id) on delete cascade,
  game int not null,
  home text not null,
  away text not null,
  p_home double precision not null,
  team text not null,
  if_home double precision,
  if_away double precision,
  swing double precision not null,
  importance double precision not null,
  primary key (run_id, game, team)
);
create index season_game_importance_rank_idx on season_game_importance (run_id, importance desc);
