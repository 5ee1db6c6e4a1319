// Prometheus metrics (prom-client), one registry per app so tests can build many apps in one process.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../app/database.js';
import { jobCounts } from '../app/jobs/counts.js';
import { poolStats } from '../app/runtime.js';
import type { Cache } from '../store/cache/index.js';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  cacheHits: Counter<'kind'>;
  cacheMisses: Counter<'kind'>;
  cacheErrors: Counter<'kind'>;
}

export function createMetrics(cache: Cache, opts: { defaultMetrics?: boolean; db?: Db | null } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'simcast_' });
  const httpDuration = new Histogram({
    name: 'simcast_http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const cacheHits = new Counter({
    name: 'simcast_cache_hits_total',
    help: 'Cache hits by kind of value',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const cacheMisses = new Counter({
    name: 'simcast_cache_misses_total',
    help: 'Cache misses by kind of value',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const cacheErrors = new Counter({
    name: 'simcast_cache_errors_total',
    help: 'Cache backend failures (the value was computed instead)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'simcast_cache_up',
    help: '1 when the cache backend is reachable, 0 when degraded',
    labelNames: ['backend'] as const,
    registers: [registry],
    collect() {
      const s = cache.status();
      this.reset();
      this.set({ backend: s.backend }, s.state === 'ok' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'simcast_cache_coalesced_total',
    help: 'Misses that waited for a computation already running for the same key',
    registers: [registry],
    collect() {
      this.set(cache.counters.coalesced);
    },
  });
  new Gauge({
    name: 'simcast_pool_utilization',
    help: 'Worker pool utilisation (0..1), 0 before the pool starts',
    registers: [registry],
    collect() {
      this.set(poolStats()?.utilization ?? 0);
    },
  });
  new Gauge({
    name: 'simcast_pool_queue_depth',
    help: 'Tasks waiting for a worker thread',
    registers: [registry],
    collect() {
      this.set(poolStats()?.queueSize ?? 0);
    },
  });
  new Gauge({
    name: 'simcast_pool_threads',
    help: 'Worker threads in the pool',
    registers: [registry],
    collect() {
      this.set(poolStats()?.threads ?? 0);
    },
  });
  const db = opts.db ?? null;
  if (db !== null) {
    // The job queue's depth as the runs table sees it (the same on pg-boss and the embedded queue); one
    // read per scrape serves both gauges.
    let counts: Promise<Awaited<ReturnType<typeof jobCounts>> | null> | null = null;
    const read = () =>
      (counts ??= jobCounts(db)
        .catch(() => null)
        .finally(() => setImmediate(() => (counts = null))));
    new Gauge({
      name: 'simcast_job_shards_pending',
      help: 'Shards of queued or running jobs not yet committed',
      registers: [registry],
      async collect() {
        const c = await read();
        if (c) this.set(c.pendingShards);
      },
    });
    new Gauge({
      name: 'simcast_jobs',
      help: 'Jobs (runs) by status',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const c = await read();
        if (!c) return;
        this.reset();
        for (const row of c.byStatus) this.set({ status: row.status }, row.n);
      },
    });
  }
  cache.setEvents({
    onHit: (kind) => cacheHits.inc({ kind }),
    onMiss: (kind) => cacheMisses.inc({ kind }),
    onError: (kind) => cacheErrors.inc({ kind }),
  });
  return { registry, httpDuration, cacheHits, cacheMisses, cacheErrors };
}
