// The game view: two teams and a line, the models' probabilities, the ensemble, the margin
// distribution as a uPlot bar chart, and the bet (Kelly stake) when there is one: GET /v1/predictions/games.
import uPlot from 'uplot';
import { api, type Prediction } from './api.js';
import { h, pct, showError } from './dom.js';

export async function gameView(root: HTMLElement): Promise<void> {
  const league = 'nfl';
  const teams = (await api.teams(league)).teams.map((t) => t.team).sort();
  const select = (id: string, value: string) => h('select', { id, name: id }, ...teams.map((t) => h('option', { value: t, selected: t === value }, t)));
  const home = select('home', teams.includes('KAN') ? 'KAN' : teams[0]);
  const away = select('away', teams.includes('BUF') ? 'BUF' : teams[1]);
  const spread = h('input', { id: 'spread', type: 'number', step: 0.5, value: -2.5 });
  const total = h('input', { id: 'total', type: 'number', step: 0.5, value: 47.5 });
  const go = h('button', { type: 'submit' }, 'Predict');
  const form = h(
    'form',
    { class: 'controls', 'aria-label': 'Game' },
    h('label', {}, 'Home', home),
    h('label', {}, 'Away', away),
    h('label', {}, 'Home spread', spread),
    h('label', {}, 'Total', total),
    go,
  );
  const out = h('div', { id: 'prediction' });
  const chart = h('div', { class: 'chart', id: 'margin-chart', 'aria-label': 'Margin distribution' });
  root.replaceChildren(h('h2', {}, `Game prediction (${league.toUpperCase()})`), form, out, chart);
  let plot: uPlot | null = null;

  const predict = async (): Promise<void> => {
    try {
      const q: Record<string, string> = { league, home: home.value, away: away.value };
      if (spread.value !== '') q.spread = spread.value;
      if (total.value !== '') q.total = total.value;
      const p = await api.predict(q);
      showError(null);
      render(p);
    } catch (e) {
      showError(e);
    }
  };

  const render = (p: Prediction): void => {
    const models = Object.entries(p.models).filter((e): e is [string, number] => typeof e[1] === 'number');
    const rec = p.recommendation;
    out.replaceChildren(
      h(
        'table',
        { id: 'models' },
        h('caption', {}, `P(${p.home} beats ${p.away})`),
        h('tbody', {}, ...models.map(([name, v]) => h('tr', { 'data-model': name }, h('th', { scope: 'row' }, name), h('td', {}, pct(v))))),
      ),
      h(
        'p',
        { id: 'summary' },
        `Prediction (${p.basis}): ${p.home} ${pct(p.pHome)}; expected margin ${p.expectedMargin.toFixed(1)}, total ${p.expectedTotal.toFixed(1)}` +
          (p.pCover !== null ? `; covers ${pct(p.pCover)}` : '') +
          (p.pOver !== null ? `; over ${pct(p.pOver)}` : '') +
          `. ${rec ? `Bet: ${JSON.stringify(rec)}` : 'No bet clears the edge threshold.'}`,
      ),
    );
    const d = p.marginDistribution;
    const xs = d.counts.map((_, k) => d.min + k);
    const ys = d.counts.map((c) => c / d.sims);
    const data: uPlot.AlignedData = [xs, ys];
    if (plot) plot.setData(data);
    else {
      plot = new uPlot(
        {
          width: Math.min(900, root.clientWidth || 900),
          height: 260,
          title: `Margin (${p.home} − ${p.away}), simulated`,
          scales: { x: { time: false } },
          axes: [{ label: 'points' }, { label: 'probability', values: (_u, v) => v.map((x) => `${(x * 100).toFixed(1)}%`) }],
          series: [{ label: 'margin' }, { label: 'P(margin)', stroke: '#0b5cad', fill: 'rgba(11,92,173,0.35)', paths: uPlot.paths.bars!({ size: [0.9] }) }],
        },
        data,
        chart,
      );
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void predict();
  });
  await predict();
}
