import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGames } from '../app/inputs/games-file.js';
import { buildApp } from '../server/app.js';
import { createModelsPredictor } from '../server/predictor-models.js';

const fixture = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));

describe('the API on the game models (issue 4) and the real NFL history', async () => {
  const parsed = await loadGames(fixture('nfl-games-spreadspoke.csv'), 'spreadspoke', fixture('nfl-teams.csv'));
  const predictor = createModelsPredictor({ games: { nfl: parsed.games } });
  const app = await buildApp({ predictor, redisUrl: null, rateLimit: false, apiKey: null, defaultMetrics: false });
  afterAll(() => app.close());

  it('answers every model, the ensemble with and without the line, cover/over and a ratings version', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/predictions/games?league=nfl&home=KAN&away=BUF&spread=-2.5&total=47.5' });
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(Object.keys(p.models)).toEqual(expect.arrayContaining(['elo', 'pythagorean', 'logistic', 'montecarlo', 'ensemble', 'ensembleWithLine']));
    for (const v of Object.values(p.models) as number[]) expect(v).toBeGreaterThan(0), expect(v).toBeLessThan(1);
    expect(p.pHome).toBe(p.models.ensembleWithLine);
    expect(p.pCover).toBeGreaterThan(0);
    expect(p.pOver).toBeGreaterThan(0);
    expect(p.ratingsVersion).toMatch(/^nfl\./);
    expect(p.cached).toBe(false);
    const again = await app.inject({ method: 'GET', url: '/v1/predictions/games?league=nfl&home=KAN&away=BUF&spread=-2.5&total=47.5' });
    expect(again.json()).toMatchObject({ cached: true, pHome: p.pHome });
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
