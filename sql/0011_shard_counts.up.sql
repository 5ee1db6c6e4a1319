-- Per-shard win counts in one row a shard (three parallel arrays: team, wins, simulations) instead of a
-- row per team and win count. A shard of the 2016 field wrote about 400 rows, each checked against
-- `runs` by its foreign key: about 5 ms of the server's time a shard on the writer's critical path
-- (bench/RESULTS.md). `simulated_outcome_counts` stays, as a view with the same columns and answers.
create table simulated_shard_counts (
  run_id bigint not null references runs (id) on delete cascade,
  shard_index int not null,
  team_keys int[] not null,
  wins int2[] not null,
  sims int8[] not null,
  primary key (run_id, shard_index)
);

insert into simulated_shard_counts (run_id, shard_index, team_keys, wins, sims)
select run_id, shard_index, array_agg(team_key order by team_key, wins), array_agg(wins order by team_key, wins),
       array_agg(sims order by team_key, wins)
from simulated_outcome_counts
group by run_id, shard_index;

drop view simulated_wins_distribution;
drop view simulated_advancement;
drop table simulated_outcome_counts;

create view simulated_outcome_counts as
select s.run_id, s.shard_index, u.team_key, u.wins, u.sims
from simulated_shard_counts s
cross join lateral unnest(s.team_keys, s.wins, s.sims) as u(team_key, wins, sims);

-- P(win through round r) per team and round of a compact-rows run, from the per-shard counts (the same
-- numbers as advancement_probabilities, and as the run's report: rounds before a team's first game
-- count as won).
create view simulated_advancement as
select b.run_id, b.team_key, b.name as team, b.seed, b.region, r.round::smallint as round,
       case when r.round < b.first_round then 1::float8
            else coalesce(sum(c.sims) filter (where c.wins >= r.round - b.first_round + 1), 0)::float8 / sum(c.sims)::float8 end as probability
from run_bracket_teams b
cross join generate_series(1, b.rounds::int) r(round)
join simulated_outcome_counts c on c.run_id = b.run_id and c.team_key = b.team_key
group by b.run_id, b.team_key, b.name, b.seed, b.region, b.first_round, r.round;

-- Each team's wins distribution of a compact-rows run: P(exactly `wins` wins), from the counts.
create view simulated_wins_distribution as
select c.run_id, c.team_key, b.name as team, c.wins, sum(c.sims)::float8 / t.total::float8 as probability
from simulated_outcome_counts c
join run_bracket_teams b on b.run_id = c.run_id and b.team_key = c.team_key
join (select run_id, team_key, sum(sims) as total from simulated_outcome_counts group by run_id, team_key) t
  on t.run_id = c.run_id and t.team_key = c.team_key
group by c.run_id, c.team_key, b.name, c.wins, t.total;

