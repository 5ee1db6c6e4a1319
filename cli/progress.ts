// Progress of long runs, on stderr only (stdout stays clean for --json/--csv): a redrawn line on a
// terminal, a plain line every few seconds otherwise (SIMCAST_PROGRESS_MS sets how often: 0 prints every
// update from the first, for logs that want them all). Silent for runs that finish within a second.
interface Progress {
  update(done: number, planned: number): void;
  finish(): void;
}

export function stderrProgress(
  label: string,
  opts: { quiet?: boolean; stream?: NodeJS.WriteStream; /** More to say after the counts (rows and bytes written). */ detail?: () => string } = {},
): Progress {
  const out = opts.stream ?? process.stderr;
  const tty = out.isTTY === true;
  const started = performance.now();
  const every = progressInterval(tty);
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, planned) {
      if (opts.quiet) return;
      const now = performance.now();
      const elapsed = (now - started) / 1000;
      if ((every > 0 && elapsed < 1) || now - last < every) return;
      last = now;
      const rate = done / elapsed;
      const eta = rate > 0 ? (planned - done) / rate : 0;
      const pct = planned > 0 ? (100 * done) / planned : 100;
      const line = `${label}: ${done.toLocaleString('en-US')} / ${planned.toLocaleString('en-US')} (${pct.toFixed(1)}%), ${formatRate(rate)}/s, ETA ${formatSeconds(eta)}${opts.detail?.() ?? ''}`;
      if (tty) {
        const width = 30;
        const filled = Math.round((pct / 100) * width);
        out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}\x1b[K`);
      } else out.write(`${line}\n`);
      drawn = true;
    },
    finish() {
      if (drawn && tty) out.write('\n');
    },
  };
}

/** A phase without a count (an optimiser's search): its line, at the cadence progress lines keep. */
export function stderrStatus(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress & { say(text: string): void } {
  const out = opts.stream ?? process.stderr;
  const tty = out.isTTY === true;
  const every = progressInterval(tty);
  let last = -Infinity;
  let drawn = false;
  return {
    say(text) {
      const now = performance.now();
      if (opts.quiet || now - last < every) return;
      last = now;
      out.write(tty ? `\r${text}\x1b[K` : `${text}\n`);
      drawn = true;
    },
    update() {},
    finish() {
      if (drawn && tty) out.write('\n');
    },
  };
}

export function formatRate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return n.toFixed(0);
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}

function progressInterval(tty: boolean): number {
  const v = Number(process.env.SIMCAST_PROGRESS_MS);
  return process.env.SIMCAST_PROGRESS_MS !== undefined && Number.isFinite(v) && v >= 0 ? v : tty ? 200 : 5000;
}

/** Rows and MiB the database's COPY writer has loaded since this call (a progress line's detail). */
export function copyDetail(db: { copyTotals: { rows: number; bytes: number } }): () => string {
  const start = { ...db.copyTotals };
  return () => {
    const rows = db.copyTotals.rows - start.rows;
    return rows > 0 ? `; ${rows.toLocaleString('en-US')} rows, ${((db.copyTotals.bytes - start.bytes) / 2 ** 20).toFixed(1)} MiB written` : '';
  };
}
