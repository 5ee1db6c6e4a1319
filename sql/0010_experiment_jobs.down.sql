alter table experiments drop column run_id;
delete from runs where kind = 'props-backtest';
alter table runs drop constraint runs_kind_check;
alter table runs add constraint runs_kind_check check (kind in ('tournament', 'season', 'calcutta', 'slate', 'pool'));
