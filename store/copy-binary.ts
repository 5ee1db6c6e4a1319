// PGCOPY binary encoder (COPY ... FROM STDIN (FORMAT binary)): a header, then per row a 16-bit field
// count and each field as a 32-bit length (-1 for NULL) and its bytes in network order, then a trailer.
// Written by hand because it is the hot loop of every bulk load: rows are encoded straight from typed
// arrays into one growing Buffer, with no object per row (bench/copy.ts measures it).

export const PGCOPY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
export const PGCOPY_TRAILER = Buffer.from([0xff, 0xff]);

const TWO_32 = 4294967296;

export class BinaryCopyEncoder {
  private buf: Buffer;
  private pos = 0;
  rows = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  header(): this {
    this.ensure(PGCOPY_HEADER.length);
    this.pos += PGCOPY_HEADER.copy(this.buf, this.pos);
    return this;
  }

  trailer(): this {
    this.ensure(2);
    this.pos += PGCOPY_TRAILER.copy(this.buf, this.pos);
    return this;
  }

  /** Starts a row of `fields` columns; reserves room for `bytes` more (a hint, not a limit). */
  row(fields: number, bytes = 64): this {
    this.ensure(2 + bytes);
    this.buf.writeInt16BE(fields, this.pos);
    this.pos += 2;
    this.rows++;
    return this;
  }

  null(): this {
    this.ensure(4);
    this.buf.writeInt32BE(-1, this.pos);
    this.pos += 4;
    return this;
  }

  int2(v: number): this {
    this.ensure(6);
    this.buf.writeInt32BE(2, this.pos);
    this.buf.writeInt16BE(v, this.pos + 4);
    this.pos += 6;
    return this;
  }

  int4(v: number): this {
    this.ensure(8);
    this.buf.writeInt32BE(4, this.pos);
    this.buf.writeInt32BE(v, this.pos + 4);
    this.pos += 8;
    return this;
  }

  /** A safe integer as int8 (two's complement, high word first). */
  int8(v: number): this {
    this.ensure(12);
    this.buf.writeInt32BE(8, this.pos);
    const hi = Math.floor(v / TWO_32);
    this.buf.writeInt32BE(hi | 0, this.pos + 4);
    this.buf.writeUInt32BE(v - hi * TWO_32, this.pos + 8);
    this.pos += 12;
    return this;
  }

  int8Big(v: bigint): this {
    this.ensure(12);
    this.buf.writeInt32BE(8, this.pos);
    this.buf.writeBigInt64BE(v, this.pos + 4);
    this.pos += 12;
    return this;
  }

  float8(v: number): this {
    this.ensure(12);
    this.buf.writeInt32BE(8, this.pos);
    this.buf.writeDoubleBE(v, this.pos + 4);
    this.pos += 12;
    return this;
  }

  bool(v: boolean): this {
    this.ensure(5);
    this.buf.writeInt32BE(1, this.pos);
    this.buf[this.pos + 4] = v ? 1 : 0;
    this.pos += 5;
    return this;
  }

  text(s: string): this {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(4 + n);
    this.buf.writeInt32BE(n, this.pos);
    this.buf.write(s, this.pos + 4, 'utf8');
    this.pos += 4 + n;
    return this;
  }

  get byteLength(): number {
    return this.pos;
  }

  /** The bytes so far (a copy), and a reset for the next batch. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.rows = 0;
    return out;
  }
}

// ---- column-major encoding straight from typed arrays -------------------------------------------

export type CopyType = 'int2' | 'int4' | 'int8' | 'float8' | 'bool' | 'text';
export type CopyValue = number | bigint | boolean | string | null;
type NumberArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * One column of a COPY batch. `values` is a typed array (row i reads values[offset + i]; booleans are
 * nonzero), a function of the row index (the general, slower path), or a constant (null for NULL).
 * `nulls`, when given, marks NULL rows with a nonzero byte (row i reads nulls[offset + i]).
 */
export interface ColumnSpec {
  type: CopyType;
  values: NumberArray | BigInt64Array | ((i: number) => CopyValue) | CopyValue;
  offset?: number;
  nulls?: Uint8Array;
}

function isArrayColumn(c: ColumnSpec): c is ColumnSpec & { values: NumberArray | BigInt64Array } {
  return ArrayBuffer.isView(c.values);
}

function writeValue(e: BinaryCopyEncoder, type: CopyType, v: CopyValue): void {
  if (v === null || v === undefined) {
    e.null();
    return;
  }
  switch (type) {
    case 'int2':
      e.int2(Number(v));
      break;
    case 'int4':
      e.int4(Number(v));
      break;
    case 'int8':
      if (typeof v === 'bigint') e.int8Big(v);
      else e.int8(Number(v));
      break;
    case 'float8':
      e.float8(Number(v));
      break;
    case 'bool':
      e.bool(typeof v === 'boolean' ? v : Number(v) !== 0);
      break;
    case 'text':
      e.text(String(v));
      break;
  }
}

/**
 * Encodes `rowCount` rows of `columns` as PGCOPY binary. With `header`, the batch starts a COPY; with
 * `trailer`, it ends one (so one COPY can be many batches). When every column is fixed-width and comes
 * from a typed array or a non-null constant, rows have one size and each column is written in its own
 * tight loop into one exact-size Buffer; otherwise rows go one by one through BinaryCopyEncoder.
 */
export function encodeColumns(columns: ColumnSpec[], rowCount: number, framing: { header?: boolean; trailer?: boolean } = {}): Buffer {
  const fixed = columns.every((c) => c.type !== 'text' && c.nulls === undefined && (isArrayColumn(c) || (typeof c.values !== 'function' && c.values !== null)));
  return fixed ? encodeFixed(columns, rowCount, framing) : encodeGeneral(columns, rowCount, framing);
}

/** Element types whose every value fits the column, so the hot loops need no range check. */
function fitsWithoutCheck(type: CopyType, v: NumberArray | BigInt64Array): boolean {
  if (type === 'int2') return v instanceof Int16Array || v instanceof Int8Array || v instanceof Uint8Array || v instanceof Uint8ClampedArray;
  if (type === 'int4')
    return (
      v instanceof Int32Array ||
      v instanceof Int16Array ||
      v instanceof Uint16Array ||
      v instanceof Int8Array ||
      v instanceof Uint8Array ||
      v instanceof Uint8ClampedArray
    );
  if (type === 'int8') return !(v instanceof Float64Array || v instanceof Float32Array);
  return true;
}

function checkRange(type: 'int2' | 'int4' | 'int8', v: NumberArray, o: number, n: number): void {
  const [lo, hi] = type === 'int2' ? [-32768, 32767] : type === 'int4' ? [-2147483648, 2147483647] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  for (let r = 0; r < n; r++) {
    const x = v[o + r];
    if (!(x >= lo && x <= hi)) throw new RangeError(`encodeColumns: ${x} at index ${o + r} does not fit ${type}`);
  }
}

function encodeFixed(columns: ColumnSpec[], n: number, framing: { header?: boolean; trailer?: boolean }): Buffer {
  // One row is a fixed template (field count, every length word, the constants); the buffer is filled
  // with it by one native fill, then each array column writes only its values, column by column.
  const template = new BinaryCopyEncoder(64).row(columns.length, 0);
  const offsets: number[] = [];
  for (const c of columns) {
    if (isArrayColumn(c)) {
      offsets.push(template.byteLength + 4);
      writeValue(template, c.type, c.type === 'bool' ? false : 0);
    } else {
      offsets.push(-1);
      writeValue(template, c.type, c.values as CopyValue);
    }
  }
  const row = template.take();
  const width = row.length;
  const head = framing.header ? PGCOPY_HEADER.length : 0;
  const buf = Buffer.allocUnsafe(head + n * width + (framing.trailer ? 2 : 0));
  if (framing.header) PGCOPY_HEADER.copy(buf, 0);
  if (n > 0) buf.fill(row, head, head + n * width);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  columns.forEach((c, k) => {
    if (!isArrayColumn(c)) return;
    const o = c.offset ?? 0;
    const v = c.values;
    if (o + n > v.length) throw new RangeError(`encodeColumns: column ${k} has ${v.length - o} values from offset ${o}, ${n} rows asked`);
    if (!(v instanceof BigInt64Array) && c.type !== 'float8' && c.type !== 'bool' && !fitsWithoutCheck(c.type, v))
      checkRange(c.type as 'int2' | 'int4' | 'int8', v, o, n);
    const start = head + offsets[k];
    switch (c.type) {
      case 'int2':
        for (let r = 0, p = start; r < n; r++, p += width) dv.setInt16(p, v[o + r] as number);
        break;
      case 'int4':
        for (let r = 0, p = start; r < n; r++, p += width) dv.setInt32(p, v[o + r] as number);
        break;
      case 'int8':
        if (v instanceof BigInt64Array) {
          for (let r = 0, p = start; r < n; r++, p += width) dv.setBigInt64(p, v[o + r]);
        } else {
          for (let r = 0, p = start; r < n; r++, p += width) {
            const x = v[o + r];
            const hi = Math.floor(x / TWO_32);
            dv.setInt32(p, hi);
            dv.setUint32(p + 4, x - hi * TWO_32);
          }
        }
        break;
      case 'float8':
        for (let r = 0, p = start; r < n; r++, p += width) dv.setFloat64(p, Number(v[o + r]));
        break;
      case 'bool':
        for (let r = 0, p = start; r < n; r++, p += width) buf[p] = v[o + r] ? 1 : 0;
        break;
    }
  });
  if (framing.trailer) PGCOPY_TRAILER.copy(buf, head + n * width);
  return buf;
}

function encodeGeneral(columns: ColumnSpec[], n: number, framing: { header?: boolean; trailer?: boolean }): Buffer {
  const e = new BinaryCopyEncoder(Math.max(64, n * (2 + columns.length * 12)) + 32);
  if (framing.header) e.header();
  const getters = columns.map((c): ((i: number) => CopyValue) => {
    const o = c.offset ?? 0;
    const nulls = c.nulls;
    let get: (i: number) => CopyValue;
    if (isArrayColumn(c)) {
      const v = c.values;
      get = (i) => v[o + i];
    } else if (typeof c.values === 'function') {
      get = c.values;
    } else {
      const k = c.values as CopyValue;
      get = () => k;
    }
    return nulls ? (i) => (nulls[o + i] ? null : get(i)) : get;
  });
  const fields = columns.length;
  for (let i = 0; i < n; i++) {
    e.row(fields, 0);
    for (let k = 0; k < fields; k++) writeValue(e, columns[k].type, getters[k](i));
  }
  if (framing.trailer) e.trailer();
  return e.take();
}
