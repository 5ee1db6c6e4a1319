// Player props and same-game parlays, measured on the real data of ../shared/data/props (skipped with a
// message when it is absent: a fresh clone has no shared folder). Figures, each beside its reference:
//   - the NBA threes backtest of the whole price file (parse + walk-forward + scores), target < 30 s;
//     January 2025 (held out from every fit and setting): the blend's Brier against the de-vigged
//     consensus (target: below it) and the model's (target: within 0.005 of it), the base rate beside;
//   - NFL 2022 two-leg same-game slips (QB passing yards with his leading receiver's yards, each over the
//     player's trailing median), priced on history: the copula's log loss against the independent
//     product's (target: below), its mean predicted joint probability against the observed frequency
//     (target: within two standard errors);
//   - pricing a 4-leg same-game slip (engine only: legs from the fitted model, latent correlations, the
//     seeded simulation, the slip's report), target p99 well under 5 ms; beside it the joint
//     simulation alone and a 2-leg exact price.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';
import { parseNbaGameLog } from '../engine/props/parse/nba-gamelog.js';
import { parseOddsApiProps } from '../engine/props/parse/odds-api-props.js';
import { parseNflverseWeekly } from '../engine/props/parse/nflverse-weekly.js';
import { parseNflverseSchedules } from '../engine/props/parse/nflverse-schedules.js';
import { nbaThreesBacktest, type NbaThreesBacktest } from '../engine/props/backtest/nba-threes.js';
import { fitThreesSettings } from '../engine/props/nba/fit-threes-settings.js';
import { logsByDate, DEFAULT_THREES_SETTINGS } from '../engine/props/nba/threes-model.js';
import { matchPricesToLogs } from '../engine/props/nba/match-prices.js';
import { buildNflHistory } from '../engine/props/nfl/history.js';
import { NflMarginals } from '../engine/props/nfl/marginals.js';
import { fitNflPropModel } from '../engine/props/nfl/model.js';
import { qbReceiverSlips } from '../engine/props/nfl/qb-receiver-slips.js';
import { teamRoles } from '../engine/props/nfl/roles.js';
import { priceNflParlays, parlayCalibration, type ParlayCalibration } from '../engine/props/backtest/nfl-parlays.js';
import { legHitProbabilities, priceNflLegs, priceNflSlip, type NflLegSpec } from '../engine/props/nfl/price-legs.js';
import { DEFAULT_JOINT_SIMS, jointDistribution } from '../engine/props/joint/joint-distribution.js';
import { BlockNormalsCache } from '../engine/props/joint/block-normals.js';

const FILES = {
  prices: 'nba-threes-lines-2024-10-22_2025-01-31.csv',
  logs: 'nba-player-games-2024-25-to-2025-01-31.csv',
  weekly: 'nfl-player-weekly-2015-2022.csv',
  schedules: 'nfl-schedules-2015-2022.csv',
};

/** ../shared/data/props beside the checkout (or beside a worktree's parent folder). */
export function propsDataDir(): string | null {
  for (const up of [['..'], ['..', '..']]) {
    const dir = join(packageRoot(), ...up, 'shared', 'data', 'props');
    if (Object.values(FILES).every((f) => existsSync(join(dir, f)))) return dir;
  }
  return null;
}

function quantiles(v: number[]): { p50: number; p99: number } {
  const s = [...v].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)], p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] };
}

export interface PropsBenchResult {
  skipped: string | null;
  nba?: { parseMs: number; backtestMs: number; totalMs: number; result: NbaThreesBacktest; fit?: { ms: number; matchesDefaults: boolean; settings: object } };
  nfl?: {
    parseMs: number;
    fitMs: number;
    priceMs: number;
    slips: number;
    rejected: number;
    calibration: ParlayCalibration;
    legRates: { qb: number; receiver: number; qbModel: number; receiverModel: number };
  };
  slip?: {
    legs: string[];
    pJoint: number;
    pIndependent: number;
    firstMs: number;
    price: { p50: number; p99: number };
    jointOnly: { p50: number; p99: number };
    exact2: { p50: number; p99: number };
    cached: { p50: number; p99: number };
    sims: number;
  };
  markdown: string;
}

export async function benchProps(opts: { smoke?: boolean } = {}): Promise<PropsBenchResult> {
  const dir = propsDataDir();
  if (!dir) {
    const msg = 'skipped: ../shared/data/props is not beside this checkout (the props figures need the real price and box-score files).';
    return { skipped: msg, markdown: `${msg}\n` };
  }
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const out: PropsBenchResult = { skipped: null, markdown: '' };

  // NBA threes backtest, whole file
  let t = performance.now();
  const prices = parseOddsApiProps(read(FILES.prices)).rows;
  const logs = parseNbaGameLog(read(FILES.logs)).rows;
  const parseMs = performance.now() - t;
  t = performance.now();
  const result = nbaThreesBacktest(prices, logs);
  const backtestMs = performance.now() - t;
  out.nba = { parseMs, backtestMs, totalMs: parseMs + backtestMs, result };
  if (!opts.smoke) {
    // the defaults are what fitThreesSettings chooses on the rows before January: check it still does
    t = performance.now();
    const m = matchPricesToLogs(prices, logs).matched.filter((x) => x.settled !== null && x.settled !== x.price.threshold);
    const lines = m.map((x) => ({
      query: { playerId: x.playerId, date: x.date, opponent: x.opponent, home: x.home },
      threshold: x.price.threshold,
      outcome: x.settled! > x.price.threshold ? 1 : 0,
    }));
    const fit = fitThreesSettings(logsByDate(logs), lines, '2025-01-01');
    const keys = Object.keys(DEFAULT_THREES_SETTINGS).filter((k) => k !== 'size') as (keyof typeof DEFAULT_THREES_SETTINGS)[];
    out.nba.fit = { ms: performance.now() - t, matchesDefaults: keys.every((k) => fit.settings[k] === DEFAULT_THREES_SETTINGS[k]), settings: fit.settings };
  }

  // NFL 2022 QB + leading receiver slips
  t = performance.now();
  const history = buildNflHistory(parseNflverseWeekly(read(FILES.weekly)).rows, parseNflverseSchedules(read(FILES.schedules)).rows);
  const nflParseMs = performance.now() - t;
  t = performance.now();
  const marginals = new NflMarginals(history);
  const model = fitNflPropModel(history, { beforeSeason: 2022, marginals });
  const fitMs = performance.now() - t;
  t = performance.now();
  const slips = qbReceiverSlips(history, marginals, 2022);
  const priced = priceNflParlays(history, slips, { cache: new Map([[2022, model]]) });
  const priceMs = performance.now() - t;
  const rates = { qb: 0, receiver: 0, qbModel: 0, receiverModel: 0 };
  let counted = 0;
  const bySlip = new Map<string, typeof slips>();
  for (const s of slips) bySlip.set(s.slipId, [...(bySlip.get(s.slipId) ?? []), s]);
  for (const p of priced.prices) {
    if (p.outcome === null) continue;
    const legs = bySlip.get(p.slip_id)!;
    const pl = priceNflLegs(
      model,
      legs.map((l) => ({ gameId: l.gameId, playerId: l.playerId, stat: l.stat, side: l.side, line: l.threshold })),
    ).legs;
    const box = history.byGame.get(legs[0].gameId)!;
    const over = (i: number) => (box.find((b) => b.playerId === legs[i].playerId)!.stats[legs[i].stat as 'passing_yards'] > legs[i].threshold ? 1 : 0);
    rates.qb += over(0);
    rates.receiver += over(1);
    rates.qbModel += pl[0].pOver;
    rates.receiverModel += pl[1].pOver;
    counted++;
  }
  for (const k of Object.keys(rates) as (keyof typeof rates)[]) rates[k] /= Math.max(counted, 1);
  out.nfl = {
    parseMs: nflParseMs,
    fitMs,
    priceMs,
    slips: priced.prices.length,
    rejected: priced.rejected.length,
    calibration: parlayCalibration(priced.prices),
    legRates: rates,
  };

  // a 4-leg same-game slip: QB1 passing yards, WR1 and RB1 yards, the total
  const season2022 = [...history.games.values()].filter((g) => g.season === 2022 && g.week >= 10);
  const fourLegs = (game: (typeof season2022)[number]): NflLegSpec[] => {
    const r = teamRoles(history, marginals, game, game.home);
    const byRole = (role: string) => [...r.roles].find(([, x]) => x === role)![0];
    return [
      { gameId: game.gameId, playerId: byRole('QB1'), stat: 'passing_yards', side: 'over', line: 250.5 },
      { gameId: game.gameId, playerId: byRole('WR1'), stat: 'receiving_yards', side: 'over', line: 60.5 },
      { gameId: game.gameId, playerId: byRole('RB1'), stat: 'rushing_yards', side: 'over', line: 55.5 },
      { gameId: game.gameId, playerId: null, stat: 'total_points', side: 'over', line: 44.5 },
    ];
  };
  const sims = DEFAULT_JOINT_SIMS;
  const slipOf = (legs: NflLegSpec[]) => ({
    legs,
    stake: 10,
    payout: { kind: 'american' as const, odds: 1200 },
    joint: { method: 'simulate' as const, sims, seed: 1 },
  });
  // warm the code paths on one game, then time the first slip of another (its roles not yet known)
  priceNflSlip(model, slipOf(fourLegs(season2022[0])));
  const game = season2022.find((g) => g.gameId === '2022_10_SEA_TB') ?? season2022[1];
  const legs = fourLegs(game);
  model.roleCache.clear();
  const req = slipOf(legs);
  t = performance.now();
  const first = priceNflSlip(model, req);
  const firstMs = performance.now() - t;
  const n = opts.smoke ? 50 : 400;
  const lat: number[] = [];
  const jointOnly: number[] = [];
  const exact2: number[] = [];
  const cached: number[] = [];
  const normals = new BlockNormalsCache();
  const pl = priceNflLegs(model, legs);
  const probs = legHitProbabilities(pl.legs);
  for (let i = 0; i < n; i++) {
    t = performance.now();
    priceNflSlip(model, { ...req, joint: { ...req.joint, seed: i } });
    lat.push(performance.now() - t);
    t = performance.now();
    priceNflSlip(model, { ...req, joint: { ...req.joint, normals } });
    cached.push(performance.now() - t);
    t = performance.now();
    jointDistribution(probs, pl.correlation, { method: 'simulate', sims, seed: i });
    jointOnly.push(performance.now() - t);
    t = performance.now();
    priceNflSlip(model, { legs: legs.slice(0, 2), stake: 10, payout: { kind: 'american', odds: 260 } });
    exact2.push(performance.now() - t);
  }
  out.slip = {
    legs: legs.map((l) => `${l.stat} ${l.side} ${l.line}`),
    pJoint: first.slip.pJoint,
    pIndependent: first.slip.pIndependent,
    firstMs,
    price: quantiles(lat),
    jointOnly: quantiles(jointOnly),
    exact2: quantiles(exact2),
    cached: quantiles(cached),
    sims,
  };
  out.markdown = propsReport(out);
  return out;
}

const f4 = (x: number) => x.toFixed(4);

export function propsReport(r: PropsBenchResult): string {
  if (r.skipped) return `${r.skipped}\n`;
  const lines: string[] = [];
  const nba = r.nba!;
  const h = nba.result.scores.holdout!;
  lines.push('| NBA threes backtest (38,144 prices) | value | target |', '|---|---:|---|');
  lines.push(`| parse + backtest of the whole file | ${(nba.totalMs / 1000).toFixed(1)} s (parse ${(nba.parseMs / 1000).toFixed(1)} s) | < 30 s |`);
  lines.push(`| rows priced and settled / not joined | ${nba.result.rows.length} / ${nba.result.unmatched.length} | |`);
  lines.push(`| January 2025 rows (held out) | ${h.rows} | |`);
  lines.push(`| Brier: consensus (de-vigged) | ${f4(h.market.brier)} | reference |`);
  lines.push(`| Brier: blend | ${f4(h.blend.brier)} | below the consensus: ${h.blend.brier < h.market.brier ? 'yes' : 'NO'} |`);
  lines.push(
    `| Brier: model alone | ${f4(h.model.brier)} | within 0.005 of the consensus: ${Math.abs(h.model.brier - h.market.brier) < 0.005 ? 'yes' : 'NO'} |`,
  );
  lines.push(`| Brier: base rate ${f4(h.baseRate)} of the earlier rows | ${f4(h.baseRateBrier)} | reference |`);
  lines.push(`| log loss: consensus / model / blend | ${f4(h.market.logLoss)} / ${f4(h.model.logLoss)} / ${f4(h.blend.logLoss)} | |`);
  const st = nba.result.staking.holdout!;
  lines.push(`| staking (${st.riskMode}, best price per prop): bets, ROI | ${st.bets}, ${(100 * st.roi).toFixed(1)}% | |`);
  if (nba.fit)
    lines.push(
      `| settings refitted on rows before January | ${(nba.fit.ms / 1000).toFixed(1)} s; same as the defaults: ${nba.fit.matchesDefaults ? 'yes' : 'no'} | |`,
    );
  const nfl = r.nfl!;
  const c = nfl.calibration;
  lines.push('', '| NFL 2022: QB passing yards + leading receiver yards, each over its trailing median | value | target |', '|---|---:|---|');
  lines.push(`| slips settled (priced, unpriceable) | ${c.slips} (${nfl.slips}, ${nfl.rejected}) | |`);
  lines.push(`| observed frequency of both over (± 1 s.e.) | ${f4(c.observed)} ± ${f4(c.standardError)} | reference |`);
  const within = Math.abs(c.copula.meanP - c.observed) <= 2 * c.standardError;
  lines.push(
    `| copula: mean p_joint | ${f4(c.copula.meanP)} (${((c.copula.meanP - c.observed) / c.standardError).toFixed(1)} s.e.) | within 2 s.e.: ${within ? 'yes' : 'NO'} |`,
  );
  lines.push(
    `| independent product: mean p | ${f4(c.independent.meanP)} (${((c.independent.meanP - c.observed) / c.standardError).toFixed(1)} s.e.) | reference |`,
  );
  lines.push(
    `| log loss: copula / independent | ${f4(c.copula.logLoss)} / ${f4(c.independent.logLoss)} | copula below: ${c.copula.logLoss < c.independent.logLoss ? 'yes' : 'NO'} |`,
  );
  lines.push(
    `| legs over their line: observed QB / receiver; model QB / receiver | ${f4(nfl.legRates.qb)} / ${f4(nfl.legRates.receiver)}; ${f4(nfl.legRates.qbModel)} / ${f4(nfl.legRates.receiverModel)} | |`,
  );
  lines.push(
    `| parse + history; model fit on 2015-2021; pricing the slips | ${(nfl.parseMs / 1000).toFixed(1)} s; ${(nfl.fitMs / 1000).toFixed(1)} s; ${(nfl.priceMs / 1000).toFixed(1)} s | |`,
  );
  const s = r.slip!;
  lines.push('', `| 4-leg same-game slip (${s.legs.join('; ')}), ${s.sims.toLocaleString('en-US')} sims | p50 | p99 | target |`, '|---|---:|---:|---|');
  lines.push(`| price the slip (legs, correlations, simulation, report) | ${s.price.p50.toFixed(2)} ms | ${s.price.p99.toFixed(2)} ms | p99 well under 5 ms |`);
  lines.push(`| the same, the seed's normals kept by the caller (BlockNormalsCache) | ${s.cached.p50.toFixed(2)} ms | ${s.cached.p99.toFixed(2)} ms | |`);
  lines.push(`| the joint simulation alone | ${s.jointOnly.p50.toFixed(2)} ms | ${s.jointOnly.p99.toFixed(2)} ms | reference |`);
  lines.push(`| a 2-leg slip, exact integration | ${s.exact2.p50.toFixed(2)} ms | ${s.exact2.p99.toFixed(2)} ms | reference |`);
  lines.push(`| a game's first slip (its roles computed, then kept by the model) | ${s.firstMs.toFixed(1)} ms | | |`);
  lines.push(`| p_joint / p_independent of this slip | ${f4(s.pJoint)} / ${f4(s.pIndependent)} | | |`);
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchProps({ smoke: process.argv.includes('--smoke') });
  process.stdout.write(r.markdown);
}
