drop view if exists run_progress;
drop view if exists latest_advancement;
drop index if exists runs_kind_idx;
drop index if exists team_tournament_value_rank_idx;
