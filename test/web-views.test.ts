// The page's season, slips, calcutta and pool views in a real browser (Debian's chromium driven by
// playwright-core) against a real `simcast serve`: the numbers on screen are the API's answer to the same
// request, the charts are drawn, and nothing is logged to the console. Screenshots go to .ci-out/web/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, CHROMIUM, serveBuilt, type Served } from '../bench/browser.js';
import { distFile } from '../core/paths.js';
import { embeddedDataDir } from './helpers/temp.js';

const missing = browserMissing();
if (missing) console.warn(`test/web-views.test.ts skipped: ${missing}`);

const SHOTS = join(new URL('..', import.meta.url).pathname, '.ci-out', 'web');

interface Opened {
  server: Served;
  browser: Browser;
  page: Page;
  problems: string[];
  post: (path: string, body: unknown) => Promise<unknown>;
}

/** A served simcast, chromium and a page logging every console error, failed request and page error. */
async function open(args: string[], dataDir?: string): Promise<Opened> {
  mkdirSync(SHOTS, { recursive: true });
  const server = await serveBuilt(['--threads', '2', ...args], {}, dataDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(r.status, path).toBe(200);
    return r.json();
  };
  return { server, browser, page, problems, post };
}

/** Inputs and selects with neither a label nor an aria-label (an accessibility basic). */
const unlabelled = (page: Page) =>
  page.$$eval('input, select', (els) =>
    els.filter((e) => (e as HTMLInputElement).labels?.length === 0 && !e.getAttribute('aria-label')).map((e) => e.id || e.outerHTML.slice(0, 60)),
  );

/** Every `tr[data-KEY]` of a table: its key → the exact numbers (data-p) of its cells, by class. */
const rowsP = (page: Page, rows: string, key: string) =>
  page.$$eval(
    rows,
    (trs, k) =>
      Object.fromEntries(
        trs.map((tr) => [
          tr.getAttribute(k)!,
          Object.fromEntries([...tr.querySelectorAll('td[data-p]')].map((td) => [td.className, Number(td.getAttribute('data-p'))])),
        ]),
      ),
    `data-${key}`,
  );

describe.skipIf(missing !== null)('season view in chromium', { timeout: 240_000 }, () => {
  let o: Opened;
  beforeAll(async () => {
    o = await open([]);
  }, 180_000);
  afterAll(async () => {
    await o?.browser.close();
    await o?.server.stop();
  });

  interface SeasonApi {
    teams: { id: string; playoffs: number; divisionTitle: number; seeds: number[]; rounds: { champion: number } }[];
    games: { home: string; away: string; teams: { importance: number }[] }[];
  }
  interface WeeklyApi {
    teams: { id: string; playoffs: number[] }[];
    points: { week: number }[];
  }

  it("2024 from week 10: every team's playoff, division, seed-1 and title odds are the API's; the chart and the games' importance follow", async () => {
    const { page, post } = o;
    await page.goto(`${o.server.url}/#/season`);
    await page.waitForSelector('#season-odds[data-state="ready"]', { timeout: 120_000 });
    expect(await page.locator('#sims').inputValue()).toBe('2000');
    const api = (await post('/v1/seasons/simulate', { season: 2024, week: 10, sims: 2000, seed: 1 })) as SeasonApi;
    const shown = await rowsP(page, '#season-table tbody tr', 'team');
    expect(Object.keys(shown)).toHaveLength(32);
    for (const t of api.teams) {
      expect(shown[t.id], t.id).toEqual({ playoffs: t.playoffs, division: t.divisionTitle, seed1: t.seeds[0], title: t.rounds.champion });
    }
    // The most important remaining game is the one whose teams' importances sum highest.
    const imp = (g: SeasonApi['games'][number]) => g.teams.reduce((s, t) => s + t.importance, 0);
    const top = api.games.reduce((a, b) => (imp(b) > imp(a) ? b : a));
    const first = page.locator('#season-games-table tbody tr').first();
    expect(await first.getAttribute('data-game')).toBe(`${top.away}@${top.home}`);
    expect(Number(await first.getAttribute('data-importance'))).toBe(imp(top));
    // One team's odds over the weeks, from the weekly replay.
    const weekly = (await post('/v1/seasons/weekly', { season: 2024, sims: 200, seed: 1 })) as WeeklyApi;
    await page.locator('#season-team').selectOption('KAN');
    await page.waitForSelector('#season-chart[data-team="KAN"] canvas', { timeout: 60_000 });
    const series = await page.evaluate(() => JSON.parse(document.querySelector('#season-chart')!.getAttribute('data-playoffs')!) as number[]);
    expect(series).toEqual(weekly.teams.find((t) => t.id === 'KAN')!.playoffs);
    expect(weekly.points.length).toBe(series.length);
    expect(await unlabelled(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'season.png'), fullPage: true });
  });

  it('another week redraws with the API answer; a bad week shows the API error', async () => {
    const { page, post } = o;
    await page.locator('#week').fill('15');
    await page.locator(`form[aria-label="Season"] button`).click();
    await page.waitForSelector('#season-table caption:has-text("week 15")', { timeout: 120_000 });
    const api = (await post('/v1/seasons/simulate', { season: 2024, week: 15, sims: 2000, seed: 1 })) as SeasonApi;
    const shown = await rowsP(page, '#season-table tbody tr', 'team');
    for (const t of api.teams) expect(shown[t.id].playoffs, t.id).toBe(t.playoffs);
    await page.locator('#week').fill('25');
    await page.locator('form[aria-label="Season"] button').click();
    await page.locator('#error', { hasText: 'OPTION_INVALID' }).waitFor({ timeout: 60_000 });
    o.problems.splice(0); // the 400 answer the page was meant to show
  });

  it('logged nothing to the console and no request failed', () => {
    expect(o.problems).toEqual([]);
  });
});

describe.skipIf(missing !== null)('slips and Calcutta views in chromium (embedded database, the example player stats imported)', { timeout: 240_000 }, () => {
  let o: Opened;
  beforeAll(async () => {
    // The props routes price on stored histories: import the bundled slices as docs/props.md does.
    const dataDir = embeddedDataDir();
    const root = new URL('..', import.meta.url).pathname;
    for (const [what, file] of [
      ['player-stats', 'examples/data/props/nfl-player-weekly.csv'],
      ['schedules', 'examples/data/props/nfl-schedules.csv'],
    ]) {
      execFileSync(process.execPath, [distFile('cli', 'main.js'), 'ingest', what, file, '--data-dir', dataDir], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: '' },
        stdio: 'pipe',
      });
    }
    o = await open([], dataDir);
  }, 180_000);
  afterAll(async () => {
    await o?.browser.close();
    await o?.server.stop();
  });

  interface PricedApi {
    pairs: { i: number; j: number; rho: number }[];
    slip: Record<string, number>;
  }
  const slip = JSON.parse(readFileSync(new URL('../examples/slip-nfl.json', import.meta.url), 'utf8')) as { legs: Record<string, unknown>[] };
  const summary = (page: Page) =>
    page.$$eval('#slip-summary tbody tr', (trs) =>
      Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-key')!, Number(tr.querySelector('td')!.getAttribute('data-v'))])),
    );
  const heat = (page: Page) =>
    page.$$eval('#slip-corr td[data-rho]', (tds) =>
      tds.map((td) => [Number(td.getAttribute('data-i')), Number(td.getAttribute('data-j')), Number(td.getAttribute('data-rho'))]),
    );
  const KEYS = [
    'pJoint',
    'pIndependent',
    'fairAmerican',
    'expectedProfit',
    'evPerUnit',
    'variance',
    'sd',
    'valueAtRisk',
    'conditionalValueAtRisk',
    'kellyFraction',
  ];
  const expectShown = async (page: Page, api: PricedApi, legs: number) => {
    const shown = await summary(page);
    for (const k of KEYS) expect(shown[k], k).toBe(api.slip[k]);
    const cells = await heat(page);
    expect(cells).toHaveLength(legs * legs);
    for (const [i, j, r] of cells) {
      const pair = api.pairs.find((q) => (q.i === i && q.j === j) || (q.i === j && q.j === i));
      expect(r, `${i},${j}`).toBe(i === j ? 1 : pair!.rho);
    }
  };

  it("prices the bundled NFL slip: joint vs independent, EV, variance, VaR and the correlation heat map are the API's", async () => {
    const { page, post } = o;
    await page.goto(`${o.server.url}/#/slips`);
    await page.waitForSelector('#slip-out[data-state="ready"]', { timeout: 120_000 });
    const api = (await post('/v1/slips/price', slip)) as PricedApi;
    expect(api.slip.pJoint).not.toBe(api.slip.pIndependent);
    await expectShown(page, api, 4);
    // The one correlated pair (Diggs and the total) is shaded; an uncorrelated one is white.
    expect(await page.locator('#slip-corr td[data-i="2"][data-j="3"]').getAttribute('style')).not.toContain('255, 255, 255');
    expect(await page.locator('#slip-corr td[data-i="0"][data-j="1"]').getAttribute('style')).toContain('rgb(255, 255, 255)');
    expect(await unlabelled(page)).toEqual([]);
    // Every shade's text is black or white, whichever contrasts more (test/pool-marks.test.ts checks the 4.5:1).
    const colours = await page.$$eval('#slip-corr td[data-rho]', (tds) => tds.map((td) => getComputedStyle(td).color));
    for (const c of colours) expect(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']).toContain(c);
    await page.screenshot({ path: join(SHOTS, 'slips.png'), fullPage: true });
  });

  it('an edited leg, a removed leg and an added leg are priced as the API prices the same slip', async () => {
    const { page, post } = o;
    const reprice = async () => {
      await page.evaluate(() => document.querySelector('#slip-out')!.removeAttribute('data-state'));
      await page.locator('#slip-price').click();
      await page.waitForSelector('#slip-out[data-state="ready"]', { timeout: 120_000 });
    };
    await page.locator('#slip-legs-table tr[data-leg="1"] .leg-line').fill('59.5');
    await page.locator('#slip-legs-table tr[data-leg="1"] .leg-side').selectOption('under');
    await page.locator('#slip-legs-table tr[data-leg="0"] .leg-remove').click();
    await reprice();
    const edited = { ...slip, legs: [{ ...slip.legs[1], side: 'under', line: 59.5 }, slip.legs[2], slip.legs[3]] };
    await expectShown(page, (await post('/v1/slips/price', edited)) as PricedApi, 3);
    await page.evaluate(() => document.querySelector('#slip-out')!.removeAttribute('data-state'));
    await page.locator('#leg-player').fill('Josh Allen');
    await page.locator('#leg-stat').fill('passing_yards');
    await page.locator('#leg-line').fill('279.5');
    await page.locator('#leg-add').click();
    await page.waitForSelector('#slip-out[data-state="ready"]', { timeout: 120_000 });
    const added = { ...edited, legs: [...edited.legs, { game: '2022_06_BUF_KC', player: 'Josh Allen', stat: 'passing_yards', side: 'over', line: 279.5 }] };
    await expectShown(page, (await post('/v1/slips/price', added)) as PricedApi, 4);
    await page.screenshot({ path: join(SHOTS, 'slips-edited.png'), fullPage: true });
  });

  it("Calcutta: the optimiser's job is followed to the end; bids, our prospects, values against prices and the payout histogram are the API's", async () => {
    const { page } = o;
    const get = async (path: string) => {
      const r = await fetch(`${o.server.url}${path}`);
      expect(r.status, path).toBe(200);
      return r.json();
    };
    await page.goto(`${o.server.url}/#/calcutta`);
    await page.waitForSelector('#calcutta-out[data-state="ready"]', { timeout: 120_000 });
    const run = Number(await page.locator('#calcutta-out').getAttribute('data-run'));
    const job = (await get(`/v1/jobs/${run}`)) as { kind: string; status: string; sims: number; seed: string };
    expect(job).toMatchObject({ kind: 'calcutta', status: 'complete', sims: 20000, seed: '1' });
    const report = (await get(`/v1/calcutta/runs/${run}/report`)) as {
      pot: number;
      expectedPayout: number;
      pFirst: number;
      pInMoney: number;
      items: { name: string; bid: number; ownership: number; expectedPayout: number; roi: number }[];
    };
    const bids = (await get(`/v1/calcutta/runs/${run}/bids`)) as { items: { name: string; bid: number }[] };
    const shown = await page.$$eval('#calcutta-bids tbody tr', (trs) =>
      trs.map(
        (tr) =>
          ({
            name: tr.getAttribute('data-team')!,
            ...Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.className, Number(td.getAttribute('data-v'))])),
          }) as { name: string; bid: number },
      ),
    );
    expect(shown).toEqual(report.items.map((b) => ({ name: b.name, bid: b.bid, ownership: b.ownership, expectedPayout: b.expectedPayout, roi: b.roi })));
    expect(shown.map((b) => [b.name, b.bid])).toEqual(bids.items.map((b) => [b.name, b.bid]));
    const summary = await page.$$eval('#calcutta-summary tbody tr', (trs) =>
      Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-key')!, Number(tr.querySelector('td')!.getAttribute('data-v'))])),
    );
    expect(summary).toMatchObject({ pot: report.pot, expectedPayout: report.expectedPayout, pFirst: report.pFirst, pInMoney: report.pInMoney });
    const teams = (await get(`/v1/calcutta/runs/${run}/teams`)) as { items: { name: string; expectedPoints: number; marketShare: number }[] };
    const attr = async (sel: string, name: string) => JSON.parse((await page.locator(sel).getAttribute(name))!) as unknown;
    const total = teams.items.reduce((s, t) => s + t.expectedPoints, 0);
    expect(await attr('#calcutta-values', 'data-teams')).toEqual(teams.items.map((t) => t.name));
    expect(await attr('#calcutta-values', 'data-price')).toEqual(teams.items.map((t) => t.marketShare));
    expect(await attr('#calcutta-values', 'data-value')).toEqual(teams.items.map((t) => t.expectedPoints / total));
    const hist = (await get(`/v1/calcutta/runs/${run}/entries/0/histogram?bins=20`)) as { bins: { probability: number }[] };
    expect(await attr('#calcutta-histogram', 'data-bins')).toEqual(hist.bins.map((b) => b.probability));
    expect(await page.locator('#calcutta-values canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#calcutta-histogram canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#calcutta-progress').getAttribute('value')).toBe(await page.locator('#calcutta-progress').getAttribute('max'));
    expect(await unlabelled(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'calcutta.png'), fullPage: true });
  });

  it('logged nothing to the console and no request failed', () => {
    expect(o.problems).toEqual([]);
  });
});

describe.skipIf(missing !== null)('pool entry on the bracket in chromium', { timeout: 240_000 }, () => {
  let o: Opened;
  beforeAll(async () => {
    o = await open([]);
  }, 180_000);
  afterAll(async () => {
    await o?.browser.close();
    await o?.server.stop();
  });

  it("the optimised entry's picks are marked on the bracket beside chalk, with each game's importance, as the API answers", async () => {
    const { page, post } = o;
    await page.goto(`${o.server.url}/`);
    await page.waitForSelector('#bracket[data-state="ready"]', { timeout: 120_000 });
    await page.locator('#pool-go').click();
    await page.waitForSelector('#bracket[data-state="ready"] svg .game.pool', { timeout: 120_000 });
    const job = JSON.parse(readFileSync(new URL('../examples/job-pool.json', import.meta.url), 'utf8')) as { pool: unknown };
    const api = (await post('/v1/pools/optimize', { pool: job.pool, sims: 2048, seed: 1 })) as {
      bracket: Record<string, number>;
      winProbability: number;
      expectedPrize: number;
      expectedScore: number;
      chalk: { bracket: Record<string, number>; winProbability: number; expectedPrize: number; expectedScore: number };
      importance: { game: number; importance: number }[];
    };
    const games = await page.$$eval('#bracket svg .game', (gs) =>
      gs.map((g) => ({
        game: Number(g.getAttribute('data-game')),
        round: Number(g.getAttribute('data-round')),
        entry: Number(g.getAttribute('data-entry')),
        chalk: Number(g.getAttribute('data-chalk')),
        importance: g.hasAttribute('data-importance') ? Number(g.getAttribute('data-importance')) : null,
        offChalk: g.classList.contains('off-chalk'),
      })),
    );
    expect(games).toHaveLength(67);
    const names = await page.$$eval('#bracket svg .team', (ts) =>
      Object.fromEntries(ts.map((t) => [Number(t.getAttribute('data-team')), t.getAttribute('data-name')!])),
    );
    // Each team wins on screen as many games as the API's bracket gives it (the pool counts the 64-team rounds: round 2 on).
    const winsShown = (key: 'entry' | 'chalk') => {
      const w: Record<string, number> = {};
      for (const g of games) if (g.round >= 2) w[names[g[key]]] = (w[names[g[key]]] ?? 0) + 1;
      return w;
    };
    const nonzero = (b: Record<string, number>) => Object.fromEntries(Object.entries(b).filter(([, v]) => v > 0));
    expect(winsShown('entry')).toEqual(nonzero(api.bracket));
    expect(winsShown('chalk')).toEqual(nonzero(api.chalk.bracket));
    for (const g of games) expect(g.offChalk).toBe(g.entry !== g.chalk);
    expect(games.some((g) => g.offChalk)).toBe(true);
    for (const i of api.importance) expect(games[i.game].importance, `game ${i.game}`).toBe(i.importance);
    const summary = await page.$$eval('#pool-summary tbody tr[data-key]', (trs) =>
      Object.fromEntries(
        trs.map((tr) => [
          tr.getAttribute('data-key')!,
          [Number(tr.querySelector('td.entry')!.getAttribute('data-v')), Number(tr.querySelector('td.chalk')!.getAttribute('data-v'))],
        ]),
      ),
    );
    expect(summary).toEqual({
      winProbability: [api.winProbability, api.chalk.winProbability],
      expectedPrize: [api.expectedPrize, api.chalk.expectedPrize],
      expectedScore: [api.expectedScore, api.chalk.expectedScore],
    });
    expect(await page.locator('#pool-importance tbody tr').count()).toBe(Math.min(10, api.importance.length));
    expect(await unlabelled(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'pool.png'), fullPage: true });
    // An edit to the field drops the entry's marks (it was optimised for the field as it was).
    await page.locator('#field-select').selectOption('four-teams.json');
    await page.waitForFunction(() => document.querySelectorAll('#bracket svg .game').length === 3, undefined, { timeout: 120_000 });
    expect(await page.locator('#bracket svg .game.pool').count()).toBe(0);
    expect(await page.locator('#pool-summary').count()).toBe(0);
  });

  it('logged nothing to the console and no request failed', () => {
    expect(o.problems).toEqual([]);
  });
});
