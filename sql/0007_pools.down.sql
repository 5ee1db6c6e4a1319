drop table if exists pool_game_importance;
drop table if exists pool_entry_percentiles;
drop table if exists pool_entry_scores;
drop table if exists pool_entries;
drop table if exists pool_runs;
delete from runs where kind = 'pool';
alter table runs drop constraint runs_kind_check;
alter table runs add constraint runs_kind_check check (kind in ('tournament', 'season', 'calcutta', 'slate'));
