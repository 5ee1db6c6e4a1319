import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTravel } from '../app/inputs/travel-files.js';
import { loadField } from '../app/inputs/field-file.js';
import { simulateFieldObject, simulateTournament } from '../app/tournaments/simulate.js';
import { closeWorkers } from '../app/runtime.js';
import { parseLocationsCsv, parseSitesCsv, parseTravelObject } from '../engine/field/read-travel.js';
import { parseFieldObject } from '../engine/field/read-json.js';
import { compileBracket } from '../engine/tournament/bracket.js';
import { kernelTables } from '../engine/tournament/kernel.js';
import { defaultTravelK, haversineMiles, travelTable, withTravel, type TravelSpec } from '../engine/tournament/travel.js';
import { fiveThirtyEight, probToThreshold } from '../engine/tournament/win-probability.js';
import { runTournamentPool } from '../workers/tournament-run.js';
import { parseJobSpec } from '../app/jobs/parse.js';
import { tournamentKind } from '../app/jobs/kinds/tournament.js';

afterAll(() => closeWorkers());

const EARTH_MILES = 3958.7613;

describe('haversine', () => {
  it('gives known great-circle distances', () => {
    // Rosetta Code's example, Nashville (BNA) to Los Angeles (LAX): 2887.2599506 km on a 6372.8 km sphere.
    const angle = 2887.2599506071106 / 6372.8;
    expect(haversineMiles(36.12, -86.67, 33.94, -118.4)).toBeCloseTo(angle * EARTH_MILES, 6);
    expect(haversineMiles(0, 0, 0, 90)).toBeCloseTo((Math.PI / 2) * EARTH_MILES, 9);
    expect(haversineMiles(0, 0, 0, 180)).toBeCloseTo(Math.PI * EARTH_MILES, 9);
    expect(haversineMiles(90, 0, -90, 45)).toBeCloseTo(Math.PI * EARTH_MILES, 9);
    expect(haversineMiles(41.59, -93.62, 41.59, -93.62)).toBe(0);
    // Lawrence, KS to Des Moines, IA: about 196 miles as the crow flies.
    expect(haversineMiles(38.9717, -95.2353, 41.5868, -93.625)).toBeGreaterThan(190);
    expect(haversineMiles(38.9717, -95.2353, 41.5868, -93.625)).toBeLessThan(200);
  });
});

// Two regions of two seeds; region B's 2 seed is a play-in pair. Everything on the equator, so a
// distance is R * (degrees of longitude apart).
const FIELD = {
  regions: ['A', 'B'],
  seedOrder: [1, 2],
  teams: [
    { name: 'A1', region: 'A', seed: 1, rating: 90 },
    { name: 'A2', region: 'A', seed: 2, rating: 85 },
    { name: 'B1', region: 'B', seed: 1, rating: 88 },
    { name: 'Ba', region: 'B', seed: 2, rating: 84 },
    { name: 'Bb', region: 'B', seed: 2, rating: 86 },
  ],
};
const LON: Record<string, number> = { A1: 0, A2: 10, B1: 90, Ba: 100, Bb: 150 };
const SITE = { playin: 120, podA: 0, podB: 90, final: 45 };
const TRAVEL: TravelSpec = {
  sites: [
    { region: null, games: 'playin', lat: 0, lon: SITE.playin },
    { region: 'A', games: 'pod-1', lat: 0, lon: SITE.podA },
    { region: 'B', games: 'pod-1', lat: 0, lon: SITE.podB },
    { region: null, games: 'final-four', lat: 0, lon: SITE.final },
  ],
  locations: Object.entries(LON).map(([team, lon]) => ({ team, lat: 0, lon })),
  sitesSource: 'sites.csv',
  locationsSource: 'locations.csv',
};

describe('the travel table', () => {
  const k = defaultTravelK('538');
  const r: Record<string, number> = Object.fromEntries(FIELD.teams.map((t) => [t.name, t.rating]));
  const adj = (team: string, site: number) => -k * Math.cbrt((EARTH_MILES * Math.abs(LON[team] - site) * Math.PI) / 180);
  /** P(x beats y) at a site, by hand: 538's logistic on the travel-adjusted ratings. */
  const p = (x: string, y: string, site: number) => 1 / (1 + 10 ** ((-(r[x] + adj(x, site) - (r[y] + adj(y, site))) * 30.464) / 400));

  it('takes each pair at the site of the one game where they can meet, and the exact answer follows by hand', async () => {
    expect(k).toBeCloseTo(11 / 30.464, 15);
    const b = withTravel(compileBracket(parseFieldObject(FIELD, 'field')), TRAVEL, '538');
    const T = b.teamCount;
    const i = (n: string) => b.names.indexOf(n);
    expect(b.travel![i('A1') * T + i('A2')]).toBeCloseTo(adj('A1', SITE.podA), 12);
    expect(b.travel![i('A2') * T + i('A1')]).toBeCloseTo(adj('A2', SITE.podA), 12);
    expect(b.travel![i('Ba') * T + i('Bb')]).toBeCloseTo(adj('Ba', SITE.playin), 12);
    expect(b.travel![i('Ba') * T + i('B1')]).toBeCloseTo(adj('Ba', SITE.podB), 12);
    expect(b.travel![i('Ba') * T + i('A1')]).toBeCloseTo(adj('Ba', SITE.final), 12);
    expect(b.travel![i('A1') * T + i('A1')]).toBe(0);
    // The Monte Carlo kernels' per-pair thresholds are these probabilities.
    const thr = kernelTables(b, fiveThirtyEight).thresholds;
    for (const [x, y, site] of [
      ['A1', 'A2', SITE.podA],
      ['Ba', 'Bb', SITE.playin],
      ['Bb', 'B1', SITE.podB],
      ['A2', 'Bb', SITE.final],
      ['B1', 'A1', SITE.final],
    ] as const) {
      expect(Math.abs(thr[i(x) * T + i(y)] - probToThreshold(p(x, y, site))), `${x}-${y}`).toBeLessThanOrEqual(1);
    }

    const pBa = p('Ba', 'Bb', SITE.playin);
    const winB = {
      B1: pBa * p('B1', 'Ba', SITE.podB) + (1 - pBa) * p('B1', 'Bb', SITE.podB),
      Ba: pBa * p('Ba', 'B1', SITE.podB),
      Bb: (1 - pBa) * p('Bb', 'B1', SITE.podB),
    };
    const pA1 = p('A1', 'A2', SITE.podA);
    const titleA1 = pA1 * (['B1', 'Ba', 'Bb'] as const).reduce((s, x) => s + winB[x] * p('A1', x, SITE.final), 0);
    const titleBb = winB.Bb * (pA1 * p('Bb', 'A1', SITE.final) + (1 - pA1) * p('Bb', 'A2', SITE.final));
    const report = await simulateTournament(compileBracket(parseFieldObject(FIELD, 'field')), { exact: true, travel: TRAVEL });
    const team = (n: string) => report.teams.find((t) => t.name === n)!;
    expect(report.travelK).toBe(k);
    expect(team('A1').probabilities[2]).toBeCloseTo(titleA1, 14);
    expect(team('Bb').probabilities[2]).toBeCloseTo(titleBb, 14);
    expect(team('Ba').probabilities[0]).toBeCloseTo(pBa, 15);
    // Without travel the answer is another one (the table is not a no-op here), and carries no travelK.
    const plain = await simulateTournament(compileBracket(parseFieldObject(FIELD, 'field')), { exact: true });
    expect(plain.travelK).toBeUndefined();
    expect(Math.abs(plain.teams.find((t) => t.name === 'A1')!.probabilities[2] - titleA1)).toBeGreaterThan(1e-3);
  });

  it('Monte Carlo with travel: the exact answer within sampling error; JavaScript and WebAssembly, fixed and hot (K=0), bit for bit', async () => {
    const b = withTravel(compileBracket(parseFieldObject(FIELD, 'field')), TRAVEL, '538');
    const exact = await simulateTournament(compileBracket(parseFieldObject(FIELD, 'field')), { exact: true, travel: TRAVEL });
    const sims = 3 * 4096 + 5;
    // One after the other: runs on different thread counts share one pool.
    const runs = [];
    for (const o of [{ threads: 1, kernel: 'js' as const }, { threads: 2 }, { threads: 1, hotK: 0, kernel: 'js' as const }, { threads: 2, hotK: 0 }]) {
      runs.push(await runTournamentPool(b, { sims, seed: 3, ...o }));
    }
    for (const other of runs.slice(1)) expect(Buffer.from(other.wins.buffer).equals(Buffer.from(runs[0].wins.buffer))).toBe(true);
    const hot = [
      await runTournamentPool(b, { sims, seed: 3, threads: 1, hotK: 3, kernel: 'js' }),
      await runTournamentPool(b, { sims, seed: 3, threads: 2, hotK: 3 }),
    ];
    expect(Buffer.from(hot[1].wins.buffer).equals(Buffer.from(hot[0].wins.buffer))).toBe(true);
    // Title of A1: the final is the last game; its winner's count over sims.
    const T = b.teamCount;
    const last = b.gameCount - 1;
    const a1 = b.names.indexOf('A1');
    const mc = runs[0].wins[last * T + a1] / sims;
    const want = exact.teams.find((t) => t.name === 'A1')!.probabilities[2];
    expect(Math.abs(mc - want)).toBeLessThan(4 * Math.sqrt((want * (1 - want)) / sims));
  });

  it('checks sites and locations against the field, naming file, line and field', () => {
    const b = compileBracket(parseFieldObject(FIELD, 'field'));
    const sites = (rows: string) => parseSitesCsv(`region,games,city,lat,lon\n${rows}`, 'sites.csv');
    const base = '*,playin,X,0,120\nA,pod-1,X,0,0\nB,pod-1,X,0,90\n,final-four,X,0,45\n';
    const table = (s: string, locations = TRAVEL.locations) => travelTable(b, { ...TRAVEL, sites: sites(s), locations }, 0.1);
    expect(() => table(base)).not.toThrow();
    expect(() => table(base.replace(',final-four,X,0,45\n', ''))).toThrow(
      /^sites\.csv: games: no site for final-four \(round 3\): add a row ,final-four,CITY,LAT,LON$/,
    );
    expect(() => table(`${base}C,pod-1,X,0,0\n`)).toThrow(/^sites\.csv:6: region: unknown region 'C'/);
    expect(() => table(`${base}A,pod-1,Y,0,1\n`)).toThrow(/^sites\.csv:6: games: A pod-1 has two sites \(also line 3\)$/);
    expect(() => table(`${base}A,pod-2,Y,0,1\n`)).toThrow(/^sites\.csv:6: games: no game of the field is A pod-2 \(A has: pod-1\)$/);
    expect(() => table(base.replace(',final-four', 'A,final-four'))).toThrow(/^sites\.csv:5: region: final-four games are played between regions/);
    expect(() => table(base, TRAVEL.locations.slice(1))).toThrow(/^locations\.csv: team: team 'A1' of the field has no location$/);
    expect(() => sites('A,pod1,X,0,0\n')).toThrow(/^sites\.csv:2: games: games must be playin, pod-N/);
    expect(() => sites('A,pod-1,X,91,0\n')).toThrow(/^sites\.csv:2: lat: latitude must be a number of degrees from -90 to 90 \(got "91"\)$/);
    expect(() => sites('A,pod-1,X,0,east\n')).toThrow(/^sites\.csv:2: lon: longitude must be/);
    expect(() => parseSitesCsv('region,games,town,lat,lon\n', 'sites.csv')).toThrow(
      /^sites\.csv:1: the header must be region,games,city,lat,lon \(unknown column 'town'\)$/,
    );
    expect(() => travelTable(b, { ...TRAVEL, locations: parseLocationsCsv('team,lat,lon\nA1,0,0\nA1,1,1\n', 'loc.csv') }, 0.1)).toThrow(
      /^loc\.csv:3: team: team 'A1' has two locations \(also line 2\)$/,
    );
    expect(() => parseLocationsCsv('A1,0\n', 'loc.csv')).toThrow(/^loc\.csv:1: lon: longitude must be a number of degrees from -180 to 180 \(got ""\)$/);
    expect(() => parseLocationsCsv('A1,0,0,5\n', 'loc.csv')).toThrow(/^loc\.csv:1: a row is team,lat,lon: 3 values, not 4$/);
    // Body form: the path of the property at fault.
    expect(() => parseTravelObject({ sites: [{ games: 'pod-1', lat: 0, lon: 'x' }], locations: [] }, 'body.travel')).toThrow(
      /^body\.travel\.locations: locations must be a non-empty array$/,
    );
    expect(() => parseTravelObject({ sites: [{ games: 'pod-1', lat: 0, lon: 'x' }], locations: [{ team: 'A', lat: 0, lon: 0 }] }, 'body.travel')).toThrow(
      /^body\.travel\.sites\[0\]\.lon: longitude must be/,
    );
    const o = parseTravelObject({ sites: [{ region: 'C', games: 'pod-1', lat: 0, lon: 0 }], locations: [{ team: 'A', lat: 0, lon: 0 }] }, 'body.travel');
    expect(() => travelTable(b, o, 0.1)).toThrow(/^body\.travel\.sites\[0\]\.region: unknown region 'C'/);
    // A slots-form field has no regions to place games in.
    const slots = compileBracket(
      parseFieldObject(
        {
          teams: [
            { name: 'X', rating: 1 },
            { name: 'Y', rating: 2 },
          ],
          slots: ['X', 'Y'],
        },
        'f',
      ),
    );
    expect(() => travelTable(slots, TRAVEL, 0.1)).toThrow(/region form/);
  });

  it('an HTTP-style body: a travel object gives travelK and other numbers; a bad one TRAVEL_INVALID', async () => {
    const body = {
      sites: TRAVEL.sites.map((s) => ({ ...(s.region ? { region: s.region } : {}), games: s.games, lat: s.lat, lon: s.lon })),
      locations: TRAVEL.locations.map((l) => ({ team: l.team, lat: l.lat, lon: l.lon })),
      k: 0.5,
    };
    const r = await simulateFieldObject(FIELD, 'body.field', { exact: true, travel: body, travelSource: 'body.travel' });
    expect(r.travelK).toBe(0.5);
    await expect(
      simulateFieldObject(FIELD, 'body.field', { exact: true, travel: { ...body, locations: body.locations.slice(1) }, travelSource: 'body.travel' }),
    ).rejects.toMatchObject({
      code: 'TRAVEL_INVALID',
      message: "body.travel.locations: team: team 'A1' of the field has no location",
    });
  });
});

describe('2016 sites and campuses (examples/)', () => {
  it('cover the whole 2016 field; same seed, same numbers; without sites the numbers do not change', async () => {
    const spec = await loadField('examples/ncaa-2016.json');
    const travel = await loadTravel('examples/ncaa-2016-sites.csv', 'examples/ncaa-2016-locations.csv');
    const b = compileBracket(spec);
    const o = { sims: 20_000, seed: 'travel', threads: 2 };
    // Hot ratings with travel: the WebAssembly kernel (SIMD lanes and the scalar rest) gives the JavaScript kernel's numbers.
    const bt = withTravel(b, travel, '538');
    const hot = { sims: 2 * 4096 + 7, seed: 'hot-travel', hotK: 2, withRows: false };
    const js = await runTournamentPool(bt, { ...hot, threads: 1, kernel: 'js' });
    const wa = await runTournamentPool(bt, { ...hot, threads: 2 });
    expect(Buffer.from(wa.wins.buffer).equals(Buffer.from(js.wins.buffer))).toBe(true);
    const a = await simulateTournament(b, { ...o, travel });
    const again = await simulateTournament(b, { ...o, travel });
    const plain = await simulateTournament(b, o);
    expect(again.teams).toEqual(a.teams);
    expect(plain.travelK).toBeUndefined();
    const untouched = await simulateTournament(b, o);
    expect(untouched.teams).toEqual(plain.teams);
    expect(a.teams).not.toEqual(plain.teams);
    // Kansas plays its first two games 196 miles from home (Des Moines) and gains on the fixed-ratings answer.
    const title = (r: typeof a, n: string) => r.teams.find((t) => t.name === n)!.probabilities[6];
    const exactTravel = await simulateTournament(b, { exact: true, travel });
    const exactPlain = await simulateTournament(b, { exact: true });
    expect(title(exactTravel, 'Kansas')).toBeGreaterThan(title(exactPlain, 'Kansas'));
  });
});

describe('travel in a job', () => {
  it('a tournament job checks its travel object and names the property at fault', async () => {
    const field = JSON.parse(readFileSync('examples/ncaa-2016.json', 'utf8'));
    const travel = { sites: [{ region: 'South', games: 'pod-1', lat: 41.6, lon: -93.6 }], locations: [{ team: 'Kansas', lat: 39, lon: -95.2 }] };
    const spec = parseJobSpec({ kind: 'tournament', field, sims: 1000, seed: 1, travel }, 'job');
    await expect(tournamentKind.plan(null as never, spec as never)).rejects.toMatchObject({
      code: 'TRAVEL_INVALID',
      message: expect.stringMatching(/^job\.travel\.locations: team: team 'North Carolina' of the field has no location/),
    });
  });
});
