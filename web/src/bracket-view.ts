// The tournament view: pick a bundled field, simulate it through the API (exact or Monte Carlo), draw
// the bracket with every team's odds per round (the shared renderer, as `simcast tournament --svg`),
// the title odds, and the ratings to edit. Editing a rating or clicking a team to win its next game
// simulates again and redraws. A bracket pool's optimised entry (POST /v1/pools/optimize with the
// bundled job-pool.json) is drawn on the same bracket beside chalk, with each game's importance.
import { bracketSvg, oddsInLayoutOrder } from '../../engine/tournament/bracket-svg.js';
import type { BracketLayout } from '../../engine/tournament/bracket-layout.js';
import type { PoolMarks } from '../../engine/tournament/bracket-svg.js';
import { api, poolApi, type ExampleInfo, type Field, type PoolOptimized, type SimulateOptions, type TournamentReport } from './api.js';
import { poolMarks } from './pool-marks.js';
import { h, pct, showError } from './dom.js';
import { painted, timings } from './timings.js';

interface State {
  field: Field;
  layout: BracketLayout;
  report: TournamentReport | null;
  opts: SimulateOptions;
  /** The pool entry drawn on the bracket (its field's), until the field changes. */
  pool: { marks: PoolMarks; result: PoolOptimized } | null;
}

export async function bracketView(root: HTMLElement): Promise<void> {
  const examples = (await api.examples()).items.filter((e: ExampleInfo) => e.kind === 'field');
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const preferred = params.get('field') ?? 'ncaa-2016.json';
  const start = examples.find((e) => e.name === preferred) ?? examples[0];

  const pick = h(
    'select',
    { id: 'field-select', name: 'field' },
    ...examples.map((e) => h('option', { value: e.name, selected: e === start }, `${e.title ?? e.name} (${e.teams} teams)`)),
  );
  const mode = h('select', { id: 'mode', name: 'mode' }, h('option', { value: 'exact' }, 'Exact'), h('option', { value: 'montecarlo' }, 'Monte Carlo'));
  const model = h(
    'select',
    { id: 'model', name: 'model' },
    h('option', { value: '538' }, '538 (points)'),
    h('option', { value: 'elo' }, 'Elo'),
    h('option', { value: 'normal' }, 'Normal'),
  );
  const sims = h('input', { id: 'sims', type: 'number', min: 1, max: 1000000, step: 1000, value: 100000, disabled: true });
  const seed = h('input', { id: 'seed', type: 'text', value: '1', size: 8, disabled: true });
  const hot = h('input', { id: 'hot', type: 'number', min: 0, max: 100, step: 0.5, value: 0, disabled: true });
  const file = h('input', { id: 'field-file', type: 'file', accept: '.json,application/json' });
  const clear = h('button', { type: 'button', id: 'clear-results', class: 'secondary' }, 'Clear results');
  const form = h(
    'form',
    { class: 'controls', 'aria-label': 'Tournament options' },
    h('label', {}, 'Field', pick),
    h('label', {}, 'or a field file (JSON)', file),
    h('label', {}, 'Method', mode),
    h('label', {}, 'Model', model),
    h('label', {}, 'Simulations', sims),
    h('label', {}, 'Seed', seed),
    h('label', {}, 'Hot K', hot),
    clear,
  );
  const status = h('p', { class: 'status', id: 'status', role: 'status' });
  const box = h('div', { class: 'bracket-box', id: 'bracket', 'data-state': 'loading' });
  const titleTable = h('table', { id: 'title-odds' });
  const ratingsTable = h('table', { id: 'ratings', class: 'ratings' });
  const poolSims = h('input', { id: 'pool-sims', type: 'number', min: 1, max: 50000, step: 1, value: 2048 });
  const poolSeed = h('input', { id: 'pool-seed', type: 'number', min: 0, step: 1, value: 1 });
  const poolForm = h(
    'form',
    { class: 'controls', 'aria-label': 'Bracket pool' },
    h('label', {}, 'Pool simulations', poolSims),
    h('label', {}, 'Pool seed', poolSeed),
    h('button', { type: 'submit', id: 'pool-go' }, 'Optimise a pool entry (job-pool.json)'),
  );
  const poolBox = h('div', { id: 'pool', class: 'scroll' });
  root.replaceChildren(
    h('h2', {}, 'Tournament forecast'),
    form,
    h(
      'p',
      { class: 'help' },
      'Shaded cells: the chance to win through each round. Hover a team or a game for its odds; click a team (or press Enter on it) to make it win its next game.',
    ),
    status,
    poolForm,
    h(
      'div',
      { class: 'layout' },
      box,
      h('div', { class: 'side' }, poolBox, h('div', { class: 'scroll' }, titleTable), h('div', { class: 'scroll' }, ratingsTable)),
    ),
  );

  let state: State | null = null;
  let inflight: AbortController | null = null;

  const options = (): SimulateOptions => {
    const exact = mode.value === 'exact';
    const o: SimulateOptions = { exact, model: { name: model.value } };
    if (!exact) {
      o.sims = Math.max(1, Math.round(Number(sims.value) || 100000));
      o.seed = /^\d+$/.test(seed.value) ? Number(seed.value) : seed.value || 1;
      if (Number(hot.value) > 0) o.hot = Number(hot.value);
    }
    return o;
  };

  /** Simulates the current field and redraws; `since` is when the user's change happened. */
  const redraw = async (since: number, relayout: boolean, keepPool = false): Promise<void> => {
    if (!state) return;
    // An edit changes the field the entry was optimised for: its marks go.
    if (!keepPool && state.pool) {
      state.pool = null;
      poolBox.replaceChildren();
    }
    inflight?.abort();
    const controller = (inflight = new AbortController());
    const s = state;
    status.textContent = 'Simulating…';
    box.dataset.state = 'loading';
    try {
      const t0 = performance.now();
      if (relayout) s.layout = await api.layout(s.field);
      s.report = await api.simulate(s.field, options(), controller.signal);
      if (controller.signal.aborted) return;
      const t1 = performance.now();
      draw(s);
      timings.lastRequestMs = t1 - t0;
      timings.lastDrawMs = performance.now() - t1;
      await painted();
      timings.draws++;
      if (timings.firstBracketMs === null) timings.firstBracketMs = performance.now();
      timings.lastRedrawMs = performance.now() - since;
      box.dataset.state = 'ready';
      box.dataset.draws = String(timings.draws);
      const r = s.report;
      status.textContent =
        r.mode === 'exact'
          ? `Exact probabilities (${r.model}), ${r.elapsedMs.toFixed(1)} ms on the server`
          : `${r.sims?.toLocaleString('en-US')} simulations (${r.model}${r.hot ? `, hot K=${r.hot}` : ''}), seed ${r.seed}, ${r.elapsedMs.toFixed(0)} ms on the server`;
      showError(null);
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      box.dataset.state = 'error';
      status.textContent = '';
      showError(e);
    }
  };

  const draw = (s: State): void => {
    const r = s.report!;
    box.innerHTML = bracketSvg(s.layout, { odds: oddsInLayoutOrder(s.layout, r.teams), roundNames: r.roundNames, pool: s.pool?.marks });
    const last = r.rounds - 1;
    titleTable.replaceChildren(
      h('caption', {}, 'Title odds'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Team'),
          h('th', { scope: 'col' }, 'Seed'),
          h('th', { scope: 'col' }, 'Final'),
          h('th', { scope: 'col' }, 'Title'),
        ),
      ),
      h(
        'tbody',
        {},
        ...r.teams.map((t) =>
          h(
            'tr',
            { 'data-team': t.name },
            h('td', {}, t.name),
            h('td', {}, t.seed === null ? '' : String(t.seed)),
            h('td', {}, pct(t.probabilities[last - 1] ?? 1)),
            h('td', { class: 'title', 'data-p': String(t.probabilities[last]) }, pct(t.probabilities[last])),
          ),
        ),
      ),
    );
  };

  /** The ratings editor: built once per field (a redraw leaves it, and the focus in it, alone). */
  const drawRatings = (field: Field): void => {
    ratingsTable.replaceChildren(
      h('caption', {}, 'Ratings (edit to see the odds move)'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Team'), h('th', { scope: 'col' }, 'Rating'))),
      h(
        'tbody',
        {},
        ...field.teams.map((t, i) =>
          h(
            'tr',
            {},
            h('td', {}, h('label', { for: `rating-${i}` }, t.name)),
            h('td', {}, h('input', { id: `rating-${i}`, type: 'number', step: 'any', value: t.rating, 'data-team': t.name, class: 'rating' })),
          ),
        ),
      ),
    );
  };

  /** A bundled example by name, or a field the user opened. */
  const load = async (name: string, own?: Field, pool?: PoolOptimized): Promise<void> => {
    const since = performance.now();
    try {
      const field = own ?? (await api.example<Field>(name));
      // Each model reads ratings on one scale (the API answers MODEL_MISMATCH otherwise): Elo ratings
      // (400 and up, engine/tournament/win-probability.ts) take the Elo model, points the 538 one.
      const elo = field.teams.some((t) => Math.abs(t.rating) >= 400);
      if (elo !== (model.value === 'elo')) model.value = elo ? 'elo' : '538';
      const layout = await api.layout(field);
      state = { field, layout, report: null, opts: options(), pool: pool ? { marks: poolMarks(layout, pool), result: pool } : null };
      drawRatings(field);
      if (pool) drawPool(state.layout, pool);
      else poolBox.replaceChildren();
      await redraw(since, false, pool !== undefined);
    } catch (e) {
      box.dataset.state = 'error';
      showError(e);
    }
  };

  /** The entry against chalk, and the games that matter most for it. */
  const drawPool = (layout: BracketLayout, r: PoolOptimized): void => {
    const marks = poolMarks(layout, r);
    const name = (t: number) => layout.teams[t].name;
    const champion = marks.entry[marks.entry.length - 1];
    const chalkChampion = marks.chalk[marks.chalk.length - 1];
    const row = (label: string, key: string, entry: number, chalk: number, show: (v: number) => string) =>
      h(
        'tr',
        { 'data-key': key },
        h('th', { scope: 'row' }, label),
        h('td', { class: 'entry', 'data-v': entry }, show(entry)),
        h('td', { class: 'chalk', 'data-v': chalk }, show(chalk)),
      );
    const differs = marks.entry.filter((t, g) => t !== marks.chalk[g]).length;
    poolBox.replaceChildren(
      h(
        'table',
        { id: 'pool-summary' },
        h('caption', {}, `Pool entry (${r.sims.toLocaleString('en-US')} tournaments, seed ${r.seed}): ${differs} picks off chalk (◆, orange)`),
        h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'Entry'), h('th', { scope: 'col' }, 'Chalk'))),
        h(
          'tbody',
          {},
          h('tr', {}, h('th', { scope: 'row' }, 'Champion'), h('td', {}, name(champion)), h('td', {}, name(chalkChampion))),
          row('P(win the pool)', 'winProbability', r.winProbability, r.chalk.winProbability, pct),
          row('Expected prize', 'expectedPrize', r.expectedPrize, r.chalk.expectedPrize, (v) => v.toFixed(4)),
          row('Expected score', 'expectedScore', r.expectedScore, r.chalk.expectedScore, (v) => v.toFixed(1)),
        ),
      ),
      h(
        'table',
        { id: 'pool-importance' },
        h('caption', {}, 'The games that matter most for the entry (red bars on the bracket)'),
        h('thead', {}, h('tr', {}, ...['Game', 'Entry', 'Chalk', 'Importance'].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          ...r.importance
            .slice(0, 10)
            .map((g) =>
              h(
                'tr',
                { 'data-game': g.game },
                h('th', { scope: 'row', title: `${g.sideA} v ${g.sideB}` }, `${g.game + 1} (r${g.round})`),
                h('td', {}, name(marks.entry[g.game])),
                h('td', {}, name(marks.chalk[g.game])),
                h('td', { 'data-v': g.importance }, g.importance.toFixed(4)),
              ),
            ),
        ),
      ),
    );
  };

  poolForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      try {
        status.textContent = 'Optimising a pool entry…';
        const job = await api.example<{ pool: { field: Field } }>('job-pool.json');
        const r = await poolApi.optimize(job.pool, Number(poolSims.value), Number(poolSeed.value));
        await load('job-pool.json', structuredClone(job.pool.field), r);
      } catch (e) {
        status.textContent = '';
        showError(e);
      }
    })();
  });
  pick.addEventListener('change', () => void load(pick.value));
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    let field: Field;
    try {
      field = JSON.parse(await f.text()) as Field;
    } catch (e) {
      return showError(new Error(`${f.name}: not JSON (${(e as Error).message})`));
    }
    if (!field || !Array.isArray(field.teams)) return showError(new Error(`${f.name}: a field needs teams (docs/field-format.md)`));
    await load(f.name, field);
  });
  for (const el of [mode, model, sims, seed, hot]) {
    el.addEventListener('change', () => {
      const mc = mode.value === 'montecarlo';
      sims.disabled = seed.disabled = hot.disabled = !mc;
      void redraw(performance.now(), false);
    });
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  ratingsTable.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (!state || !input.classList.contains('rating')) return;
    const v = Number(input.value);
    const team = state.field.teams.find((t) => t.name === input.dataset.team);
    if (!team || !Number.isFinite(v)) return;
    team.rating = v;
    const lt = state.layout.teams.find((t) => t.name === team.name);
    if (lt) lt.rating = v;
    void redraw(performance.now(), false);
  });
  clear.addEventListener('click', () => {
    if (!state) return;
    state.field.results = [];
    void redraw(performance.now(), true);
  });

  // Clicking a team (or Enter on it) makes it win its next undecided game, when its opponent is known.
  const advance = (t: number): void => {
    if (!state) return;
    const { layout, field } = state;
    const T = layout.teams.length;
    const parent = new Map<number, number>();
    layout.games.forEach((g, i) => {
      parent.set(g.a, i);
      parent.set(g.b, i);
    });
    // Up the team's path past the games it has already won; `node` is its side of game g.
    let node = t;
    let g = parent.get(t);
    while (g !== undefined && layout.games[g].winner === t) {
      node = T + g;
      g = parent.get(node);
    }
    const name = layout.teams[t].name;
    if (g === undefined) return showError(new Error(`${name} has won the tournament`));
    const game = layout.games[g];
    if (game.winner !== null) return showError(new Error(`${name} is out: ${layout.teams[game.winner].name} won that game`));
    const other = game.a === node ? game.b : game.a;
    const opponent = other < T ? other : layout.games[other - T].winner;
    if (opponent === null) return showError(new Error(`${name}'s next opponent is not known yet: decide the other game first`));
    field.results = [...(field.results ?? []), { winner: name, loser: layout.teams[opponent].name }];
    void redraw(performance.now(), true);
  };
  box.addEventListener('click', (e) => {
    const row = (e.target as Element).closest('.team');
    if (row) advance(Number(row.getAttribute('data-team')));
  });
  box.addEventListener('keydown', (e) => {
    const row = (e.target as Element).closest('.team');
    if (row && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      advance(Number(row.getAttribute('data-team')));
    }
  });

  if (!start) {
    showError(new Error('no example field found (GET /v1/examples)'));
    return;
  }
  await load(start.name);
}
