// The prop models' histories in Postgres: player games, schedules, sportsbook prices and player aliases.
// Validated rows (the engine's parsers) go in by idempotent upserts keyed on each feed's natural key, one
// transaction per batch; a row whose stored value is the same is left untouched, so a second import of a
// file changes nothing. Each parsed row is kept whole (jsonb, without its source line) so loading gives
// the engine back exactly what its parser made.
import type { Queryable } from './db.js';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

interface Tx {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** One stored row of a feed: its key columns and the parsed row. */
export interface StoredRow {
  key: readonly (string | number)[];
  row: object;
}

interface FeedTable {
  table: string;
  /** key columns after league, with their SQL array types */
  keys: readonly (readonly [string, string])[];
  conflict: string;
}

export const PLAYER_STATS_TABLE: FeedTable = {
  table: 'player_game_stats',
  keys: [
    ['player_id', 'text'],
    ['game_key', 'text'],
    ['season', 'int'],
    ['player_name', 'text'],
    ['team', 'text'],
    ['opponent', 'text'],
  ],
  conflict: 'league, player_id, game_key',
};

export const SCHEDULES_TABLE: FeedTable = {
  table: 'game_schedules',
  keys: [
    ['game_id', 'text'],
    ['season', 'int'],
    ['game_date', 'date'],
    ['home', 'text'],
    ['away', 'text'],
  ],
  conflict: 'league, game_id',
};

export const PRICES_TABLE: FeedTable = {
  table: 'prop_prices',
  keys: [
    ['player', 'text'],
    ['game', 'text'],
    ['game_time', 'timestamptz'],
    ['market', 'text'],
    ['line', 'float8'],
    ['bookmaker', 'text'],
    ['over_odds', 'float8'],
    ['under_odds', 'float8'],
  ],
  conflict: 'league, player, game_time, market, line, bookmaker',
};

/** The parsed row without its source line (the same row from two files is the same stored value). */
function storedJson(row: object): string {
  const { line: _line, ...rest } = row as { line?: number };
  return JSON.stringify(rest);
}

export async function upsertFeedRows(db: Tx, feed: FeedTable, league: string, source: string, rows: readonly StoredRow[], batch = 2000): Promise<UpsertCounts> {
  const c: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const cols = feed.keys.map(([name]) => name);
  const conflictCols = new Set(feed.conflict.split(',').map((s) => s.trim()));
  const updatable = [...cols.filter((n) => !conflictCols.has(n)), 'row', 'source'];
  const sql = `insert into ${feed.table} (league, ${cols.join(', ')}, row, source)
    select $1, ${cols.map((n) => `u.${n}`).join(', ')}, u.row::jsonb, $2
    from unnest(${feed.keys.map(([, t], i) => `$${i + 3}::${t}[]`).join(', ')}, $${feed.keys.length + 3}::text[]) as u(${cols.join(', ')}, row)
    on conflict (${feed.conflict}) do update set ${updatable.map((n) => `${n} = excluded.${n}`).join(', ')}, updated_at = now()
    where (${updatable.map((n) => `${feed.table}.${n}`).join(', ')}) is distinct from (${updatable.map((n) => `excluded.${n}`).join(', ')})
    returning (xmax = 0) as inserted`;
  for (let s = 0; s < rows.length; s += batch) {
    const part = rows.slice(s, s + batch);
    // one transaction per batch: a failed batch leaves none of its rows
    await db.transaction(async (tx) => {
      const params: unknown[] = [league, source, ...feed.keys.map((_, k) => part.map((r) => r.key[k])), part.map((r) => storedJson(r.row))];
      const r = await tx.query<{ inserted: boolean }>(sql, params);
      const ins = r.rows.filter((x) => x.inserted).length;
      c.inserted += ins;
      c.updated += r.rows.length - ins;
      c.unchanged += part.length - r.rows.length;
    });
  }
  return c;
}

/** Every stored row of a feed for a league, in key order (the engine's parsers' row objects, line 0). */
export async function loadFeedRows<T>(db: Queryable, feed: FeedTable, league: string): Promise<T[]> {
  const order = feed.conflict
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== 'league')
    .join(', ');
  const r = await db.query<{ row: Record<string, unknown> }>(`select row from ${feed.table} where league = $1 order by ${order}`, [league]);
  return r.rows.map((x) => ({ line: 0, ...x.row }) as T);
}

/** Rows and the latest change of each feed of a league: names the data a model was fitted on. */
export async function feedVersion(db: Queryable, league: string): Promise<string> {
  const parts: string[] = [];
  for (const t of ['player_game_stats', 'game_schedules', 'prop_prices', 'player_aliases']) {
    const stamp = t === 'player_aliases' ? 'created_at' : 'updated_at';
    const r = await db.query<{ n: number; at: string | null }>(
      `select count(*)::int as n, to_char(max(${stamp}) at time zone 'UTC', 'YYYYMMDDHH24MISSUS') as at from ${t} where league = $1`,
      [league],
    );
    parts.push(`${r.rows[0].n}.${r.rows[0].at ?? '0'}`);
  }
  return parts.join('-');
}

export interface StoredAlias {
  alias: string;
  name: string;
}

export async function upsertAliases(db: Tx, league: string, aliases: readonly (StoredAlias & { key: string })[]): Promise<UpsertCounts> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ inserted: boolean }>(
      `insert into player_aliases (league, alias, alias_key, name)
       select $1, u.alias, u.k, u.name from unnest($2::text[], $3::text[], $4::text[]) as u(alias, k, name)
       on conflict (league, alias_key) do update set alias = excluded.alias, name = excluded.name
       where (player_aliases.alias, player_aliases.name) is distinct from (excluded.alias, excluded.name)
       returning (xmax = 0) as inserted`,
      [league, aliases.map((a) => a.alias), aliases.map((a) => a.key), aliases.map((a) => a.name)],
    );
    const ins = r.rows.filter((x) => x.inserted).length;
    return { inserted: ins, updated: r.rows.length - ins, unchanged: aliases.length - r.rows.length };
  });
}

export async function loadAliases(db: Queryable, league: string): Promise<StoredAlias[]> {
  const r = await db.query<StoredAlias>('select alias, name from player_aliases where league = $1 order by alias_key', [league]);
  return r.rows;
}
