import { OptionError } from '../../core/errors.js';
import { jobProgress } from '../../app/jobs/progress.js';
import { JobQueues } from '../../app/jobs/queues.js';
import { listRuns } from '../../app/runs.js';
import { intOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { renderTable } from '../table.js';

export const help = `Usage: simcast jobs list [--limit N] | show ID | cancel ID   [--json]

Batch jobs (see 'simcast run'): list them with their progress, show one (shards done, simulations per
second, ETA), or cancel one (queued shards are dropped; running ones stop within a second or two).

${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { ...DB_OPTIONS, json: { type: 'boolean' }, limit: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const [action, idText] = positionals;
  if (!['list', 'show', 'cancel'].includes(action ?? '')) throw new OptionError(`options.action must be list, show or cancel (got '${action ?? ''}')`);
  const db = await openCliDb(values);
  try {
    if (action === 'list') {
      const runs = await listRuns(db, { limit: intOption('limit', values.limit, 50, 1, 10000) });
      const all = await Promise.all(runs.map((r) => jobProgress(db, r.id)));
      process.stdout.write(
        values.json
          ? `${JSON.stringify(all, null, 2)}\n`
          : renderTable(
              ['id', 'kind', 'status', 'shards', 'sims done', 'sims/s', 'ETA s', 'started'],
              all.map((p) => [
                p.id,
                p.kind,
                p.status,
                `${p.shardsDone}/${p.shardsPlanned}`,
                p.simsDone.toLocaleString('en-US'),
                p.simsPerSecond ? Math.round(p.simsPerSecond).toLocaleString('en-US') : '',
                p.etaSeconds ? p.etaSeconds.toFixed(0) : '',
                p.startedAt.slice(0, 19),
              ]),
            ),
      );
      return 0;
    }
    const id = intOption('id', idText, NaN, 1);
    if (action === 'show') {
      const p = await jobProgress(db, id);
      process.stdout.write(
        values.json
          ? `${JSON.stringify(p, null, 2)}\n`
          : `${Object.entries(p)
              .map(([k, v]) => `${k}: ${v ?? ''}`)
              .join('\n')}\n`,
      );
      return 0;
    }
    const queues = new JobQueues(db);
    const changed = await queues.cancel(id).finally(() => queues.close());
    process.stdout.write(changed ? `job ${id} cancelled\n` : `job ${id} was already finished\n`);
    return 0;
  } finally {
    await db.close();
  }
}
