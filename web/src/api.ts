// The page's calls to simcast's HTTP API (/v1, same origin). An error answer becomes an Error carrying
// the API's code and message, which the page shows as they are.
import type { BracketLayout } from '../../engine/tournament/bracket-layout.js';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) throw new ApiError(data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? res.statusText);
  return data as T;
}

export interface ExampleInfo {
  name: string;
  kind: 'field' | 'calcutta' | 'job' | 'other';
  title: string | null;
  teams: number | null;
}

export interface TeamReport {
  name: string;
  seed: number | null;
  region: string | null;
  rating: number;
  probabilities: number[];
  expectedWins: number;
}

export interface TournamentReport {
  name: string;
  mode: 'exact' | 'montecarlo';
  model: string;
  hot: number | null;
  rounds: number;
  roundNames: string[];
  sims: number | null;
  seed: number | string | null;
  elapsedMs: number;
  teams: TeamReport[];
}

/** A field as docs/field-format.md describes it (edited in place by the page: ratings, results). */
export interface Field {
  name?: string;
  teams: { name: string; rating: number; seed?: number; region?: string }[];
  results?: { winner: string; loser: string }[];
  [key: string]: unknown;
}

export interface SimulateOptions {
  exact: boolean;
  sims?: number;
  seed?: number | string;
  model?: { name: string; sigma?: number };
  hot?: number;
}

export const api = {
  examples: () => call<{ items: ExampleInfo[] }>('GET', '/v1/examples'),
  example: <T>(name: string) => call<T>('GET', `/v1/examples/${encodeURIComponent(name)}`),
  layout: (field: Field) => call<BracketLayout>('POST', '/v1/tournaments/field', { field }),
  simulate: (field: Field, o: SimulateOptions, signal?: AbortSignal) => call<TournamentReport>('POST', '/v1/tournaments/simulate', { field, ...o }, signal),
  teams: (league: string) => call<{ teams: { team: string; name?: string }[] }>('GET', `/v1/teams/${encodeURIComponent(league)}`),
  predict: (q: Record<string, string>) => call<Prediction>('GET', `/v1/predictions/games?${new URLSearchParams(q)}`),
  run: (id: number) => call<Record<string, unknown>>('GET', `/v1/runs/${id}`),
  runResults: (id: number) => call<Record<string, unknown>>('GET', `/v1/runs/${id}/results?limit=500`),
  jobs: (status: string) => call<{ items: JobProgress[] }>('GET', `/v1/jobs?limit=100${status ? `&status=${encodeURIComponent(status)}` : ''}`),
};

export interface Prediction {
  home: string;
  away: string;
  pHome: number;
  basis: string;
  confidence: number;
  expectedMargin: number;
  expectedTotal: number;
  pCover: number | null;
  pOver: number | null;
  marginDistribution: { min: number; max: number; sims: number; counts: number[] };
  models: Record<string, number | Record<string, number> | undefined>;
  recommendation: Record<string, unknown> | null;
}

export interface JobProgress {
  id: number;
  kind: string;
  status: string;
  shardsDone: number;
  shardsPlanned: number;
  sims: number;
  simsDone: number;
  simsPerSecond: number | null;
  etaSeconds: number | null;
  seed: string;
  startedAt: string;
  error: string | null;
}

export interface SeasonTeam {
  id: string;
  conference: string;
  division: string;
  expectedWins: number;
  playoffs: number;
  divisionTitle: number;
  seeds: number[];
  rounds: { divisional: number; conference: number; superBowl: number; champion: number };
}

export interface SeasonGame {
  home: string;
  away: string;
  pHome: number;
  teams: { id: string; ifHome: number | null; ifAway: number | null; swing: number; importance: number }[];
}

export interface SeasonReport {
  season: number;
  week: number | null;
  asOf: string;
  sims: number;
  seed: number | string;
  gamesLeft: number;
  teams: SeasonTeam[];
  games: SeasonGame[];
}

export interface SeasonWeekly {
  season: number;
  sims: number;
  teams: { id: string; playoffs: number[]; divisionTitle: number[]; champion: number[] }[];
  points: { week: number; asOf: string; gamesLeft: number }[];
}

export const seasonApi = {
  simulate: (body: { season: number; week: number; sims: number; seed: number }) => call<SeasonReport>('POST', '/v1/seasons/simulate', body),
  weekly: (body: { season: number; sims: number; seed: number }) => call<SeasonWeekly>('POST', '/v1/seasons/weekly', body),
};

/** A slip as docs/props.md describes it (legs edited in place by the page). */
export interface Slip {
  league: string;
  legs: Record<string, unknown>[];
  stake: number;
  payout: Record<string, unknown>;
  level?: number;
  sims?: number;
  seed?: number;
}

export interface PricedSlip {
  legs: { player: string | null; game: string | null; stat: string; side: string; line: number; mean: number; pHit: number; fairAmerican: number | null }[];
  pairs: { i: number; j: number; rho: number; source: string; n: number }[];
  slip: {
    pJoint: number;
    pIndependent: number;
    fairAmerican: number;
    expectedProfit: number;
    evPerUnit: number;
    variance: number;
    sd: number;
    level: number;
    valueAtRisk: number;
    conditionalValueAtRisk: number;
    kellyFraction: number;
    pairs: { i: number; j: number; latent: number; phi: number }[];
    method: string;
    sims: number | null;
  };
  cached: boolean;
}

export const slipApi = {
  price: (slip: Slip) => call<PricedSlip>('POST', '/v1/slips/price', slip),
};

export interface CalcuttaTeam {
  team: number;
  name: string;
  expectedPoints: number;
  marketBids: number;
  marketShare: number;
  valueIndex: number;
}

export interface CalcuttaReport {
  pot: number;
  spend: number;
  budget: number;
  strategy: string;
  expectedPayout: number;
  expectedNet: number;
  pFirst: number;
  pInMoney: number;
  items: { team: number; name: string; bid: number; ownership: number; expectedPayout: number; roi: number }[];
}

export interface PayoutHistogram {
  sims: number;
  mean: number;
  bins: { lo: number; hi: number; count: number; probability: number }[];
}

export const calcuttaApi = {
  optimize: (calcutta: unknown, sims: number, seed: number) => call<JobProgress>('POST', '/v1/calcutta/optimize', { calcutta, sims, seed }),
  job: (id: number) => call<JobProgress>('GET', `/v1/jobs/${id}`),
  teams: (run: number) => call<{ items: CalcuttaTeam[] }>('GET', `/v1/calcutta/runs/${run}/teams`),
  report: (run: number) => call<CalcuttaReport>('GET', `/v1/calcutta/runs/${run}/report`),
  histogram: (run: number, bins: number) => call<PayoutHistogram>('GET', `/v1/calcutta/runs/${run}/entries/0/histogram?bins=${bins}`),
};

/** A bracket as a pool reads it: each team's wins. */
export type PoolBracket = Record<string, number>;

export interface PoolOptimized {
  bracket: PoolBracket;
  winProbability: number;
  expectedPrize: number;
  expectedScore: number;
  chalk: { bracket: PoolBracket; winProbability: number; expectedPrize: number; expectedScore: number };
  holdout: { winRatio: { value: number; se: number }; chosen: string } | null;
  importance: { game: number; round: number; sideA: string; sideB: string; pA: number; swing: number; importance: number }[];
  sims: number;
  seed: number | string;
}

export const poolApi = {
  optimize: (pool: unknown, sims: number, seed: number) => call<PoolOptimized>('POST', '/v1/pools/optimize', { pool, sims, seed }),
};
