// The cache behind the API: Redis (msgpack values) when REDIS_URL is set, an in-process LRU otherwise.
// `fetch` is the one entry routes use: read, or compute once per key (concurrent misses wait for the
// first computation: single-flight in this process), store, answer. A cache that fails never fails the
// request: the value is computed and returned, and the cache reports itself degraded.

export type CacheState = 'ok' | 'degraded';

export interface CacheStatus {
  backend: 'redis' | 'memory';
  state: CacheState;
  /** Why it is degraded (last error), when it is. */
  detail?: string;
}

export interface CacheCounters {
  hits: number;
  misses: number;
  errors: number;
  /** Misses that waited for another request's computation of the same key. */
  coalesced: number;
}

export interface CacheBackend {
  readonly name: 'redis' | 'memory';
  /** The stored bytes, or null on a miss. Throws when the backend is unreachable. */
  getRaw(key: string): Promise<Uint8Array | null>;
  setRaw(key: string, value: Uint8Array, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  status(): CacheStatus;
  /** A round trip to the backend (readiness); false when unreachable. */
  ping(): Promise<boolean>;
  /** Resolves true once the backend is usable, false after `timeoutMs` (startup, warm-up). */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface FetchResult<T> {
  value: T;
  cached: boolean;
}

export interface CacheEvents {
  onHit?(kind: string): void;
  onMiss?(kind: string): void;
  onError?(kind: string, err: unknown): void;
}
