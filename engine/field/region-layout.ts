// Region form (NCAA style) to bracket slots: regions in semifinal order, each region's slots in seed
// order; two teams sharing a region and seed are the play-in pair for that slot.
import { FieldError, type ErrorLocation } from '../../core/errors.js';
import type { SlotSpec, TeamSpec } from './types.js';

interface RegionForm {
  regions: string[];
  /** National semifinal pairing; without it adjacent regions meet (unless requireSemis). */
  semis?: [string, string][];
  seedOrder: number[];
  source: string;
  /** A four-region field must say its semifinal pairing (FiveThirtyEight's CSV does not carry it). */
  requireSemis?: boolean;
  /** Where the regions were given, for errors about their number. */
  regionsWhere?: ErrorLocation;
  /** Where the semifinal pairing was given (the file's `semis`, or the --semis option). */
  semisWhere?: ErrorLocation;
  /** Where the seed order was given. */
  seedOrderWhere?: ErrorLocation;
  /** Where to point when a seed of a region has no team. */
  missingWhere?: ErrorLocation;
  /** The field name of a team's region and seed (JSON: `teams[i].region`; CSV: the column). */
  teamField?: (t: TeamSpec, what: 'region' | 'seed') => string;
}

export const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

/** The regions top to bottom of the bracket: semis[0][0], semis[0][1], semis[1][0], ... */
function regionOrder(f: RegionForm): string[] {
  const loc = { file: f.source, ...f.regionsWhere };
  if (!isPowerOfTwo(f.regions.length)) {
    throw new FieldError('SIZE_INVALID', `there are ${f.regions.length} regions (${f.regions.join(', ')}); the number must be a power of two`, {
      location: loc,
    });
  }
  const semisLoc = { file: f.source, ...(f.semisWhere ?? f.regionsWhere) };
  if (f.semis === undefined) {
    if (f.requireSemis && f.regions.length === 4) {
      throw new FieldError('FIELD_INVALID', `the semifinal pairing of the four regions (${f.regions.join(', ')}) is needed: --semis A-B,C-D`, {
        location: semisLoc,
      });
    }
    return f.regions;
  }
  const order = f.semis.flat();
  const known = new Set(f.regions);
  for (const r of order) {
    if (!known.has(r)) {
      throw new FieldError('FIELD_INVALID', `semis name region '${r}', which is not one of ${f.regions.join(', ')}`, { location: semisLoc });
    }
  }
  if (order.length !== f.regions.length || new Set(order).size !== order.length) {
    throw new FieldError('FIELD_INVALID', `semis must pair every region exactly once (${f.regions.join(', ')})`, { location: semisLoc });
  }
  return order;
}

export function regionSlots(teams: TeamSpec[], f: RegionForm): SlotSpec[] {
  if (!isPowerOfTwo(f.seedOrder.length)) {
    throw new FieldError('SIZE_INVALID', `the seed order has ${f.seedOrder.length} seeds; the number must be a power of two`, {
      location: { file: f.source, ...(f.seedOrderWhere ?? { ...f.regionsWhere, field: 'seedOrder' }) },
    });
  }
  const order = regionOrder(f);
  const fieldOf = f.teamField ?? ((t: TeamSpec, what: 'region' | 'seed') => (t.where?.field ? `${t.where.field}.${what}` : what));
  const bySlot = new Map<string, TeamSpec[]>();
  const regions = new Set(f.regions);
  const seeds = new Set(f.seedOrder);
  for (const t of teams) {
    const loc = { file: f.source, ...t.where };
    if (t.region === undefined || !regions.has(t.region)) {
      const got = t.region === undefined ? 'no region' : `region '${t.region}'`;
      throw new FieldError('FIELD_INVALID', `team '${t.name}' has ${got}, not one of ${f.regions.join(', ')}`, {
        location: { ...loc, field: fieldOf(t, 'region') },
      });
    }
    if (t.seed === undefined || !seeds.has(t.seed)) {
      const got = t.seed === undefined ? 'no seed' : `seed ${t.seed}`;
      throw new FieldError('SEED_NUMBER_INVALID', `team '${t.name}' has ${got}, not one of the seed order ${f.seedOrder.join(',')}`, {
        location: { ...loc, field: fieldOf(t, 'seed') },
      });
    }
    const key = `${t.region}\u0000${t.seed}`;
    const list = bySlot.get(key) ?? [];
    list.push(t);
    if (list.length > 2) {
      throw new FieldError(
        'SLOT_INVALID',
        `${t.region} seed ${t.seed} has three teams (${list.map((x) => x.name).join(', ')}); a slot takes one team or a play-in pair`,
        { location: { ...loc, field: fieldOf(t, 'seed') } },
      );
    }
    bySlot.set(key, list);
  }
  const slots: SlotSpec[] = [];
  for (const region of order) {
    for (const seed of f.seedOrder) {
      const list = bySlot.get(`${region}\u0000${seed}`);
      if (list === undefined) {
        throw new FieldError('SLOT_INVALID', `${region} seed ${seed} has no team`, { location: { file: f.source, ...f.missingWhere } });
      }
      slots.push(
        list.length === 1
          ? { kind: 'team', team: list[0].name, where: list[0].where }
          : { kind: 'playin', teams: [list[0].name, list[1].name], where: list[1].where },
      );
    }
  }
  return slots;
}
