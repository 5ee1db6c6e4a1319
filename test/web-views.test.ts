// The page's season, slips, calcutta and pool views in a real browser (Debian's chromium driven by
// playwright-core) against a real `simcast serve`: the numbers on screen are the API's answer to the same
// request, the charts are drawn, and nothing is logged to the console. Screenshots go to .ci-out/web/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, CHROMIUM, serveBuilt, type Served } from '../bench/browser.js';

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
