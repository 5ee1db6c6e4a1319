// The pool use case end to end (what `simcast pool optimize`, POST /v1/pools/optimize and the pool job
// run): for pools of 100 and 1,000 other entries on the 2016 field with ESPN's 2016 picks and scoring,
// the optimised entry's hold-out chance to win against chalk's with standard errors and their paired
// ratio, and the wall and CPU time of the whole optimisation (search sample, search, hold-out). Beside
// it, the same figures of the engine's single-thread reference (runPool) on the same seed: the app must
// give the same numbers (it runs the same block functions, yielding between blocks).
import { loadavg } from 'node:os';
import { loadField } from '../app/inputs/field-file.js';
import { loadPicks } from '../app/inputs/pool-files.js';
import { optimizePool } from '../app/pools/optimize.js';
import { projectFile } from '../core/paths.js';

const SEED = 2016;

interface Row {
  poolSize: number;
  champion: string;
  chalk: { value: number; se: number };
  optimized: { value: number; se: number };
  ratio: { value: number; se: number };
  chosen: string;
  wallS: number;
  cpuS: number;
  searchWallS: number;
  threads: number;
  load: number;
}

export async function benchPoolApp(o: { smoke?: boolean; threads?: number[] } = {}): Promise<{ rows: Row[]; markdown: string }> {
  const field = await loadField(projectFile('examples', 'ncaa-2016.json'), { results: projectFile('examples', 'data', 'ncaa-mens-2016-first-four.csv') });
  const picks = await loadPicks(projectFile('examples', 'data', 'ncaa-mens-2016-espn-picks.csv'));
  const sims = o.smoke ? 4096 : 20_480;
  const holdoutSims = o.smoke ? 4096 : 163_840;
  const rows: Row[] = [];
  for (const threads of o.threads ?? [1, 2])
    for (const poolSize of [100, 1000]) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await optimizePool({ field, picks, aliases: [], model: { name: '538' }, poolSize }, { sims, holdoutSims, seed: SEED, threads });
      // process.cpuUsage counts every thread of the process (the workers' too).
      const cpu = process.cpuUsage(c0);
      const h = r.report.holdout;
      rows.push({
        poolSize,
        champion: Object.entries(r.report.bracket).sort((a, b) => b[1] - a[1])[0][0],
        chalk: h.chalkWinProbability,
        optimized: h.winProbability,
        ratio: h.winRatio,
        chosen: h.chosen,
        wallS: (performance.now() - t0) / 1000,
        cpuS: (cpu.user + cpu.system) / 1e6,
        searchWallS: ((r.report.timings.sampleMs ?? 0) + (r.report.timings.searchMs ?? 0)) / 1000,
        threads,
        load: loadavg()[0],
      });
    }
  const pct = (e: { value: number; se: number }) => `${(100 * e.value).toFixed(2)}% ± ${(100 * e.se).toFixed(2)}`;
  const markdown = [
    `Pool use case (\`optimizePool\`, as \`simcast pool optimize\` runs it), 2016 field and ESPN 2016 picks, ESPN scoring, one payout; search on ${sims.toLocaleString('en-US')} tournaments, hold-out on ${holdoutSims.toLocaleString('en-US')} of their own seed (seed ${SEED}):`,
    '',
    '| threads | other entries | champion | chalk wins (hold-out) | optimised wins (hold-out) | ratio (paired) | ratio precision | chosen | wall: search (sample + search) | wall: whole run | CPU, all threads | load average |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.threads} | ${r.poolSize.toLocaleString('en-US')} | ${r.champion} | ${pct(r.chalk)} | ${pct(r.optimized)} | **${r.ratio.value.toFixed(3)} ± ${r.ratio.se.toFixed(3)}** | ${((100 * r.ratio.se) / r.ratio.value).toFixed(1)}% | ${r.chosen} | ${r.searchWallS.toFixed(1)} s | ${r.wallS.toFixed(1)} s | ${r.cpuS.toFixed(1)} s | ${r.load.toFixed(1)} |`,
    ),
    '',
  ].join('\n');
  return { rows, markdown };
}

// `node dist/bench/pool-app.js [--smoke]` runs this section alone.
if (process.argv[1]?.endsWith('pool-app.js')) {
  process.stdout.write(`${(await benchPoolApp({ smoke: process.argv.includes('--smoke') })).markdown}\n`);
}
