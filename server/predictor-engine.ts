// A small, self-contained Predictor (538-style Elo, Pythagorean expectation, a normal margin model,
// Kelly) that the API's tests use over synthetic leagues, where fitting the full models would add
// nothing. `simcast serve` runs server/predictor-models.ts (engine/models) instead.
import { normalCdfAt } from '../engine/math/normal.js';
import { SimcastError } from '../core/errors.js';
import type { GameRecord, GamePrediction, GameRequest, Predictor, Recommendation, TeamStats } from './predictor.js';

interface LeagueParams {
  mean: number;
  newTeam: number;
  k: number;
  hfa: number;
  revert: number;
  pythExp: number;
  marginSd: number;
  totalSd: number;
}

const PARAMS: Record<string, LeagueParams> = {
  nfl: { mean: 1505, newTeam: 1300, k: 20, hfa: 65, revert: 1 / 3, pythExp: 2.37, marginSd: 13.45, totalSd: 13.5 },
  nba: { mean: 1505, newTeam: 1300, k: 20, hfa: 100, revert: 1 / 4, pythExp: 13.91, marginSd: 12, totalSd: 18 },
};
const DEFAULT_PARAMS = PARAMS.nfl;
const FORM_GAMES = 5;
/** Elo points per point of margin (538: 25 NFL, 28 NBA). */
const ELO_PER_POINT = 25;

interface TeamState {
  rating: number;
  games: number;
  pointsFor: number;
  pointsAgainst: number;
  recent: { result: 'W' | 'L' | 'T'; diff: number }[];
}

interface LeagueState {
  league: string;
  params: LeagueParams;
  teams: Map<string, TeamState>;
  version: string;
  avgTotal: number;
  schedule: GameRecord[];
}

function buildLeague(league: string, games: GameRecord[]): LeagueState {
  const p = PARAMS[league] ?? DEFAULT_PARAMS;
  const teams = new Map<string, TeamState>();
  const team = (name: string): TeamState => {
    let t = teams.get(name);
    if (!t) teams.set(name, (t = { rating: p.newTeam, games: 0, pointsFor: 0, pointsAgainst: 0, recent: [] }));
    return t;
  };
  const sorted = [...games].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let season: number | null = null;
  let played = 0;
  let points = 0;
  for (const g of sorted) {
    const h = team(g.home);
    const a = team(g.away);
    if (g.homeScore === null || g.awayScore === null) continue;
    if (season !== null && g.season !== season) for (const t of teams.values()) t.rating += (p.mean - t.rating) * p.revert;
    season = g.season;
    const d = h.rating - a.rating + (g.neutral ? 0 : p.hfa);
    const pHome = 1 / (1 + 10 ** (-d / 400));
    const margin = g.homeScore - g.awayScore;
    const score = margin > 0 ? 1 : margin < 0 ? 0 : 0.5;
    const dw = margin >= 0 ? d : -d;
    const mult = margin === 0 ? 2.2 * Math.log(2) : (Math.log(Math.abs(margin) + 1) * 2.2) / (dw * 0.001 + 2.2);
    const shift = p.k * mult * (score - pHome);
    h.rating += shift;
    a.rating -= shift;
    for (const [t, f, ag] of [[h, g.homeScore, g.awayScore], [a, g.awayScore, g.homeScore]] as const) {
      t.games++;
      t.pointsFor += f;
      t.pointsAgainst += ag;
      t.recent.push({ result: f > ag ? 'W' : f < ag ? 'L' : 'T', diff: f - ag });
      if (t.recent.length > FORM_GAMES) t.recent.shift();
    }
    played++;
    points += g.homeScore + g.awayScore;
  }
  const last = sorted.length > 0 ? sorted[sorted.length - 1].date.replace(/-/g, '') : '0';
  return { league, params: p, teams, version: `${played}.${last}`, avgTotal: played > 0 ? points / played : 44, schedule: sorted };
}

function pythagorean(t: TeamState, exp: number): number {
  if (t.pointsFor + t.pointsAgainst === 0) return 0.5;
  const f = t.pointsFor ** exp;
  return f / (f + t.pointsAgainst ** exp);
}

function predictWith(s: LeagueState, g: GameRequest): GamePrediction {
  const p = s.params;
  const h = s.teams.get(g.home)!;
  const a = s.teams.get(g.away)!;
  const d = h.rating - a.rating + (g.neutral ? 0 : p.hfa);
  const elo = 1 / (1 + 10 ** (-d / 400));
  const ph = pythagorean(h, p.pythExp);
  const pa = pythagorean(a, p.pythExp);
  const log5 = ph + pa === 0 || ph + pa === 2 ? 0.5 : (ph - ph * pa) / (ph + pa - 2 * ph * pa);
  const expectedMargin = d / ELO_PER_POINT;
  const normal = 1 - normalCdfAt(0, expectedMargin, p.marginSd);
  const ppg = (t: TeamState) => (t.games > 0 ? t.pointsFor / t.games : s.avgTotal / 2);
  const pag = (t: TeamState) => (t.games > 0 ? t.pointsAgainst / t.games : s.avgTotal / 2);
  const expectedTotal = (ppg(h) + pag(a) + ppg(a) + pag(h)) / 2;
  const models = { elo, pythagorean: log5, normal };
  const probs = Object.values(models);
  const pHome = (elo + log5 + normal) / 3;
  const spread = g.spread ?? null;
  const total = g.total ?? null;
  const pCover = spread === null ? null : 1 - normalCdfAt(-spread, expectedMargin, p.marginSd);
  const pOver = total === null ? null : 1 - normalCdfAt(total, expectedTotal, p.totalSd);
  const spreadP = Math.max(...probs) - Math.min(...probs);
  const history = Math.min(1, Math.min(h.games, a.games) / 16);
  const confidence = Math.max(0, Math.min(1, (1 - 2 * spreadP) * history));
  return {
    league: g.league,
    home: g.home,
    away: g.away,
    neutral: g.neutral ?? false,
    spread,
    total,
    models,
    pHome,
    pCover,
    pOver,
    expectedMargin,
    expectedTotal,
    confidence,
    recommendation: recommend(pHome, pCover, pOver, g),
    ratingsVersion: s.version,
  };
}

const EDGE_THRESHOLD = 0.03;
const KELLY_FRACTION = 0.25;
const STAKE_CAP = 0.05;

function decimalOdds(american: number): number {
  return american > 0 ? 1 + american / 100 : 1 + 100 / -american;
}

function recommend(pHome: number, pCover: number | null, pOver: number | null, g: GameRequest): Recommendation {
  const o = g.odds ?? {};
  const candidates: { market: Recommendation['market']; side: Recommendation['side']; p: number; pa: number | undefined; pb: number | undefined; which: 0 | 1 }[] = [];
  if (o.home !== undefined || o.away !== undefined) {
    candidates.push({ market: 'moneyline', side: 'home', p: pHome, pa: o.home, pb: o.away, which: 0 });
    candidates.push({ market: 'moneyline', side: 'away', p: 1 - pHome, pa: o.home, pb: o.away, which: 1 });
  }
  if (pCover !== null) {
    candidates.push({ market: 'spread', side: 'home', p: pCover, pa: -110, pb: -110, which: 0 });
    candidates.push({ market: 'spread', side: 'away', p: 1 - pCover, pa: -110, pb: -110, which: 1 });
  }
  if (pOver !== null) {
    candidates.push({ market: 'total', side: 'over', p: pOver, pa: o.over ?? -110, pb: o.under ?? -110, which: 0 });
    candidates.push({ market: 'total', side: 'under', p: 1 - pOver, pa: o.over ?? -110, pb: o.under ?? -110, which: 1 });
  }
  let best: Recommendation = { market: null, side: null, edge: 0, kelly: 0, stake: 0 };
  for (const c of candidates) {
    const mine = c.which === 0 ? c.pa : c.pb;
    if (mine === undefined) continue;
    const other = c.which === 0 ? c.pb : c.pa;
    const ia = 1 / decimalOdds(mine);
    const implied = other === undefined ? ia : ia / (ia + 1 / decimalOdds(other));
    const edge = c.p - implied;
    const b = decimalOdds(mine) - 1;
    const kelly = Math.max(0, (b * c.p - (1 - c.p)) / b);
    if (edge >= EDGE_THRESHOLD && kelly > 0 && edge > best.edge) {
      best = { market: c.market, side: c.side, edge, kelly, stake: Math.min(STAKE_CAP, kelly * KELLY_FRACTION) };
    }
  }
  return best;
}

export interface EnginePredictorOptions {
  /** Games by league id ("nfl"). */
  games: Record<string, GameRecord[]>;
}

export function createPredictor(opts: EnginePredictorOptions): Predictor {
  const leagues = new Map<string, LeagueState>();
  for (const [league, games] of Object.entries(opts.games)) leagues.set(league, buildLeague(league, games));
  const state = (league: string): LeagueState => {
    const s = leagues.get(league);
    if (!s) throw new SimcastError('NOT_FOUND', `unknown league '${league}' (known: ${[...leagues.keys()].join(', ') || 'none loaded'})`);
    return s;
  };
  const known = (s: LeagueState, team: string, field: string) => {
    if (!s.teams.has(team)) throw new SimcastError('TEAM_UNKNOWN', `${field}: unknown team '${team}' in league ${s.league}`);
  };
  return {
    source: 'simple',
    leagues: () => [...leagues.keys()],
    hasLeague: (league) => leagues.has(league),
    ratingsVersion: (league) => state(league).version,
    teams: (league) => [...state(league).teams.keys()].sort(),
    hasTeam: (league, team) => leagues.get(league)?.teams.has(team) ?? false,
    teamStats(league, team): TeamStats {
      const s = state(league);
      const t = s.teams.get(team);
      if (!t) throw new SimcastError('NOT_FOUND', `unknown team '${team}' in league ${league}`);
      return {
        league,
        team,
        rating: t.rating,
        games: t.games,
        pythagorean: { pointsFor: t.pointsFor, pointsAgainst: t.pointsAgainst, exponent: s.params.pythExp, expectation: pythagorean(t, s.params.pythExp) },
        form: {
          last: t.recent.length,
          wins: t.recent.filter((r) => r.result === 'W').length,
          losses: t.recent.filter((r) => r.result === 'L').length,
          ties: t.recent.filter((r) => r.result === 'T').length,
          pointDiff: t.recent.reduce((x, r) => x + r.diff, 0),
          results: t.recent.map((r) => r.result).join(''),
        },
        ratingsVersion: s.version,
      };
    },
    predict(g) {
      const s = state(g.league);
      known(s, g.home, 'home');
      known(s, g.away, 'away');
      if (g.home === g.away) throw new SimcastError('OPTION_INVALID', `home and away must be different teams (got '${g.home}' twice)`);
      return predictWith(s, g);
    },
    scheduled(league, date) {
      return state(league)
        .schedule.filter((g) => g.date === date)
        .map((g) => ({ league, home: g.home, away: g.away, neutral: g.neutral, ...(g.spread != null ? { spread: g.spread } : {}), ...(g.total != null ? { total: g.total } : {}) }));
    },
  };
}
