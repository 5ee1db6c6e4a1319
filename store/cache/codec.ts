// msgpack values: one shared encoder and decoder; numbers stay float64 so a decoded
// prediction equals the computed one bit for bit.
import { Decoder, Encoder } from '@msgpack/msgpack';

const encoder = new Encoder({ forceFloat32: false, ignoreUndefined: true });
const decoder = new Decoder();

export function encodeValue(v: unknown): Uint8Array {
  return encoder.encode(v);
}

export function decodeValue<T>(bytes: Uint8Array): T {
  return decoder.decode(bytes) as T;
}
