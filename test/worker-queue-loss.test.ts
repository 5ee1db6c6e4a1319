// A worker that loses its database says so on every failed attempt and exits with code 3 after its
// bounded retries, so a supervisor restarts it (instead of polling silently forever). The database is
// real; the loss is a TCP proxy in front of it that the test closes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers/cli.js';
import { PG_URL, postgresReachable } from './helpers/databases.js';

const skip = !(await postgresReachable());

describe('a worker whose database goes away', () => {
  const sockets = new Set<net.Socket>();
  const target = new URL(PG_URL);
  const proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  const schemas = [`t_worker_loss_${process.pid}`, `pgboss_worker_loss_${process.pid}`];
  afterAll(async () => {
    proxy.close();
    for (const s of sockets) s.destroy();
    if (skip) return;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    for (const schema of schemas) await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  it.skipIf(skip)('reports each failed look at the queue and exits with code 3 after its retries', async () => {
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    const port = (proxy.address() as net.AddressInfo).port;
    const url = new URL(PG_URL);
    url.host = `127.0.0.1:${port}`;
    const child = spawn(process.execPath, [CLI, 'worker', '--threads', '1', '--queue-retries', '2'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url.toString(), SIMCAST_DB_SCHEMA: schemas[0], SIMCAST_BOSS_SCHEMA: schemas[1] },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await new Promise<void>((resolve) =>
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('worker ready')) resolve();
      }),
    );
    // The database goes away: no new connections, and the open ones are cut.
    proxy.close();
    for (const s of sockets) s.destroy();
    const [code] = await exited;
    expect(code, err).toBe(3);
    expect(err).toMatch(/worker: job queue error \(attempt 1\): /);
    expect(err).toMatch(/worker: job queue error \(attempt 2\): /);
    expect(err.trimEnd().split('\n').at(-1)).toMatch(/^simcast: DATABASE_UNREACHABLE: the job queue has been unreachable for 2 attempts: /);
  });
});
