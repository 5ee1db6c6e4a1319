// With no REDIS_URL: an in-process LRU (lru-cache) with a TTL per entry.
import { LRUCache } from 'lru-cache';
import type { CacheBackend, CacheStatus } from './cache.js';

export function memoryBackend(opts: { max?: number } = {}): CacheBackend {
  const lru = new LRUCache<string, Uint8Array>({ max: opts.max ?? 50_000, ttlAutopurge: false });
  return {
    name: 'memory',
    async getRaw(key) {
      return lru.get(key) ?? null;
    },
    async setRaw(key, value, ttlSeconds) {
      lru.set(key, value, { ttl: Math.max(1, Math.round(ttlSeconds * 1000)) });
    },
    async del(key) {
      lru.delete(key);
    },
    status(): CacheStatus {
      return { backend: 'memory', state: 'ok' };
    },
    async ping() {
      return true;
    },
    async ready() {
      return true;
    },
    async close() {
      lru.clear();
    },
  };
}
