// Stored runs: the tournaments kept by persisted runs and their runs; a run's report as a table of
// each team's odds per round (GET /v1/runs/ID/results). Needs a server with a database.
import { api } from './api.js';
import { h, pct, showError } from './dom.js';

export async function runsView(root: HTMLElement, runId: number | null): Promise<void> {
  if (runId !== null) return runView(root, runId);
  const list = h('div', { id: 'runs' });
  root.replaceChildren(h('h2', {}, 'Stored runs'), list);
  try {
    const tournaments = (await api.tournaments()).items;
    if (tournaments.length === 0) {
      list.append(h('p', {}, 'No stored runs yet: run `simcast tournament … --persist aggregates` or submit a job.'));
      return;
    }
    for (const t of tournaments) {
      const runs = (await api.tournamentRuns(t.id)).items;
      list.append(
        h(
          'table',
          {},
          h('caption', {}, `${t.name} (${t.teams} teams)`),
          h('thead', {}, h('tr', {}, ...['Run', 'Kind', 'Status', 'Simulations', 'Seed', 'Started'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            ...runs.map((r) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/runs/${r.id}` }, String(r.id))),
                h('td', {}, r.kind),
                h('td', {}, r.status),
                h('td', {}, r.sims.toLocaleString('en-US')),
                h('td', {}, r.seed),
                h('td', {}, r.startedAt),
              ),
            ),
          ),
        ),
      );
    }
  } catch (e) {
    showError(e);
  }
}

async function runView(root: HTMLElement, id: number): Promise<void> {
  const body = h('div', { id: 'run' });
  root.replaceChildren(h('h2', {}, `Run ${id}`), h('p', {}, h('a', { href: '#/runs' }, '← all runs')), body);
  try {
    const run = await api.run(id);
    const res = (await api.runResults(id)) as { items: { name: string; probabilities?: number[] }[]; meta: { roundNames?: string[] } };
    const rounds = res.meta.roundNames ?? [];
    body.append(
      h('pre', {}, JSON.stringify(run, null, 2)),
      h(
        'table',
        { id: 'run-results' },
        h('caption', {}, 'Chance to win through each round'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Team'), ...rounds.map((r) => h('th', { scope: 'col' }, r)))),
        h('tbody', {}, ...res.items.map((t) => h('tr', {}, h('td', {}, t.name), ...(t.probabilities ?? []).map((p) => h('td', {}, pct(p)))))),
      ),
    );
  } catch (e) {
    showError(e);
  }
}
