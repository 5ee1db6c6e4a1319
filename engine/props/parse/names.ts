// Player and team names as different feeds spell them ("Tim Hardaway Jr" / "Tim Hardaway Jr.",
// "C.J. McCollum" / "CJ McCollum", "Nikola Jokić" / "Nikola Jokic"): one normalised key, and an alias
// table (plain data a user can extend) for names no normalisation can join ("Herb Jones" / "Herbert
// Jones"). Dropping a suffix can join two real people (Gary Payton / Gary Payton II), so an index keeps
// both the full key and the suffix-free key, and a suffix-free key shared by two ids resolves to neither.

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v']);

/** Lower case, accents and punctuation removed, spaces collapsed; the suffix kept ("tim hardaway jr"). */
export function nameKey(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.'’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** nameKey without a trailing generational suffix ("tim hardaway"). */
export function baseNameKey(raw: string): string {
  const t = nameKey(raw).split(' ');
  while (t.length > 1 && SUFFIXES.has(t[t.length - 1])) t.pop();
  return t.join(' ');
}

/** Alias → canonical name, both stored as name keys. Immutable: extend with withAliases. */
export interface AliasTable {
  readonly entries: ReadonlyMap<string, string>;
}

export function aliasTable(entries: Iterable<readonly [string, string]> | Record<string, string> = []): AliasTable {
  const pairs = Symbol.iterator in Object(entries) ? [...(entries as Iterable<readonly [string, string]>)] : Object.entries(entries as Record<string, string>);
  return { entries: new Map(pairs.map(([a, c]) => [nameKey(a), nameKey(c)])) };
}

/** A new table with more aliases (later entries win). */
export function withAliases(table: AliasTable, more: Iterable<readonly [string, string]> | Record<string, string>): AliasTable {
  return { entries: new Map([...table.entries, ...aliasTable(more).entries]) };
}

export function aliasesToJson(table: AliasTable): Record<string, string> {
  return Object.fromEntries(table.entries);
}

/** Names in the NBA price feed that the game logs spell otherwise (2024-25), as found in the data. */
export const NBA_PLAYER_ALIASES: Readonly<Record<string, string>> = {
  'Herb Jones': 'Herbert Jones',
  'Moe Wagner': 'Moritz Wagner',
  'Nicolas Claxton': 'Nic Claxton',
  'B.J. Boston Jr': 'Brandon Boston Jr.',
};

export type NameResolution = { id: string; via: 'name' | 'base' | 'alias' } | { id: null; reason: 'unknown' | 'ambiguous'; candidates?: string[] };

/** Names of a history (name, id pairs) to look players up by. */
export class NameIndex {
  private readonly full = new Map<string, Set<string>>();
  private readonly base = new Map<string, Set<string>>();

  constructor(
    people: Iterable<readonly [name: string, id: string]>,
    private readonly aliases: AliasTable = aliasTable(),
  ) {
    for (const [name, id] of people) {
      add(this.full, nameKey(name), id);
      add(this.base, baseNameKey(name), id);
    }
  }

  resolve(raw: string): NameResolution {
    const direct = this.lookup(nameKey(raw), baseNameKey(raw));
    if (direct.id !== null || direct.reason === 'ambiguous') return direct;
    const alias = this.aliases.entries.get(nameKey(raw)) ?? this.aliases.entries.get(baseNameKey(raw));
    if (alias === undefined) return direct;
    const r = this.lookup(alias, baseNameKey(alias));
    return r.id !== null ? { id: r.id, via: 'alias' } : r;
  }

  private lookup(key: string, base: string): NameResolution {
    const f = this.full.get(key);
    if (f && f.size === 1) return { id: [...f][0], via: 'name' };
    if (f && f.size > 1) return { id: null, reason: 'ambiguous', candidates: [...f] };
    const b = this.base.get(base);
    if (b && b.size === 1) return { id: [...b][0], via: 'base' };
    if (b && b.size > 1) return { id: null, reason: 'ambiguous', candidates: [...b] };
    return { id: null, reason: 'unknown' };
  }
}

function add(m: Map<string, Set<string>>, k: string, id: string): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(id);
}
