// The web page as a person uses it, in a real browser (Debian's chromium driven by playwright-core) against
// a real `simcast serve`: the bracket is drawn with every game, the title odds are the API's, editing a
// rating or clicking a team redraws with the API's new answer, the game view shows the API's numbers, and
// nothing is logged to the console. Screenshots go to .ci-out/web/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, CHROMIUM, serveBuilt, type Served } from '../bench/browser.js';
import { nflSliceCsv } from './helpers/nfl-slice.js';
import { embeddedDataDir, tempDir } from './helpers/temp.js';

const missing = browserMissing();
if (missing) console.warn(`test/web-page.test.ts skipped: ${missing}`);

const SHOTS = join(new URL('..', import.meta.url).pathname, '.ci-out', 'web');
const ncaa = JSON.parse(readFileSync(new URL('../examples/ncaa-2016.json', import.meta.url), 'utf8')) as {
  teams: { name: string; rating: number }[];
  results?: unknown[];
};

/** What web/src/timings.ts puts on window. */
interface PageWindow {
  simcast: { draws: number; firstBracketMs: number | null; lastRedrawMs: number | null };
}

interface ApiTeam {
  name: string;
  probabilities: number[];
}

describe.skipIf(missing !== null)('web page in chromium', { timeout: 240_000 }, () => {
  let server: Served;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(r.status, path).toBe(200);
    return r.json();
  };
  const draws = () => page.evaluate(() => (window as unknown as PageWindow).simcast.draws);
  const waitForDraws = (n: number) =>
    page.waitForFunction(
      (k) => (window as unknown as PageWindow).simcast.draws >= k && document.querySelector('#bracket')?.getAttribute('data-state') === 'ready',
      n,
      {
        timeout: 120_000,
      },
    );
  /** The title odds on screen: team name → the exact probability the page was given. */
  const titleOdds = () =>
    page.$$eval('#title-odds tbody tr', (rows) =>
      Object.fromEntries(rows.map((r) => [r.getAttribute('data-team')!, Number(r.querySelector('td.title')!.getAttribute('data-p'))])),
    );

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const games = join(tempDir('simcast-web-'), 'nfl.csv');
    writeFileSync(games, nflSliceCsv());
    server = await serveBuilt(['--games', `nfl=${games}`, '--threads', '2']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads the page and draws the 2016 field: 67 games, a row per team, title odds equal to the API exact answer', async () => {
    await page.goto(`${server.url}/`);
    await waitForDraws(1);
    const layout = (await post('/v1/tournaments/field', { field: ncaa })) as { games: unknown[]; teams: unknown[] };
    expect(layout.games).toHaveLength(67);
    expect(await page.locator('#bracket svg .game').count()).toBe(67);
    expect(await page.locator('#bracket svg .team').count()).toBe(68);
    expect(await page.locator('#field-select').inputValue()).toBe('ncaa-2016.json');
    const api = (await post('/v1/tournaments/simulate', { field: ncaa, exact: true, model: { name: '538' } })) as { teams: ApiTeam[] };
    const shown = await titleOdds();
    expect(Object.keys(shown)).toHaveLength(68);
    for (const t of api.teams) expect(shown[t.name], t.name).toBe(t.probabilities[6]);
    // The favourite's final box names the API's favourite.
    const best = api.teams[0];
    expect(await page.locator('#bracket svg .game[data-round="7"] text').textContent()).toContain(best.name);
    await page.screenshot({ path: join(SHOTS, 'bracket.png'), fullPage: true });
  });

  it('redraws when a rating changes, with the odds the API gives for the edited field', async () => {
    const before = await draws();
    const input = page.locator('input.rating[data-team="Kansas"]');
    await input.fill('70');
    await input.press('Enter');
    await waitForDraws(before + 1);
    const edited = { ...ncaa, teams: ncaa.teams.map((t) => (t.name === 'Kansas' ? { ...t, rating: 70 } : t)) };
    const api = (await post('/v1/tournaments/simulate', { field: edited, exact: true, model: { name: '538' } })) as { teams: ApiTeam[] };
    const shown = await titleOdds();
    for (const t of api.teams) expect(shown[t.name], t.name).toBe(t.probabilities[6]);
    expect(shown.Kansas).toBeLessThan(0.001);
    const kansasRow = page.locator('#bracket svg .team[data-name="Kansas"] title');
    expect(await kansasRow.textContent()).toContain('rating 70');
  });

  it('clicking a team (or Enter on it) makes it win its next game: the game is marked decided and the odds follow', async () => {
    const before = await draws();
    await page.locator('#bracket svg .team[data-name="Wichita State"]').click();
    await waitForDraws(before + 1);
    expect(await page.locator('#bracket svg .game.decided').count()).toBe(1);
    expect(await page.locator('#bracket svg .game.decided text').textContent()).toContain('Wichita State');
    const shown = await titleOdds();
    expect(shown.Vanderbilt).toBe(0);
    // Keyboard: focus a team row and press Enter.
    await page.locator('#bracket svg .team[data-name="Southern"]').focus();
    await page.keyboard.press('Enter');
    await waitForDraws(before + 2);
    expect(await page.locator('#bracket svg .game.decided').count()).toBe(2);
    await page.screenshot({ path: join(SHOTS, 'bracket-edited.png'), fullPage: true });
    await page.locator('#clear-results').click();
    await waitForDraws(before + 3);
    expect(await page.locator('#bracket svg .game.decided').count()).toBe(0);
  });

  it('another field redraws with its own games (four teams: three games)', async () => {
    const before = await draws();
    await page.locator('#field-select').selectOption('four-teams.json');
    await waitForDraws(before + 1);
    expect(await page.locator('#bracket svg .game').count()).toBe(3);
    expect(await page.locator('#bracket svg .team').count()).toBe(4);
    // Its ratings are on the Elo scale: the page picked the Elo model.
    expect(await page.locator('#model').inputValue()).toBe('elo');
  });

  it('opens a field file from disk: a bad one shows the API error, a good one is drawn', async () => {
    const dir = tempDir('simcast-web-field-');
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        teams: [
          { name: 'A', rating: 1700 },
          { name: 'B', rating: 1600 },
        ],
        slots: ['A', 'C'],
      }),
    );
    await page.locator('#field-file').setInputFiles(bad);
    await page.locator('#error', { hasText: 'TEAM_UNKNOWN' }).waitFor({ timeout: 120_000 });
    expect(await page.locator('#error').textContent()).toContain("unknown team 'C'");
    problems.splice(0); // the 400 answer the page was meant to show
    const before = await draws();
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        name: 'Two teams',
        teams: [
          { name: 'A', rating: 1700 },
          { name: 'B', rating: 1600 },
        ],
        slots: ['A', 'B'],
      }),
    );
    await page.locator('#field-file').setInputFiles(good);
    await waitForDraws(before + 1);
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(await page.locator('#bracket svg .game').count()).toBe(1);
    const api = (await post('/v1/tournaments/simulate', {
      field: {
        teams: [
          { name: 'A', rating: 1700 },
          { name: 'B', rating: 1600 },
        ],
        slots: ['A', 'B'],
      },
      exact: true,
      model: { name: 'elo' },
    })) as { teams: ApiTeam[] };
    const shown = await titleOdds();
    for (const t of api.teams) expect(shown[t.name], t.name).toBe(t.probabilities[1]);
    await page.locator('#field-select').selectOption('four-teams.json');
    await waitForDraws(before + 2);
  });

  it('Monte Carlo mode: the page shows the API answer for the same seed and simulations', async () => {
    const before = await draws();
    await page.locator('#mode').selectOption('montecarlo');
    await waitForDraws(before + 1);
    const four = JSON.parse(readFileSync(new URL('../examples/four-teams.json', import.meta.url), 'utf8'));
    expect(await page.locator('#model').inputValue()).toBe('elo');
    const api = (await post('/v1/tournaments/simulate', { field: four, exact: false, sims: 100000, seed: 1, model: { name: 'elo' } })) as { teams: ApiTeam[] };
    const shown = await titleOdds();
    for (const t of api.teams) expect(shown[t.name], t.name).toBe(t.probabilities[t.probabilities.length - 1]);
    expect(await page.locator('#status').textContent()).toContain('100,000 simulations');
  });

  it('game view: the models and the prediction as the API answers them, the margin chart drawn', async () => {
    await page.goto(`${server.url}/#/game`);
    await page.waitForSelector('#summary', { timeout: 120_000 });
    const home = await page.locator('#home').inputValue();
    const away = await page.locator('#away').inputValue();
    const spread = await page.locator('#spread').inputValue();
    const total = await page.locator('#total').inputValue();
    const api = (await (await fetch(`${server.url}/v1/predictions/games?league=nfl&home=${home}&away=${away}&spread=${spread}&total=${total}`)).json()) as {
      pHome: number;
      models: Record<string, number>;
    };
    const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
    expect(await page.locator('#summary').textContent()).toContain(`${home} ${pct(api.pHome)}`);
    expect(await page.locator('#models tr[data-model="elo"] td').textContent()).toBe(pct(api.models.elo));
    expect(await page.locator('#margin-chart canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'game.png'), fullPage: true });
  });

  it('accessibility basics: every control has a label, the page has a language and a heading, errors are announced', async () => {
    await page.goto(`${server.url}/`);
    await waitForDraws(1);
    const unlabelled = await page.$$eval('input, select', (els) =>
      els.filter((e) => (e as HTMLInputElement).labels?.length === 0 && !e.getAttribute('aria-label')).map((e) => e.id || e.outerHTML.slice(0, 60)),
    );
    expect(unlabelled).toEqual([]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h2').first().textContent()).toBe('Tournament forecast');
    expect(await page.getAttribute('#error', 'role')).toBe('alert');
    expect(await page.getAttribute('#bracket svg', 'role')).toBe('img');
  });

  it('logged nothing to the console and no request failed', () => {
    expect(problems).toEqual([]);
  });
});

describe.skipIf(missing !== null)('web page runs view in chromium (embedded database)', { timeout: 240_000 }, () => {
  let server: Served;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    const games = join(tempDir('simcast-web-'), 'nfl.csv');
    writeFileSync(games, nflSliceCsv());
    server = await serveBuilt(['--games', `nfl=${games}`, '--threads', '2'], {}, embeddedDataDir());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists a finished job with its progress and opens its report: each team's odds per round", async () => {
    const job = JSON.parse(readFileSync(new URL('../examples/job-tournament.json', import.meta.url), 'utf8'));
    const r = await fetch(`${server.url}/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...job, sims: 8192 }),
    });
    expect(r.status).toBe(202);
    const { id } = (await r.json()) as { id: number };
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.url}/#/runs`);
    // The list refreshes itself while the job runs.
    const row = page.locator(`#jobs tr[data-job="${id}"]`);
    await row.locator('td', { hasText: 'complete' }).waitFor({ timeout: 120_000 });
    expect(await row.locator('progress').getAttribute('value')).toBe(await row.locator('progress').getAttribute('max'));
    await row.locator('a').click();
    await page.waitForSelector('#run-results tbody tr', { timeout: 120_000 });
    const results = (await (await fetch(`${server.url}/v1/runs/${id}/results`)).json()) as { items: ApiTeam[] };
    const cells = await page.$$eval('#run-results tbody tr', (rows) => rows.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(cells).toHaveLength(4);
    const pct = (p: number) => (p >= 0.9995 ? '100%' : p < 0.0005 ? (p > 0 ? '<0.1%' : '0%') : `${(p * 100).toFixed(1)}%`);
    expect(cells).toEqual(results.items.map((t) => [t.name, ...t.probabilities.map(pct)]));
    await page.screenshot({ path: join(SHOTS, 'run.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
