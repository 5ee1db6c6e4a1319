import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSpreadspoke } from '../engine/games/spreadspoke.js';
import type { Game } from '../engine/games/types.js';
import { buildLeagueState, predictGame, type LeagueState } from '../engine/models/league-state.js';
import { replayElo, eloConfig } from '../engine/models/elo.js';
import { verifyGameModel } from '../engine/models/model.js';
import { computeFeatures } from '../engine/models/features.js';
import { leagueConfig } from '../engine/models/league.js';
import { byDate, playedGames } from '../engine/games/types.js';
import { SimcastError } from '../core/errors.js';
import { normalCdf } from '../engine/math/normal.js';
import { normalQuantile } from '../engine/models/probit.js';

let games: Game[];
let state: LeagueState;
beforeAll(() => {
  games = parseSpreadspoke(readFileSync(new URL('./fixtures/nfl-games-spreadspoke.csv', import.meta.url), 'utf8')).games;
  state = buildLeagueState(games, 'nfl');
});

describe('buildLeagueState', () => {
  it('replays every played game with the Elo of replayElo', () => {
    const played = byDate(playedGames(games));
    expect(state.games).toBe(played.length);
    const r = replayElo(played, eloConfig('nfl'));
    for (const [id, t] of state.teams) expect(t.rating).toBeCloseTo(r.ratings.get(id)! + (r.lastSeason === state.lastSeason ? 0 : 0), 9);
    const { rows } = computeFeatures(played, leagueConfig('nfl'));
    for (let i = 0; i < rows.n; i += 997) expect(rows.pElo[i]).toBeCloseTo(r.pHome[i], 12);
  });
  it('keeps team summaries and fitted weights', () => {
    const kc = state.teams.get('KAN')!;
    expect(kc.games).toBeGreaterThan(800);
    expect(kc.form.results).toMatch(/^[WLT]{5}$/);
    expect(kc.seasonGames).toBeGreaterThan(0);
    expect(state.fitted.logistic).toHaveLength(6);
    expect(state.fitted.components).toEqual(['elo', 'pythagorean', 'logistic', 'montecarlo']);
    expect(state.fitted.ensembleMarket).not.toBeNull();
  });
  it('ratingsVersion changes when ratings change', () => {
    const more: Game[] = [
      ...games,
      { date: '2030-01-01', season: 2029, home: 'KAN', away: 'BUF', homeScore: 30, awayScore: 3, neutral: false, spread: null, total: null },
    ];
    const s2 = buildLeagueState(more, 'nfl');
    expect(s2.ratingsVersion).not.toBe(state.ratingsVersion);
    expect(buildLeagueState(games, 'nfl').ratingsVersion).toBe(state.ratingsVersion);
  });
});

describe('predictGame', () => {
  it('returns every model, the ensemble, cover/over and a distribution', () => {
    const p = predictGame({ league: 'nfl', home: 'KAN', away: 'BUF', spread: -2.5, total: 47.5, odds: { home: -135, away: 115 } }, state, { seed: 1 });
    const { extra, ...probs } = p.models;
    expect(extra).toBeUndefined();
    for (const v of Object.values(probs)) expect(v).toBeGreaterThan(0.05);
    expect(p.models.ensemble).toBeGreaterThan(0.3);
    expect(p.models.ensemble).toBeLessThan(0.9);
    expect(p.confidence).toBeGreaterThanOrEqual(0);
    expect(p.models.ensembleWithLine).toBeDefined();
    expect(p).toMatchObject({ basis: 'ensembleWithLine', pHome: p.models.ensembleWithLine, spread: -2.5, total: 47.5, date: null, season: null, pDraw: null });
    expect(p.pCover).toBeGreaterThan(0);
    expect(p.pPush).toBe(0); // a half-point line
    expect(p.pOver).toBeGreaterThan(0);
    expect(p.expectedTotal).toBeGreaterThan(30);
    const d = p.marginDistribution;
    expect(d.counts).toHaveLength(d.max - d.min + 1);
    expect(d.counts.reduce((a, b) => a + b, 0)).toBe(d.sims);
    expect(d.counts.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
    expect(d.sims).toBe(10_000);
    expect(p.ratingsVersion).toBe(state.ratingsVersion);
    expect(predictGame({ league: 'nfl', home: 'KAN', away: 'BUF', spread: -2.5, total: 47.5 }, state, { seed: 1 }).models).toEqual(p.models);
    const plain = predictGame({ league: 'nfl', home: 'KAN', away: 'BUF' }, state);
    expect(plain).toMatchObject({ basis: 'ensemble', pHome: plain.models.ensemble, pCover: null, pPush: null, pOver: null, pTotalPush: null });
    expect(plain.models.ensembleWithLine).toBeUndefined();
  });

  it('the loop and the counted algorithm give the same prediction', () => {
    const g = { league: 'nfl', home: 'PHI', away: 'DAL', spread: -3, total: 44 };
    expect(predictGame(g, state, { algorithm: 'loop', seed: 4 })).toEqual(predictGame(g, state, { algorithm: 'counted', seed: 4 }));
  });

  it('one distribution per prediction: margin, cover, over and the recommendation agree with pHome', () => {
    const ids = [...state.teams.values()].filter((t) => t.season === state.lastSeason).map((t) => t.id);
    const sd = state.config.marginSd;
    let checked = 0;
    for (let i = 0; i < ids.length; i++) {
      const home = ids[i];
      const away = ids[(i * 7 + 3) % ids.length] === home ? ids[(i + 1) % ids.length] : ids[(i * 7 + 3) % ids.length];
      for (const spread of [-7.5, -2.5, 0, 3, 6.5]) {
        const p = predictGame({ league: 'nfl', home, away, spread, total: 45.5 }, state);
        const what = `${home} v ${away} at ${spread}: ${JSON.stringify({ pHome: p.pHome, m: p.expectedMargin, pCover: p.pCover, r: p.recommendation })}`;
        // the expected margin is the one pHome implies
        expect(Math.sign(p.expectedMargin), what).toBe(Math.sign(p.pHome - 0.5));
        expect(p.expectedMargin, what).toBeCloseTo(sd * normalQuantile(p.pHome), 9);
        // the margin distribution's P(home) is pHome (a rounded margin of 0 counted half), within Monte Carlo error
        const d = p.marginDistribution;
        const pWin = d.counts.reduce((s, c, k) => s + (d.min + k > 0 ? c : d.min + k === 0 ? c / 2 : 0), 0) / d.sims;
        expect(Math.abs(pWin - p.pHome), what).toBeLessThan(0.02);
        // the cover probability is the same distribution's P(margin + spread > 0)
        expect(Math.abs(p.pCover! - normalCdf((p.expectedMargin + spread) / sd)), what).toBeLessThan(0.02);
        if (spread === 0 && Math.abs(p.pHome - 0.5) > 0.02) expect(p.pCover! > 0.5, what).toBe(p.pHome > 0.5);
        if (spread > 0 && p.pHome > 0.5) expect(p.pCover, what).toBeGreaterThan(0.5);
        if (spread < 0 && p.pHome < 0.5) expect(p.pCover, what).toBeLessThan(0.5);
        // a spread bet (both sides at -110) is on the side the cover probability favours
        if (p.recommendation?.market === 'spread') expect(p.recommendation.side, what).toBe(p.pCover! > 0.5 ? 'home' : 'away');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the KC v BUF example: with a line, pHome, the margin, the cover and the bet tell one story', () => {
    const p = predictGame({ league: 'nfl', home: 'KAN', away: 'BUF', spread: -2.5, total: 47.5 }, state);
    expect(p.basis).toBe('ensembleWithLine');
    expect(p.expectedMargin > 0).toBe(p.pHome > 0.5);
    expect(p.pCover! > 0.5).toBe(p.expectedMargin > 2.5);
    if (p.recommendation) expect(p.recommendation.side).toBe(p.pCover! > 0.5 ? 'home' : 'away');
  });

  it('Poisson leagues: pHome, pDraw, the expected margin and the distribution are one game too', () => {
    // the NFL's touchdowns as goals: real fixtures and results on a low-scoring scale
    const goals = games
      .filter((g) => g.season >= 2015)
      .map((g) => ({
        ...g,
        homeScore: g.homeScore === null ? null : Math.round(g.homeScore / 7),
        awayScore: g.awayScore === null ? null : Math.round(g.awayScore / 7),
        spread: null,
        total: null,
      }));
    const soccer = buildLeagueState(goals, 'soccer');
    for (const [home, away] of [
      ['KAN', 'BUF'],
      ['PHI', 'DAL'],
      ['NYJ', 'KAN'],
    ]) {
      const p = predictGame({ league: 'soccer', home, away, spread: 0.5, total: 2.5 }, soccer);
      const d = p.marginDistribution;
      const win = d.counts.reduce((s, c, k) => s + (d.min + k > 0 ? c : 0), 0) / d.sims;
      const draw = d.counts[-d.min] / d.sims;
      expect(p.basis).toBe('ensemble');
      expect(p.pDraw).toBeGreaterThan(0);
      expect(Math.abs(win + draw / 2 - p.pHome), `${home} v ${away}`).toBeLessThan(0.02);
      expect(Math.abs(draw - p.pDraw!)).toBeLessThan(0.02);
      expect(p.expectedMargin > 0).toBe(p.pHome > 0.5);
      expect(Math.abs(p.pCover! - (win + draw))).toBeLessThan(1e-12); // +0.5: home covers unless it loses
    }
  });

  it('date and season reach the models: rest days and the between-season reversion', () => {
    const g = { league: 'nfl', home: 'KAN', away: 'BUF' };
    const base = predictGame(g, state);
    const next = predictGame({ ...g, season: state.lastSeason! + 1 }, state);
    expect(next.season).toBe(state.lastSeason! + 1);
    // reversion pulls both ratings toward the mean, so the Elo gap shrinks
    expect(Math.abs(next.models.elo - 0.5)).not.toBe(Math.abs(base.models.elo - 0.5));
    const sameSeason = predictGame({ ...g, season: state.lastSeason! }, state);
    expect(sameSeason.models).toEqual(base.models);
    // rest: a day soon after both teams' last games, when they last played on different days
    const ids = [...state.teams.values()].filter((t) => t.season === state.lastSeason && t.lastDate);
    const h = ids[0];
    const a = ids.find((t) => t.lastDate !== h.lastDate)!;
    const last = [h.lastDate!, a.lastDate!].sort()[1];
    const date = new Date(Date.parse(`${last}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    const undated = predictGame({ league: 'nfl', home: h.id, away: a.id }, state);
    const dated = predictGame({ league: 'nfl', home: h.id, away: a.id, date }, state);
    expect(dated.date).toBe(date);
    expect(dated.models.logistic).not.toBe(undated.models.logistic); // the rest difference is a feature
    expect(dated.models.elo).toBe(undated.models.elo);
    expect(() => predictGame({ ...g, date: '2025-02-30' }, state)).toThrow(/date must be a day as YYYY-MM-DD/);
    expect(() => predictGame({ ...g, season: 2025.5 }, state)).toThrow(/season must be an integer/);
  });

  it('neutral sites remove the home edge', () => {
    const h = predictGame({ league: 'nfl', home: 'KAN', away: 'PHI' }, state);
    const n = predictGame({ league: 'nfl', home: 'KAN', away: 'PHI', neutral: true }, state);
    expect(n.models.elo).toBeLessThan(h.models.elo);
  });
  it('recommends only with an edge', () => {
    const p = predictGame({ league: 'nfl', home: 'KAN', away: 'BUF', odds: { home: -10000, away: 5000 } }, state);
    expect(p.recommendation?.side).toBe('away');
    const q = predictGame({ league: 'nfl', home: 'KAN', away: 'BUF' }, state);
    expect(q.recommendation).toBeNull();
  });
  it('unknown teams are TEAM_UNKNOWN', () => {
    try {
      predictGame({ league: 'nfl', home: 'KAN', away: 'XXX' }, state);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SimcastError);
      expect((e as SimcastError).code).toBe('TEAM_UNKNOWN');
      expect((e as Error).message).toBe("away: unknown team 'XXX' in league nfl");
    }
  });
  it('reports verified user models', () => {
    const m = verifyGameModel({ name: 'coin', predict: () => ({ pHome: 0.5 }) }, [{ league: 'nfl', home: 'KAN', away: 'BUF', neutral: true }]);
    expect(predictGame({ league: 'nfl', home: 'KAN', away: 'BUF' }, state, { models: [m] }).models.extra).toEqual({ coin: 0.5 });
  });
});
