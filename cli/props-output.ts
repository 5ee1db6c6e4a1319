// Table and CSV views of priced props and slips (simcast props price, simcast slips price).
import type { PricedLeg, PricedSlip } from '../app/props/price.js';
import type { PricedPortfolio } from '../app/props/portfolio.js';
import { renderCsv, renderTable } from './table.js';

const p4 = (x: number) => x.toFixed(4);
const odds = (x: number | null) => (x === null ? '' : x > 0 ? `+${Math.round(x)}` : String(Math.round(x)));
const who = (l: PricedLeg) => (l.player === null ? 'game' : `${l.player}${l.team ? ` (${l.team}${l.role && l.role !== 'OTHER' ? ` ${l.role}` : ''})` : ''}`);

const LEG_HEADERS = [
  'player',
  'player_id',
  'game',
  'date',
  'stat',
  'side',
  'line',
  'mean',
  'p_over',
  'p_push',
  'p_under',
  'p_hit',
  'fair_american',
  'market_p_over',
  'ev_over',
  'ev_under',
];

function legCells(l: PricedLeg): (string | number | null)[] {
  return [
    l.player,
    l.playerId,
    l.game,
    l.date,
    l.stat,
    l.side,
    l.line,
    l.mean,
    l.pOver,
    l.pPush,
    l.pUnder,
    l.pHit,
    l.fairAmerican,
    l.market?.pOver ?? null,
    l.market?.evOver ?? null,
    l.market?.evUnder ?? null,
  ];
}

export function legsCsv(legs: readonly PricedLeg[]): string {
  return renderCsv(LEG_HEADERS, legs.map(legCells));
}

export function legsTable(legs: readonly PricedLeg[]): string {
  return renderTable(
    ['#', 'player', 'stat', 'side', 'line', 'expected', 'P(over)', 'P(push)', 'P(under)', 'P(hit)', 'fair'],
    legs.map((l, i) => [i + 1, who(l), l.stat, l.side, l.line, l.mean.toFixed(1), p4(l.pOver), p4(l.pPush), p4(l.pUnder), p4(l.pHit), odds(l.fairAmerican)]),
    ['r', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function propText(l: PricedLeg): string {
  let s = legsTable([l]);
  if (l.market) {
    const sign = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(4);
    s += `market: P(over) ${p4(l.market.pOver)} without the margin; model EV per unit: over ${sign(l.market.evOver)}, under ${sign(l.market.evUnder)}\n`;
  }
  return s;
}

const SLIP_HEADERS = [
  'legs',
  'p_joint',
  'se_joint',
  'p_independent',
  'fair_american',
  'stake',
  'expected_profit',
  'ev_per_unit',
  'variance',
  'level',
  'value_at_risk',
  'cvar',
  'kelly_fraction',
  'method',
  'sims',
  'seed',
];

export function slipCsv(r: PricedSlip): string {
  const s = r.slip;
  return renderCsv(SLIP_HEADERS, [
    [
      s.legs,
      s.pJoint,
      s.seJoint,
      s.pIndependent,
      s.fairAmerican,
      s.stake,
      s.expectedProfit,
      s.evPerUnit,
      s.variance,
      s.level,
      s.valueAtRisk,
      s.conditionalValueAtRisk,
      s.kellyFraction,
      s.method,
      s.sims,
      r.seed,
    ],
  ]);
}

export function slipText(r: PricedSlip): string {
  const s = r.slip;
  const pairs = r.pairs.length
    ? renderTable(
        ['legs', 'latent rho', 'phi', 'from'],
        r.pairs.map((p, k) => [`${p.i + 1}-${p.j + 1}`, p.rho.toFixed(3), s.pairs[k] ? s.pairs[k].phi.toFixed(3) : '', p.source]),
        ['l', 'r', 'r', 'l'],
      )
    : '';
  return (
    `${legsTable(r.legs)}\n${pairs ? `${pairs}\n` : ''}` +
    `P(every leg hits) ${p4(s.pJoint)}${s.seJoint > 0 ? ` ± ${p4(s.seJoint)}` : ''} (${s.method}${s.sims ? `, ${s.sims} sims, seed ${r.seed}` : ''}); independent legs ${p4(s.pIndependent)}; fair ${odds(s.fairAmerican)}\n` +
    `stake ${s.stake}: EV ${s.expectedProfit.toFixed(4)} (${(100 * s.evPerUnit).toFixed(2)}% per unit), sd ${s.sd.toFixed(4)}, ` +
    `VaR ${s.level} ${s.valueAtRisk.toFixed(4)}, CVaR ${s.conditionalValueAtRisk.toFixed(4)}, Kelly ${p4(s.kellyFraction)}\n`
  );
}

/** The CLI's note before a long fit (quiet on small histories, where it takes well under a second). */
export function fitNote(season: number, playerGames: number): void {
  if (playerGames > 5000)
    process.stderr.write(
      `simcast: fitting the NFL model for ${season} on the earlier seasons (${playerGames.toLocaleString('en-US')} player games: seconds)\n`,
    );
}

export function portfolioCsv(r: PricedPortfolio): string {
  const p = r.portfolio;
  return renderCsv(
    ['slip', 'legs', 'p_joint', 'expected_profit', 'variance', 'kelly_alone', 'kelly_simultaneous'],
    p.slips.map((s, k) => [k + 1, r.slipLegs[k].map((i) => i + 1).join(' '), s.pJoint, s.expectedProfit, s.variance, s.kellyFraction, p.kelly.fractions[k]]),
  );
}

export function portfolioText(r: PricedPortfolio): string {
  const p = r.portfolio;
  const m = p.slips.length;
  const slips = renderTable(
    ['slip', 'legs', 'P(all hit)', 'EV', 'sd', 'Kelly alone', 'Kelly together'],
    p.slips.map((s, k) => [
      k + 1,
      r.slipLegs[k].map((i) => i + 1).join(' '),
      p4(s.pJoint),
      s.expectedProfit.toFixed(4),
      Math.sqrt(s.variance).toFixed(4),
      p4(s.kellyFraction),
      p4(p.kelly.fractions[k]),
    ]),
    ['r', 'l', 'r', 'r', 'r', 'r', 'r'],
  );
  const corr = renderTable(
    ['', ...p.slips.map((_, k) => String(k + 1))],
    p.slips.map((_, a) => [
      String(a + 1),
      ...p.slips.map((__, b) => {
        const v = p.covariance[a * m + b] / Math.sqrt(p.covariance[a * m + a] * p.covariance[b * m + b]);
        return Number.isFinite(v) ? v.toFixed(3) : '';
      }),
    ]),
    ['l', ...p.slips.map(() => 'r' as const)],
  );
  return (
    `${legsTable(r.legs)}\n${slips}\ncorrelation of the slips' profits\n${corr}\n` +
    `total: EV ${p.total.mean.toFixed(4)}, sd ${Math.sqrt(p.total.variance).toFixed(4)}, VaR ${p.total.level} ${p.total.valueAtRisk.toFixed(4)}, CVaR ${p.total.conditionalValueAtRisk.toFixed(4)} ` +
    `(${p.method}${p.sims ? `, ${p.sims} sims, seed ${r.seed}` : ''}); simultaneous Kelly growth ${p.kelly.growth.toExponential(3)}${p.kelly.capped ? ' (capped)' : ''}\n`
  );
}
