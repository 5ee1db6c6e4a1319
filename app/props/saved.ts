// Saved slips, users and snapshots: the pricing of app/props/price.ts, then the store
// (store/props-slips.ts). A user is found by the API key the request carries (app/props/tiers.ts).
import { StoreError } from '../../core/errors.js';
import { VERSION } from '../../core/version.js';
import type { Db } from '../../store/db.js';
import { addMarkets, createSnapshot, getSnapshot, insertSlip, type SavedSlip, type UserRow } from '../../store/props-slips.js';
import type { LegRequest, SlipRequest } from './price.js';
import type { PropsService } from './service.js';

export { getSlip, listSlips, getSnapshot, lockSnapshot, createUser, deleteUser, updateUser } from '../../store/props-slips.js';

export async function saveSlip(
  db: Db,
  props: PropsService,
  user: UserRow,
  req: SlipRequest & { placed?: boolean; snapshotId?: number },
): Promise<SavedSlip & { report: unknown }> {
  const { placed, snapshotId, ...slip } = req;
  if (snapshotId !== undefined) await getSnapshot(db, snapshotId); // 404 when absent
  const priced = await props.priceSlip(slip);
  const saved = await insertSlip(db, user.id, {
    league: priced.league,
    snapshotId: snapshotId ?? null,
    legs: priced.legs,
    stake: priced.slip.stake,
    payout: slip.payout,
    pJoint: priced.slip.pJoint,
    ev: priced.slip.expectedProfit,
    variance: priced.slip.variance,
    valueAtRisk: priced.slip.valueAtRisk,
    correlations: priced.pairs.map((p, k) => ({ ...p, phi: priced.slip.pairs[k]?.phi ?? null })),
    kelly: priced.slip.kellyFraction,
    placed: placed ?? false,
  });
  return { ...saved, report: priced.slip };
}

export interface SnapshotRequest {
  league: 'nfl' | 'nba';
  season?: number;
  week?: number;
  tags?: string[];
  config?: Record<string, unknown>;
  markets?: LegRequest[];
}

/** Prices each market with the model (its P(over), P(push), P(under) kept with the book's prices). */
async function priceMarkets(props: PropsService, league: string, markets: readonly LegRequest[]) {
  const out = [];
  for (const m of markets) {
    const p = await props.priceProp({ ...m, league });
    out.push({
      gameId: p.game ?? p.date ?? '',
      playerId: p.playerId,
      stat: p.stat,
      line: p.line,
      overOdds: m.overOdds ?? null,
      underOdds: m.underOdds ?? null,
      pOver: p.pOver,
      pPush: p.pPush,
      pUnder: p.pUnder,
    });
  }
  return out;
}

export async function newSnapshot(db: Db, props: PropsService, req: SnapshotRequest) {
  const markets = await priceMarkets(props, req.league, req.markets ?? []);
  const snap = await createSnapshot(db, {
    league: req.league,
    season: req.season ?? null,
    week: req.week ?? null,
    config: req.config ?? {},
    modelVersion: `simcast ${VERSION}`,
    tags: req.tags ?? [],
  });
  if (markets.length) await addMarkets(db, snap.id, req.league, markets);
  return getSnapshot(db, snap.id);
}

export async function addSnapshotMarkets(db: Db, props: PropsService, id: number, markets: readonly LegRequest[]) {
  const snap = await getSnapshot(db, id);
  // refused before pricing when already locked (the database's trigger refuses it anyway)
  if (snap.lockedAt !== null) throw new StoreError('SNAPSHOT_LOCKED', `snapshot ${id} is locked: its prices and settings cannot change`);
  await addMarkets(db, id, snap.league, await priceMarkets(props, snap.league, markets));
  return getSnapshot(db, id);
}
