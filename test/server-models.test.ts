import { fileURLToPath } from 'node:url';
import type { GamePrediction } from '../engine/models/prediction.js';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGames } from '../app/inputs/games-file.js';
import { buildApp } from '../server/app.js';
import { americanToDecimal, removeMargin } from '../engine/betting/odds.js';
import { createModelsPredictor } from '../app/predictions/predictor.js';

const fixture = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));

describe('the API on the game models and the real NFL history', async () => {
  const parsed = await loadGames(fixture('nfl-games-spreadspoke.csv'), 'spreadspoke', fixture('nfl-teams.csv'));
  const predictor = createModelsPredictor({ games: { nfl: parsed.games } });
  const app = await buildApp({ predictor, redisUrl: null, rateLimit: false, apiKey: null, defaultMetrics: false });
  afterAll(() => app.close());

  it('answers every model, the ensemble with and without the line, cover/over and a ratings version', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/predictions/games?league=nfl&home=KAN&away=BUF&spread=-2.5&total=47.5' });
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(Object.keys(p.models)).toEqual(['elo', 'pythagorean', 'logistic', 'montecarlo', 'ensemble', 'ensembleWithLine']);
    for (const v of Object.values(p.models) as number[]) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    }
    expect(p.pHome).toBe(p.models.ensembleWithLine);
    expect(p.basis).toBe('ensembleWithLine');
    expect(p.pCover).toBeGreaterThan(0);
    expect(p.pOver).toBeGreaterThan(0);
    expect(p.ratingsVersion).toMatch(/^nfl\./);
    expect(p.cached).toBe(false);
    const again = await app.inject({ method: 'GET', url: '/v1/predictions/games?league=nfl&home=KAN&away=BUF&spread=-2.5&total=47.5' });
    expect(again.json()).toMatchObject({ cached: true, pHome: p.pHome });
  });

  it('one distribution per answer: the margin, the cover and the bet agree with pHome (KAN v BUF and a slate)', async () => {
    const games = [
      { league: 'nfl', home: 'KAN', away: 'BUF', spread: -2.5, total: 47.5 },
      { league: 'nfl', home: 'KAN', away: 'BUF', spread: 0, total: 47.5 },
      { league: 'nfl', home: 'BUF', away: 'KAN', spread: 2.5, total: 47.5 },
      { league: 'nfl', home: 'PHI', away: 'DAL', spread: -8.5, total: 47.5, date: '2025-09-04', season: 2025 },
      { league: 'nfl', home: 'NYJ', away: 'PIT', spread: 2.5, total: 38 },
      { league: 'nfl', home: 'DEN', away: 'OTI', spread: -9, total: 42.5 },
      { league: 'nfl', home: 'CLT', away: 'MIA', spread: 0, total: 46.5, odds: { home: -105, away: -115 } },
    ];
    const r = await app.inject({ method: 'POST', url: '/v1/predictions/games', payload: games, headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(200);
    for (const [i, p] of (r.json().predictions as GamePrediction[]).entries()) {
      const g = games[i];
      const what = `${g.home} v ${g.away} at ${g.spread}: pHome ${p.pHome}, expectedMargin ${p.expectedMargin}, pCover ${p.pCover}, ${JSON.stringify(p.recommendation)}`;
      // pHome > 0.5 implies a positive expected margin, and the other way round
      expect(p.expectedMargin > 0, what).toBe(p.pHome > 0.5);
      expect(p.basis, what).toBe('ensembleWithLine');
      // the cover probability belongs to the same margin: above 0.5 exactly when the margin beats the line
      expect(p.pCover! > 0.5, what).toBe(p.expectedMargin + g.spread > 0);
      if (g.spread === 0) expect(p.pCover! > 0.5, what).toBe(p.pHome > 0.5);
      // the margin distribution's P(home) is pHome, within Monte Carlo error
      const d = p.marginDistribution;
      const pWin = (d.counts as number[]).reduce((s, c, k) => s + (d.min + k > 0 ? c : d.min + k === 0 ? c / 2 : 0), 0) / d.sims;
      expect(Math.abs(pWin - p.pHome), what).toBeLessThan(0.02);
      // a bet is on the side the answer's own probabilities favour
      const rec = p.recommendation;
      if (rec?.market === 'spread') expect(rec.side, what).toBe(p.pCover! > 0.5 ? 'home' : 'away');
      if (rec?.market === 'moneyline') {
        const fairHome = removeMargin([americanToDecimal(g.odds!.home), americanToDecimal(g.odds!.away)]).probabilities[0];
        expect(rec.side, what).toBe(p.pHome > fairHome ? 'home' : 'away');
      }
      if (rec?.market === 'total') expect(rec.side, what).toBe(p.pOver! > 0.5 ? 'over' : 'under');
    }
  });

  it('serves team ratings and refuses unknown teams with a code', async () => {
    const t = await app.inject({ method: 'GET', url: '/v1/teams/nfl/KAN' });
    expect(t.statusCode).toBe(200);
    expect(t.json()).toMatchObject({ team: 'KAN', league: 'nfl' });
    expect(t.json().rating).toBeGreaterThan(1300);
    const bad = await app.inject({ method: 'GET', url: '/v1/predictions/games?league=nfl&home=KAN&away=NOPE' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('TEAM_UNKNOWN');
  });

  it("takes a team by its NFL team_id or full name (KC, LVR, 'Kansas City Chiefs') and answers it under the franchise id, one cache entry for all", async () => {
    const url = (home: string) => `/v1/predictions/games?league=nfl&home=${encodeURIComponent(home)}&away=LVR&spread=-6.5&total=44.5`;
    const byId = (await app.inject(url('KAN'))).json();
    expect(byId).toMatchObject({ home: 'KAN', away: 'RAI', cached: false });
    const byTeamId = (await app.inject(url('KC'))).json();
    expect(byTeamId).toMatchObject({ home: 'KAN', away: 'RAI', cached: true, pHome: byId.pHome });
    const byName = (await app.inject(url('Kansas City Chiefs'))).json();
    expect(byName).toMatchObject({ home: 'KAN', cached: true, pHome: byId.pHome });
    expect((await app.inject('/v1/teams/nfl/KC')).json()).toMatchObject({ team: 'KAN' });
    const same = await app.inject(`/v1/predictions/games?league=nfl&home=KC&away=KAN`);
    expect(same.statusCode).toBe(400);
    expect(same.json().error.code).toBe('OPTION_INVALID');
    const bad = (await app.inject('/v1/predictions/games?league=nfl&home=KC&away=Buffalo')).json();
    expect(bad.error.message).toBe("query.away: unknown team 'Buffalo' in league nfl (GET /v1/teams/nfl lists its teams)");
  });
});
