import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNflverseWeekly } from '../engine/props/parse/nflverse-weekly.js';
import { parseNflverseSchedules } from '../engine/props/parse/nflverse-schedules.js';
import { buildNflHistory } from '../engine/props/nfl/history.js';
import { NflMarginals } from '../engine/props/nfl/marginals.js';
import { fitNflPropModel } from '../engine/props/nfl/model.js';
import { priceNflLegs, priceNflSlip } from '../engine/props/nfl/price-legs.js';
import { priceNflParlays, parlayCalibration } from '../engine/props/backtest/nfl-parlays.js';
import { qbReceiverSlips, trailingMedian } from '../engine/props/nfl/qb-receiver-slips.js';
import { teamRoles } from '../engine/props/nfl/roles.js';
import { SimcastError } from '../core/errors.js';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/props/${f}`, import.meta.url), 'utf8');
const weekly = parseNflverseWeekly(fixture('nfl-player-weekly.csv')).rows;
const schedule = parseNflverseSchedules(fixture('nfl-schedules.csv')).rows;
const history = buildNflHistory(weekly, schedule);
const model = fitNflPropModel(history, { beforeSeason: 2022 });
const MAHOMES = weekly.find((r) => r.name === 'Patrick Mahomes')!.playerId;
const KELCE = weekly.find((r) => r.name === 'Travis Kelce')!.playerId;
const ALLEN = weekly.find((r) => r.name === 'Josh Allen')!.playerId;
const kcBuf = schedule.find((g) => g.season === 2022 && g.home === 'KC' && g.away === 'BUF')!;

describe('NFL history and walk-forward marginals', () => {
  it('joins every fixture row to its game (KC and BUF never miss a schedule week)', () => {
    expect(history.unjoined).toEqual([]);
    expect(history.byGame.get(kcBuf.gameId)!.length).toBeGreaterThan(4);
  });

  it('an expectation as of a date does not move when later games are added', () => {
    const before = buildNflHistory(
      weekly.filter((r) => r.season < 2022 || r.week < 6),
      schedule,
    );
    const ctx = { date: kcBuf.date, opponent: 'BUF', home: true };
    const a = new NflMarginals(before).expected(MAHOMES, 'passing_yards', ctx)!;
    const b = new NflMarginals(history).expected(MAHOMES, 'passing_yards', ctx)!;
    expect(b.mean).toBe(a.mean);
    expect(b.games).toBe(a.games);
    expect(a.mean).toBeGreaterThan(200);
  });

  it("a starting quarterback is shrunk toward starters' games, not every quarterback's", () => {
    // a backup's mop-up game in 2021 (12 yards): it counts in the quarterbacks' mean, not in the starters'
    const start = weekly.find((r) => r.playerId === MAHOMES && r.season === 2021)!;
    const backup = { ...start, playerId: 'BACKUP-QB', name: 'Backup', stats: { ...start.stats, passing_yards: 12 } };
    const h = buildNflHistory([...weekly, backup], schedule);
    // a prior of a million pseudo-games leaves only the target; no opponent or home/away factor
    const m = new NflMarginals(h, { halfLife: 6, window: 40, prior: 1e6, careerPrior: 0, oppHalfLife: 24, oppPrior: 1e9, homeAway: false });
    const ctx = { date: kcBuf.date, opponent: 'BUF', home: true };
    const mean = (rows: typeof h.all) => rows.reduce((a, r) => a + r.stats.passing_yards, 0) / rows.length;
    const qbs = h.all.filter((r) => r.group === 'QB' && r.date < ctx.date);
    const starters = mean(qbs.filter((r) => r.startedAtQb));
    expect(starters - mean(qbs)).toBeGreaterThan(1);
    expect(m.expected(MAHOMES, 'passing_yards', ctx)!.mean).toBeCloseTo(starters, 2);
    expect(m.positionMean('QB', 'passing_yards', ctx.date)).toBeCloseTo(mean(qbs), 6);
  });

  it('roles come from earlier games: the scheduled starter is QB1', () => {
    const r = teamRoles(history, model.marginals, kcBuf, 'KC');
    expect(r.qb).toBe(MAHOMES);
    expect(r.roles.get(MAHOMES)).toBe('QB1');
    expect(r.roles.get(KELCE)).toBe('TE1');
    expect(r.leadingReceiver).not.toBeNull();
  });

  it('the trailing median uses earlier games only', () => {
    const m = trailingMedian(history, MAHOMES, 'passing_yards', kcBuf.date)!;
    const earlier = history.byPlayer
      .get(MAHOMES)!
      .filter((g) => g.date < kcBuf.date)
      .slice(-8)
      .map((g) => g.stats.passing_yards)
      .sort((x, y) => x - y);
    expect(m).toBe((earlier[3] + earlier[4]) / 2);
  });
});

describe('pricing NFL legs and slips', () => {
  it('a same-game slip: QB passing yards with his tight end, the total and the spread, correlated through the table', () => {
    const legs = [
      { gameId: kcBuf.gameId, playerId: MAHOMES, stat: 'passing_yards', side: 'over', line: 275.5 },
      { gameId: kcBuf.gameId, playerId: KELCE, stat: 'receiving_yards', side: 'over', line: 70.5 },
      { gameId: kcBuf.gameId, playerId: null, stat: 'total_points', side: 'over', line: 53.5 },
      { gameId: kcBuf.gameId, playerId: ALLEN, stat: 'passing_yards', side: 'under', line: 260.5 },
    ];
    const p = priceNflLegs(model, legs);
    expect(p.legs.map((l) => l.role)).toEqual(['QB1', 'TE1', null, 'QB1']);
    for (const l of p.legs) expect(l.pOver + l.pPush + l.pUnder).toBeCloseTo(1, 9);
    // the game leg: a normal around the closing total with the spread measured on earlier seasons
    expect(p.legs[2].mean).toBe(kcBuf.totalLine);
    // the correlation matrix is symmetric with a unit diagonal; an over and an under get opposite signs
    for (let i = 0; i < 4; i++) {
      expect(p.correlation[i * 5]).toBe(1);
      for (let j = 0; j < 4; j++) expect(p.correlation[i * 4 + j]).toBe(p.correlation[j * 4 + i]);
    }
    const s = priceNflSlip(model, { legs, stake: 10, payout: { kind: 'american', odds: 1000 }, joint: { method: 'simulate', sims: 20_000, seed: 5 } });
    expect(s.slip.legs).toBe(4);
    expect(s.slip.method).toBe('simulate');
    expect(s.slip.pJoint).toBeGreaterThan(0);
    expect(s.slip.pairs).toHaveLength(6);
    // the same request prices the same way (seeded)
    expect(
      priceNflSlip(model, { legs, stake: 10, payout: { kind: 'american', odds: 1000 }, joint: { method: 'simulate', sims: 20_000, seed: 5 } }).slip.pJoint,
    ).toBe(s.slip.pJoint);
  });

  it('bad legs are clear errors that change nothing', () => {
    const base = { gameId: kcBuf.gameId, playerId: MAHOMES, stat: 'passing_yards', side: 'over', line: 275.5 };
    const code = (leg: object) => {
      try {
        priceNflLegs(model, [leg as typeof base]);
        return 'none';
      } catch (e) {
        expect(e).toBeInstanceOf(SimcastError);
        return (e as SimcastError).code;
      }
    };
    expect(code({ ...base, playerId: 'nobody' })).toBe('PLAYER_UNKNOWN');
    expect(code({ ...base, stat: 'tackles' })).toBe('LEG_INVALID');
    expect(code({ ...base, line: Number.NaN })).toBe('LEG_INVALID');
    expect(code({ ...base, line: '250' })).toBe('LEG_INVALID');
    expect(code({ ...base, side: 'sideways' })).toBe('LEG_INVALID');
    expect(code({ ...base, gameId: 'no_such_game' })).toBe('LEG_INVALID');
    expect(code({ ...base, playerId: null, stat: 'passing_yards' })).toBe('LEG_INVALID');
    expect(() => priceNflSlip(model, { legs: [], stake: 1, payout: { kind: 'decimal', odds: 2 } })).toThrow(/at least one leg/);
    expect(model.roleCache.size).toBeGreaterThan(0);
  });

  it('parlays on history: priced as of the game, settled from the box score; unpriceable slips are reported', () => {
    const slips = qbReceiverSlips(history, model.marginals, 2022);
    expect(slips.length).toBeGreaterThan(20);
    const bad = { ...slips[0], slipId: 'bad', playerId: 'nobody' };
    const r = priceNflParlays(history, [...slips, bad], { cache: new Map([[2022, model]]) });
    expect(r.rejected).toEqual([{ slip_id: 'bad', line: 0, reason: expect.stringMatching(/not in the player stats/) }]);
    for (const p of r.prices) {
      expect(p.legs).toBe(2);
      expect(p.method).toBe('exact');
      expect(p.p_joint).toBeGreaterThan(0);
      expect(Number.isFinite(p.fair_odds)).toBe(true);
    }
    const c = parlayCalibration(r.prices);
    expect(c.slips).toBe(r.prices.filter((p) => p.outcome !== null).length);
  });
});
