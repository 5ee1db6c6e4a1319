-- Objects nothing reads or writes: the intermediate views (run_advancement, latest_tournament_runs),
-- run_progress and predictions_log. The two views analysts do read, run_title_odds and
-- latest_advancement, are rebuilt without them, with the same columns and answers.

drop view latest_advancement;
drop view run_progress;
drop view run_title_odds;
drop view latest_tournament_runs;
drop view run_advancement;
drop table predictions_log;

-- Title odds per complete run: the probability of winning the last round.
create view run_title_odds as
select a.run_id, r.tournament_id, a.team_key, t.name as team, t.seed, t.region, a.probability as title_probability
from advancement_probabilities a
join runs r on r.id = a.run_id and r.status = 'complete'
join tournament_teams t on t.tournament_id = r.tournament_id and t.team_key = a.team_key
where a.round = (select max(a2.round) from advancement_probabilities a2 where a2.run_id = a.run_id);

-- Advancement (with team names) of the latest complete run of each tournament.
create view latest_advancement as
select l.tournament_id, l.run_id, l.sims, l.finished_at, a.team_key, t.name as team, t.seed, t.region, a.round, a.probability
from (select distinct on (tournament_id) id as run_id, tournament_id, sims, finished_at
      from runs where status = 'complete' and tournament_id is not null
      order by tournament_id, finished_at desc) l
join advancement_probabilities a on a.run_id = l.run_id
join tournament_teams t on t.tournament_id = l.tournament_id and t.team_key = a.team_key;
