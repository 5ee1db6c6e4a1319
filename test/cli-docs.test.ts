// Documentation that is executed cannot drift: every command in README.md and docs/*.md runs here as
// written, in the order the page gives, in a fresh folder on the embedded defaults (no DATABASE_URL or
// REDIS_URL), with `simcast` resolved as a reader's shell resolves it after `npm ci`
// (node_modules/.bin on PATH, as `npx simcast` does). Each must exit 0 (or the code its `# exits N`
// comment names); a ```text block right after a command is output the command must print.
// `serve` and `worker` keep running in the background while the page's later commands (curl) run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docCommands, hiddenCommands, type DocCommand } from './helpers/doc-commands.js';
import { postgresReachable } from './helpers/databases.js';
import { ROOT } from './helpers/cli.js';
import { embeddedDataDir, tempDir } from './helpers/temp.js';

const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Commands the test suite itself or CI runs (running them here would recurse or take an hour). */
const RUN_BY_CI = /^(npm ci|npm test|npm run (test|bench|soak|lint|format|typecheck|build)\b)/;
/** Processes that serve until stopped. */
const LONG_RUNNING = /(^|\s)simcast (serve|worker)\b/;
/** A simcast command (after any VAR=value prefix), as opposed to a request to a running server. */
const CLI_COMMAND = /^(\w+=\S+\s+)*(npx\s+)?simcast\s/;

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, SIMCAST_PROGRESS_MS: '600000' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'SIMCAST_API_KEY']) delete env[k];
  return env;
}

/** A reader's folder (a clone without its sources): the repository's examples and node_modules beside an embedded database already migrated (the template). */
function readerFolder(): string {
  const d = tempDir('simcast-docs-');
  symlinkSync(join(ROOT, 'examples'), join(d, 'examples'));
  // npx finds a project's own bin in the node_modules of the folder it runs in, as in the clone itself.
  symlinkSync(join(ROOT, 'node_modules'), join(d, 'node_modules'));
  cpSync(embeddedDataDir(), join(d, '.simcast', 'pg'), { recursive: true });
  return d;
}

/** An expected output line; `…` stands for what changes from run to run (timings). */
function outputLine(l: string): RegExp {
  return new RegExp(
    `^${l
      .trimEnd()
      .split('…')
      .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'm',
  );
}

function where(c: DocCommand): string {
  return `${c.file}:${c.line}: ${c.command}`;
}

/** Starts a long-running command and resolves once it says it is ready (or rejects when it exits first). */
function startBackground(c: DocCommand, cwd: string): Promise<ChildProcess> {
  // `exec` after any VAR=value prefix, so SIGTERM reaches simcast itself and not a shell around it.
  const command = c.command.replace(/^((?:\w+=\S+\s+)*)/, '$1exec ');
  const child = spawn('bash', ['-c', command], { cwd, env: environment(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      if (/serving on |worker ready/.test(err)) resolve(child);
    });
    child.stdout!.resume();
    child.on('exit', (code) => reject(new Error(`${where(c)} exited ${code} before it was ready: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('every documented command runs as written', () => {
  it('no command hides outside a ```sh block', () => {
    expect(PAGES.flatMap((p) => hiddenCommands(join(ROOT, p)).map((h) => h.replace(ROOT, '')))).toEqual([]);
  });

  it('the scripts the docs name exist', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    for (const p of PAGES)
      for (const c of docCommands(join(ROOT, p))) for (const m of c.command.matchAll(/npm run ([\w:-]+)/g)) expect(scripts, where(c)).toContain(m[1]);
  });

  for (const page of PAGES) {
    const commands = docCommands(join(ROOT, page)).filter((c) => !RUN_BY_CI.test(c.command.replace(/^npm ci && /, '')) || /^npm ci && /.test(c.command));
    if (commands.length === 0) continue;
    it(`${page}: ${commands.length} commands`, { timeout: 15 * 60_000 }, async () => {
      const cwd = readerFolder();
      const background: ChildProcess[] = [];
      const needsPostgres = commands.some((c) => /DATABASE_URL=postgres/.test(c.command));
      if (needsPostgres && !(await postgresReachable())) return;
      for (const c of commands) {
        const command = c.command.replace(/^npm ci && /, '');
        // A reader stops a server (Ctrl-C) before they go back to simcast's other commands: while it runs
        // it owns the embedded database. Requests to it (curl) leave it running.
        if (CLI_COMMAND.test(command)) for (const b of background.splice(0)) expect(await stop(b)).toBe(0);
        if (LONG_RUNNING.test(command)) {
          background.push(await startBackground({ ...c, command }, cwd));
          continue;
        }
        const r = spawnSync('bash', ['-c', command], { cwd, env: environment(), encoding: 'utf8', timeout: 10 * 60_000, maxBuffer: 1 << 28 });
        expect(r.status, `${where(c)}\n${r.stderr.slice(-2000)}`).toBe(c.exitCode);
        expect(r.stderr, where(c)).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
        for (const l of c.expect ?? []) expect(r.stdout, `${where(c)}: expected output`).toMatch(outputLine(l));
        // curl exits 0 on any HTTP status: an answer in the error shape is a failure unless the docs say it is one.
        if (/^curl\s/.test(command) && c.exitCode === 0) expect(r.stdout, where(c)).not.toMatch(/^\{"error":\{"code"/);
      }
      for (const b of background) expect(await stop(b)).toBe(0);
    });
  }
});
