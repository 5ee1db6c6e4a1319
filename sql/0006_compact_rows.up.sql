-- Compact per-simulation rows: one row per simulation (run, sim, every team's wins packed four bits a
-- team) instead of one row per team per simulation; ~80 bytes a simulation on disk instead of ~3,000.
-- The old table stays readable under a new name, and simulated_tournaments becomes a view over both
-- layouts with the same columns and answers, so SQL written against it keeps working.

alter table simulated_tournaments rename to simulated_tournament_rows;
-- Its per-run partitions follow the new name (partitionName: simulated_tournament_rows_r<run id>).
do $$ declare p record; begin for p in select n.nspname, c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_namespace n on n.oid = c.relnamespace where i.inhparent = 'simulated_tournament_rows'::regclass loop execute format('alter table %I.%I rename to %I', p.nspname, p.relname, replace(p.relname, 'simulated_tournaments_r', 'simulated_tournament_rows_r')); end loop; end $$;

-- One row per simulation. wins: byte k holds team 2k's wins in its low four bits and team 2k+1's in its
-- high four bits (team = the kernels' team index; at most 15 wins, a 32,768-team bracket). Partitioned
-- by run like the other per-simulation tables; no index (rows are unique by shard, see sql/README.md).
create table simulated_outcomes (
  run_id bigint not null,
  sim_id bigint not null,
  wins bytea not null
) partition by list (run_id);

-- The teams of a run as its kernel numbered them, with what decoding needs: the round each team enters
-- (1 = play-in, 2 + byes otherwise) and the number of rounds (title = rounds - first_round + 1 wins).
create table run_bracket_teams (
  run_id bigint not null references runs (id) on delete cascade,
  team_key int not null,
  name text not null,
  seed int,
  region text,
  first_round smallint not null,
  byes smallint not null,
  rounds smallint not null,
  primary key (run_id, team_key)
);

-- Per shard, how many of its simulations each team ended with exactly `wins` wins: written in the
-- shard's transaction with its rows, so advancement and wins distributions never scan the rows.
create table simulated_outcome_counts (
  run_id bigint not null references runs (id) on delete cascade,
  shard_index int not null,
  team_key int not null,
  wins smallint not null,
  sims bigint not null,
  primary key (run_id, shard_index, team_key, wins)
);

-- Team `team_key`'s wins in a packed outcome (inlined by the planner: a plain expression per row).
create function outcome_wins(packed bytea, team_key int) returns smallint language sql immutable strict parallel safe as $$ select ((get_byte(packed, team_key >> 1) >> ((team_key & 1) << 2)) & 15)::smallint $$;

-- The per-team relation of both layouts, with the columns it always had.
create view simulated_tournaments as
select run_id, sim_id, team_key, wins, byes, eliminated from simulated_tournament_rows
union all
select o.run_id, o.sim_id, b.team_key::smallint, outcome_wins(o.wins, b.team_key), b.byes,
       outcome_wins(o.wins, b.team_key) <> b.rounds - b.first_round + 1
from simulated_outcomes o
join run_bracket_teams b on b.run_id = o.run_id;

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

-- Joint outcomes: P(team A wins through round round_a AND team B wins through round round_b), over the
-- run's rows (rounds as in simulated_advancement).
create function simulated_joint(p_run bigint, team_a int, round_a int, team_b int, round_b int) returns double precision language sql stable as $$ select count(*) filter (where outcome_wins(o.wins, a.team_key) >= round_a - a.first_round + 1 and outcome_wins(o.wins, b.team_key) >= round_b - b.first_round + 1)::float8 / nullif(count(*), 0)::float8 from simulated_outcomes o join run_bracket_teams a on a.run_id = o.run_id and a.team_key = team_a join run_bracket_teams b on b.run_id = o.run_id and b.team_key = team_b where o.run_id = p_run $$;

-- Calcutta points per simulation and team: round_points[r] is what winning round r scores (r = 1 the
-- play-in; rounds skipped by a bye score nothing), so a team entering in round f with k wins scores
-- round_points[f] + ... + round_points[f + k - 1]. Join entry_bids to score entries.
create function simulated_team_points(p_run bigint, round_points float8[]) returns table (sim_id bigint, team_key int, points float8) language sql stable as $$ with pts as (select b.team_key, k.wins, coalesce((select sum(coalesce(round_points[r], 0)) from generate_series(b.first_round, b.first_round + k.wins - 1) r), 0)::float8 as points from run_bracket_teams b cross join lateral generate_series(0, b.rounds - b.first_round + 1) k(wins) where b.run_id = p_run) select o.sim_id, p.team_key, p.points from simulated_outcomes o join run_bracket_teams b on b.run_id = o.run_id join pts p on p.team_key = b.team_key and p.wins = outcome_wins(o.wins, b.team_key) where o.run_id = p_run $$;
