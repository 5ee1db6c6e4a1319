// A synchronous POST /v1/pools/optimize computes off the event loop (its simulation, search and
// importance on worker threads): the server answers another request while the search runs, and its
// answer is the CLI's for the seed. Ordering, not timing: each check waits for an event (a block back
// from the worker pool, a turn of the loop), never for a clock.
import { afterAll, describe, expect, it } from 'vitest';
import { apiUnderTest } from './helpers/api-under-test.js';
import { join } from 'node:path';
import { loadField } from '../app/inputs/field-file.js';
import { loadPicks } from '../app/inputs/pool-files.js';
import { poolDocument, type PoolDocument, type PoolInputs } from '../app/pools/document.js';
import { smallPoolDocument } from './helpers/pool.js';
import { optimizePool } from '../app/pools/optimize.js';
import { evaluatePool } from '../app/pools/evaluate.js';
import { closePool, poolStats } from '../workers/pool.js';
import { backends } from './helpers/databases.js';
import { ROOT, simcast } from './helpers/cli.js';
import { auth } from './helpers/api-under-test.js';

afterAll(closePool);

const example = (p: string) => join(ROOT, 'examples', p);
const FIELD = example('ncaa-2016.json');
const RESULTS = example('data/ncaa-mens-2016-first-four.csv');
const PICKS = example('data/ncaa-mens-2016-espn-picks.csv');

/** The CLI's inputs for the 2016 pool of 100 (docs/pools.md), read as `simcast pool optimize` reads them. */
async function inputs2016(): Promise<PoolInputs> {
  return {
    field: await loadField(FIELD, { results: RESULTS }),
    picks: await loadPicks(PICKS),
    aliases: [],
    model: { name: '538' },
    poolSize: 100,
    opponents: { kind: 'public' },
  };
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));
const withoutTimings = (r: Record<string, unknown>) => {
  const { timings: _t, ...rest } = r;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
};

describe('pool optimisation off the event loop', { timeout: 600_000 }, () => {
  it('the loop turns while the search runs on a worker (it does not on this thread); the same answer either way', async () => {
    const i = await inputs2016();
    const sims = 4096;
    const run = async (offThread: boolean) => {
      const order: string[] = [];
      const r = await optimizePool(i, {
        sims,
        seed: 11,
        threads: 1,
        offThread,
        onProgress: (done, _planned, stage) => {
          // The sample is complete: the search starts in this same turn. Two turns of the loop later, is it done?
          if (stage === 'search-sample' && done === sims) setImmediate(() => setImmediate(() => order.push('loop turned')));
          if (stage === 'search') order.push('searched');
        },
      });
      return { order, report: withoutTimings(r.report as unknown as Record<string, unknown>), scores: r.scores };
    };
    const off = await run(true);
    expect(off.order.slice(0, 2)).toEqual(['loop turned', 'searched']);
    const here = await run(false);
    expect(here.order.slice(0, 2)).toEqual(['searched', 'loop turned']);
    expect(off.report).toEqual(here.report);
    expect(off.scores).toEqual(here.scores);
  });

  it('evaluate off the loop: the same answer as on this thread', async () => {
    const i = await inputs2016();
    const chalk = (await optimizePool(i, { sims: 1000, seed: 1 })).report.chalk.bracket;
    const a = await evaluatePool({ ...i, entry: chalk }, { sims: 3000, seed: 4, threads: 1, offThread: true });
    const b = await evaluatePool({ ...i, entry: chalk }, { sims: 3000, seed: 4 });
    expect(withoutTimings(a.report as unknown as Record<string, unknown>)).toEqual(withoutTimings(b.report as unknown as Record<string, unknown>));
    expect(a.report.importance.length).toBeGreaterThan(0);
  });

  const embedded = backends('pools_offthread').find((b) => b.name === 'pglite')!;
  describe('over HTTP', async () => {
    const { app } = await apiUnderTest(embedded, { threads: 1 });

    it('answers /health while a synchronous optimise searches, then the CLI’s answer for the seed', async () => {
      const doc = poolDocument(await inputs2016());
      const before = poolStats()?.completed ?? 0;
      let answered = false;
      const optimise = app
        .inject({ method: 'POST', url: '/v1/pools/optimize', headers: auth, payload: { pool: doc, sims: 4096, seed: 1 } as never })
        .finally(() => {
          answered = true;
        });
      // Turn by turn until the one block of the search sample is back from the worker pool: the search
      // starts on a worker in that same turn (on this thread, the pool would never be used).
      while (!answered && (poolStats()?.completed ?? 0) - before < 1) await nextTurn();
      const health = await app.inject('/health');
      expect(health.statusCode).toBe(200);
      expect(answered).toBe(false);
      const r = await optimise;
      expect(r.statusCode, r.body).toBe(200);
      const cli = simcast([
        'pool',
        'optimize',
        '--field',
        FIELD,
        '--results',
        RESULTS,
        '--picks',
        PICKS,
        '--pool-size',
        '100',
        '--sims',
        '4096',
        '--seed',
        '1',
        '--threads',
        '2',
        '--json',
        '--quiet',
      ]);
      expect(cli.code, cli.stderr).toBe(0);
      expect(withoutTimings(r.json())).toEqual(withoutTimings(JSON.parse(cli.stdout)));
    });

    it('an input error found on the worker (locks that cannot all hold) is still a coded 400', async () => {
      const doc = smallPoolDocument(16, 7, 25) as unknown as PoolDocument;
      const r = await app.inject({
        method: 'POST',
        url: '/v1/pools/optimize',
        headers: auth,
        payload: { pool: { ...doc, locks: { T0: 4, T1: 4 } }, sims: 500, seed: 1 } as never,
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'POOL_INVALID', message: expect.stringMatching(/locks cannot all hold/) });
    });
  });
});
