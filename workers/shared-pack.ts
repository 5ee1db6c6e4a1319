// Packs named typed arrays into one SharedArrayBuffer (built once per run, read by every task) and
// unpacks views in a worker. The layout travels with the task; the data is never copied.
type Packable = Int32Array | Float64Array | Uint8Array;
type Kind = 'i32' | 'f64' | 'u8';

export interface PackedLayout {
  [name: string]: { kind: Kind; offset: number; length: number };
}

const kindOf = (a: Packable): Kind => (a instanceof Int32Array ? 'i32' : a instanceof Float64Array ? 'f64' : 'u8');
const bytesOf: Record<Kind, number> = { i32: 4, f64: 8, u8: 1 };

export function packShared(arrays: Record<string, Packable>): { sab: SharedArrayBuffer; layout: PackedLayout } {
  const layout: PackedLayout = {};
  let off = 0;
  for (const [name, a] of Object.entries(arrays)) {
    const kind = kindOf(a);
    off = (off + 7) & ~7;
    layout[name] = { kind, offset: off, length: a.length };
    off += a.length * bytesOf[kind];
  }
  const sab = new SharedArrayBuffer(Math.max(8, off));
  for (const [name, a] of Object.entries(arrays)) unpackOne(sab, layout[name]).set(a as never);
  return { sab, layout };
}

function unpackOne(sab: SharedArrayBuffer, e: PackedLayout[string]): Packable {
  if (e.kind === 'i32') return new Int32Array(sab, e.offset, e.length);
  if (e.kind === 'f64') return new Float64Array(sab, e.offset, e.length);
  return new Uint8Array(sab, e.offset, e.length);
}

export function unpackShared(sab: SharedArrayBuffer, layout: PackedLayout): Record<string, Packable> {
  const out: Record<string, Packable> = {};
  for (const [name, e] of Object.entries(layout)) out[name] = unpackOne(sab, e);
  return out;
}
