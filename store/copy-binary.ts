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
