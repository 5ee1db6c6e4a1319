// Experiments: the NBA threes backtest (model, de-vigged market consensus and their blend, walk-forward,
// scored on the settled prices: Brier, log loss, calibration; a staking rule's ROI by risk mode) over
// the stored prices and game logs, or over files; stored with its metrics when a database is given.
import { OptionError } from '../../core/errors.js';
import { validIsoDate } from '../../engine/games/csv-rows.js';
import {
  nbaThreesBacktest,
  NBA_DEFAULT_ALIASES,
  parseNbaGameLog,
  parseOddsApiProps,
  RISK_MODES,
  withAliases,
  type NbaGameLogRow,
  type NbaThreesBacktest,
  type PropPriceRow,
  type RiskMode,
} from '../../engine/props/index.js';
import type { Db } from '../../store/db.js';
import { finishExperiment, insertExperiment, type ExperimentRow } from '../../store/props-experiments.js';
import { getSnapshot } from '../../store/props-slips.js';
import { loadAliases, loadFeedRows, PLAYER_STATS_TABLE, PRICES_TABLE } from '../../store/props-history.js';
import { readText } from '../inputs/read-text.js';

export interface ExperimentRequest {
  league: string;
  stat: string;
  from?: string;
  to?: string;
  holdoutFrom?: string;
  riskMode?: string;
  /** where the histories come from: the database (default) or files */
  files?: { lines: string; games: string };
  userId?: number | null;
  snapshotId?: number | null;
}

export interface ExperimentResult {
  experiment: ExperimentRow | null;
  backtest: NbaThreesBacktest;
  ms: number;
}

function check(req: ExperimentRequest, where: string): { riskMode: RiskMode } {
  if (req.league !== 'nba' || req.stat !== 'threes')
    throw new OptionError(`${where}league and stat: experiments cover nba threes (got ${req.league} ${req.stat})`);
  for (const k of ['from', 'to', 'holdoutFrom'] as const) {
    const v = req[k];
    if (v !== undefined && !validIsoDate(v)) throw new OptionError(`${where}${k} must be a date as YYYY-MM-DD (got '${v}')`);
  }
  const riskMode = (req.riskMode ?? 'balanced') as RiskMode;
  if (!(riskMode in RISK_MODES)) throw new OptionError(`${where}riskMode must be one of ${Object.keys(RISK_MODES).join(', ')} (got '${req.riskMode}')`);
  return { riskMode };
}

/** The backtest's metrics as stored: its scores and staking, not its rows. */
export function experimentMetrics(b: NbaThreesBacktest, ms: number) {
  const strip = (s: NbaThreesBacktest['scores']['all'] | null) =>
    s && {
      rows: s.rows,
      baseRate: s.baseRate,
      baseRateBrier: s.baseRateBrier,
      market: { brier: s.market.brier, logLoss: s.market.logLoss },
      model: { brier: s.model.brier, logLoss: s.model.logLoss },
      blend: { brier: s.blend.brier, logLoss: s.blend.logLoss },
    };
  return {
    rows: b.rows.length,
    pushes: b.pushes,
    holdoutFrom: b.holdoutFrom,
    blend: b.blend,
    scores: { all: strip(b.scores.all), holdout: strip(b.scores.holdout) },
    staking: b.staking,
    ms,
  };
}

/** The backtest's inputs: files, or the database's stored prices, game logs and aliases. */
async function backtestInputs(db: Db | null, req: ExperimentRequest, where: string) {
  let prices: PropPriceRow[];
  let logs: NbaGameLogRow[];
  let aliases = NBA_DEFAULT_ALIASES;
  if (req.files) {
    prices = parseOddsApiProps(await readText(req.files.lines), req.files.lines).rows;
    logs = parseNbaGameLog(await readText(req.files.games), req.files.games).rows;
  } else {
    if (db === null) throw new OptionError(`${where}no database: give the files (--lines and --games)`);
    prices = await loadFeedRows<PropPriceRow>(db, PRICES_TABLE, 'nba');
    logs = await loadFeedRows<NbaGameLogRow>(db, PLAYER_STATS_TABLE, 'nba');
    aliases = withAliases(aliases, Object.fromEntries((await loadAliases(db, 'nba')).map((a) => [a.alias, a.name])));
    if (prices.length === 0 || logs.length === 0)
      throw new OptionError(`${where}no nba prices or game logs stored (simcast ingest props and ingest player-stats first)`);
  }
  return { prices, logs, aliases };
}

function paramsOf(req: ExperimentRequest) {
  return {
    from: req.from ?? null,
    to: req.to ?? null,
    holdoutFrom: req.holdoutFrom ?? '2025-01-01',
    source: req.files ? 'files' : 'database',
    settings: 'default',
  };
}

/** Checks the request and stores it as an experiment not yet run (a job runs it: app/jobs/kinds/props-backtest.ts). */
export async function queueExperiment(db: Db, req: ExperimentRequest, where = ''): Promise<ExperimentRow> {
  const { riskMode } = check(req, where);
  if (req.files) throw new OptionError(`${where}an experiment run as a job reads the stored prices and game logs, not files`);
  if (req.snapshotId != null) await getSnapshot(db, req.snapshotId); // 404 when absent
  return insertExperiment(db, experimentRecord(req, riskMode), 'queued');
}

/** The backtest of an experiment: its inputs loaded, walked forward, its metrics (not stored here). */
export async function computeExperiment(db: Db | null, req: ExperimentRequest, where = ''): Promise<{ backtest: NbaThreesBacktest; ms: number }> {
  const { riskMode } = check(req, where);
  return walkForward(req, riskMode, await backtestInputs(db, req, where));
}

/** The experiment's row as stored (queued by a job, or by a run here). */
function experimentRecord(req: ExperimentRequest, riskMode: RiskMode) {
  return { userId: req.userId ?? null, snapshotId: req.snapshotId ?? null, league: 'nba', stat: 'threes', params: paramsOf(req), riskMode, bankroll: 1 };
}

/** The NBA threes backtest over loaded inputs, timed. */
function walkForward(
  req: ExperimentRequest,
  riskMode: RiskMode,
  { prices, logs, aliases }: Awaited<ReturnType<typeof backtestInputs>>,
): { backtest: NbaThreesBacktest; ms: number } {
  const t0 = performance.now();
  const backtest = nbaThreesBacktest(prices, logs, {
    from: req.from,
    to: req.to,
    holdoutFrom: paramsOf(req).holdoutFrom,
    riskMode,
    aliases,
    settings: 'default',
  });
  return { backtest, ms: Math.round(performance.now() - t0) };
}

/** The backtest run here (the CLI's `props backtest`), stored as an experiment when a database is given. */
export async function runExperiment(db: Db | null, req: ExperimentRequest, where = ''): Promise<ExperimentResult> {
  const { riskMode } = check(req, where);
  const inputs = await backtestInputs(db, req, where);
  const row = db ? await insertExperiment(db, experimentRecord(req, riskMode)) : null;
  try {
    const { backtest, ms } = walkForward(req, riskMode, inputs);
    const experiment = db && row ? await finishExperiment(db, row.id, 'complete', experimentMetrics(backtest, ms)) : null;
    return { experiment, backtest, ms };
  } catch (e) {
    if (db && row) await finishExperiment(db, row.id, 'failed', { error: (e as Error).message });
    throw e;
  }
}

export { getExperiment, finishExperiment, markExperiment } from '../../store/props-experiments.js';
