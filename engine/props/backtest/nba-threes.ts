// The NBA threes backtest over parsed rows: every price row joined to the log that settles it, priced
// walk-forward by the market (each book's two-way price with the margin removed, the consensus across
// the books quoting the same player, game and line), by the model (as of the game's date) and by their
// blend (weights fitted on rows settled before the row's date and before `holdoutFrom`: the held-out
// period is priced with weights frozen at its start). Settings of the model are fitted on rows before
// `holdoutFrom` only. Scores: Brier, log loss and calibration of the three, on every row and on the
// held-out rows, against the earlier base rate; staking: the blend's best edge per prop across books,
// staked by a risk mode's fractional Kelly, with its ROI.
import { americanToDecimal, kellyStake, type StakeRule } from '../../betting/odds.js';
import { scoreForecasts, type ForecastScores } from '../../models/metrics.js';
import { applyBlend, fitBlend, MARKET_ONLY, type BlendWeights } from '../market/blend.js';
import { consensus, type ConsensusMethod } from '../market/consensus.js';
import { devigOver, type DevigMethod } from '../market/vig.js';
import { countLaw, countLineOutcome } from '../model/count-laws.js';
import { fitThreesSettings, measuredThreesSize, type PricedLine } from '../nba/fit-threes-settings.js';
import { matchPricesToLogs, type UnmatchedPrice } from '../nba/match-prices.js';
import { DEFAULT_THREES_SETTINGS, logsByDate, walkForwardThrees, type ThreesSettings } from '../nba/threes-model.js';
import type { AliasTable } from '../parse/names.js';
import type { NbaGameLogRow } from '../parse/nba-gamelog.js';
import type { PropPriceRow } from '../parse/odds-api-props.js';

export type RiskMode = 'conservative' | 'balanced' | 'aggressive';
export const RISK_MODES: Readonly<Record<RiskMode, StakeRule>> = {
  conservative: { fraction: 0.25, cap: 0.01, minEdge: 0.04 },
  balanced: { fraction: 0.5, cap: 0.02, minEdge: 0.02 },
  aggressive: { fraction: 1, cap: 0.05, minEdge: 0.01 },
};

export interface NbaThreesBacktestOptions {
  /** first date of the held-out period (default 2025-01-01) */
  holdoutFrom?: string;
  /** rows to report (dates inclusive); the walk-forward still uses every earlier game */
  from?: string;
  to?: string;
  devig?: DevigMethod;
  consensus?: ConsensusMethod;
  /** 'fit': fitted on rows before holdoutFrom; 'default': DEFAULT_THREES_SETTINGS; or given */
  settings?: 'fit' | 'default' | Partial<ThreesSettings>;
  riskMode?: RiskMode;
  aliases?: AliasTable;
}

export interface NbaThreesRow {
  date: string;
  player: string;
  bookmaker: string;
  line: number;
  over_odds: number;
  under_odds: number;
  p_over_market: number;
  p_over_model: number;
  p_over_blend: number;
  threes: number;
}

export interface ScoreSet {
  rows: number;
  baseRate: number;
  baseRateBrier: number;
  market: ForecastScores;
  model: ForecastScores;
  blend: ForecastScores;
}

export interface StakingResult {
  riskMode: RiskMode;
  rule: StakeRule;
  props: number;
  bets: number;
  staked: number;
  profit: number;
  roi: number;
}

export interface NbaThreesBacktest {
  rows: NbaThreesRow[];
  unmatched: UnmatchedPrice[];
  unknownPlayers: { player: string; rows: number }[];
  /** price rows whose outcome is a push (whole-number line hit exactly): left out of the scores */
  pushes: number;
  settings: ThreesSettings;
  dispersion: { size: number; phi: number; games: number };
  blend: BlendWeights;
  scores: { all: ScoreSet; holdout: ScoreSet | null };
  staking: { all: StakingResult; holdout: StakingResult | null };
  holdoutFrom: string;
}

export function nbaThreesBacktest(prices: readonly PropPriceRow[], logs: readonly NbaGameLogRow[], opts: NbaThreesBacktestOptions = {}): NbaThreesBacktest {
  const holdoutFrom = opts.holdoutFrom ?? '2025-01-01';
  const match = matchPricesToLogs(
    prices.filter((p) => p.stat === 'threes'),
    logs,
    { aliases: opts.aliases },
  );
  const rows = match.matched.filter((m) => m.settled !== null);
  const byDate = logsByDate(logs);
  const queries = rows.map((m) => ({ playerId: m.playerId, date: m.date, opponent: m.opponent, home: m.home }));

  // market: each book de-vigged, then the consensus of the books on the same player, date and line
  const devigMethod = opts.devig ?? 'multiplicative';
  const pBook = rows.map((m) => devigOver(americanToDecimal(m.price.overOdds), americanToDecimal(m.price.underOdds), devigMethod));
  const groups = new Map<string, number[]>();
  rows.forEach((m, i) => {
    const k = `${m.playerId}|${m.date}|${m.price.threshold}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(i);
  });
  const pMarket = new Float64Array(rows.length);
  for (const g of groups.values()) {
    const c = consensus(
      g.map((i) => pBook[i]),
      opts.consensus ?? 'logit-mean',
    );
    for (const i of g) pMarket[i] = c;
  }

  // model settings: fitted or given; the NB size measured on games before the hold-out
  const outcome: number[] = rows.map((m) => (m.settled! > m.price.threshold ? 1 : m.settled! < m.price.threshold ? 0 : 0.5));
  let settings: ThreesSettings;
  if (opts.settings === 'fit') {
    const lines: PricedLine[] = rows.map((m, i) => ({ query: queries[i], threshold: m.price.threshold, outcome: outcome[i] })).filter((l) => l.outcome !== 0.5);
    settings = fitThreesSettings(byDate, lines, holdoutFrom).settings;
  } else {
    settings = { ...DEFAULT_THREES_SETTINGS, ...(typeof opts.settings === 'object' ? opts.settings : {}) };
  }
  const measured = measuredThreesSize(byDate, settings, holdoutFrom);
  if (!(typeof opts.settings === 'object' && opts.settings.size !== undefined)) settings = { ...settings, size: measured.size };

  const pred = walkForwardThrees(byDate, queries, settings);
  const pModel = new Float64Array(rows.length);
  rows.forEach((m, i) => {
    const o = countLineOutcome(countLaw(Math.max(pred[i].mean, 1e-9), settings.size), m.price.threshold);
    pModel[i] = Math.min(1 - 1e-9, Math.max(1e-9, o.over / Math.max(1e-12, 1 - o.push)));
  });

  // blend: walk-forward by date, frozen at the hold-out
  const order = [...rows.keys()].sort((a, b) => (rows[a].date < rows[b].date ? -1 : rows[a].date > rows[b].date ? 1 : a - b));
  const pBlend = new Float64Array(rows.length);
  let weights: BlendWeights = MARKET_ONLY;
  let fittedUpTo = '';
  let k = 0;
  const trainM: number[] = [];
  const trainP: number[] = [];
  const trainY: number[] = [];
  while (k < order.length) {
    const date = rows[order[k]].date;
    const cutoff = date < holdoutFrom ? date : holdoutFrom;
    if (cutoff !== fittedUpTo) {
      weights = fitBlend(trainM, trainP, trainY);
      fittedUpTo = cutoff;
    }
    let e = k;
    while (e < order.length && rows[order[e]].date === date) e++;
    for (let j = k; j < e; j++) pBlend[order[j]] = applyBlend(weights, pMarket[order[j]], pModel[order[j]]);
    if (date < holdoutFrom) {
      for (let j = k; j < e; j++) {
        const i = order[j];
        if (outcome[i] === 0.5) continue;
        trainM.push(pMarket[i]);
        trainP.push(pModel[i]);
        trainY.push(outcome[i]);
      }
    }
    k = e;
  }

  const inRange = (d: string) => (opts.from === undefined || d >= opts.from) && (opts.to === undefined || d <= opts.to);
  const report = rows.map((_, i) => i).filter((i) => inRange(rows[i].date));
  const scored = report.filter((i) => outcome[i] !== 0.5);
  const earlyRate = (() => {
    const e = rows.map((_, i) => i).filter((i) => rows[i].date < holdoutFrom && outcome[i] !== 0.5);
    return e.length ? e.reduce((s, i) => s + outcome[i], 0) / e.length : 0.5;
  })();
  const scoreSet = (idx: number[], baseRate: number): ScoreSet => {
    const y = idx.map((i) => outcome[i]);
    return {
      rows: idx.length,
      baseRate,
      baseRateBrier: y.reduce((s, v) => s + (v - baseRate) ** 2, 0) / Math.max(1, y.length),
      market: scoreForecasts(
        idx.map((i) => pMarket[i]),
        y,
      ),
      model: scoreForecasts(
        idx.map((i) => pModel[i]),
        y,
      ),
      blend: scoreForecasts(
        idx.map((i) => pBlend[i]),
        y,
      ),
    };
  };
  const holdIdx = scored.filter((i) => rows[i].date >= holdoutFrom);
  const mode = opts.riskMode ?? 'balanced';
  const stake = (idx: number[]) => staking(idx, rows, pBlend, outcome, mode);
  return {
    rows: report.map((i) => ({
      date: rows[i].date,
      player: rows[i].price.player,
      bookmaker: rows[i].price.bookmaker,
      line: rows[i].price.threshold,
      over_odds: rows[i].price.overOdds,
      under_odds: rows[i].price.underOdds,
      p_over_market: pMarket[i],
      p_over_model: pModel[i],
      p_over_blend: pBlend[i],
      threes: rows[i].settled!,
    })),
    unmatched: [
      ...match.unmatched,
      ...match.matched
        .filter((m) => m.settled === null)
        .map((m) => ({ line: m.price.line, player: m.price.player, reason: 'the log has no value for this stat' })),
    ],
    unknownPlayers: match.unknownPlayers,
    pushes: report.length - scored.length,
    settings,
    dispersion: { size: measured.size, phi: measured.phi, games: measured.n },
    blend: weights,
    scores: { all: scoreSet(scored, earlyRate), holdout: holdIdx.length ? scoreSet(holdIdx, earlyRate) : null },
    staking: { all: stake(scored), holdout: holdIdx.length ? stake(holdIdx) : null },
    holdoutFrom,
  };
}

/** One bet per prop (player, date, line) at the best price across books, on the side with the larger edge. */
function staking(
  idx: readonly number[],
  rows: readonly { date: string; playerId: string; price: PropPriceRow }[],
  p: Float64Array,
  outcome: readonly number[],
  mode: RiskMode,
): StakingResult {
  const rule = RISK_MODES[mode];
  const props = new Map<string, number[]>();
  for (const i of idx) {
    const key = `${rows[i].playerId}|${rows[i].date}|${rows[i].price.threshold}`;
    let g = props.get(key);
    if (!g) props.set(key, (g = []));
    g.push(i);
  }
  let bets = 0;
  let staked = 0;
  let profit = 0;
  for (const g of props.values()) {
    const pOver = p[g[0]];
    const bestOver = Math.max(...g.map((i) => americanToDecimal(rows[i].price.overOdds)));
    const bestUnder = Math.max(...g.map((i) => americanToDecimal(rows[i].price.underOdds)));
    const evOver = pOver * bestOver - 1;
    const evUnder = (1 - pOver) * bestUnder - 1;
    const over = evOver >= evUnder;
    const ev = over ? evOver : evUnder;
    if (ev < rule.minEdge) continue;
    const d = over ? bestOver : bestUnder;
    const s = kellyStake(over ? pOver : 1 - pOver, d, rule);
    if (!(s > 0)) continue;
    const y = outcome[g[0]];
    const won = over ? y === 1 : y === 0;
    bets++;
    staked += s;
    profit += y === 0.5 ? 0 : won ? s * (d - 1) : -s;
  }
  return { riskMode: mode, rule, props: props.size, bets, staked, profit, roi: staked > 0 ? profit / staked : 0 };
}
