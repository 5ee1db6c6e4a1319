import { writeFile } from 'node:fs/promises';
import { InputError, OptionError } from '../../core/errors.js';
import { readText } from '../../engine/field/load-field.js';
import { readCsvRows } from '../../engine/games/csv-rows.js';
import { parseGenericGames } from '../../engine/games/generic.js';
import { byDate, playedGames } from '../../engine/games/types.js';
import { eloConfig, replayElo, type EloReplay } from '../../engine/models/elo.js';
import type { Game } from '../../engine/games/types.js';
import { parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { renderCsv } from '../table.js';

export const help = `Usage: simcast ratings replay --league nfl|nba --games FILE [--initial FILE] [--out FILE] [--store]

Replays the played games of FILE (the generic games CSV: date, season, home, away, home_score, away_score,
neutral, spread, total; team columns hold ids) in date order through the league's Elo preset
(FiveThirtyEight's rules, docs/models.md) and writes one CSV row per game:
  date, season, home, away, home_elo_pre, away_elo_pre, home_win_prob, home_elo_post, away_elo_post
Rows the games file cannot support are reported on stderr and skipped.

Options:
  --league nfl|nba     Elo preset
  --games FILE         games, generic CSV
  --initial FILE       CSV (team, rating): the rating each listed team enters its first game with
  --out FILE           write the CSV here (default: stdout)
  --store              also store team_ratings_history (the default when DATABASE_URL is set)
  --no-store           never store
${DB_HELP}`;

export function parseInitialRatings(text: string, source: string): Map<string, number> {
  const { rows } = readCsvRows(text, source, ['team', 'rating']);
  const out = new Map<string, number>();
  for (const r of rows) {
    const team = r.get('team');
    const raw = r.get('rating');
    const v = raw === '' ? NaN : Number(raw);
    if (!team) throw new InputError('CSV_INVALID', 'team is empty', { location: { file: source, line: r.line, field: 'team' } });
    if (!Number.isFinite(v)) throw new InputError('RATING_INVALID', `rating must be a finite number (got '${raw}')`, { location: { file: source, line: r.line, field: 'rating' } });
    if (out.has(team)) throw new InputError('TEAM_DUPLICATE', `team '${team}' is listed twice`, { location: { file: source, line: r.line, field: 'team' } });
    out.set(team, v);
  }
  return out;
}

export function replayRows(games: readonly Game[], r: EloReplay): (string | number)[][] {
  const f = (x: number) => Math.round(x * 1e4) / 1e4;
  return games.map((g, i) => [g.date, g.season, g.home, g.away, f(r.homePre[i]), f(r.awayPre[i]), Math.round(r.pHome[i] * 1e6) / 1e6, f(r.homePost[i]), f(r.awayPost[i])]);
}

export const REPLAY_COLUMNS = ['date', 'season', 'home', 'away', 'home_elo_pre', 'away_elo_pre', 'home_win_prob', 'home_elo_post', 'away_elo_post'];

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      ...DB_OPTIONS,
      league: { type: 'string' },
      games: { type: 'string' },
      initial: { type: 'string' },
      out: { type: 'string' },
      store: { type: 'boolean' },
      'no-store': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (positionals[0] !== 'replay' || positionals.length !== 1) throw new OptionError(`options.action must be replay (got '${positionals.join(' ')}')`);
  const league = values.league;
  if (league !== 'nfl' && league !== 'nba') throw new OptionError(`options.league must be nfl or nba (got '${league ?? ''}')`);
  if (!values.games) throw new OptionError('options.games is required (a generic games CSV)');
  const t0 = performance.now();
  const parsed = parseGenericGames(await readText(values.games), values.games);
  for (const r of parsed.rejected) process.stderr.write(`simcast: warning: ${values.games}:${r.line}: ${r.reason} (skipped)\n`);
  const initial = values.initial ? parseInitialRatings(await readText(values.initial), values.initial) : undefined;
  const games = byDate(playedGames(parsed.games));
  const t1 = performance.now();
  const replay = replayElo(games, eloConfig(league), initial);
  const t2 = performance.now();
  const csv = renderCsv(REPLAY_COLUMNS, replayRows(games, replay));
  if (values.out) await writeFile(values.out, csv);
  else process.stdout.write(csv);
  process.stderr.write(`replayed ${games.length} games in ${(t2 - t1).toFixed(1)} ms (read ${(t1 - t0).toFixed(0)} ms)\n`);
  const store = values['no-store'] ? false : (values.store ?? Boolean(process.env.DATABASE_URL));
  if (store) {
    const db = await openCliDb(values);
    try {
      const n = await storeRatingsHistory(db, league, games, replay);
      process.stderr.write(`stored ${n} team ratings in team_ratings_history (${db.description})\n`);
    } finally {
      await db.close();
    }
  }
  return 0;
}

/** Upserts two rows per game (home and away) into team_ratings_history, keyed (league, model, team, game_date). */
export async function storeRatingsHistory(db: import('../../store/db.js').Db, league: string, games: readonly Game[], r: EloReplay, batch = 500): Promise<number> {
  let n = 0;
  await db.transaction(async (tx) => {
    for (let s = 0; s < games.length; s += batch) {
      const params: unknown[] = [];
      const values: string[] = [];
      for (let i = s; i < Math.min(games.length, s + batch); i++) {
        const g = games[i];
        for (const [team, pre, post] of [[g.home, r.homePre[i], r.homePost[i]], [g.away, r.awayPre[i], r.awayPost[i]]] as const) {
          const b = params.length;
          params.push(league, team, g.date, g.season, pre, post, g.home, g.away);
          values.push(`($${b + 1}, 'elo', $${b + 2}, $${b + 3}::date, $${b + 4}::int, (select id from games_history h where h.league = $${b + 1} and h.game_date = $${b + 3}::date and h.home = $${b + 7} and h.away = $${b + 8}), $${b + 5}::float8, $${b + 6}::float8)`);
        }
      }
      const res = await tx.query(
        `insert into team_ratings_history (league, model, team, game_date, season, game_id, rating_pre, rating_post) values ${values.join(', ')}
         on conflict (league, model, team, game_date) do update set season = excluded.season, game_id = excluded.game_id, rating_pre = excluded.rating_pre, rating_post = excluded.rating_post`,
        params,
      );
      n += res.rowCount;
    }
  });
  return n;
}
