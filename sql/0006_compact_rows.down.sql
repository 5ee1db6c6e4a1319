-- Back to one row per team per simulation: compact rows are dropped (runs stored in them keep their
-- aggregates but lose their rows); runs stored before 0006 get their table back under its old name.
drop function if exists simulated_team_points(bigint, float8[]);
drop function if exists simulated_joint(bigint, int, int, int, int);
drop view if exists simulated_wins_distribution;
drop view if exists simulated_advancement;
drop view if exists simulated_tournaments;
drop function if exists outcome_wins(bytea, int);
drop table if exists simulated_outcome_counts;
drop table if exists run_bracket_teams;
drop table if exists simulated_outcomes cascade;
alter table simulated_tournament_rows rename to simulated_tournaments;
do $$ declare p record; begin for p in select n.nspname, c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_namespace n on n.oid = c.relnamespace where i.inhparent = 'simulated_tournaments'::regclass loop execute format('alter table %I.%I rename to %I', p.nspname, p.relname, replace(p.relname, 'simulated_tournament_rows_r', 'simulated_tournaments_r')); end loop; end $$;
