// The inputs of the travel adjustment (engine/tournament/travel.ts): game sites and team locations, as
// CSV files (the CLI's --sites and --locations) or as an object in a job or HTTP body. Rows are checked
// here for shape (columns, numbers, coordinates); what they mean for the field (regions, a site for
// every game, a location for every team) is checked when the travel table is built.
import { SimcastError, type ErrorLocation } from '../../core/errors.js';
import { GAME_GROUP_PATTERN, type GameSite, type TeamLocation, type TravelSpec } from '../tournament/travel.js';
import { readCsv } from './csv.js';

const SITE_COLUMNS = ['region', 'games', 'city', 'lat', 'lon'];
const LOCATION_COLUMNS = ['team', 'lat', 'lon'];

const fail = (message: string, location: ErrorLocation): never => {
  throw new SimcastError('TRAVEL_INVALID', message, { location });
};

function coordinate(raw: unknown, what: 'lat' | 'lon', where: ErrorLocation): number {
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  const limit = what === 'lat' ? 90 : 180;
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > limit) {
    fail(`${what === 'lat' ? 'latitude' : 'longitude'} must be a number of degrees from -${limit} to ${limit} (got ${JSON.stringify(raw)})`, where);
  }
  return v as number;
}

function site(region: unknown, games: unknown, city: unknown, lat: unknown, lon: unknown, at: (field: string) => ErrorLocation): GameSite {
  if (typeof games !== 'string' || !GAME_GROUP_PATTERN.test(games)) {
    fail(
      `games must be playin, pod-N (N the best seed of the pod: pod-1, pod-4, pod-3, pod-2 in the NCAA's), regional or final-four (got ${JSON.stringify(games)})`,
      at('games'),
    );
  }
  if (region !== undefined && typeof region !== 'string')
    fail(`region must be a region of the field, or empty or '*' for every region (got ${JSON.stringify(region)})`, at('region'));
  if (city !== undefined && typeof city !== 'string') fail(`city must be a string (got ${JSON.stringify(city)})`, at('city'));
  const r = region === undefined || region === '' || region === '*' ? null : region;
  return {
    region: r as string | null,
    games: games as string,
    ...(city ? { city: city as string } : {}),
    lat: coordinate(lat, 'lat', at('lat')),
    lon: coordinate(lon, 'lon', at('lon')),
    where: at(''),
  };
}

function location(team: unknown, lat: unknown, lon: unknown, at: (field: string) => ErrorLocation): TeamLocation {
  if (typeof team !== 'string' || team === '') fail(`team must be a team name of the field (got ${JSON.stringify(team)})`, at('team'));
  return { team: team as string, lat: coordinate(lat, 'lat', at('lat')), lon: coordinate(lon, 'lon', at('lon')), where: at('') };
}

function checkHeader(header: string[], want: string[], source: string, optional: string[] = []): void {
  const unknown = header.find((h) => !want.includes(h));
  const missing = want.find((w) => !optional.includes(w) && !header.includes(w));
  if (unknown !== undefined || missing !== undefined) {
    fail(`the header must be ${want.join(',')} (${unknown !== undefined ? `unknown column '${unknown}'` : `no column '${missing}'`})`, {
      file: source,
      line: 1,
    });
  }
}

/** Game sites: CSV with the header region,games,city,lat,lon (city optional). */
export function parseSitesCsv(text: string, source: string): GameSite[] {
  const { header, records } = readCsv(text, source);
  checkHeader(header, SITE_COLUMNS, source, ['city']);
  if (records.length === 0) fail('no sites (rows of region,games,city,lat,lon)', { file: source });
  return records.map(({ line, values, width }) => {
    if (width > header.length) fail(`a row has ${header.length} values (${header.join(',')}), not ${width}`, { file: source, line });
    return site(values.region, values.games, values.city, values.lat, values.lon, (field) => ({ file: source, line, ...(field ? { field } : {}) }));
  });
}

/** Team locations: CSV of team,lat,lon (the header row is optional). */
export function parseLocationsCsv(text: string, source: string): TeamLocation[] {
  const { records } = readCsv(text, source, { columns: LOCATION_COLUMNS });
  const rows = records.filter((r, i) => !(i === 0 && r.values.team.toLowerCase() === 'team' && r.values.lat.toLowerCase() === 'lat'));
  if (rows.length === 0) fail('no locations (rows of team,lat,lon)', { file: source });
  return rows.map(({ line, values, width }) => {
    if (width > 3) fail(`a row is team,lat,lon: 3 values, not ${width}`, { file: source, line });
    return location(values.team, values.lat, values.lon, (field) => ({ file: source, line, ...(field ? { field } : {}) }));
  });
}

/**
 * The `travel` object of a job or HTTP body: { sites: [{ region?, games, city?, lat, lon }], locations:
 * [{ team, lat, lon }], k? }. Errors name the path (`body.travel.sites[2].lat`).
 */
export function parseTravelObject(raw: unknown, source: string): TravelSpec {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw)) fail('must be an object { sites, locations, k? }', { field: source });
  const o = raw as Record<string, unknown>;
  const extra = Object.keys(o).find((key) => !['sites', 'locations', 'k'].includes(key));
  if (extra !== undefined) fail(`unknown property '${extra}' (sites, locations, k)`, { field: source });
  for (const key of ['sites', 'locations'] as const) {
    if (!Array.isArray(o[key]) || (o[key] as unknown[]).length === 0) fail(`${key} must be a non-empty array`, { field: `${source}.${key}` });
  }
  if (o.k !== undefined && !(typeof o.k === 'number' && Number.isFinite(o.k) && o.k >= 0))
    fail(`k must be a non-negative number (got ${JSON.stringify(o.k)})`, { field: `${source}.k` });
  const sites = (o.sites as unknown[]).map((s, i) => {
    const path = `${source}.sites[${i}]`;
    if (!isObject(s)) fail('a site is an object { region?, games, city?, lat, lon }', { field: path });
    const x = s as Record<string, unknown>;
    return site(x.region, x.games, x.city, x.lat, x.lon, (field) => ({ field: field ? `${path}.${field}` : path }));
  });
  const locations = (o.locations as unknown[]).map((l, i) => {
    const path = `${source}.locations[${i}]`;
    if (!isObject(l)) fail('a location is an object { team, lat, lon }', { field: path });
    const x = l as Record<string, unknown>;
    return location(x.team, x.lat, x.lon, (field) => ({ field: field ? `${path}.${field}` : path }));
  });
  return { sites, locations, ...(o.k === undefined ? {} : { k: o.k as number }), sitesSource: `${source}.sites`, locationsSource: `${source}.locations` };
}

/** A TravelSpec as the plain object parseTravelObject reads (to store with a job, and read back). */
export function travelToJson(t: TravelSpec): Record<string, unknown> {
  return {
    sites: t.sites.map((s) => ({
      ...(s.region === null ? {} : { region: s.region }),
      games: s.games,
      ...(s.city ? { city: s.city } : {}),
      lat: s.lat,
      lon: s.lon,
    })),
    locations: t.locations.map((l) => ({ team: l.team, lat: l.lat, lon: l.lon })),
    ...(t.k === undefined ? {} : { k: t.k }),
  };
}
