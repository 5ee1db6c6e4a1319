-- Experiments run as jobs (docs/props.md): a run of kind 'props-backtest' computes an experiment, and
-- the experiment names its run (null when the run is deleted; the experiment and its metrics stay).
alter table runs drop constraint runs_kind_check;
alter table runs add constraint runs_kind_check check (kind in ('tournament', 'season', 'calcutta', 'slate', 'pool', 'props-backtest'));
alter table experiments add column run_id bigint references runs (id) on delete set null;
