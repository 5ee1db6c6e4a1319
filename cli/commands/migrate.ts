import { OptionError } from '../../core/errors.js';
import { migrations } from '../../app/database.js';
import { intOption, parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { renderTable } from '../table.js';

export const help = `Usage: simcast migrate up | down [N] --yes | status [--json]

Applies the numbered migrations in sql/ (under an advisory lock; each applied file's checksum is kept,
and a changed file stops everything), reverts the last N (default 1), or shows which are applied.

Every command applies pending migrations when it opens the database, except after a 'migrate down':
that holds the database where it was left, and other commands then refuse to use it until 'migrate up'.
'migrate down' drops tables and their data, so it needs --yes.

${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { ...DB_OPTIONS, json: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const [action, n] = positionals;
  if (!['up', 'down', 'status'].includes(action ?? '')) throw new OptionError(`options.action must be up, down or status (got '${action ?? ''}')`);
  const steps = action === 'down' ? intOption('N', n, 1, 1, 1000) : 0;
  if (action === 'down' && !values.yes) {
    throw new OptionError(
      `migrate down ${steps} drops the tables of the last ${steps === 1 ? 'migration' : `${steps} migrations`} with their data: add --yes to do it`,
    );
  }
  const db = await openCliDb(values, false);
  try {
    if (action === 'up') {
      const ran = await migrations.up(db);
      process.stdout.write(ran.length ? ran.map((m) => `applied ${m}\n`).join('') : 'nothing to apply\n');
    } else if (action === 'down') {
      const ran = await migrations.down(db, steps);
      process.stdout.write(ran.length ? ran.map((m) => `reverted ${m}\n`).join('') : 'nothing to revert\n');
    } else {
      const st = await migrations.status(db);
      const hold = await migrations.hold(db);
      process.stdout.write(
        values.json
          ? `${JSON.stringify(st, null, 2)}\n`
          : `${db.description}\n${renderTable(
              ['migration', 'applied'],
              st.map((m) => [m.name, m.appliedAt ?? 'pending']),
            )}${hold !== null ? `held by 'migrate down' (other commands refuse it until 'simcast migrate up')\n` : ''}`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}
