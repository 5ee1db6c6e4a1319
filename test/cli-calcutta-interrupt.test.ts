// Ctrl-C while the Calcutta optimiser prepares or searches: exit 130, nothing on stdout. The signal is sent
// when the phase's first progress line appears (an event, not a time), so a slow machine changes nothing.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers/cli.js';

describe('simcast calcutta optimize, interrupted', () => {
  for (const phase of ['preparing', 'optimising'] as const) {
    it(`stops while ${phase} with exit 130 and prints no report`, { timeout: 300_000 }, async () => {
      const child = spawn(process.execPath, [CLI, 'calcutta', 'optimize', 'examples/calcutta-2016.json', '--sims', '200000', '--seed', '1'], {
        cwd: ROOT,
        env: { ...process.env, SIMCAST_PROGRESS_MS: '0' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (stderr.includes(`${phase}: `) && !child.killed) child.kill('SIGINT');
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(stderr).toContain(`${phase}: `);
      expect(stderr).toMatch(/CANCELLED: interrupted: nothing was stored/);
      expect(code).toBe(130);
      expect(stdout).toBe('');
    });
  }
});
