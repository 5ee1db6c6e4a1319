// The Calcutta view: a bundled Calcutta optimised (POST /v1/calcutta/optimize starts a job; its progress is
// followed at /v1/jobs/ID), then read back: each team's value (its share of the expected points) against
// its price (its share of the market's bids) as uPlot bars, our recommended bids with their expected
// payout, and our entry's payout histogram (GET /v1/calcutta/runs/ID/...). Needs a server with a database.
import uPlot from 'uplot';
import { api, calcuttaApi, type CalcuttaReport, type CalcuttaTeam, type PayoutHistogram } from './api.js';
import { h, pct, showError } from './dom.js';

const BINS = 20;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function calcuttaView(root: HTMLElement): Promise<void> {
  const names = (await api.examples()).items.filter((e) => e.kind === 'calcutta').map((e) => e.name);
  const pick = h(
    'select',
    { id: 'calcutta-select', name: 'calcutta-select' },
    ...names.map((n) => h('option', { value: n, selected: n === 'calcutta-tiny.json' }, n)),
  );
  const sims = h('input', { id: 'calcutta-sims', name: 'calcutta-sims', type: 'number', min: 1, step: 1, value: 20000 });
  const seed = h('input', { id: 'calcutta-seed', name: 'calcutta-seed', type: 'number', min: 0, step: 1, value: 1 });
  const form = h(
    'form',
    { class: 'controls', 'aria-label': 'Calcutta' },
    h('label', {}, 'Calcutta', pick),
    h('label', {}, 'Simulations', sims),
    h('label', {}, 'Seed', seed),
    h('button', { type: 'submit', id: 'calcutta-go' }, 'Optimise'),
  );
  const progress = h('progress', { id: 'calcutta-progress', max: 1, value: 0, 'aria-label': 'Optimisation progress' });
  const status = h('p', { class: 'status', id: 'calcutta-status' });
  const out = h('div', { id: 'calcutta-out' });
  const valueChart = h('div', { class: 'chart', id: 'calcutta-values', 'aria-label': 'Team values against prices' });
  const histChart = h('div', { class: 'chart', id: 'calcutta-histogram', 'aria-label': "Our entry's payout histogram" });
  root.replaceChildren(
    h('h2', {}, 'Calcutta'),
    h('p', { class: 'help' }, 'The optimiser runs as a job on the server, which needs a database (the default embedded one, or DATABASE_URL).'),
    form,
    h('p', {}, progress, ' ', status),
    out,
    valueChart,
    histChart,
  );
  const plots: uPlot[] = [];

  const render = (run: number, teams: CalcuttaTeam[], r: CalcuttaReport, hist: PayoutHistogram): void => {
    const money = (v: number) => v.toFixed(2);
    out.replaceChildren(
      h(
        'div',
        { class: 'layout' },
        h(
          'table',
          { id: 'calcutta-bids' },
          h('caption', {}, `Recommended bids (run ${run}, ${r.strategy}): ${money(r.spend)} of ${money(r.budget)}`),
          h('thead', {}, h('tr', {}, ...['Team', 'Bid', 'Ownership', 'Expected payout', 'ROI'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            ...r.items.map((b) =>
              h(
                'tr',
                { 'data-team': b.name },
                h('th', { scope: 'row' }, b.name),
                h('td', { class: 'bid', 'data-v': b.bid }, money(b.bid)),
                h('td', { class: 'ownership', 'data-v': b.ownership }, pct(b.ownership)),
                h('td', { class: 'expectedPayout', 'data-v': b.expectedPayout }, money(b.expectedPayout)),
                h('td', { class: 'roi', 'data-v': b.roi }, `${(b.roi * 100).toFixed(1)}%`),
              ),
            ),
          ),
        ),
        h(
          'table',
          { id: 'calcutta-summary' },
          h('caption', {}, 'Our entry'),
          h(
            'tbody',
            {},
            ...(
              [
                ['Pot', 'pot', r.pot, money(r.pot)],
                ['Expected payout', 'expectedPayout', r.expectedPayout, money(r.expectedPayout)],
                ['Expected net', 'expectedNet', r.expectedNet, money(r.expectedNet)],
                ['P(first)', 'pFirst', r.pFirst, pct(r.pFirst)],
                ['P(in the money)', 'pInMoney', r.pInMoney, pct(r.pInMoney)],
              ] as const
            ).map(([label, key, v, shown]) => h('tr', { 'data-key': key }, h('th', { scope: 'row' }, label), h('td', { 'data-v': v }, shown))),
          ),
        ),
      ),
    );
    for (const p of plots.splice(0)) p.destroy();
    const width = Math.min(900, root.clientWidth || 900);
    // Value: the team's share of all teams' expected points; price: its share of the market's bids.
    const total = teams.reduce((s, t) => s + t.expectedPoints, 0) || 1;
    const xs = teams.map((_, k) => k);
    const value = teams.map((t) => t.expectedPoints / total);
    const price = teams.map((t) => t.marketShare);
    valueChart.setAttribute('data-teams', JSON.stringify(teams.map((t) => t.name)));
    valueChart.setAttribute('data-value', JSON.stringify(value));
    valueChart.setAttribute('data-price', JSON.stringify(price));
    const share = (_u: uPlot, v: number[]) => v.map((x) => `${(x * 100).toFixed(0)}%`);
    plots.push(
      new uPlot(
        {
          width,
          height: 260,
          title: "Team value (share of expected points) against price (share of the market's bids)",
          scales: { x: { time: false, range: [-0.5, teams.length - 0.5] }, y: { range: (_u, _min, max) => [0, max * 1.1] } },
          axes: [
            {
              values: (_u, v) => v.map((i) => (Number.isInteger(i) ? (teams[i]?.name ?? '') : '')),
              rotate: teams.length > 8 ? -60 : 0,
              size: teams.length > 8 ? 90 : 40,
            },
            { label: 'share', values: share },
          ],
          series: [
            { label: 'team', value: (_u, i) => (i === null ? '--' : (teams[i]?.name ?? '')) },
            { label: 'value', stroke: '#0b5cad', fill: 'rgba(11,92,173,0.6)', paths: uPlot.paths.bars!({ size: [0.4], align: -1 }) },
            { label: 'price', stroke: '#b35900', fill: 'rgba(179,89,0,0.5)', paths: uPlot.paths.bars!({ size: [0.4], align: 1 }) },
          ],
        },
        [xs, value, price],
        valueChart,
      ),
    );
    const probs = hist.bins.map((b) => b.probability);
    histChart.setAttribute('data-bins', JSON.stringify(probs));
    plots.push(
      new uPlot(
        {
          width,
          height: 240,
          title: `Our payout (share of the pot) over ${hist.sims.toLocaleString('en-US')} simulated tournaments`,
          scales: { x: { time: false } },
          axes: [
            { label: 'share of the pot', values: share },
            { label: 'probability', values: share },
          ],
          series: [{ label: 'payout' }, { label: 'P', stroke: '#2d7d2d', fill: 'rgba(45,125,45,0.5)', paths: uPlot.paths.bars!({ size: [0.9] }) }],
        },
        [hist.bins.map((b) => (b.lo + b.hi) / 2), probs],
        histChart,
      ),
    );
  };

  const run = async (): Promise<void> => {
    out.removeAttribute('data-state');
    try {
      const calcutta = await api.example(pick.value);
      let job = await calcuttaApi.optimize(calcutta, Number(sims.value), Number(seed.value));
      out.setAttribute('data-run', String(job.id));
      while (job.status === 'queued' || job.status === 'running') {
        progress.max = job.sims || 1;
        progress.value = job.simsDone;
        status.textContent = `Job ${job.id} ${job.status}: ${job.simsDone.toLocaleString('en-US')} of ${job.sims.toLocaleString('en-US')} simulations`;
        await wait(300);
        if (!root.contains(out)) return; // the view was left: stop following (the job runs on)
        job = await calcuttaApi.job(job.id);
      }
      if (job.status !== 'complete') throw new Error(`job ${job.id} ${job.status}${job.error ? `: ${job.error}` : ''}`);
      progress.value = progress.max;
      const [teams, report, hist] = await Promise.all([calcuttaApi.teams(job.id), calcuttaApi.report(job.id), calcuttaApi.histogram(job.id, BINS)]);
      showError(null);
      status.textContent = `Job ${job.id} complete: ${job.sims.toLocaleString('en-US')} simulations, seed ${job.seed}.`;
      render(job.id, teams.items, report, hist);
      out.setAttribute('data-state', 'ready');
    } catch (e) {
      status.textContent = '';
      showError(e);
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  await run();
}
