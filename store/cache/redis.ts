// Redis through ioredis, failing fast: no offline queue (a command while disconnected rejects at once),
// short connect and command timeouts, no per-request retries; the client keeps reconnecting in the
// background, so the cache recovers by itself when Redis returns.
import { Redis } from 'ioredis';
import type { CacheBackend, CacheStatus } from './cache.js';

interface RedisBackendOptions {
  url: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. */
  maxReconnectDelayMs?: number;
  onStateChange?(state: 'ok' | 'degraded', detail?: string): void;
}

export function redisBackend(opts: RedisBackendOptions): CacheBackend & { client: Redis } {
  let lastError: string | undefined;
  const client = new Redis(opts.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: opts.connectTimeoutMs ?? 500,
    commandTimeout: opts.commandTimeoutMs ?? 250,
    retryStrategy: (times) => Math.min(50 * times, opts.maxReconnectDelayMs ?? 1000),
    lazyConnect: false,
    enableAutoPipelining: true,
  });
  let wasReady = false;
  client.on('ready', () => {
    lastError = undefined;
    wasReady = true;
    opts.onStateChange?.('ok');
  });
  client.on('error', (e: Error) => {
    // Without a listener ioredis would throw; the state is read from client.status.
    lastError = e.message;
  });
  client.on('close', () => {
    if (wasReady) opts.onStateChange?.('degraded', lastError ?? 'connection closed');
    wasReady = false;
  });

  return {
    name: 'redis',
    client,
    async getRaw(key) {
      const b = await client.getBuffer(key);
      return b === null ? null : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
    async setRaw(key, value, ttlSeconds) {
      await client.set(key, Buffer.from(value.buffer, value.byteOffset, value.byteLength), 'PX', Math.max(1, Math.round(ttlSeconds * 1000)));
    },
    async del(key) {
      await client.del(key);
    },
    status(): CacheStatus {
      if (client.status === 'ready') return { backend: 'redis', state: 'ok' };
      return { backend: 'redis', state: 'degraded', detail: `redis ${client.status}${lastError ? `: ${lastError}` : ''}` };
    },
    async ping() {
      if (client.status !== 'ready') return false;
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    ready(timeoutMs) {
      if (client.status === 'ready') return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          client.off('ready', onReady);
          resolve(ok);
        };
        const onReady = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        client.once('ready', onReady);
      });
    },
    async close() {
      try {
        if (client.status === 'ready') await client.quit();
        else client.disconnect();
      } catch {
        client.disconnect();
      }
    },
  };
}
