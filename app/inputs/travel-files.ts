// The travel adjustment's files: game sites (--sites) and team locations (--locations), both CSV.
import { parseLocationsCsv, parseSitesCsv } from '../../engine/field/read-travel.js';
import type { TravelSpec } from '../../engine/tournament/travel.js';
import { readText } from './read-text.js';

export async function loadTravel(sitesPath: string, locationsPath: string, k?: number): Promise<TravelSpec> {
  const [sites, locations] = await Promise.all([readText(sitesPath), readText(locationsPath)]);
  return {
    sites: parseSitesCsv(sites, sitesPath),
    locations: parseLocationsCsv(locations, locationsPath),
    ...(k === undefined ? {} : { k }),
    sitesSource: sitesPath,
    locationsSource: locationsPath,
  };
}
