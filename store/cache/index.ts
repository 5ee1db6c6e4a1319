// The cache routes use: a backend (Redis or memory), msgpack values, TTLs per kind, single-flight fetch.
import type { CacheBackend, CacheCounters, CacheEvents, CacheStatus, FetchResult } from './cache.js';
import { decodeValue, encodeValue } from './codec.js';
import { LRUCache } from 'lru-cache';
import { DEFAULT_TTLS, type CacheKind, type CacheTtls } from './keys.js';
import { memoryBackend } from './memory.js';
import { redisBackend } from './redis.js';

export type { CacheBackend, CacheStatus, FetchResult } from './cache.js';
export { DEFAULT_TTLS, predictionKey, teamKey, type CacheKind, type CacheTtls } from './keys.js';

export interface CacheOptions {
  /** redis://... ; absent or empty: the in-process LRU. */
  redisUrl?: string | null;
  /** Key prefix (tests use a unique one per run). Default "simcast". */
  prefix?: string;
  ttl?: Partial<CacheTtls>;
  memoryMax?: number;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  events?: CacheEvents;
  /**
   * A near cache in front of Redis: decoded values kept in process for this many milliseconds (never
   * longer than the kind's TTL), so hot keys skip the round trip. 0 (default) turns it off. Keys are
   * versioned, so a near value is never stale in ratings, only up to this long past its Redis expiry.
   */
  nearTtlMs?: number;
}

export class Cache {
  readonly prefix: string;
  readonly ttl: CacheTtls;
  readonly backend: CacheBackend;
  readonly counters: CacheCounters = { hits: 0, misses: 0, errors: 0, coalesced: 0 };
  private readonly inflight = new Map<string, Promise<FetchResult<unknown>>>();
  private readonly events: CacheEvents;
  private readonly near: LRUCache<string, { v: unknown }> | null;

  constructor(opts: CacheOptions = {}) {
    this.prefix = opts.prefix ?? 'simcast';
    this.ttl = { ...DEFAULT_TTLS, ...opts.ttl };
    this.events = opts.events ?? {};
    this.backend = opts.redisUrl
      ? redisBackend({ url: opts.redisUrl, connectTimeoutMs: opts.connectTimeoutMs, commandTimeoutMs: opts.commandTimeoutMs })
      : memoryBackend({ max: opts.memoryMax });
    this.near = opts.redisUrl && opts.nearTtlMs ? new LRUCache<string, { v: unknown }>({ max: 10_000, ttl: opts.nearTtlMs }) : null;
  }

  setEvents(events: CacheEvents): void {
    Object.assign(this.events, events);
  }

  status(): CacheStatus {
    return this.backend.status();
  }

  /** The value under `key`, or `compute()`'s, stored for the kind's TTL. One computation per key at a time. */
  fetch<T>(kind: CacheKind, key: string, compute: () => T | Promise<T>, opts: { awaitStore?: boolean } = {}): Promise<FetchResult<T>> {
    const pending = this.inflight.get(key);
    if (pending !== undefined) {
      this.counters.coalesced++;
      return pending as Promise<FetchResult<T>>;
    }
    const p = this.load(kind, key, compute, opts.awaitStore === true).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async load<T>(kind: CacheKind, key: string, compute: () => T | Promise<T>, awaitStore: boolean): Promise<FetchResult<T>> {
    const hit = await this.get<T>(kind, key);
    if (hit !== undefined) return { value: hit, cached: true };
    this.counters.misses++;
    this.events.onMiss?.(kind);
    const value = await compute();
    // The answer does not wait for the store unless asked (cache warm-up does).
    const stored = this.set(kind, key, value);
    if (awaitStore) await stored;
    return { value, cached: false };
  }

  /** The decoded value, or undefined on a miss or when the backend fails (counted, never thrown). */
  async get<T>(kind: CacheKind, key: string): Promise<T | undefined> {
    const n = this.near?.get(key);
    if (n !== undefined) {
      this.counters.hits++;
      this.events.onHit?.(kind);
      return n.v as T;
    }
    let bytes: Uint8Array | null;
    try {
      bytes = await this.backend.getRaw(key);
    } catch (e) {
      this.counters.errors++;
      this.events.onError?.(kind, e);
      return undefined;
    }
    if (bytes === null) return undefined;
    try {
      const v = decodeValue<T>(bytes);
      this.near?.set(key, { v }, { ttl: Math.min(this.near.ttl, this.ttl[kind] * 1000) });
      this.counters.hits++;
      this.events.onHit?.(kind);
      return v;
    } catch (e) {
      this.counters.errors++;
      this.events.onError?.(kind, e);
      return undefined;
    }
  }

  /** Counts a hit served above this cache (the route's response cache), so metrics see every hit. */
  countHit(kind: CacheKind): void {
    this.counters.hits++;
    this.events.onHit?.(kind);
  }

  /** Stores a value; false (never a throw) when the backend fails. */
  async set(kind: CacheKind, key: string, value: unknown, ttlSeconds = this.ttl[kind]): Promise<boolean> {
    this.near?.set(key, { v: value }, { ttl: Math.min(this.near.ttl, ttlSeconds * 1000) });
    try {
      await this.backend.setRaw(key, encodeValue(value), ttlSeconds);
      return true;
    } catch (e) {
      this.counters.errors++;
      this.events.onError?.(kind, e);
      return false;
    }
  }

  /** Raw bytes (the bench's msgpack-from-Redis reference route). */
  async getRaw(key: string): Promise<Uint8Array | null> {
    try {
      return await this.backend.getRaw(key);
    } catch {
      return null;
    }
  }

  /** True once the backend is usable; false after timeoutMs (requests are served meanwhile, uncached). */
  ready(timeoutMs = 2000): Promise<boolean> {
    return this.backend.ready(timeoutMs);
  }

  ping(): Promise<boolean> {
    return this.backend.ping();
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}
