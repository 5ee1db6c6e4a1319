import { OptionError } from '../../core/errors.js';
import { startWorker } from '../../app/jobs/worker.js';
import { closeWorkers, defaultThreads } from '../../app/runtime.js';
import { intOption, parseOptions } from '../args.js';
import { interrupted } from '../interrupt.js';
import { openCliDb } from '../db-options.js';

export const help = `Usage: simcast worker [--threads T] [--expire-seconds S]

Pulls shards of queued jobs from the pg-boss queue in the Postgres that DATABASE_URL names, runs them on
this machine's worker pool and writes their results there. Run any number, on any machines; stop with
Ctrl-C or SIGTERM (the shard in progress finishes first). A worker that dies mid-shard leaves no rows;
its shard runs again elsewhere once it expires. A worker that loses its database reports each failed
attempt on stderr and exits with code 3 after --queue-retries attempts, for its supervisor to restart.

Options:
  --threads T          worker threads (default: all cores)
  --expire-seconds S   how soon this worker looks for expired shards: every min(30, S) seconds (default 300)
  --queue-retries N    failed looks at the queue in a row before the worker exits with code 3 (default 8:
                       about 40 seconds, the waits doubling from one second)

A shard's expiry is fixed when it is queued: SIMCAST_SHARD_EXPIRE_SECONDS (default 300) in the environment
of 'simcast run' or 'simcast serve', whichever queues the job.
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    threads: { type: 'string' },
    'expire-seconds': { type: 'string' },
    'queue-retries': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (!process.env.DATABASE_URL)
    throw new OptionError("simcast worker needs DATABASE_URL pointing at Postgres (with the embedded database, 'simcast run' runs the shards itself)");
  const threads = intOption('threads', values.threads, defaultThreads(), 1, 256);
  const expire = intOption('expire-seconds', values['expire-seconds'], 300, 1, 86400);
  const retries = intOption('queue-retries', values['queue-retries'], 8, 1, 100);
  const db = await openCliDb({});
  try {
    const worker = await startWorker(db, {
      threads,
      expireSeconds: expire,
      maxQueueFailures: retries,
      onShard: (m, outcome) => process.stderr.write(`run ${m.runId} shard ${m.shard.index}: ${outcome}\n`),
      onQueueError: (e, attempt) => process.stderr.write(`worker: job queue error${attempt > 0 ? ` (attempt ${attempt})` : ''}: ${e.message}\n`),
    });
    process.stderr.write(`worker ready: ${db.description}, ${threads} threads\n`);
    const stopped = new Promise<void>((resolve) => (interrupted.aborted ? resolve() : interrupted.addEventListener('abort', () => resolve(), { once: true })));
    try {
      await Promise.race([stopped, worker.failed]);
    } finally {
      await worker.stop(); // the shards in progress finish first
    }
    return 0;
  } finally {
    await closeWorkers();
    await db.close();
  }
}
