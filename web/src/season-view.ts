// The season view: an NFL season simulated from a week on (POST /v1/seasons/simulate) as a table of each
// team's playoff, division, seed-1 and title odds; one team's playoff odds over the weeks as a uPlot line
// (POST /v1/seasons/weekly, the season replayed week by week); the remaining games by importance.
import uPlot from 'uplot';
import { seasonApi, type SeasonGame, type SeasonReport, type SeasonWeekly } from './api.js';
import { h, pct, showError } from './dom.js';

const num = (id: string, value: number, min: number, max?: number) => h('input', { id, name: id, type: 'number', min, max, step: 1, value });

/** A probability cell keeping the exact number the API gave (data-p) beside its shown form. */
const pcell = (cls: string, p: number) => h('td', { class: cls, 'data-p': p }, pct(p));

/** A game's importance: the sum over the teams it moves (each team's playoff swing times how uncertain the game is). */
export const gameImportance = (g: SeasonGame): number => g.teams.reduce((s, t) => s + t.importance, 0);

export async function seasonView(root: HTMLElement): Promise<void> {
  const season = num('season', 2024, 1966, 2100);
  const week = num('week', 10, 1, 30);
  const sims = num('sims', 2000, 1);
  const weeklySims = num('weekly-sims', 200, 1);
  const seed = num('seed', 1, 0);
  const form = h(
    'form',
    { class: 'controls', 'aria-label': 'Season' },
    h('label', {}, 'Season', season),
    h('label', {}, 'From week', week),
    h('label', {}, 'Simulations', sims),
    h('label', {}, 'Weekly simulations', weeklySims),
    h('label', {}, 'Seed', seed),
    h('button', { type: 'submit' }, 'Simulate'),
  );
  const status = h('p', { class: 'status', id: 'season-status' });
  const table = h('div', { class: 'scroll', id: 'season-odds' });
  const teamSelect = h('select', { id: 'season-team', name: 'season-team' });
  const chart = h('div', { class: 'chart', id: 'season-chart', 'aria-label': "A team's odds over the weeks" });
  const games = h('div', { class: 'scroll', id: 'season-games' });
  root.replaceChildren(
    h('h2', {}, 'NFL season'),
    form,
    status,
    h(
      'div',
      { class: 'layout' },
      h('section', {}, table, h('form', { class: 'controls', 'aria-label': 'Chart team' }, h('label', {}, 'Team over the weeks', teamSelect)), chart),
      h('section', { class: 'side' }, games),
    ),
  );
  let weekly: SeasonWeekly | null = null;
  let weeklyKey = '';
  let plot: uPlot | null = null;

  const drawChart = (): void => {
    if (!weekly) return;
    const t = weekly.teams.find((x) => x.id === teamSelect.value) ?? weekly.teams[0];
    const xs = weekly.points.map((p) => p.week);
    const data: uPlot.AlignedData = [xs, t.playoffs, t.divisionTitle, t.champion];
    plot?.destroy();
    plot = new uPlot(
      {
        width: Math.min(900, chart.clientWidth || 900),
        height: 260,
        title: `${t.id}: odds before each week of ${weekly.season} (${weekly.sims.toLocaleString('en-US')} simulations a week)`,
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [{ label: 'week' }, { label: 'probability', values: (_u, v) => v.map((x) => `${Math.round(x * 100)}%`) }],
        series: [
          { label: 'week' },
          { label: 'playoffs', stroke: '#0b5cad', width: 2 },
          { label: 'division', stroke: '#b35900', width: 1.5 },
          { label: 'title', stroke: '#2d7d2d', width: 1.5 },
        ],
      },
      data,
      chart,
    );
    chart.setAttribute('data-team', t.id);
    chart.setAttribute('data-playoffs', JSON.stringify(t.playoffs));
  };

  const renderTable = (r: SeasonReport): void => {
    table.replaceChildren(
      h(
        'table',
        { id: 'season-table' },
        h('caption', {}, `Season ${r.season} from ${r.week !== null ? `week ${r.week}` : r.asOf}: ${r.gamesLeft} games left`),
        h(
          'thead',
          {},
          h('tr', {}, ...['Team', 'Division', 'Exp. wins', 'Playoffs', 'Division title', 'Seed 1', 'Title'].map((c) => h('th', { scope: 'col' }, c))),
        ),
        h(
          'tbody',
          {},
          ...r.teams.map((t) =>
            h(
              'tr',
              { 'data-team': t.id },
              h('th', { scope: 'row' }, t.id),
              h('td', {}, t.division),
              h('td', {}, t.expectedWins.toFixed(1)),
              pcell('playoffs', t.playoffs),
              pcell('division', t.divisionTitle),
              pcell('seed1', t.seeds[0] ?? 0),
              pcell('title', t.rounds.champion),
            ),
          ),
        ),
      ),
    );
  };

  const renderGames = (r: SeasonReport): void => {
    const ranked = r.games
      .map((g, i) => ({ g, i, imp: gameImportance(g) }))
      .sort((a, b) => b.imp - a.imp || a.i - b.i)
      .slice(0, 25);
    games.replaceChildren(
      h(
        'table',
        { id: 'season-games-table' },
        h('caption', {}, `The ${ranked.length} most important of ${r.games.length} remaining games`),
        h('thead', {}, h('tr', {}, ...['Game', 'P(home)', 'Moves most', 'Importance'].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          ...ranked.map(({ g, imp }) => {
            const top = g.teams[0];
            return h(
              'tr',
              { 'data-game': `${g.away}@${g.home}`, 'data-importance': imp },
              h('th', { scope: 'row' }, `${g.away} @ ${g.home}`),
              h('td', {}, pct(g.pHome)),
              h('td', {}, top ? `${top.id} ±${(top.swing * 100).toFixed(1)} pts` : '—'),
              h('td', {}, imp.toFixed(3)),
            );
          }),
        ),
      ),
    );
  };

  const run = async (): Promise<void> => {
    status.textContent = 'Simulating…';
    table.setAttribute('data-state', 'busy');
    try {
      const s = Number(seed.value);
      const key = `${season.value}/${weeklySims.value}/${s}`;
      const [r, w] = await Promise.all([
        seasonApi.simulate({ season: Number(season.value), week: Number(week.value), sims: Number(sims.value), seed: s }),
        weekly && weeklyKey === key ? Promise.resolve(weekly) : seasonApi.weekly({ season: Number(season.value), sims: Number(weeklySims.value), seed: s }),
      ]);
      showError(null);
      renderTable(r);
      renderGames(r);
      const keep = teamSelect.value;
      weekly = w;
      weeklyKey = key;
      teamSelect.replaceChildren(...w.teams.map((t) => h('option', { value: t.id, selected: t.id === keep }, t.id)));
      drawChart();
      status.textContent = `${r.sims.toLocaleString('en-US')} simulations, seed ${r.seed}, as of ${r.asOf}.`;
      table.setAttribute('data-state', 'ready');
    } catch (e) {
      status.textContent = '';
      showError(e);
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  teamSelect.addEventListener('change', drawChart);
  await run();
}
