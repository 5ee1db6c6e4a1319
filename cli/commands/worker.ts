import { OptionError } from '../../core/errors.js';
import { startBoss, workShards } from '../../jobs/pgboss-queue.js';
import { openDb } from '../../store/db.js';
import { closePool, defaultThreads } from '../../workers/pool.js';
import { intOption, parseOptions } from '../args.js';

export const help = `Usage: simcast worker [--threads T] [--expire-seconds S]

Pulls shards of queued jobs from the pg-boss queue in the Postgres that DATABASE_URL names, runs them on
this machine's worker pool and writes their results there. Run any number, on any machines; stop with
Ctrl-C or SIGTERM (the shard in progress finishes first). A worker that dies mid-shard leaves no rows;
its shard runs again elsewhere once it expires.

Options:
  --threads T          worker threads (default: all cores)
  --expire-seconds S   how soon this worker looks for expired shards: every min(30, S) seconds (default 300)

A shard's expiry is fixed when it is queued: SIMCAST_SHARD_EXPIRE_SECONDS (default 300) in the environment
of 'simcast run' or 'simcast serve', whichever queues the job.
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { threads: { type: 'string' }, 'expire-seconds': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new OptionError("simcast worker needs DATABASE_URL pointing at Postgres (with the embedded database, 'simcast run' runs the shards itself)");
  const threads = intOption('threads', values.threads, defaultThreads(), 1, 256);
  const expire = intOption('expire-seconds', values['expire-seconds'], 300, 1, 86400);
  const db = await openDb({ url });
  const boss = await startBoss({ url, expireInSeconds: expire, maintenanceIntervalSeconds: Math.min(30, expire) });
  const worker = workShards(db, boss, {
    threads,
    onShard: (m, outcome) => process.stderr.write(`run ${m.runId} shard ${m.shard.index}: ${outcome}\n`),
  });
  process.stderr.write(`worker ready: ${db.description}, ${threads} threads\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await worker.stop(); // the shard in progress finishes first
  await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  await closePool();
  await db.close();
  return 0;
}
