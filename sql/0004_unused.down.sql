drop view latest_advancement;
drop view run_title_odds;

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

create view run_advancement as
select a.run_id, r.tournament_id, a.team_key, t.name as team, t.seed, t.region, t.rating, a.round, a.probability
from advancement_probabilities a
join runs r on r.id = a.run_id
join tournament_teams t on t.tournament_id = r.tournament_id and t.team_key = a.team_key;

create view run_title_odds as
select ra.run_id, ra.tournament_id, ra.team_key, ra.team, ra.seed, ra.region, ra.probability as title_probability
from run_advancement ra
join runs r on r.id = ra.run_id and r.status = 'complete'
where ra.round = (select max(a2.round) from advancement_probabilities a2 where a2.run_id = ra.run_id);

create view latest_tournament_runs as
select distinct on (tournament_id) id as run_id, tournament_id, sims, seed, finished_at
from runs
where status = 'complete' and tournament_id is not null
order by tournament_id, finished_at desc;

create view latest_advancement as
select l.tournament_id, l.run_id, l.sims, l.finished_at, ra.team_key, ra.team, ra.seed, ra.region, ra.round, ra.probability
from latest_tournament_runs l
join run_advancement ra on ra.run_id = l.run_id;

create view run_progress as
select r.id as run_id, r.kind, r.status, r.shards_planned, count(s.shard_index)::int as shards_in,
       coalesce(sum(s.rows), 0)::bigint as rows_in, max(s.done_at) as last_shard_at
from runs r
left join run_shards s on s.run_id = r.id
group by r.id;
