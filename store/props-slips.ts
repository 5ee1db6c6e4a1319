// Users (API keys stored as SHA-256 hashes, never in clear), their saved slips (visible to their owner
// only), snapshots of prop prices (locked ones frozen by the database's triggers: SQLSTATE P0409 comes
// back as SNAPSHOT_LOCKED) and their markets.
import { createHash, randomBytes } from 'node:crypto';
import { RequestError, StoreError } from '../core/errors.js';
import type { Queryable } from './db.js';
import { iso } from './iso-time.js';

interface Tx {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface UserRow {
  id: number;
  name: string;
  tier: string;
  status: string;
}

/** A new user and its API key (returned once: only its hash is kept). */
export async function createUser(db: Queryable, name: string, tier = 'free'): Promise<UserRow & { apiKey: string }> {
  const apiKey = `sk_${randomBytes(24).toString('base64url')}`;
  const r = await db.query<UserRow>('insert into users (name, api_key_hash, tier) values ($1, $2, $3) returning id::int as id, name, tier, status', [
    name,
    hashApiKey(apiKey),
    tier,
  ]);
  return { ...r.rows[0], apiKey };
}

export async function userByApiKey(db: Queryable, apiKey: string): Promise<UserRow | null> {
  const r = await db.query<UserRow>('select id::int as id, name, tier, status from users where api_key_hash = $1', [hashApiKey(apiKey)]);
  return r.rows[0] ?? null;
}

/** Changes a user's tier or status (suspended keys are refused); null when there is no such user. */
export async function updateUser(db: Queryable, id: number, change: { tier?: string; status?: string }): Promise<UserRow | null> {
  const r = await db.query<UserRow>(
    'update users set tier = coalesce($2, tier), status = coalesce($3, status) where id = $1 returning id::int as id, name, tier, status',
    [id, change.tier ?? null, change.status ?? null],
  );
  return r.rows[0] ?? null;
}

/** Removes the user with their slips and experiments (on delete cascade). */
export async function deleteUser(db: Queryable, id: number): Promise<boolean> {
  return (await db.query('delete from users where id = $1', [id])).rowCount > 0;
}

export interface SlipToSave {
  league: string;
  snapshotId: number | null;
  legs: unknown;
  stake: number;
  payout: unknown;
  pJoint: number;
  ev: number;
  variance: number;
  valueAtRisk: number;
  correlations: unknown;
  kelly: number;
  placed: boolean;
}

export interface SavedSlip extends SlipToSave {
  id: number;
  userId: number;
  createdAt: string;
}

const SLIP_COLUMNS = `id::int as id, user_id::int as "userId", snapshot_id::int as "snapshotId", league, legs, stake, payout, p_joint as "pJoint", ev, variance,
  value_at_risk as "valueAtRisk", correlations, kelly, placed, ${iso('created_at', '"createdAt"')}`;

export async function insertSlip(db: Queryable, userId: number, s: SlipToSave): Promise<SavedSlip> {
  const r = await db.query<SavedSlip>(
    `insert into slips (user_id, snapshot_id, league, legs, stake, payout, p_joint, ev, variance, value_at_risk, correlations, kelly, placed)
     values ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $10, $11::jsonb, $12, $13) returning ${SLIP_COLUMNS}`,
    [
      userId,
      s.snapshotId,
      s.league,
      JSON.stringify(s.legs),
      s.stake,
      JSON.stringify(s.payout),
      s.pJoint,
      s.ev,
      s.variance,
      s.valueAtRisk,
      JSON.stringify(s.correlations),
      s.kelly,
      s.placed,
    ],
  );
  return r.rows[0];
}

export async function listSlips(db: Queryable, userId: number, page: { offset: number; limit: number }): Promise<SavedSlip[]> {
  const r = await db.query<SavedSlip>(`select ${SLIP_COLUMNS} from slips where user_id = $1 order by created_at desc, id desc offset $2 limit $3`, [
    userId,
    page.offset,
    page.limit,
  ]);
  return r.rows;
}

/** The user's slip; another user's slip is as absent as a missing one. */
export async function getSlip(db: Queryable, userId: number, id: number): Promise<SavedSlip> {
  const r = await db.query<SavedSlip>(`select ${SLIP_COLUMNS} from slips where user_id = $1 and id = $2`, [userId, id]);
  if (!r.rows[0]) throw new RequestError('NOT_FOUND', `slip ${id} does not exist`);
  return r.rows[0];
}

// ---------------------------------------------------------------- snapshots

export interface SnapshotRow {
  id: number;
  league: string;
  season: number | null;
  week: number | null;
  version: number;
  config: unknown;
  modelVersion: string;
  tags: string[];
  lockedAt: string | null;
  createdAt: string;
}

export interface MarketRow {
  id: number;
  gameId: string;
  playerId: string | null;
  stat: string;
  line: number;
  overOdds: number | null;
  underOdds: number | null;
  pOver: number | null;
  pPush: number | null;
  pUnder: number | null;
}

export type MarketToSave = Omit<MarketRow, 'id'>;

const SNAPSHOT_COLUMNS = `id::int as id, league, season, week, version, config, model_version as "modelVersion", tags,
  case when locked_at is null then null else ${iso('locked_at', 'x').replace(/ as x$/, '')} end as "lockedAt", ${iso('created_at', '"createdAt"')}`;

/** The triggers' refusal (SQLSTATE P0409) as SNAPSHOT_LOCKED; other errors unchanged. */
function lockedError(id: number, e: unknown): unknown {
  return (e as { code?: string }).code === 'P0409' ? new StoreError('SNAPSHOT_LOCKED', `snapshot ${id} is locked: its prices and settings cannot change`) : e;
}

export async function createSnapshot(
  db: Queryable,
  s: { league: string; season: number | null; week: number | null; config: unknown; modelVersion: string; tags: string[] },
): Promise<SnapshotRow> {
  // a new snapshot of the same league and week is the next version
  const r = await db.query<SnapshotRow>(
    `insert into snapshots (league, season, week, version, config, model_version, tags)
     values ($1, $2, $3, (select coalesce(max(version), 0) + 1 from snapshots where league = $1 and season is not distinct from $2 and week is not distinct from $3), $4::jsonb, $5, $6::text[])
     returning ${SNAPSHOT_COLUMNS}`,
    [s.league, s.season, s.week, JSON.stringify(s.config), s.modelVersion, s.tags],
  );
  return r.rows[0];
}

export async function addMarkets(db: Tx, snapshotId: number, league: string, markets: readonly MarketToSave[]): Promise<number> {
  try {
    return await db.transaction(async (tx) => {
      const r = await tx.query(
        `insert into prop_markets (snapshot_id, league, game_id, player_id, stat, line, over_odds, under_odds, p_over, p_push, p_under)
         select $1, $2, u.g, u.p, u.s, u.l, u.oo, u.uo, u.po, u.pp, u.pu
         from unnest($3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[]) as u(g, p, s, l, oo, uo, po, pp, pu)`,
        [
          snapshotId,
          league,
          markets.map((m) => m.gameId),
          markets.map((m) => m.playerId),
          markets.map((m) => m.stat),
          markets.map((m) => m.line),
          markets.map((m) => m.overOdds),
          markets.map((m) => m.underOdds),
          markets.map((m) => m.pOver),
          markets.map((m) => m.pPush),
          markets.map((m) => m.pUnder),
        ],
      );
      return r.rowCount;
    });
  } catch (e) {
    throw lockedError(snapshotId, e);
  }
}

export async function getSnapshot(db: Queryable, id: number): Promise<SnapshotRow & { markets: MarketRow[] }> {
  const r = await db.query<SnapshotRow>(`select ${SNAPSHOT_COLUMNS} from snapshots where id = $1`, [id]);
  if (!r.rows[0]) throw new RequestError('NOT_FOUND', `snapshot ${id} does not exist`);
  const m = await db.query<MarketRow>(
    `select id::int as id, game_id as "gameId", player_id as "playerId", stat, line, over_odds as "overOdds", under_odds as "underOdds",
            p_over as "pOver", p_push as "pPush", p_under as "pUnder" from prop_markets where snapshot_id = $1 order by id`,
    [id],
  );
  return { ...r.rows[0], markets: m.rows };
}

/** Locks the snapshot (once: locking a locked snapshot is a change, refused like any other). */
export async function lockSnapshot(db: Queryable, id: number): Promise<SnapshotRow> {
  try {
    const r = await db.query<SnapshotRow>(`update snapshots set locked_at = now() where id = $1 returning ${SNAPSHOT_COLUMNS}`, [id]);
    if (!r.rows[0]) throw new RequestError('NOT_FOUND', `snapshot ${id} does not exist`);
    return r.rows[0];
  } catch (e) {
    throw lockedError(id, e);
  }
}

export async function updateSnapshotTags(db: Queryable, id: number, tags: string[]): Promise<SnapshotRow> {
  try {
    const r = await db.query<SnapshotRow>(`update snapshots set tags = $2::text[] where id = $1 returning ${SNAPSHOT_COLUMNS}`, [id, tags]);
    if (!r.rows[0]) throw new RequestError('NOT_FOUND', `snapshot ${id} does not exist`);
    return r.rows[0];
  } catch (e) {
    throw lockedError(id, e);
  }
}

export async function deleteSnapshot(db: Queryable, id: number): Promise<boolean> {
  try {
    return (await db.query('delete from snapshots where id = $1', [id])).rowCount > 0;
  } catch (e) {
    throw lockedError(id, e);
  }
}
