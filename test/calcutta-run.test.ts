// Through the worker pool and the built CLI (npm test builds dist/ first).
import { afterAll, describe, expect, it } from 'vitest';
import { loadCalcutta } from '../app/inputs/calcutta-file.js';
import { runCalcutta } from '../app/calcutta/optimize.js';
import type { EntryOutcomeChunk } from '../engine/calcutta/outcomes.js';
import { closePool } from '../workers/pool.js';
import { simcast } from './helpers/cli.js';

afterAll(() => closePool());

describe('runCalcutta on the worker pool', () => {
  it('gives the same recommendation for the same seed on 1 and 2 threads', async () => {
    const spec = await loadCalcutta('examples/calcutta-2016.json');
    const a = await runCalcutta(spec, { sims: 20_000, seed: 11, threads: 1 });
    const b = await runCalcutta(spec, { sims: 20_000, seed: 11, threads: 2 });
    expect(a.recommended.length).toBeGreaterThan(0);
    expect(b.recommended).toEqual(a.recommended);
    expect(b.expectedNet).toBe(a.expectedNet);
    expect(b.entries).toEqual(a.entries);
    expect(b.teams).toEqual(a.teams);
    const c = await runCalcutta(spec, { sims: 20_000, seed: 12, threads: 2 });
    expect(c.teams.map((t) => t.expectedPoints)).not.toEqual(a.teams.map((t) => t.expectedPoints));
  });

  it('hands out per-tournament entry outcomes in bounded chunks that agree with the aggregates', async () => {
    const spec = await loadCalcutta('examples/calcutta-2016.json');
    const sums = new Float64Array(31);
    let sims = 0;
    let maxChunk = 0;
    let firstRankOk = true;
    const report = await runCalcutta(spec, {
      sims: 10_000,
      seed: 5,
      threads: 2,
      onOutcomes: (c: EntryOutcomeChunk) => {
        expect(c.simStart).toBe(sims);
        expect(c.entryCount).toBe(31);
        sims += c.simCount;
        maxChunk = Math.max(maxChunk, c.simCount);
        for (let s = 0; s < c.simCount; s++) {
          let paid = 0;
          let firsts = 0;
          for (let e = 0; e < 31; e++) {
            sums[e] += c.payout[s * 31 + e];
            paid += c.payout[s * 31 + e];
            if (c.rank[s * 31 + e] === 1) firsts++;
          }
          if (Math.abs(paid - 1) > 1e-9 || firsts < 1) firstRankOk = false;
        }
      },
    });
    expect(sims).toBe(10_000);
    expect(maxChunk).toBeLessThanOrEqual(4096);
    expect(firstRankOk).toBe(true);
    report.entries.forEach((e, i) => expect(sums[i] / 10_000).toBeCloseTo(e.meanPayout, 10));
    // The investment report's payout shares add up to our expected payout share.
    expect(report.investment.reduce((a, l) => a + l.expectedPayoutShare, 0)).toBeCloseTo(report.expectedPayoutShare, 10);
    expect(report.spend).toBeLessThanOrEqual(100);
  });

  it('enumerates a tiny Calcutta exactly', async () => {
    const spec = await loadCalcutta('examples/calcutta-tiny.json');
    const r = await runCalcutta(spec, { exact: true });
    expect(r.mode).toBe('exact');
    expect(r.sims).toBe(8);
    expect(r.entries.reduce((a, e) => a + e.meanPayout, 0)).toBeCloseTo(1, 12);
    for (const t of r.teams) expect(t.expectedPoints).toBeCloseTo(t.expectedPointsExact, 12);
  });
});

describe('simcast calcutta', () => {
  it('explains itself with --help and is listed in the main help', () => {
    expect(simcast(['--help']).stdout).toContain('calcutta');
    const r = simcast(['calcutta', '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['optimize', '--sims', '--seed', '--threads', '--json', '--csv']) expect(r.stdout).toContain(opt);
  });

  it('prints a table, JSON and CSV', () => {
    const t = simcast(['calcutta', 'optimize', 'examples/calcutta-tiny.json', '--exact']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('recommended bids');
    expect(t.stdout).toContain('ROI');
    const j = simcast(['calcutta', 'optimize', 'examples/calcutta-2016.json', '--sims', '8192', '--seed', '3', '--threads', '2', '--json']);
    expect(j.code).toBe(0);
    const report = JSON.parse(j.stdout);
    expect(report).toMatchObject({ sims: 8192, seed: 3, threads: 2, mode: 'montecarlo' });
    expect(report.teams).toHaveLength(68);
    expect(report.entries).toHaveLength(31);
    const c = simcast(['calcutta', 'optimize', 'examples/calcutta-tiny.json', '--exact', '--csv']);
    expect(c.stdout.split('\n')[0]).toBe('team,seed,bid,ownership,team_expected_points,our_expected_points,expected_payout_share,expected_payout,roi');
  });

  it('fails with one line and exit code 2 on bad input', () => {
    const r = simcast(['calcutta', 'optimize', 'examples/no-such.json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('FILE_UNREADABLE');
    const p = simcast(['calcutta', 'optimize', 'examples/calcutta-tiny.json', '--persist', '--exact']);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('OPTION_INVALID');
    expect(simcast(['calcutta', 'tune', 'x.json']).stderr).toContain("unknown subcommand 'tune'");
  });
});

describe('Calcutta --persist is a job', () => {
  it('stores a run that can be resumed after it stopped, with the results of an uninterrupted run', async () => {
    const { embeddedDb } = await import('./helpers/databases.js');
    const { loadCalcuttaFile } = await import('../app/inputs/calcutta-file.js');
    const { runPersistedCalcutta } = await import('../app/calcutta/persisted.js');
    const { getRun } = await import('../store/runs.js');
    const db = await embeddedDb();
    try {
      const { document } = await loadCalcuttaFile('examples/calcutta-tiny.json');
      const whole = await runPersistedCalcutta(db, { document, sims: 5000, seed: 3 }, { threads: 2 });
      expect(await getRun(db, whole.runId)).toMatchObject({ kind: 'calcutta', status: 'complete', queue: 'local', shards_planned: 1, shards_done: 1 });
      // A run that stopped before its one shard committed: --resume finishes it, with the same answer.
      const stopped = await runPersistedCalcutta(db, { document, sims: 5000, seed: 3 }, { threads: 2, signal: AbortSignal.abort() }).catch((e: unknown) => e);
      expect(stopped).toMatchObject({ code: 'CANCELLED' });
      const runs = await db.query<{ id: number }>("select id::float8 as id from runs where kind = 'calcutta' and status <> 'complete'");
      expect(runs.rows).toHaveLength(1);
      const id = runs.rows[0].id;
      const resumed = await runPersistedCalcutta(db, { resume: id }, { threads: 1 });
      expect(resumed.runId).toBe(id);
      expect(await getRun(db, id)).toMatchObject({ status: 'complete', shards_done: 1 });
      const { runId: _a, calcuttaId: _b, optimizationRunId: _c, timings: _t, threads: _th, ...sameA } = whole.report;
      const { runId: _d, calcuttaId: _e, optimizationRunId: _f, timings: _u, threads: _tr, ...sameB } = resumed.report;
      const untimed = (r: typeof sameA) => ({ ...r, optimizer: { ...r.optimizer, elapsedMs: 0 } });
      expect(untimed(sameB)).toEqual(untimed(sameA));
      const rows = await db.query<{ n: number }>('select count(*)::int as n from entry_simulation_outcomes where run_id = $1', [id]);
      expect(rows.rows[0].n).toBe(5000 * whole.report.entries.length);
      await expect(runPersistedCalcutta(db, { resume: id })).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await db.close();
    }
  });
});
