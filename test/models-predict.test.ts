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
    const more: Game[] = [...games, { date: '2030-01-01', season: 2029, home: 'KAN', away: 'BUF', homeScore: 30, awayScore: 3, neutral: false, spread: null, total: null }];
    const s2 = buildLeagueState(more, 'nfl');
    expect(s2.ratingsVersion).not.toBe(state.ratingsVersion);
    expect(buildLeagueState(games, 'nfl').ratingsVersion).toBe(state.ratingsVersion);
  });
});

describe('predictGame', () => {
  it('returns every model, the ensemble, cover/over and a distribution', () => {
    const p = predictGame({ league: 'nfl', home: 'KAN', away: 'BUF', spread: -2.5, total: 47.5, odds: { home: -135, away: 115 } }, state, { seed: 1 });
    for (const v of Object.values(p.models)) expect(v).toBeGreaterThan(0.05);
    expect(p.ensemble.pHome).toBeGreaterThan(0.3);
    expect(p.ensemble.pHome).toBeLessThan(0.9);
    expect(p.ensemble.confidence).toBeGreaterThanOrEqual(0);
    expect(p.ensemble.pHomeWithLine).toBeDefined();
    expect(p.pCover).toBeGreaterThan(0);
    expect(p.pOver).toBeGreaterThan(0);
    expect(p.expectedTotal).toBeGreaterThan(30);
    expect(p.marginDistribution!.p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(p.ratingsVersion).toBe(state.ratingsVersion);
    expect(predictGame({ league: 'nfl', home: 'KAN', away: 'BUF', spread: -2.5, total: 47.5 }, state, { seed: 1 }).ensemble).toEqual(p.ensemble);
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
