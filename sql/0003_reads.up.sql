-- Reads the API and analytics users make often: rankings of team value by run, runs by kind, and the
-- advancement table of each tournament's latest complete run.

create index team_tournament_value_rank_idx on team_tournament_value (run_id, expected_wins desc);
create index runs_kind_idx on runs (kind, started_at desc);

-- Advancement (with team names) of the latest complete run of each tournament.
create view latest_advancement as
select l.tournament_id, l.run_id, l.sims, l.finished_at, ra.team_key, ra.team, ra.seed, ra.region, ra.round, ra.probability
from latest_tournament_runs l
join run_advancement ra on ra.run_id = l.run_id;

-- Shards of each run with how far it got: a run is complete only when shards_done = shards_planned.
create view run_progress as
select r.id as run_id, r.kind, r.status, r.shards_planned, count(s.shard_index)::int as shards_in,
       coalesce(sum(s.rows), 0)::bigint as rows_in, max(s.done_at) as last_shard_at
from runs r
left join run_shards s on s.run_id = r.id
group by r.id;
