// Jobs and stored runs (GET /v1/jobs?status=&limit=): their progress, refreshed every two seconds while
// one is queued or running; a run's chance to win through each round (GET /v1/runs/ID/results). Needs a
// server with a database.
import { api, type JobProgress } from './api.js';
import { h, pct, showError } from './dom.js';

let timer: ReturnType<typeof setTimeout> | null = null;

export async function runsView(root: HTMLElement, runId: number | null): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  if (runId !== null) return runView(root, runId);
  const status = h(
    'select',
    { id: 'job-status', name: 'status' },
    ...['', 'queued', 'running', 'complete', 'failed', 'cancelled'].map((s) => h('option', { value: s }, s || 'any')),
  );
  const table = h('table', { id: 'jobs' });
  root.replaceChildren(h('h2', {}, 'Jobs and runs'), h('form', { class: 'controls', 'aria-label': 'Filter' }, h('label', {}, 'Status', status)), table);

  const refresh = async (): Promise<void> => {
    try {
      const jobs = (await api.jobs(status.value)).items;
      showError(null);
      render(jobs);
      if (jobs.some((j) => j.status === 'queued' || j.status === 'running') && root.contains(table)) timer = setTimeout(() => void refresh(), 2000);
    } catch (e) {
      showError(e);
    }
  };
  const render = (jobs: JobProgress[]): void => {
    table.replaceChildren(
      h('caption', {}, jobs.length ? `${jobs.length} newest` : 'No jobs or runs yet: `simcast run examples/job-tournament.json`, or POST /v1/jobs'),
      h(
        'thead',
        {},
        h('tr', {}, ...['Id', 'Kind', 'Status', 'Progress', 'Simulations', 'Sims/s', 'ETA', 'Seed', 'Started'].map((c) => h('th', { scope: 'col' }, c))),
      ),
      h(
        'tbody',
        {},
        ...jobs.map((j) =>
          h(
            'tr',
            { 'data-job': j.id },
            h('td', {}, h('a', { href: `#/runs/${j.id}` }, String(j.id))),
            h('td', {}, j.kind),
            h('td', { title: j.error ?? '' }, j.status),
            h(
              'td',
              {},
              h('progress', { max: j.shardsPlanned || 1, value: j.shardsDone, 'aria-label': `job ${j.id}: ${j.shardsDone} of ${j.shardsPlanned} shards` }),
            ),
            h('td', {}, `${j.simsDone.toLocaleString('en-US')} / ${j.sims.toLocaleString('en-US')}`),
            h('td', {}, j.simsPerSecond ? Math.round(j.simsPerSecond).toLocaleString('en-US') : ''),
            h('td', {}, j.etaSeconds ? `${j.etaSeconds.toFixed(0)} s` : ''),
            h('td', {}, j.seed),
            h('td', {}, j.startedAt.slice(0, 19).replace('T', ' ')),
          ),
        ),
      ),
    );
  };
  status.addEventListener('change', () => {
    if (timer) clearTimeout(timer);
    void refresh();
  });
  await refresh();
}

async function runView(root: HTMLElement, id: number): Promise<void> {
  const body = h('div', { id: 'run' });
  root.replaceChildren(h('h2', {}, `Run ${id}`), h('p', {}, h('a', { href: '#/runs' }, '← all jobs and runs')), body);
  try {
    const run = await api.run(id);
    body.append(
      h(
        'table',
        { id: 'run-facts' },
        h(
          'tbody',
          {},
          ...Object.entries(run).map(([k, v]) =>
            h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, typeof v === 'object' ? JSON.stringify(v) : String(v ?? ''))),
          ),
        ),
      ),
    );
    const res = (await api.runResults(id)) as { kind: string; items: Record<string, unknown>[]; meta: { roundNames?: string[] } };
    const rounds = res.meta.roundNames;
    if (rounds) {
      body.append(
        h(
          'table',
          { id: 'run-results' },
          h('caption', {}, 'Chance to win through each round'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Team'), ...rounds.map((r) => h('th', { scope: 'col' }, r)))),
          h(
            'tbody',
            {},
            ...res.items.map((t) =>
              h('tr', {}, h('td', {}, String(t.name)), ...((t.probabilities as number[] | undefined) ?? []).map((p) => h('td', {}, pct(p)))),
            ),
          ),
        ),
      );
    } else {
      const cols = Object.keys(res.items[0] ?? {}).filter((k) => typeof res.items[0][k] !== 'object');
      body.append(
        h(
          'table',
          { id: 'run-results' },
          h('caption', {}, `Results (${res.kind})`),
          h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            ...res.items.map((t) =>
              h('tr', {}, ...cols.map((c) => h('td', {}, typeof t[c] === 'number' ? String(Math.round((t[c] as number) * 1000) / 1000) : String(t[c] ?? '')))),
            ),
          ),
        ),
      );
    }
  } catch (e) {
    showError(e);
  }
}
