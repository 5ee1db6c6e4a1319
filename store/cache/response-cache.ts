// Serialized answers of the cacheable GET prediction route, by request URL, for the near cache's
// lifetime: a hit skips query validation, the handler and response serialisation, which cost as much
// as the rest of the request (fastify.inject: 0.09 ms per cached request through the handler
// against 0.05 ms for a bare route; bench/http.ts shows the req/s). Entries carry the ratings version they were made with and are dropped
// when it changes, so this is never staler than the near cache it sits on.
import { LRUCache } from 'lru-cache';

interface CachedResponse {
  body: string;
  league: string;
  ratingsVersion: string;
}

export class ResponseCache {
  private readonly lru: LRUCache<string, CachedResponse>;

  constructor(ttlMs: number, max = 10_000) {
    this.lru = new LRUCache<string, CachedResponse>({ max, ttl: ttlMs });
  }

  /** The stored answer for this URL while its league's ratings version is still `versionOf(league)`. */
  get(url: string, versionOf: (league: string) => string | null): CachedResponse | undefined {
    const e = this.lru.get(url);
    if (e === undefined) return undefined;
    if (versionOf(e.league) === e.ratingsVersion) return e;
    this.lru.delete(url);
    return undefined;
  }

  set(url: string, e: CachedResponse): void {
    this.lru.set(url, e);
  }

  clear(): void {
    this.lru.clear();
  }
}
