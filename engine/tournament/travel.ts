// FiveThirtyEight's travel adjustment: each team's rating in a game is lowered by k * miles^(1/3), the
// great-circle distance from its campus to the game's site. Two teams of a bracket can meet in exactly
// one game (the lowest game on both their paths), so the adjustment is a T x T table of the rating
// each team brings to its meeting with each other team: the kernels' per-pair thresholds, the exact
// calculator and the hot-ratings kernel all read it, and no kernel needs to know about sites.
import { SimcastError, type ErrorLocation } from '../../core/errors.js';
import { gameParents, teamPaths, type Bracket } from './bracket.js';
import type { WinProbabilityModel } from './win-probability.js';

/** Where a group of games is played. `region` null: every region (play-ins) or none (final-four). */
export interface GameSite {
  region: string | null;
  /** `playin`, `pod-N` (the first two full rounds of the pod whose best seed is N), `regional`, `final-four`. */
  games: string;
  city?: string;
  lat: number;
  lon: number;
  where?: ErrorLocation;
}

export interface TeamLocation {
  team: string;
  lat: number;
  lon: number;
  where?: ErrorLocation;
}

export interface TravelSpec {
  sites: GameSite[];
  locations: TeamLocation[];
  /** Rating points per mile^(1/3); default defaultTravelK(model). */
  k?: number;
  /** Names of the two inputs (files, or body paths) for errors that belong to no row. */
  sitesSource: string;
  locationsSource: string;
}

export const GAME_GROUP_PATTERN = /^(playin|pod-[1-9][0-9]*|regional|final-four)$/;

/** Mean Earth radius in statute miles (6,371.0088 km). */
const EARTH_MILES = 3958.7613;

/** Great-circle distance in miles between two points given in degrees (haversine formula). */
export function haversineMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** 538's win probability puts 30.464 Elo points in one rating point (p = 1/(1+10^(-diff*30.464/400))). */
const ELO_PER_POINT = 30.464;
/**
 * 11 Elo points per mile^(1/3). FiveThirtyEight did not publish theirs; 11 is the value that best
 * reproduces their published 2016 first-round odds (the 60 teams not facing a play-in winner) from their
 * own ratings with examples/ncaa-2016-sites.csv and -locations.csv: the summed error falls from 174 points
 * without travel to 15 (5 Elo: 103; 15 Elo: 70). One season, approximate coordinates: an estimate, not
 * their coefficient (docs/field-format.md).
 */
export const TRAVEL_ELO_PER_CUBE_ROOT_MILE = 11;

/** Default k in the rating points of the model's scale: 11 Elo points, or 11/30.464 points for 538 and normal. */
export function defaultTravelK(modelName: string): number {
  return modelName === 'elo' ? TRAVEL_ELO_PER_CUBE_ROOT_MILE : TRAVEL_ELO_PER_CUBE_ROOT_MILE / ELO_PER_POINT;
}

const fail = (message: string, location: ErrorLocation): never => {
  throw new SimcastError('TRAVEL_INVALID', message, { location });
};

/** A row's location narrowed to one of its fields: `file:line: region`, or `body.travel.sites[2].region`. */
const fieldOf = (where: ErrorLocation | undefined, field: string): ErrorLocation => ({ ...where, field: where?.field ? `${where.field}.${field}` : field });
const rowName = (where: ErrorLocation | undefined): string => (where?.line !== undefined ? `line ${where.line}` : (where?.field ?? 'above'));

/**
 * The group of games each game belongs to, as the sites file names it: `playin` (round 1), `pod-N`
 * (rounds 2-3 inside a region: the four first-round slots of the pod whose best seed is N),
 * `regional` (later rounds inside a region), `final-four` (games between regions). Region null for
 * final-four games.
 */
export function gameGroups(b: Bracket): { region: string | null; games: string }[] {
  const T = b.teamCount;
  const G = b.gameCount;
  const parent = gameParents(b);
  // Teams under each node, in game order (both inputs come first).
  const teams: number[][] = [];
  for (let t = 0; t < T; t++) teams.push([t]);
  for (let g = 0; g < G; g++) teams.push([...teams[b.gameA[g]], ...teams[b.gameB[g]]]);
  const regionOf = (node: number): string | null => {
    const rs = new Set(teams[node].map((t) => b.regions[t]));
    return rs.size === 1 ? [...rs][0] : null;
  };
  const out: { region: string | null; games: string }[] = [];
  for (let g = 0; g < G; g++) {
    const round = b.gameRound[g];
    const region = regionOf(T + g);
    if (round === 1) out.push({ region, games: 'playin' });
    else if (region === null) out.push({ region: null, games: 'final-four' });
    else if (round <= 3) {
      // The pod: the highest game of rounds 2-3 above this one that stays inside the region.
      let anchor = g;
      for (let up = parent[T + anchor]; up >= 0 && b.gameRound[up] <= 3 && regionOf(T + up) === region; up = parent[T + up]) anchor = up;
      const best = Math.min(...teams[T + anchor].map((t) => b.seeds[t] ?? Infinity));
      out.push({ region, games: `pod-${best}` });
    } else out.push({ region, games: 'regional' });
  }
  return out;
}

/**
 * travel[a * T + b] = the rating adjustment of team a in its game against team b (at the site of the
 * one game where they can meet): -k * miles^(1/3). Zero on the diagonal. Every input is checked here,
 * against the bracket: regions, groups, a site for every game, a location for every team.
 */
export function travelTable(b: Bracket, spec: TravelSpec, k: number): Float64Array {
  const T = b.teamCount;
  const G = b.gameCount;
  if (!(Number.isFinite(k) && k >= 0)) throw new SimcastError('OPTION_INVALID', `options.travelK must be a non-negative number (got ${k})`);
  if (b.regions.some((r) => r === null) || b.seeds.some((s) => s === null)) {
    fail('game sites need a field in region form (every team with a region and a seed)', { file: spec.sitesSource });
  }
  const regions = new Set(b.regions as string[]);
  const sites = new Map<string, GameSite>();
  for (const s of spec.sites) {
    if (s.region !== null && !regions.has(s.region)) {
      fail(`unknown region '${s.region}' (the field's regions: ${[...regions].join(', ')}; '*' or empty for every region)`, fieldOf(s.where, 'region'));
    }
    if (s.games === 'final-four' && s.region !== null)
      fail("final-four games are played between regions: leave region empty (or '*')", fieldOf(s.where, 'region'));
    const key = `${s.region ?? '*'}|${s.games}`;
    const earlier = sites.get(key);
    if (earlier) {
      fail(`${s.region ?? '*'} ${s.games} has two sites (also ${rowName(earlier.where)})`, fieldOf(s.where, 'games'));
    }
    sites.set(key, s);
  }
  const locations = new Map<string, TeamLocation>();
  for (const l of spec.locations) {
    const earlier = locations.get(l.team);
    if (earlier) fail(`team '${l.team}' has two locations (also ${rowName(earlier.where)})`, fieldOf(l.where, 'team'));
    locations.set(l.team, l);
  }
  const missing = b.names.filter((n) => !locations.has(n));
  if (missing.length > 0) {
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more: ${missing.slice(1, 4).join(', ')}${missing.length > 4 ? ', ...' : ''})` : '';
    fail(`team '${missing[0]}' of the field has no location${more}`, { file: spec.locationsSource, field: 'team' });
  }

  // A row for a region names a group of games the region has (a typo such as pod-9 is not ignored).
  const groups = gameGroups(b);
  for (const s of spec.sites) {
    if (s.region !== null && !groups.some((x) => x.region === s.region && x.games === s.games)) {
      const here = [...new Set(groups.filter((x) => x.region === s.region).map((x) => x.games))].join(', ');
      fail(`no game of the field is ${s.region} ${s.games} (${s.region} has: ${here})`, fieldOf(s.where, 'games'));
    }
  }

  // The site of every game.
  const siteLat = new Float64Array(G);
  const siteLon = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const { region, games } = groups[g];
    const site = (region !== null ? sites.get(`${region}|${games}`) : undefined) ?? sites.get(`*|${games}`);
    if (site === undefined) {
      const row = `${region ?? ''},${games},CITY,LAT,LON`;
      fail(`no site for ${region === null ? '' : `${region} `}${games} (round ${b.gameRound[g]}): add a row ${row}`, {
        file: spec.sitesSource,
        field: 'games',
      });
    }
    siteLat[g] = site!.lat;
    siteLon[g] = site!.lon;
  }

  // Each team's adjustment in each game of its path, then the pair table from the meeting game.
  const paths = teamPaths(b);
  const adjust = new Map<number, number>(); // t * G + g -> adjustment
  paths.forEach((path, t) => {
    const loc = locations.get(b.names[t])!;
    for (const g of path) adjust.set(t * G + g, -k * Math.cbrt(haversineMiles(loc.lat, loc.lon, siteLat[g], siteLon[g])));
  });
  const table = new Float64Array(T * T);
  for (let a = 0; a < T; a++) {
    const onA = new Set(paths[a]);
    for (let c = 0; c < T; c++) {
      if (c === a) continue;
      const meet = paths[c].find((g) => onA.has(g));
      // Teams of a bracket always meet somewhere (the final at the latest).
      if (meet !== undefined) table[a * T + c] = adjust.get(a * G + meet)!;
    }
  }
  return table;
}

/**
 * P(team a beats team b) from ratings `r`, each side carrying its travel to the game where the two meet
 * (travel[a * T + b], travelTable); without a table, from the ratings alone. The thresholds, the exact
 * calculator and the hot-ratings kernel all price a game with it.
 */
export function pairProb(model: WinProbabilityModel, r: ArrayLike<number>, travel: Float64Array | null | undefined, T: number, a: number, b: number): number {
  return travel ? model.prob(r[a] + travel[a * T + b], r[b] + travel[b * T + a]) : model.prob(r[a], r[b]);
}

/** The bracket with its per-pair travel adjustments: what every kernel and the exact calculator read. */
export function withTravel(b: Bracket, spec: TravelSpec, modelName: string): Bracket {
  const k = spec.k ?? defaultTravelK(modelName);
  return { ...b, travel: travelTable(b, spec, k), travelK: k };
}
