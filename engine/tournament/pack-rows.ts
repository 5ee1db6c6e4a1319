// Packs the kernel's rows (T bytes a simulation: games won by each team) into fixed-size records of
// another buffer: the simulation's number as a big-endian int64 and every team's wins four bits a team.
// The PGCOPY rows of store/outcome-rows.ts are such records; a worker packs its own task's rows straight
// into the shard's shared COPY buffer with it, so the main thread never touches them.

/** Where the records go: simulation `firstSim`'s record starts at byte `start`, the next `stride` later. */
export interface PackedRowsTarget {
  buffer: SharedArrayBuffer | ArrayBuffer;
  start: number;
  firstSim: number;
  stride: number;
  /** Offsets within a record: the simulation number (8 bytes), the packed wins ((T + 1) >> 1 bytes). */
  simAt: number;
  winsAt: number;
  /**
   * Bytes every record starts with (the simulation number's place in it is then written over), for a
   * buffer that does not hold them yet: writing them here, in the worker, spares the caller a pass over
   * fresh memory whose first touch costs more than the writes (page faults, ~20 ms for 8 MiB on a VM).
   */
  prefix?: Uint8Array;
}

/** Most wins a team's four bits hold. */
export const MAX_PACKED_WINS = 15;
const TWO_32 = 4294967296;

/**
 * Packs `count` simulations of rows (count * T bytes), the first being simulation `first`, into their
 * records of `out` (a view of target.buffer). Throws a RangeError when a team won more than 15 games.
 */
export function packWinsRows(rows: Uint8Array, T: number, first: number, count: number, out: Uint8Array, target: PackedRowsTarget): void {
  if (first < target.firstSim || rows.length < count * T) throw new RangeError(`packWinsRows: simulations ${first}..${first + count} are not in this target`);
  const P = (T + 1) >> 1;
  const pairs = T >> 1;
  const stride = target.stride;
  if (target.start + (first - target.firstSim + count) * stride > out.length) {
    throw new RangeError(`packWinsRows: simulations ${first}..${first + count} run past the end of the target`);
  }
  // Four teams a read when the rows allow it (T a multiple of 4, aligned): a little-endian word
  // a | b << 8 | c << 16 | d << 24 becomes a | b << 4 in byte 0 and c | d << 4 in byte 2 of x | x >>> 4;
  // two words' four bytes go as one (unaligned) 32-bit store: a quarter of the stores of a byte loop.
  const words = T % 4 === 0 && rows.byteOffset % 4 === 0 ? new Uint32Array(rows.buffer, rows.byteOffset, (count * T) >> 2) : null;
  const quads = T >> 2;
  const octs = T >> 3;
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let p = target.start + (first - target.firstSim) * stride;
  let over = 0;
  // The prefix as big-endian words and a trailing short or byte: a few stores a record.
  const prefix = target.prefix;
  const pre = prefix === undefined ? null : new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const preWords = prefix === undefined ? 0 : prefix.length >> 2;
  for (let s = 0; s < count; s++, p += stride) {
    const sim = first + s;
    if (pre !== null) {
      let j = 0;
      for (; j < preWords; j++) dv.setUint32(p + 4 * j, pre.getUint32(4 * j));
      for (let b = 4 * j; b < prefix!.length; b++) out[p + b] = prefix![b];
    }
    const hi = Math.floor(sim / TWO_32);
    dv.setUint32(p + target.simAt, hi);
    dv.setUint32(p + target.simAt + 4, sim - hi * TWO_32);
    let w = p + target.winsAt;
    if (words !== null) {
      let i = s * quads;
      for (let k = 0; k < octs; k++, i += 2, w += 4) {
        const v = words[i];
        const u = words[i + 1];
        over |= v | u;
        const x = v | (v >>> 4);
        const y = u | (u >>> 4);
        dv.setUint32(w, (x & 0xff) | ((x >>> 8) & 0xff00) | ((y & 0xff) << 16) | (((y >>> 8) & 0xff00) << 16), true);
      }
      if (T & 4) {
        const v = words[i];
        over |= v;
        const x = v | (v >>> 4);
        dv.setUint16(w, (x & 0xff) | ((x >>> 8) & 0xff00), true);
      }
    } else {
      const base = s * T;
      for (let k = 0; k < pairs; k++) {
        const a = rows[base + 2 * k];
        const b = rows[base + 2 * k + 1];
        over |= a | b;
        out[w + k] = a | (b << 4);
      }
      if (T & 1) {
        const a = rows[base + T - 1];
        over |= a;
        out[w + P - 1] = a;
      }
    }
  }
  // Every byte of every row below 16, or the packing would have lost wins.
  if ((over & 0xf0f0f0f0) !== 0) throw new RangeError(`a team won more than ${MAX_PACKED_WINS} games: too many rounds to pack`);
}
