// Region form (NCAA style) to bracket slots: regions in semifinal order, each region's slots in seed
// order; two teams sharing a region and seed are the play-in pair for that slot.
import { FieldError, type ErrorLocation } from '../errors.js';
import type { SlotSpec, TeamSpec } from './types.js';

export interface RegionForm {
  regions: string[];
  semis?: [string, string][];
  seedOrder: number[];
  source: string;
  /** Where the regions (or the --semis option) were given, for errors about them. */
  regionsWhere?: ErrorLocation;
}

const isPow2 = (n: number) => n >= 1 && (n & (n - 1)) === 0;

export function regionOrder(f: RegionForm): string[] {
  const loc = { file: f.source, ...f.regionsWhere };
  if (!isPow2(f.regions.length)) {
    throw new FieldError('SIZE_INVALID', `there are ${f.regions.length} regions; the number must be a power of two`, { location: loc });
  }
  if (f.semis === undefined) {
    if (f.regions.length === 4) {
      throw new FieldError('FIELD_INVALID', 'the semifinal pairing of the four regions is needed (semis, or --semis A-B,C-D)', { location: loc });
    }
    return f.regions;
  }
  const order = f.semis.flat();
  const known = new Set(f.regions);
  for (const r of order) {
    if (!known.has(r)) throw new FieldError('FIELD_INVALID', `semis name region '${r}', which is not one of ${f.regions.join(', ')}`, { location: loc });
  }
  if (order.length !== f.regions.length || new Set(order).size !== order.length) {
    throw new FieldError('FIELD_INVALID', `semis must pair every region exactly once (${f.regions.join(', ')})`, { location: loc });
  }
  return order;
}

export function regionSlots(teams: TeamSpec[], f: RegionForm): SlotSpec[] {
  if (!isPow2(f.seedOrder.length)) {
    throw new FieldError('SIZE_INVALID', `the seed order has ${f.seedOrder.length} seeds; the number must be a power of two`, {
      location: { file: f.source, ...f.regionsWhere, field: 'seedOrder' },
    });
  }
  const order = regionOrder(f);
  const bySlot = new Map<string, TeamSpec[]>();
  const regions = new Set(f.regions);
  const seeds = new Set(f.seedOrder);
  for (const t of teams) {
    const loc = { file: f.source, ...t.where };
    if (t.region === undefined || !regions.has(t.region)) {
      throw new FieldError('FIELD_INVALID', `team '${t.name}' has region '${t.region ?? ''}', not one of ${f.regions.join(', ')}`, {
        location: { ...loc, field: loc.field ? `${loc.field}.region` : 'region' },
      });
    }
    if (t.seed === undefined || !seeds.has(t.seed)) {
      throw new FieldError('SEED_NUMBER_INVALID', `team '${t.name}' has seed ${t.seed ?? '(none)'}, not one of the seed order ${f.seedOrder.join(',')}`, {
        location: { ...loc, field: loc.field ? `${loc.field}.seed` : 'seed' },
      });
    }
    const key = `${t.region}\u0000${t.seed}`;
    const list = bySlot.get(key) ?? [];
    list.push(t);
    if (list.length > 2) {
      throw new FieldError('SLOT_INVALID', `${t.region} seed ${t.seed} has three teams (${list.map((x) => x.name).join(', ')}); a slot takes one team or a play-in pair`, {
        location: loc,
      });
    }
    bySlot.set(key, list);
  }
  const slots: SlotSpec[] = [];
  for (const region of order) {
    for (const seed of f.seedOrder) {
      const list = bySlot.get(`${region}\u0000${seed}`);
      if (list === undefined) {
        throw new FieldError('SLOT_INVALID', `${region} seed ${seed} has no team`, { location: { file: f.source, ...f.regionsWhere } });
      }
      slots.push(list.length === 1 ? { kind: 'team', team: list[0].name, where: list[0].where } : { kind: 'playin', teams: [list[0].name, list[1].name], where: list[1].where });
    }
  }
  return slots;
}
