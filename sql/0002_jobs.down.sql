drop table if exists season_team_outcomes;
drop table if exists run_results;
alter table runs drop column if exists queue;
alter table runs drop column if exists spec;
update runs set status = 'failed' where status = 'queued';
alter table runs drop constraint runs_status_check;
alter table runs add constraint runs_status_check check (status in ('running', 'complete', 'failed', 'cancelled'));
