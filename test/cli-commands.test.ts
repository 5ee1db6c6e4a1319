// The built `simcast` CLI end to end for the commands other than `tournament`: Ctrl-C, migrate/runs on
// the embedded database, ratings replay, ingest, backtest, run/jobs, calcutta optimize, and bad input.
// Every database-using command runs on embedded PGlite (DATABASE_URL='') in a fresh --data-dir.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, simcast, withoutProgress } from './helpers/cli.js';
import { embeddedDataDir, tempDir } from './helpers/temp.js';

const EMBEDDED = { DATABASE_URL: '' };
const tmp = tempDir('simcast-cmds-');
/** A folder for one test's embedded database, already migrated. */
const dataDir = () => embeddedDataDir();
const STREAM_SCHEME = 'xoshiro128ss+arc4seed/block4096/v1';
const SPREADSPOKE = 'test/fixtures/nfl-games-spreadspoke.csv';

/** A bad-input run: exit code 2, exactly one stderr line matching `pattern`, nothing on stdout. */
function expectOneLineError(r: ReturnType<typeof simcast>, pattern: RegExp, what: string) {
  expect(r.code, `${what}: ${r.stderr}`).toBe(2);
  expect(r.stderr, what).toMatch(pattern);
  expect(r.stderr.endsWith('\n'), what).toBe(true);
  expect(r.stderr.trimEnd().split('\n'), what).toHaveLength(1);
  expect(r.stderr, what).not.toMatch(/^\s+at /m);
  expect(r.stdout, what).toBe('');
}

// Each command is a new process that starts the embedded database (2-4 s on an idle 2-core machine,
// three times that under load) and several tests chain ten commands: 3 minutes each, not the default 1.
describe('simcast commands', { timeout: 180_000 }, () => {
  it('Ctrl-C stops a long tournament: exit 130, one line on stderr, nothing on stdout', async () => {
    const child = spawn(process.execPath, [CLI, 'tournament', '--field', 'examples/ncaa-2016.json', '--sims', '2000000000', '--seed', '1', '--yes'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SIMCAST_PROGRESS_MS: '0' },
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    // Its first progress line says the simulation is under way.
    await new Promise<void>((resolve) => child.stderr!.once('data', () => resolve()));
    expect(child.exitCode, `exited before the signal: ${err}`).toBeNull();
    child.kill('SIGINT');
    const [code, signal] = await exited;
    // cli/interrupt.ts: a cancelled run exits 130 (128 + SIGINT), not 2, and not by the signal itself.
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(err).toMatch(/^(simulations: .*\n)*simcast: CANCELLED: run cancelled\n$/);
    expect(err).not.toMatch(/^\s*at /m);
    expect(err).not.toMatch(/internal error/);
    expect(out).toBe('');
  });

  it('migrate status, tournament --persist, runs list/show/drop on the embedded database', () => {
    const d = join(tempDir('simcast-db-'), 'pg');
    const db = ['--data-dir', d];

    // A fresh folder: every migration listed, none applied (status does not migrate).
    const fresh = simcast(['migrate', 'status', ...db], EMBEDDED);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout.split('\n')[0]).toBe(`pglite ${d}`);
    expect(fresh.stdout).toMatch(/^migration\s+applied$/m);
    for (const m of ['0001_core', '0002_jobs', '0003_reads']) expect(fresh.stdout).toMatch(new RegExp(`^${m}\\s+pending$`, 'm'));
    const freshJson = JSON.parse(simcast(['migrate', 'status', '--json', ...db], EMBEDDED).stdout) as {
      version: number;
      name: string;
      applied: boolean;
      appliedAt: string | null;
    }[];
    expect(freshJson.length).toBeGreaterThanOrEqual(3);
    expect(freshJson.map((m) => m.version)).toEqual(freshJson.map((_, i) => i + 1));
    expect(freshJson.every((m) => !m.applied && m.appliedAt === null)).toBe(true);

    // A persisted run: its id on stdout's first line, where it went on stderr.
    const t = simcast(['tournament', '--field', 'examples/ncaa-2016.json', '--sims', '20000', '--seed', '3', '--persist', 'aggregates', ...db], EMBEDDED);
    expect(t.code, t.stderr).toBe(0);
    const m = /^run (\d+)\n/.exec(t.stdout);
    expect(m, t.stdout.slice(0, 200)).not.toBeNull();
    const id = Number(m![1]);
    expect(withoutProgress(t.stderr)).toBe(`run ${id} stored in pglite ${d}: 1 of 1 shards written now\n`);
    expect(t.stdout).toMatch(/^Kansas\s+1\s+South\s+94\.46/m);
    expect(t.stdout).toMatch(/20,000 simulations \(538\), seed 3, .*stream xoshiro128ss\+arc4seed\/block4096\/v1\n$/);

    // The run applied the migrations on open.
    const applied = JSON.parse(simcast(['migrate', 'status', '--json', ...db], EMBEDDED).stdout) as { applied: boolean; appliedAt: string | null }[];
    expect(applied).toHaveLength(freshJson.length);
    expect(applied.every((x) => x.applied && typeof x.appliedAt === 'string')).toBe(true);

    const list = simcast(['runs', 'list', ...db], EMBEDDED);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^id\s+kind\s+status\s+sims\s+seed\s+shards\s+persist\s+started\s+finished$/m);
    expect(list.stdout).toMatch(
      new RegExp(`^${id}\\s+tournament\\s+complete\\s+20,000\\s+3\\s+1/1\\s+aggregates\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\s+\\d{4}-`, 'm'),
    );
    const listJson = simcast(['runs', 'list', '--json', ...db], EMBEDDED);
    expect(listJson.code, listJson.stderr).toBe(0);
    const runs = JSON.parse(listJson.stdout) as Record<string, unknown>[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id,
      kind: 'tournament',
      status: 'complete',
      sims: 20000,
      seed: '3',
      persist: 'aggregates',
      shardsPlanned: 1,
      shardsDone: 1,
      streamScheme: STREAM_SCHEME,
      error: null,
    });
    // ISO 8601 in UTC, as every timestamp simcast prints.
    expect(runs[0].finishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(runs[0]).not.toHaveProperty('spec');

    const show = simcast(['runs', 'show', String(id), ...db], EMBEDDED);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`^${id}\\s+tournament\\s+complete\\s+20,000\\s+3\\s`, 'm'));
    expect(show.stdout).toContain(`stream ${STREAM_SCHEME}, params {"hot":null,"model":{"name":"538","sigma":11}}`);
    expect(show.stdout).toMatch(/^inputs [0-9a-f]{16}, /m);
    expect(show.stdout).toMatch(/^Kansas\s+1\s+South\s+\d+\.\d\d$/m);
    const showJson = JSON.parse(simcast(['runs', 'show', String(id), '--json', ...db], EMBEDDED).stdout);
    expect(showJson).toMatchObject({ id, seed: '3', streamScheme: STREAM_SCHEME, status: 'complete' });
    expect(showJson.titleOdds).toHaveLength(10);
    expect(showJson.titleOdds[0].team).toBe('Kansas');
    const odds = showJson.titleOdds.map((o: { titleProbability: number }) => o.titleProbability);
    expect(odds).toEqual([...odds].sort((a: number, b: number) => b - a));

    expectOneLineError(
      simcast(['runs', 'drop', String(id), ...db], EMBEDDED),
      new RegExp(`^simcast: OPTION_INVALID: runs drop ${id} deletes the run and everything stored with it: add --yes to do it\\n$`),
      'drop without --yes',
    );
    const drop = simcast(['runs', 'drop', String(id), '--yes', ...db], EMBEDDED);
    expect(drop.code, drop.stderr).toBe(0);
    expect(drop.stdout).toBe(`dropped run ${id}\n`);
    expect(JSON.parse(simcast(['runs', 'list', '--json', ...db], EMBEDDED).stdout)).toEqual([]);
    expectOneLineError(simcast(['runs', 'show', String(id), ...db], EMBEDDED), new RegExp(`^simcast: NOT_FOUND: run ${id} does not exist\\n$`), 'show dropped');
    expectOneLineError(
      simcast(['runs', 'drop', String(id), '--yes', ...db], EMBEDDED),
      new RegExp(`^simcast: NOT_FOUND: run ${id} does not exist\\n$`),
      'drop twice',
    );
    expectOneLineError(simcast(['runs', 'show', '999999', ...db], EMBEDDED), /^simcast: NOT_FOUND: run 999999 does not exist\n$/, 'show 999999');
  });

  it('ratings replay writes one documented CSV row per played game, new NFL teams entering at 1300', () => {
    // An empty folder: a replay without --store writes nothing to it.
    const d = tempDir('simcast-db-');
    const games = join(tmp, 'replay-games.csv');
    // Out of date order on purpose; one bad row (empty away id) and one scheduled game (no scores).
    writeFileSync(
      games,
      [
        'date,season,home,away,home_score,away_score,neutral,spread,total',
        '2023-09-17,2023,DET,SEA,31,37,false,-4.5,47',
        '2023-09-10,2023,KC,DET,20,21,false,-6.5,53',
        '2023-09-17,2023,KC,JAX,17,9,,-3,51',
        '2023-09-24,2023,SEA,CAR,37,27,false,,',
        '2023-09-24,2023,BAD,,1,2,false,,',
        '2024-01-07,2023,DET,KC,,,false,,',
      ].join('\n') + '\n',
    );
    const out = join(tmp, 'replay-out.csv');
    const r = simcast(['ratings', 'replay', '--league', 'nfl', '--games', games, '--out', out, '--data-dir', d], EMBEDDED);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^simcast: warning: .*replay-games\\.csv:6: team id '' is empty.*\\(skipped\\)$`, 'm'));
    expect(r.stderr).toMatch(/^replayed 4 games in [\d.]+ ms/m);
    // Without DATABASE_URL and without --store, nothing is stored: the data dir stays empty.
    expect(readdirSync(d)).toEqual([]);

    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('date,season,home,away,home_elo_pre,away_elo_pre,home_win_prob,home_elo_post,away_elo_post');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(4);
    expect(rows.map((x) => x.slice(0, 4).join(' '))).toEqual([
      '2023-09-10 2023 KC DET',
      '2023-09-17 2023 DET SEA',
      '2023-09-17 2023 KC JAX',
      '2023-09-24 2023 SEA CAR',
    ]);
    const num = rows.map((x) => x.slice(4).map(Number));
    const seen = new Map<string, number>();
    rows.forEach(([, , home, away], i) => {
      const [hPre, aPre, p, hPost, aPost] = num[i];
      // Each team's first pre-game rating is the NFL new-team 1300, later ones its last post-game rating.
      expect(hPre, `${home} pre`).toBeCloseTo(seen.get(home) ?? 1300, 3);
      expect(aPre, `${away} pre`).toBeCloseTo(seen.get(away) ?? 1300, 3);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
      expect(hPost + aPost).toBeCloseTo(hPre + aPre, 3); // Elo is zero-sum
      seen.set(home, hPost);
      seen.set(away, aPost);
    });
    // Two new teams, 65 points of home advantage: p = 1/(1+10^(-65/400)).
    expect(num[0][2]).toBeCloseTo(1 / (1 + 10 ** (-65 / 400)), 5);
    // The home team lost its first game: its rating falls.
    expect(num[0][3]).toBeLessThan(1300);

    // With --store the ratings go to team_ratings_history: two rows per game.
    const s = simcast(['ratings', 'replay', '--league', 'nfl', '--games', games, '--out', join(tmp, 'replay-out2.csv'), '--store', '--data-dir', d], EMBEDDED);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr).toContain(`stored 8 team ratings in team_ratings_history (pglite ${d})`);
    expect(readFileSync(join(tmp, 'replay-out2.csv'), 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('ingest games --format spreadspoke reports rejected rows with reasons; a second import changes nothing', () => {
    const d = dataDir();
    const fileRows = readFileSync(join(ROOT, SPREADSPOKE), 'utf8').trimEnd().split('\n').length - 1;
    const first = simcast(['ingest', 'games', '--format', 'spreadspoke', SPREADSPOKE, '--data-dir', d], EMBEDDED);
    expect(first.code, first.stderr).toBe(0);
    const out = first.stdout.split('\n');
    const m = new RegExp(
      `^${SPREADSPOKE}: (\\d+) rows, (\\d+) games valid: (\\d+) inserted, 0 updated, 0 unchanged; lines (\\d+) inserted, 0 updated \\(pglite ${d}, \\d+ ms\\)$`,
    ).exec(out[0]);
    expect(m, out[0]).not.toBeNull();
    const [rows, valid, inserted, lines] = m!.slice(1).map(Number);
    expect(rows).toBe(fileRows);
    expect(inserted).toBe(valid);
    expect(lines).toBeGreaterThan(0);
    expect(lines).toBeLessThanOrEqual(valid);
    const rej = /^rejected: (\d+) rows, (\d+) lines$/.exec(out[1]);
    expect(rej, out[1]).not.toBeNull();
    const [rejRows, rejLines] = rej!.slice(1).map(Number);
    expect(rejRows).toBeGreaterThan(0);
    expect(rejLines).toBeGreaterThan(0);
    expect(valid + rejRows).toBe(rows);
    const details = out.slice(2).filter((l) => l !== '');
    expect(details).toHaveLength(rejRows + rejLines);
    for (const l of details) expect(l).toMatch(new RegExp(`^  ${SPREADSPOKE}:\\d+: (row rejected|line dropped): \\S`));
    expect(details).toContain(`  ${SPREADSPOKE}:14154: row rejected: team_away 'New York' is not a team name in nfl-teams.csv`);
    expect(details).toContain(
      `  ${SPREADSPOKE}:13558: line dropped: team_favorite_id 'LV' is neither Las Vegas Raiders nor Pittsburgh Steelers (line dropped)`,
    );

    const second = simcast(['ingest', 'games', '--format', 'spreadspoke', SPREADSPOKE, '--json', '--data-dir', d], EMBEDDED);
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report).toMatchObject({
      file: SPREADSPOKE,
      format: 'spreadspoke',
      league: 'nfl',
      database: `pglite ${d}`,
      rows,
      games: valid,
      inserted: 0,
      updated: 0,
      unchanged: valid,
      oddsInserted: 0,
      oddsUpdated: 0,
    });
    expect(report.rejected).toHaveLength(rejRows + rejLines);
    for (const x of report.rejected) {
      expect(['row', 'odds']).toContain(x.scope);
      expect(x.line).toBeGreaterThan(1);
      expect(x.reason).toMatch(/\S/);
    }
  });

  it('backtest prints Brier scores per model; --json scores are all plausible', () => {
    const base = ['backtest', '--league', 'nfl', '--from', '2023', '--to', '2024', '--games', SPREADSPOKE, '--format', 'spreadspoke'];
    const t = simcast(base, EMBEDDED);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toBe(''); // nothing stored without DATABASE_URL or --data-dir
    expect(t.stdout).toMatch(/^NFL seasons 2023-2024: \d+ games, walk-forward, /m);
    // the printed command reproduces the run, format included
    expect(t.stdout.split('\n')[0]).toBe(`simcast backtest --league nfl --from 2023 --to 2024 --games ${SPREADSPOKE} --format spreadspoke`);
    expect(t.stdout).toMatch(/^model\s+games\s+brier\s+log loss\s+accuracy\s+bets\s+ROI$/m);
    for (const model of ['elo', 'pythagorean', 'logistic', 'montecarlo', 'ensemble', 'ensemble\\+line', 'line']) {
      expect(t.stdout).toMatch(new RegExp(`^${model}\\s+\\d+\\s+0\\.\\d{5}\\s`, 'm'));
    }

    const d = dataDir();
    const j = simcast([...base, '--json', '--data-dir', d], EMBEDDED);
    expect(j.code, j.stderr).toBe(0);
    const r = JSON.parse(j.stdout) as {
      league: string;
      from: number;
      to: number;
      games: number;
      rowsSkipped: number;
      models: { model: string; games: number; brier: number; logLoss: number; accuracy: number }[];
    };
    expect(r).toMatchObject({ league: 'nfl', from: 2023, to: 2024 });
    expect(r.games).toBeGreaterThan(500);
    expect(r.models.length).toBeGreaterThanOrEqual(7);
    for (const m of r.models) {
      expect(m.brier, m.model).toBeGreaterThan(0.15);
      expect(m.brier, m.model).toBeLessThan(0.3);
      expect(m.games, m.model).toBeGreaterThan(0);
      expect(m.games, m.model).toBeLessThanOrEqual(r.games);
    }
    expect(r.models.find((m) => m.model === 'elo')!.games).toBe(r.games);
    // The text and JSON agree.
    const elo = r.models.find((m) => m.model === 'elo')!;
    expect(t.stdout).toMatch(new RegExp(`^elo\\s+${elo.games}\\s+${elo.brier.toFixed(5).replace('.', '\\.')}\\s`, 'm'));
    // --data-dir stores one model_performance row per model.
    expect(j.stderr).toBe(`stored ${r.models.length} rows in model_performance (pglite ${d})\n`);
  });

  it('run completes a Calcutta job and a season job on the embedded database; jobs list/show follow them', () => {
    const d = dataDir();
    const db = ['--data-dir', d];
    const small = (kind: string) => {
      const job = JSON.parse(readFileSync(join(ROOT, `examples/job-${kind}.json`), 'utf8'));
      job.sims = 20000;
      const path = join(tmp, `job-${kind}.json`);
      writeFileSync(path, JSON.stringify(job));
      return path;
    };

    const c = simcast(['run', small('calcutta'), '--json', '--quiet', ...db], EMBEDDED);
    expect(c.code, c.stderr).toBe(0);
    const cj = JSON.parse(c.stdout);
    expect(cj).toMatchObject({
      kind: 'calcutta',
      status: 'complete',
      queue: 'local',
      sims: 20000,
      simsDone: 20000,
      seed: '9',
      streamScheme: STREAM_SCHEME,
      error: null,
    });
    expect(cj.shardsDone).toBe(cj.shardsPlanned);
    expect(cj.results).toMatchObject({ mode: 'montecarlo', sims: 20000, seed: 9, budget: 20 });
    const spent = cj.results.recommended.reduce((s: number, b: { bid: number }) => s + b.bid, 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(20);

    const s = simcast(['run', small('season'), '--json', '--quiet', ...db], EMBEDDED);
    expect(s.code, s.stderr).toBe(0);
    const sj = JSON.parse(s.stdout);
    expect(sj).toMatchObject({ kind: 'season', status: 'complete', queue: 'local', sims: 20000, simsDone: 20000, seed: '7', error: null });
    expect(sj.id).not.toBe(cj.id);
    expect(sj.results.teams).toHaveLength(8);
    for (const t of sj.results.teams as { id: string; expectedWins: number; groups: { division: { place: number[] } } }[]) {
      const p = t.groups.division.place.reduce((a, b) => a + b, 0);
      expect(p, t.id).toBeCloseTo(1, 9);
    }
    // KC is 8-1 with three games left.
    const kc = sj.results.teams.find((t: { id: string }) => t.id === 'KC');
    expect(kc.expectedWins).toBeGreaterThan(8);
    expect(kc.expectedWins).toBeLessThan(11);

    const list = simcast(['jobs', 'list', ...db], EMBEDDED);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${cj.id}\\s+calcutta\\s+complete\\s+1/1\\s+20,000\\s`, 'm'));
    expect(list.stdout).toMatch(new RegExp(`^${sj.id}\\s+season\\s+complete\\s+1/1\\s+20,000\\s`, 'm'));
    const listJson = JSON.parse(simcast(['jobs', 'list', '--json', ...db], EMBEDDED).stdout) as { id: number; status: string }[];
    expect(listJson.map((j) => j.id).sort()).toEqual([cj.id, sj.id].sort());
    expect(listJson.every((j) => j.status === 'complete')).toBe(true);

    for (const [id, kind] of [
      [cj.id, 'calcutta'],
      [sj.id, 'season'],
    ] as const) {
      const show = simcast(['jobs', 'show', String(id), ...db], EMBEDDED);
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toContain(`id: ${id}\nkind: ${kind}\nstatus: complete\n`);
      const showJson = JSON.parse(simcast(['jobs', 'show', String(id), '--json', ...db], EMBEDDED).stdout);
      expect(showJson).toMatchObject({ id, kind, status: 'complete', simsDone: 20000 });
    }
    expectOneLineError(simcast(['jobs', 'show', '999999', ...db], EMBEDDED), /^simcast: NOT_FOUND: run 999999 does not exist\n$/, 'jobs show 999999');
  });

  it('calcutta optimize: bids within the budget and constraints, the same on 1 and 2 threads', () => {
    const args = ['calcutta', 'optimize', 'examples/calcutta-tiny.json', '--sims', '5000', '--seed', '9', '--json'];
    const a = simcast([...args, '--threads', '1']);
    const b = simcast([...args, '--threads', '2']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ja = JSON.parse(a.stdout);
    const jb = JSON.parse(b.stdout);
    expect(ja).toMatchObject({ mode: 'montecarlo', sims: 5000, seed: 9, threads: 1, budget: 20, streamScheme: STREAM_SCHEME });
    expect(jb.threads).toBe(2);
    const bids = ja.recommended as { name: string; bid: number }[];
    expect(bids.length).toBeGreaterThan(0);
    expect(bids.length).toBeLessThanOrEqual(3); // maxTeams
    const total = bids.reduce((s, x) => s + x.bid, 0);
    expect(total).toBeLessThanOrEqual(ja.budget);
    expect(ja.spend).toBeCloseTo(total, 9);
    for (const x of bids) {
      expect(x.bid, x.name).toBeGreaterThanOrEqual(2); // minBid
      expect(x.bid, x.name).toBeLessThanOrEqual(12); // maxBid
      expect(x.bid % 2, x.name).toBe(0); // increment
    }
    expect(new Set(bids.map((x) => x.name)).size).toBe(bids.length);
    // Same seed, any thread count: the same bids and the same numbers (only timings and threads differ).
    expect(jb.recommended).toEqual(ja.recommended);
    const strip = (j: Record<string, unknown>) => {
      const { threads: _t, timings: _timings, optimizer, ...rest } = j;
      const { elapsedMs: _e, ...opt } = optimizer as Record<string, unknown>;
      return { ...rest, optimizer: opt };
    };
    expect(strip(jb)).toEqual(strip(ja));
  });

  it('bad input: exit 2 with one stderr line naming the problem', () => {
    // An empty folder: bad input must leave it empty (nothing opened, nothing written).
    const d = tempDir('simcast-db-');
    const badJob = join(tmp, 'job-bad.json');
    writeFileSync(badJob, '{"kind":"season"}\n');
    const brokenJob = join(tmp, 'job-broken.json');
    writeFileSync(brokenJob, '{"kind":"season",\n');
    const tiny = JSON.parse(readFileSync(join(ROOT, 'examples/calcutta-tiny.json'), 'utf8'));
    const payouts = join(tmp, 'calcutta-payouts.json');
    writeFileSync(payouts, JSON.stringify({ ...tiny, payouts: [0.7, 0.2] }, null, 2));
    const missing = join(tmp, 'no-such-games.csv');

    const cases: [string[], RegExp][] = [
      [['run', badJob, '--data-dir', d], /^simcast: JOB_INVALID: .*job-bad\.json.* must have required property '(sims|season)'\n$/],
      [['run', brokenJob, '--data-dir', d], /^simcast: JOB_INVALID: .*job-broken\.json: invalid JSON: /],
      [['run', join(tmp, 'no-such-job.json'), '--data-dir', d], /^simcast: FILE_UNREADABLE: cannot read .*no-such-job\.json: no such file\n$/],
      [['run', '--data-dir', d], /^simcast: OPTION_INVALID: --job must name one job file/],
      [['ratings', 'replay', '--league', 'nfl', '--games', missing], /^simcast: FILE_UNREADABLE: cannot read .*no-such-games\.csv: no such file\n$/],
      [['ratings', 'replay', '--league', 'mlb', '--games', missing], /^simcast: OPTION_INVALID: --league must be nfl or nba \(got 'mlb'\)\n$/],
      [
        ['calcutta', 'optimize', payouts, '--sims', '1000', '--seed', '1'],
        /^simcast: PAYOUTS_INVALID: .*calcutta-payouts\.json: payouts: shares must sum to 1 \(they sum to 0\.9\)\n$/,
      ],
      [['calcutta', 'optimize', 'examples/calcutta-tiny.json', '--data-dir', d], /^simcast: OPTION_INVALID: --data-dir needs --persist\n$/],
      [
        ['ingest', 'games', '--format', 'csv', SPREADSPOKE, '--data-dir', d],
        /^simcast: OPTION_INVALID: --format must be spreadspoke, generic or auto \(got 'csv'\)\n$/,
      ],
      // --format generic on a spreadspoke file: the header names what is missing.
      [
        ['backtest', '--from', '2023', '--to', '2024', '--games', SPREADSPOKE, '--format', 'generic'],
        /^simcast: CSV_INVALID: .*nfl-games-spreadspoke\.csv:1: missing column 'date'/,
      ],
      [['backtest', '--from', '2024', '--to', '2023'], /^simcast: OPTION_INVALID: --to must be at least --from \(2024\)\n$/],
    ];
    for (const [args, pattern] of cases) expectOneLineError(simcast(args, EMBEDDED), pattern, args.join(' '));
    // None of the rejected commands got as far as creating a database.
    expect(readdirSync(d)).toEqual([]);
  });
});
