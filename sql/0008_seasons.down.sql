drop table if exists season_game_importance;
drop table if exists season_team_places;
drop table if exists season_team_results;
