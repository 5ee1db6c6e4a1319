-- Bracket pools (docs/pools.md): runs of kind 'pool' (an optimisation or the evaluation of a given
-- entry), their entries with hold-out figures, the entries' score per simulated tournament (written by
-- COPY), score percentiles, and which games matter for the chosen entry.
alter table runs drop constraint runs_kind_check;
alter table runs add constraint runs_kind_check check (kind in ('tournament', 'season', 'calcutta', 'slate', 'pool'));

create table pool_runs (
  run_id bigint primary key references runs (id) on delete cascade,
  mode text not null check (mode in ('optimize', 'evaluate')),
  opponents int not null check (opponents > 0),
  opponent_model text not null,
  payouts jsonb not null,
  round_points jsonb not null,
  seed_bonus jsonb,
  combine text not null,
  sims int not null check (sims > 0),
  holdout_sims int not null check (holdout_sims > 0),
  holdout_seed text not null,
  chosen text not null,
  win_ratio double precision,
  win_ratio_se double precision,
  params jsonb not null default '{}'
);

-- Entry 0 is the chosen (or evaluated) entry, entry 1 chalk, 2.. the rest of a portfolio.
create table pool_entries (
  run_id bigint not null references runs (id) on delete cascade,
  entry int not null check (entry >= 0),
  label text not null,
  champion text,
  bracket jsonb not null,
  win_probability double precision,
  win_probability_se double precision,
  expected_prize double precision,
  expected_prize_se double precision,
  expected_score double precision not null,
  primary key (run_id, entry)
);

-- One row per entry per scored tournament (the hold-out's for an optimisation, the run's own for an
-- evaluation); no key (bulk, by COPY), one index for reading an entry's scores in order.
create table pool_entry_scores (
  run_id bigint not null references runs (id) on delete cascade,
  entry int not null,
  sim_id int not null,
  score int not null
);
create index pool_entry_scores_idx on pool_entry_scores (run_id, entry, sim_id);

create table pool_entry_percentiles (
  run_id bigint not null references runs (id) on delete cascade,
  entry int not null,
  percentile int not null check (percentile between 0 and 100),
  score double precision not null,
  primary key (run_id, entry, percentile)
);

-- Game importance for the chosen entry's expected prize: swing = |P(X | A) - P(X | B)|, importance =
-- 2 p (1 - p) swing with p = P(A).
create table pool_game_importance (
  run_id bigint not null references runs (id) on delete cascade,
  game int not null,
  round int not null,
  side_a text not null,
  side_b text not null,
  p_a double precision not null,
  given_a double precision,
  given_b double precision,
  swing double precision,
  importance double precision,
  primary key (run_id, game)
);
create index pool_game_importance_rank_idx on pool_game_importance (run_id, importance desc nulls last);
