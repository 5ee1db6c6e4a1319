// The slips view: a slip of legs (a bundled example, then edited: a leg's side and line, legs removed or
// added) priced by POST /v1/slips/price: the joint probability beside the independent product, EV,
// variance, VaR, and the legs' correlations as a heat map (a table of shaded cells).
import { api, slipApi, type PricedSlip, type Slip } from './api.js';
import { h, pct, showError } from './dom.js';

/** The fields a leg carries besides who, what and which side: copied from the first leg into a new one. */
const OWN = new Set(['player', 'playerId', 'stat', 'side', 'line']);

const legName = (l: Record<string, unknown>): string =>
  `${typeof l.player === 'string' ? l.player : 'game'} ${String(l.stat)} ${String(l.side)} ${String(l.line)}`;

/** WCAG relative luminance of sRGB channels 0..255. */
function luminance(rgb: number[]): number {
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = rgb.map((c) => lin(c / 255));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** A correlation's shade: blue for positive, red for negative, stronger with |rho|; black or white text, whichever contrasts more. */
export function shade(rho: number): { background: string; color: string } {
  const a = Math.min(1, Math.abs(rho));
  const base = rho >= 0 ? [11, 92, 173] : [179, 38, 30];
  const rgb = base.map((c) => Math.round(255 + (c - 255) * a));
  const l = luminance(rgb);
  const black = (l + 0.05) / 0.05;
  const white = 1.05 / (l + 0.05);
  return { background: `rgb(${rgb.join(', ')})`, color: white > black ? '#ffffff' : '#000000' };
}

export async function slipsView(root: HTMLElement): Promise<void> {
  const names = (await api.examples()).items.map((e) => e.name).filter((n) => n.startsWith('slip-'));
  const pick = h('select', { id: 'slip-select', name: 'slip-select' }, ...names.map((n) => h('option', { value: n, selected: n === 'slip-nfl.json' }, n)));
  const stake = h('input', { id: 'slip-stake', name: 'slip-stake', type: 'number', min: 0, step: 'any' });
  const payout = h('output', { id: 'slip-payout' });
  const legs = h('div', { id: 'slip-legs' });
  const add = {
    player: h('input', { id: 'leg-player', name: 'leg-player', type: 'text', placeholder: 'Travis Kelce' }),
    stat: h('input', { id: 'leg-stat', name: 'leg-stat', type: 'text', placeholder: 'receptions' }),
    side: h('select', { id: 'leg-side', name: 'leg-side' }, h('option', { value: 'over' }, 'over'), h('option', { value: 'under' }, 'under')),
    line: h('input', { id: 'leg-line', name: 'leg-line', type: 'number', step: 0.5 }),
  };
  const addForm = h(
    'form',
    { class: 'controls', 'aria-label': 'Add a leg' },
    h('label', {}, 'Player (empty: a game leg)', add.player),
    h('label', {}, 'Stat', add.stat),
    h('label', {}, 'Side', add.side),
    h('label', {}, 'Line', add.line),
    h('button', { type: 'submit', id: 'leg-add' }, 'Add leg'),
  );
  const priceButton = h('button', { type: 'submit', id: 'slip-price' }, 'Price');
  const form = h(
    'form',
    { class: 'controls', 'aria-label': 'Slip' },
    h('label', {}, 'Example slip', pick),
    h('label', {}, 'Stake', stake),
    h('label', {}, 'Payout', payout),
    priceButton,
  );
  const out = h('div', { id: 'slip-out' });
  root.replaceChildren(
    h('h2', {}, 'Slips'),
    h('p', { class: 'help' }, 'Player props price on the histories the server has stored (simcast ingest player-stats and schedules).'),
    form,
    legs,
    addForm,
    out,
  );
  let slip: Slip | null = null;

  const renderLegs = (): void => {
    if (!slip) return;
    const s = slip;
    legs.replaceChildren(
      h(
        'table',
        { id: 'slip-legs-table' },
        h('caption', {}, `${s.legs.length} legs (${s.league.toUpperCase()})`),
        h('thead', {}, h('tr', {}, ...['Leg', 'Side', 'Line', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          ...s.legs.map((l, k) => {
            const side = h(
              'select',
              { 'aria-label': `Side of leg ${k + 1}`, class: 'leg-side' },
              ...['over', 'under'].map((v) => h('option', { value: v, selected: l.side === v }, v)),
            );
            const line = h('input', { type: 'number', step: 0.5, value: Number(l.line), class: 'leg-line', 'aria-label': `Line of leg ${k + 1}` });
            const drop = h('button', { type: 'button', class: 'secondary leg-remove', 'aria-label': `Remove leg ${k + 1}` }, 'Remove');
            side.addEventListener('change', () => (l.side = side.value));
            line.addEventListener('change', () => (l.line = Number(line.value)));
            drop.addEventListener('click', () => {
              s.legs.splice(k, 1);
              renderLegs();
            });
            return h(
              'tr',
              { 'data-leg': k },
              h('th', { scope: 'row' }, `${typeof l.player === 'string' ? l.player : 'Game'}: ${String(l.stat)}`),
              h('td', {}, side),
              h('td', {}, line),
              h('td', {}, drop),
            );
          }),
        ),
      ),
    );
  };

  const render = (p: PricedSlip): void => {
    const s = p.slip;
    const row = (label: string, key: string, v: number, shown: string) =>
      h('tr', { 'data-key': key }, h('th', { scope: 'row' }, label), h('td', { 'data-v': v }, shown));
    const money = (v: number) => v.toFixed(2);
    const n = p.legs.length;
    const rho = (i: number, j: number): number => (i === j ? 1 : (p.pairs.find((q) => (q.i === i && q.j === j) || (q.i === j && q.j === i))?.rho ?? 0));
    const phi = (i: number, j: number): number | null =>
      i === j ? 1 : (s.pairs.find((q) => (q.i === i && q.j === j) || (q.i === j && q.j === i))?.phi ?? null);
    out.replaceChildren(
      h(
        'div',
        { class: 'layout' },
        h(
          'table',
          { id: 'slip-summary' },
          h('caption', {}, `Priced ${s.method === 'exact' ? 'exactly' : `by ${s.sims?.toLocaleString('en-US')} simulations`}${p.cached ? ' (cached)' : ''}`),
          h(
            'tbody',
            {},
            row('P(every leg hits)', 'pJoint', s.pJoint, pct(s.pJoint)),
            row('Independent legs', 'pIndependent', s.pIndependent, pct(s.pIndependent)),
            row('Fair price (American)', 'fairAmerican', s.fairAmerican, `${s.fairAmerican > 0 ? '+' : ''}${s.fairAmerican.toFixed(0)}`),
            row('EV', 'expectedProfit', s.expectedProfit, money(s.expectedProfit)),
            row('EV per unit staked', 'evPerUnit', s.evPerUnit, `${(s.evPerUnit * 100).toFixed(1)}%`),
            row('Variance', 'variance', s.variance, money(s.variance)),
            row('Standard deviation', 'sd', s.sd, money(s.sd)),
            row(`VaR ${s.level}`, 'valueAtRisk', s.valueAtRisk, money(s.valueAtRisk)),
            row(`CVaR ${s.level}`, 'conditionalValueAtRisk', s.conditionalValueAtRisk, money(s.conditionalValueAtRisk)),
            row('Kelly fraction', 'kellyFraction', s.kellyFraction, s.kellyFraction.toFixed(4)),
          ),
        ),
        h(
          'table',
          { id: 'slip-legs-priced' },
          h('caption', {}, 'Each leg'),
          h('thead', {}, h('tr', {}, ...['Leg', 'Model mean', 'P(hit)', 'Fair'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            ...p.legs.map((l, k) =>
              h(
                'tr',
                { 'data-leg': k },
                h('th', { scope: 'row' }, legName(l)),
                h('td', {}, l.mean.toFixed(1)),
                h('td', { 'data-v': l.pHit }, pct(l.pHit)),
                h('td', {}, l.fairAmerican === null ? '—' : `${l.fairAmerican > 0 ? '+' : ''}${l.fairAmerican.toFixed(0)}`),
              ),
            ),
          ),
        ),
      ),
      h(
        'table',
        { id: 'slip-corr', class: 'heatmap' },
        h('caption', {}, "Legs' correlation (latent; hover for the hits' phi and the source)"),
        h('thead', {}, h('tr', {}, h('td', {}), ...p.legs.map((_, j) => h('th', { scope: 'col' }, `${j + 1}`)))),
        h(
          'tbody',
          {},
          ...p.legs.map((l, i) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, `${i + 1}. ${legName(l)}`),
              ...Array.from({ length: n }, (_, j) => {
                const r = rho(i, j);
                const c = shade(r);
                const src = p.pairs.find((q) => (q.i === i && q.j === j) || (q.i === j && q.j === i));
                const f = phi(i, j);
                return h(
                  'td',
                  {
                    'data-i': i,
                    'data-j': j,
                    'data-rho': r,
                    style: `background:${c.background};color:${c.color}`,
                    title: `rho ${r.toFixed(3)}${f === null ? '' : `, phi ${f.toFixed(3)}`}${src ? ` (${src.source}, n ${src.n})` : ''}`,
                  },
                  r.toFixed(2),
                );
              }),
            ),
          ),
        ),
      ),
    );
  };

  const price = async (): Promise<void> => {
    if (!slip) return;
    out.setAttribute('data-state', 'busy');
    try {
      slip.stake = Number(stake.value);
      const p = await slipApi.price(slip);
      showError(null);
      render(p);
      out.setAttribute('data-state', 'ready');
    } catch (e) {
      out.removeAttribute('data-state');
      showError(e);
    }
  };

  const load = async (name: string): Promise<void> => {
    slip = await api.example<Slip>(name);
    stake.value = String(slip.stake);
    payout.textContent = JSON.stringify(slip.payout);
    renderLegs();
    await price();
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void price();
  });
  pick.addEventListener('change', () => void load(pick.value).catch(showError));
  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!slip || slip.legs.length === 0) return;
    const leg: Record<string, unknown> = Object.fromEntries(Object.entries(slip.legs[0]).filter(([k]) => !OWN.has(k)));
    if (add.player.value.trim() !== '') leg.player = add.player.value.trim();
    Object.assign(leg, { stat: add.stat.value.trim(), side: add.side.value, line: Number(add.line.value) });
    slip.legs.push(leg);
    renderLegs();
    void price();
  });
  if (names.length > 0) await load(pick.value);
}
