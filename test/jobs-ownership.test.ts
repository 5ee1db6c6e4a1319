// One writer per run (a lease), and a stopping server hands its running jobs back instead of waiting
// for them or losing them: the next start finishes them with the numbers of an uninterrupted run.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseJobSpec } from '../app/jobs/parse.js';
import { JobQueues } from '../app/jobs/queues.js';
import { runLocally } from '../app/jobs/local-queue.js';
import { createJobRun } from '../app/jobs/execute.js';
import { jobOutcome } from '../app/jobs/results.js';
import { getRun, takeLease } from '../store/runs.js';
import { closePool } from '../workers/pool.js';
import { backends, postgresReachable } from './helpers/databases.js';

afterAll(closePool);

const field = JSON.parse(readFileSync(new URL('../examples/ncaa-2016.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const job = (sims: number) => parseJobSpec({ kind: 'tournament', field, sims, seed: 21, shardBlocks: 2 });

for (const backend of backends('ownership')) {
  describe(`who writes a run, on ${backend.name}`, async () => {
    const skip = backend.name === 'postgres' && !(await postgresReachable());
    afterAll(() => backend.cleanup());

    it.skipIf(skip)('a second writer of a run being written is refused, naming the holder; the run is untouched', async () => {
      const db = await backend.open();
      try {
        const id = await createJobRun(db, job(8192), 'local');
        // Another process holds the run (its lease, as a --resume racing it would find it).
        expect(await takeLease(db, id, 'other-host:4242:abcd', 60)).not.toBeNull();
        const refused = await runLocally(db, id, { threads: 1 }).catch((e: unknown) => e);
        expect(refused).toMatchObject({ code: 'CONFLICT' });
        expect((refused as Error).message).toMatch(
          new RegExp(`^run ${id} is being written by other-host:4242:abcd \\(lease until .*\\); wait for it to finish, or cancel it first$`),
        );
        expect(await getRun(db, id)).toMatchObject({ status: 'queued', shards_done: 0, error: null });
        // The holder is gone and its lease ran out: the run is free.
        await db.query("update runs set lease_until = now() - interval '1 second' where id = $1", [id]);
        await runLocally(db, id, { threads: 1 });
        expect(await getRun(db, id)).toMatchObject({ status: 'complete', shards_done: 1 });
      } finally {
        await db.close();
      }
    });

    // The embedded queue's jobs run in the server's process; on Postgres they run in workers (see jobs.test.ts).
    if (backend.name === 'pglite')
      it('a stopping server hands its jobs back; the next start finishes them with the same numbers', async () => {
        const db = await backend.open();
        try {
          const first = new JobQueues(db, { threads: 1 });
          const id = await first.submit(job(200_000), { background: true });
          // Stop while it runs: close() hands it back (it is not waited for to the end, nor cancelled).
          for (let p = await getRun(db, id); p.status === 'queued' && p.shards_done === 0; p = await getRun(db, id)) await new Promise((r) => setImmediate(r));
          await first.close();
          const handedBack = await getRun(db, id);
          expect(handedBack.status).toBe('queued');
          expect(handedBack.error).toMatch(/handed back by a stopping server/);
          expect(handedBack.shards_done).toBeLessThan(handedBack.shards_planned);
          const next = new JobQueues(db, { threads: 2 });
          expect(await next.resumeHandedBack()).toEqual([id]);
          for (let p = await getRun(db, id); p.status !== 'complete'; p = await getRun(db, id)) {
            expect(p.status).not.toBe('failed');
            await new Promise((r) => setImmediate(r));
          }
          await next.close();
          const whole = await createJobRun(db, job(200_000), 'local');
          await runLocally(db, whole, { threads: 2 });
          const a = (await jobOutcome(db, id)).report as { teams: unknown };
          const b = (await jobOutcome(db, whole)).report as { teams: unknown };
          expect(a.teams).toEqual(b.teams);
        } finally {
          await db.close();
        }
      });
  });
}
