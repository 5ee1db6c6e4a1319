// `simcast slips price FILE`: a slip's legs priced and joined (their correlation), with EV, variance,
// VaR, CVaR and the Kelly stake.
import { OptionError } from '../../core/errors.js';
import { loadPropsBook } from '../../app/props/load.js';
import { normaliseSlip, priceSlip, type SlipRequest } from '../../app/props/price.js';
import { asPortfolio, pricePortfolio } from '../../app/props/portfolio.js';
import { readSlipFile } from '../../app/props/slip-file.js';
import { parseOptions } from '../args.js';
import { DB_HELP, DB_OPTIONS, openCliDb } from '../db-options.js';
import { legsCsv, slipCsv, slipText, fitNote, portfolioCsv, portfolioText } from '../props-output.js';

export const help = `Usage: simcast slips price FILE [--json | --csv | --legs-csv]

Prices a slip (a JSON file: { league, legs: [...], stake, payout, level?, sims?, seed? }; examples/
slip-nfl.json, examples/slip-nba.json) from the player stats and schedules stored by simcast ingest:
each leg's probabilities, the legs' latent correlations (same-game NFL legs by role and stat pair,
legs of different games independent), the probability that every leg hits (exact integration for up to
three correlated legs, a seeded simulation otherwise: the same seed gives the same answer), the
independent product, fair odds, EV, variance, VaR and CVaR at the level, and the Kelly fraction.
A file holding an array of slips (or { slips: [...] }) is a portfolio: the slips' legs priced together,
one joint law for all, each slip's EV and variance, their covariances, the total's VaR and CVaR, and the
simultaneous Kelly stakes (examples/slips-portfolio.json).
Payouts: { "kind": "american", "odds": 600 }, { "kind": "decimal", "odds": 7 }, { "kind": "per-leg",
"decimals": [...] } or { "kind": "multipliers", "table": { "3": { "3": 5 } } } (pick'em). Format: docs/props.md.

Options:
  --json               the whole answer as JSON
  --csv                one CSV row: legs, p_joint, se_joint, p_independent, fair_american, stake,
                       expected_profit, ev_per_unit, variance, level, value_at_risk, cvar, kelly_fraction, method, sims, seed
  --legs-csv           the legs as CSV, one row each
${DB_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { ...DB_OPTIONS, json: { type: 'boolean' }, csv: { type: 'boolean' }, 'legs-csv': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (positionals[0] !== 'price' || positionals.length !== 2) throw new OptionError('usage: simcast slips price FILE');
  const file = positionals[1];
  const req = await readSlipFile(file);
  const db = await openCliDb(values);
  try {
    const book = await loadPropsBook(db, fitNote);
    const many = asPortfolio(req);
    if (many) {
      const p = pricePortfolio(book, many, `${file}: `);
      process.stdout.write(
        values.json ? `${JSON.stringify(p, null, 2)}\n` : values.csv ? portfolioCsv(p) : values['legs-csv'] ? legsCsv(p.legs) : portfolioText(p),
      );
      return 0;
    }
    const r = priceSlip(book, normaliseSlip(book, req as SlipRequest, `${file}: `));
    process.stdout.write(values.json ? `${JSON.stringify(r, null, 2)}\n` : values.csv ? slipCsv(r) : values['legs-csv'] ? legsCsv(r.legs) : slipText(r));
    return 0;
  } finally {
    await db.close();
  }
}
