// The one shared-memory scheme of every pool run (tournaments, seasons): named typed arrays packed into
// a SharedArrayBuffer. Inputs are packed once per run and read by every task; the output ring is one
// slot per task in flight, each slot the same named arrays, written only by the task that holds it.
// The layout (names, kinds, offsets) travels with the task; the data is never copied.
type Packable = Int32Array | Float64Array | Uint8Array;
export type ArrayKind = 'i32' | 'f64' | 'u8';

export interface PackedLayout {
  [name: string]: { kind: ArrayKind; offset: number; length: number };
}

const kindOf = (a: Packable): ArrayKind => (a instanceof Int32Array ? 'i32' : a instanceof Float64Array ? 'f64' : 'u8');
const BYTES: Record<ArrayKind, number> = { i32: 4, f64: 8, u8: 1 };
const align8 = (n: number) => (n + 7) & ~7;

/** Offsets of named arrays of the given kinds and lengths, 8-byte aligned; returns the layout and its size. */
function planLayout(shapes: Record<string, { kind: ArrayKind; length: number }>): { layout: PackedLayout; bytes: number } {
  const layout: PackedLayout = {};
  let off = 0;
  for (const [name, { kind, length }] of Object.entries(shapes)) {
    off = align8(off);
    layout[name] = { kind, offset: off, length };
    off += length * BYTES[kind];
  }
  return { layout, bytes: Math.max(8, align8(off)) };
}

/** Copies the arrays into one new SharedArrayBuffer. */
export function packShared(arrays: Record<string, Packable>): { sab: SharedArrayBuffer; layout: PackedLayout } {
  const { layout, bytes } = planLayout(Object.fromEntries(Object.entries(arrays).map(([n, a]) => [n, { kind: kindOf(a), length: a.length }])));
  const sab = new SharedArrayBuffer(bytes);
  for (const [name, a] of Object.entries(arrays)) view(sab, layout[name], 0).set(a as never);
  return { sab, layout };
}

function view(sab: SharedArrayBuffer, e: PackedLayout[string], base: number): Packable {
  if (e.kind === 'i32') return new Int32Array(sab, base + e.offset, e.length);
  if (e.kind === 'f64') return new Float64Array(sab, base + e.offset, e.length);
  return new Uint8Array(sab, base + e.offset, e.length);
}

/** Views of every named array (of the slot starting at byte `base`, for rings). */
export function unpackShared(sab: SharedArrayBuffer, layout: PackedLayout, base = 0): Record<string, Packable> {
  const out: Record<string, Packable> = {};
  for (const [name, e] of Object.entries(layout)) out[name] = view(sab, e, base);
  return out;
}

/** An output ring: `slots` slots of the same named arrays. */
export interface Ring {
  sab: SharedArrayBuffer;
  layout: PackedLayout;
  slotBytes: number;
}

export function createRing(slots: number, shapes: Record<string, { kind: ArrayKind; length: number }>): Ring {
  const { layout, bytes } = planLayout(shapes);
  return { sab: new SharedArrayBuffer(bytes * slots), layout, slotBytes: bytes };
}

/** The named views of one slot of a ring (the ring as a task carries it: sab, layout, slotBytes). */
export function ringSlot(ring: Ring, slot: number): Record<string, Packable> {
  return unpackShared(ring.sab, ring.layout, slot * ring.slotBytes);
}
