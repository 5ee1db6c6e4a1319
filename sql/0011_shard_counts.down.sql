-- Back to a row per team and win count for each shard's counts.
create table simulated_outcome_counts_rows (
  run_id bigint not null references runs (id) on delete cascade,
  shard_index int not null,
  team_key int not null,
  wins smallint not null,
  sims bigint not null,
  primary key (run_id, shard_index, team_key, wins)
);
insert into simulated_outcome_counts_rows select run_id, shard_index, team_key, wins, sims from simulated_outcome_counts;
drop view simulated_wins_distribution;
drop view simulated_advancement;
drop view simulated_outcome_counts;
drop table simulated_shard_counts;
alter table simulated_outcome_counts_rows rename to simulated_outcome_counts;
alter index simulated_outcome_counts_rows_pkey rename to simulated_outcome_counts_pkey;
alter table simulated_outcome_counts rename constraint simulated_outcome_counts_rows_run_id_fkey to simulated_outcome_counts_run_id_fkey;

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

